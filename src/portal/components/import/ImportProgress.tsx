// A running import: the phase in words and the rows checked as a progress bar. The number of rows is
// known only once every row is checked, so the bar is indeterminate until then.
import type { Import } from '../../api.ts';
import { formatNumber } from '../../format.ts';

function describe(item: Import): string {
  if (item.status === 'queued') return 'Waiting to start…';
  if (item.phase !== 'writing') return `Checking the rows: ${formatNumber(item.rowsDone)} checked so far.`;
  const rows = formatNumber(item.rowsTotal ?? item.rowsDone);
  return item.dryRun
    ? `All ${rows} rows are checked. Now trying the write, without storing anything…`
    : `All ${rows} rows are checked. Now writing the contacts in one go: all of them are stored, or none.`;
}

export function ImportProgress({ item }: { item: Import }) {
  const total = item.rowsTotal;
  const percent = total === null ? null : total === 0 ? 100 : Math.round((item.rowsDone / total) * 100);
  return (
    <div className="stack">
      <p role="status">{describe(item)}</p>
      <div
        className="progress"
        role="progressbar"
        aria-label="Rows checked"
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total === null ? undefined : item.rowsDone}
        aria-valuetext={
          total === null ? `${formatNumber(item.rowsDone)} rows checked` : `${formatNumber(item.rowsDone)} of ${formatNumber(total)} rows checked`
        }
        data-indeterminate={percent === null}
      >
        <div className="progress-bar" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}
