// Follow-up KPIs of the cases the reader may see: the share of detractors called back within the
// SLA against the 90% target, the median time to first contact, open and overdue cases and the
// recovery rate — in total, by unit and by owner. The period lives in the address bar.
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import type { CaseKpisView, CaseKpiView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { SelectField } from '../../components/Field.tsx';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { hoursInWords, shareInWords } from '../../format-cases.ts';
import { caseKeys } from './queries.ts';

const TARGET = 0.9;
const PERIODS = [7, 30, 90, 365] as const;
const DEFAULT_DAYS = 90;
const DAY = 86_400_000;

/** The start of tomorrow in UTC, so the period includes all of today; stable within the day for caching. */
const endOfToday = () => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY;
};

export function CaseKpis() {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('days'));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : DEFAULT_DAYS;
  const to = endOfToday();
  const query = { from: new Date(to - days * DAY).toISOString(), to: new Date(to).toISOString() };
  const kpis = useQuery({ queryKey: [...caseKeys.kpis, query], queryFn: () => api.get<CaseKpisView>('/case-kpis', query) });
  return (
    <>
      <PageHeader title="Case KPIs" intro="How fast and how well answers are followed up, for cases opened in the period." />
      <form className="filter-bar card" aria-label="Period" onSubmit={(event) => event.preventDefault()}>
        <div className="filter-grid">
          <SelectField
            label="Cases opened in"
            name="days"
            value={String(days)}
            onChange={(event) => setParams(event.target.value === String(DEFAULT_DAYS) ? {} : { days: event.target.value }, { replace: true })}
          >
            {PERIODS.map((period) => (
              <option key={period} value={period}>
                The last {period} days
              </option>
            ))}
          </SelectField>
        </div>
      </form>
      {kpis.isPending && <Loading what="the KPIs" />}
      {kpis.isError && <ErrorNotice error={kpis.error} />}
      {kpis.data && (
        <>
          <Totals total={kpis.data.total} />
          <KpiTable title="By unit" rows={kpis.data.byUnit} nameless="No unit" />
          <KpiTable title="By owner" rows={kpis.data.byOwner} nameless="No owner" />
        </>
      )}
    </>
  );
}

function targetNote(kpi: CaseKpiView): string {
  if (kpi.withinSlaShare === null) return 'No detractor case is decided yet';
  const note = `${kpi.detractorContactedWithinSla} of ${kpi.detractorCasesDecided} detractors`;
  return `${note}; ${kpi.withinSlaShare >= TARGET ? 'meets' : 'below'} the 90% target`;
}

function Totals({ total }: { total: CaseKpiView }) {
  return (
    <section className="card" aria-labelledby="kpi-total">
      <h2 id="kpi-total">All cases you see ({total.cases})</h2>
      <dl className="stats">
        <div className="stat">
          <dt>Detractors contacted within the SLA</dt>
          <dd>
            {shareInWords(total.withinSlaShare)}
            <small className="stat-note">{targetNote(total)}</small>
          </dd>
        </div>
        <div className="stat">
          <dt>Median time to first contact</dt>
          <dd>{hoursInWords(total.medianHoursToFirstContact)}</dd>
        </div>
        <div className="stat">
          <dt>Open</dt>
          <dd>{total.open}</dd>
        </div>
        <div className="stat">
          <dt>Overdue</dt>
          <dd>{total.overdue}</dd>
        </div>
        <div className="stat">
          <dt>Recovery rate</dt>
          <dd>
            {shareInWords(total.recoveryRate)}
            <small className="stat-note">
              {total.recovered} recovered, {total.notRecovered} not
            </small>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function KpiTable({ title, rows, nameless }: { title: string; rows: CaseKpiView[]; nameless: string }) {
  const id = `kpi-${title.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <section className="card card-flush" aria-labelledby={id}>
      <h2 id={id} className="card-title">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="empty">No cases in the period.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Within SLA (target 90%)</th>
              <th scope="col" className="numeric">
                Median to first contact
              </th>
              <th scope="col" className="numeric">
                Cases
              </th>
              <th scope="col" className="numeric">
                Open
              </th>
              <th scope="col" className="numeric">
                Overdue
              </th>
              <th scope="col" className="numeric">
                Recovery rate
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id ?? 'none'}>
                <th scope="row" data-label="Name">
                  {row.name ?? nameless}
                </th>
                <td data-label="Within SLA (target 90%)">
                  <SlaBar share={row.withinSlaShare} />
                </td>
                <td data-label="Median to first contact" className="numeric">
                  {hoursInWords(row.medianHoursToFirstContact)}
                </td>
                <td data-label="Cases" className="numeric">
                  {row.cases}
                </td>
                <td data-label="Open" className="numeric">
                  {row.open}
                </td>
                <td data-label="Overdue" className="numeric">
                  {row.overdue}
                </td>
                <td data-label="Recovery rate" className="numeric">
                  {shareInWords(row.recoveryRate)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The share as a number and a small bar with the target marked; the number carries the meaning. */
function SlaBar({ share }: { share: number | null }) {
  return (
    <span className="sla-cell">
      <span className="sla-value">{shareInWords(share)}</span>
      {share !== null && (
        <span className="sla-bar" aria-hidden="true">
          <span className={share >= TARGET ? 'sla-fill sla-met' : 'sla-fill'} style={{ width: `${Math.round(share * 100)}%` }} />
          <span className="sla-target" />
        </span>
      )}
    </span>
  );
}
