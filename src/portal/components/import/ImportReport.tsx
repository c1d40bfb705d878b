// What an import did, or in a dry run would do: the counts, the first problems, the full report.
import type { ImportDetail } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { reportUrl } from './labels.ts';

export function ImportCounts({ item }: { item: ImportDetail }) {
  if (!item.counts) return null;
  const stats: [string, number][] = [
    [item.dryRun ? 'Would be created' : 'Created', item.counts.created],
    [item.dryRun ? 'Would be updated' : 'Updated', item.counts.updated],
    [item.dryRun ? 'Would stay unchanged' : 'Unchanged', item.counts.unchanged],
    ['Rows with problems', item.counts.invalid],
    ['Duplicates in the file', item.counts.duplicates],
  ];
  return (
    <dl className="stats">
      {stats.map(([label, value]) => (
        <div key={label} className="stat">
          <dt>{label}</dt>
          <dd>{formatNumber(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The first lines of the report in a table (cards on a phone), and the link to all of them. */
export function ImportProblems({ item }: { item: ImportDetail }) {
  if (item.problemCount === 0) return <p>No problems: every row can be imported as it is.</p>;
  const listed = item.problems.filter((problem) => problem.row !== null);
  return (
    <>
      <div className="table-scroll">
        <table className="table problems-table">
          <caption className="table-caption">
            {listed.length < item.problemCount
              ? `The first ${formatNumber(listed.length)} of ${formatNumber(item.problemCount)} problems`
              : `${formatNumber(item.problemCount)} ${item.problemCount === 1 ? 'problem' : 'problems'}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Problem</th>
              <th scope="col">Allowed</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((problem) => (
              <tr key={`${problem.row} ${problem.column} ${problem.field} ${problem.problem}`}>
                <th scope="row" className="numeric">
                  {problem.row}
                </th>
                <td data-label="Column">{problem.column}</td>
                <td data-label="Value">{problem.value === '' ? <span className="muted">Empty</span> : <code className="cell-value">{problem.value}</code>}</td>
                <td data-label="Problem">{problem.problem}</td>
                <td data-label="Allowed">{problem.allowed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={reportUrl(item.id)} download>
          Download the full report (CSV, {formatNumber(item.problemCount)} {item.problemCount === 1 ? 'line' : 'lines'})
        </a>
      </p>
    </>
  );
}
