// NPS per group of one dimension: unit, owner, segment, touchpoint, survey, channel, language,
// account, month or a contact attribute, with the margin, the difference to the total and whether
// the group differs significantly from the rest. Units drill down (a unit's children, with a
// breadcrumb back); the dimension and the unit opened are in the URL.
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import type { AnalyticsBreakdownView, BreakdownRowView } from '../../../domain/views.ts';
import { api, type Unit } from '../../api.ts';
import { SelectField } from '../../components/Field.tsx';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { formatNumber } from '../../format.ts';
import { formatChange, formatMargin, formatNps } from '../../format-insight.ts';
import { useAttributeDefinitions, useUnits } from '../../queries.ts';
import { usePermissions } from '../../session.tsx';
import type { Confidence } from './filters.ts';
import { useFilterOfView } from './InsightLayout.tsx';

const DIMENSIONS = {
  unit: 'Unit',
  owner: 'Contact owner',
  segment: 'Segment',
  touchpoint: 'Touchpoint',
  survey: 'Survey',
  channel: 'Channel',
  language: 'Language',
  account: 'Account',
  month: 'Month',
} as const;

export function BreakdownView() {
  const filter = useFilterOfView();
  const location = useLocation();
  const attributes = useAttributeDefinitions();
  const dimension = filter.params.get('dimension') || 'unit';
  const parentUnitId = dimension === 'unit' ? (filter.params.get('parentUnitId') ?? undefined) : undefined;
  const query = { ...filter.query, dimension, parentUnitId };
  const breakdown = useQuery({
    queryKey: ['analytics', 'breakdown', query],
    queryFn: () => api.get<AnalyticsBreakdownView>('/analytics/breakdown', query),
  });
  /** The address of this view with other parameters. */
  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return { pathname: location.pathname, search: next.toString() };
  };

  return (
    <div className="stack">
      <div className="view-options">
        <SelectField
          label="Break down by"
          name="dimension"
          value={dimension}
          onChange={(event) => filter.set({ dimension: event.target.value === 'unit' ? null : event.target.value, parentUnitId: null })}
        >
          {Object.entries(DIMENSIONS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          {attributes.data?.map((definition) => (
            <option key={definition.key} value={`attr.${definition.key}`}>
              {definition.label} (contact attribute)
            </option>
          ))}
        </SelectField>
      </div>
      {breakdown.isPending && <Loading what="the breakdown" />}
      {breakdown.isError && <ErrorNotice error={breakdown.error} />}
      {breakdown.isSuccess && (
        <section className="card card-flush" aria-labelledby="breakdown-heading">
          <div className="card-title">
            {breakdown.data.parent && parentUnitId && <UnitTrail parent={breakdown.data.parent} hrefWith={hrefWith} />}
            <h2 id="breakdown-heading">
              NPS by {dimensionLabel(dimension, attributes.data)}
              {breakdown.data.parent && dimension === 'unit' && ` in ${breakdown.data.parent.name}`}
            </h2>
            <Total breakdown={breakdown.data} confidence={filter.confidence} />
          </div>
          <BreakdownTable breakdown={breakdown.data} confidence={filter.confidence} drillHref={(unitId) => hrefWith({ parentUnitId: unitId })} />
          {breakdown.data.warnings.length > 0 && (
            <ul className="notice notice-warning plain-list">
              {breakdown.data.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

const dimensionLabel = (dimension: string, attributes: { key: string; label: string }[] | undefined) => {
  if (dimension in DIMENSIONS) return DIMENSIONS[dimension as keyof typeof DIMENSIONS].toLowerCase();
  const key = dimension.replace(/^attr\./, '');
  return attributes?.find((definition) => definition.key === key)?.label ?? key;
};

/** The way back up from the unit opened: its ancestors as far as the unit list (the actor's part of
 * the tree) reaches; the first link is the top the breakdown starts from. */
function UnitTrail({
  parent,
  hrefWith,
}: {
  parent: { id: string; name: string };
  hrefWith: (changes: Record<string, string | null>) => { pathname: string; search: string };
}) {
  const { seesUnits } = usePermissions();
  const units = useUnits();
  const ancestors = seesUnits && units.data ? ancestorsOf(units.data, parent.id) : [];
  return (
    <nav aria-label="Units above" className="unit-trail">
      <ol>
        <li>
          <Link to={hrefWith({ parentUnitId: null })}>The top</Link>
        </li>
        {ancestors.slice(0, -1).map((unit) => (
          <li key={unit.id}>
            <Link to={hrefWith({ parentUnitId: unit.id })}>{unit.name}</Link>
          </li>
        ))}
        <li aria-current="page">{parent.name}</li>
      </ol>
    </nav>
  );
}

/** The unit's ancestors below the top of the list, top first, ending with the unit itself. */
function ancestorsOf(units: Unit[], unitId: string): Unit[] {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const chain: Unit[] = [];
  for (let unit = byId.get(unitId); unit?.parentId; unit = byId.get(unit.parentId)) chain.unshift(unit);
  return chain;
}

function Total({ breakdown, confidence }: { breakdown: AnalyticsBreakdownView; confidence: Confidence }) {
  const total = breakdown.total;
  if (breakdown.totalSuppressed) return <p className="muted">The total is not shown: too few answers of an anonymous survey.</p>;
  if (!total) return <p className="muted">No NPS answers match these filters.</p>;
  return (
    <p className="muted">
      Total {formatNps(total.score)} {formatMargin(total.marginOfError[confidence])} at {confidence}% confidence, {formatNumber(total.n)} answers in{' '}
      {formatNumber(breakdown.groups)} {breakdown.groups === 1 ? 'group' : 'groups'}.
    </p>
  );
}

function BreakdownTable({
  breakdown,
  confidence,
  drillHref,
}: {
  breakdown: AnalyticsBreakdownView;
  confidence: Confidence;
  drillHref: (unitId: string) => { pathname: string; search: string };
}) {
  if (breakdown.rows.length === 0) return <p className="empty">No groups to show.</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">NPS</th>
          <th scope="col">Answers</th>
          <th scope="col">Margin ({confidence}%)</th>
          <th scope="col">Against the total</th>
          <th scope="col">Against the rest</th>
        </tr>
      </thead>
      <tbody>
        {breakdown.rows.map((row) => (
          <tr key={`${row.kind}-${row.key ?? 'none'}`}>
            <th scope="row">
              <GroupName row={row} dimension={breakdown.dimension} drillHref={drillHref} />
            </th>
            <RowNumbers row={row} confidence={confidence} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GroupName({
  row,
  dimension,
  drillHref,
}: {
  row: BreakdownRowView;
  dimension: string;
  drillHref: (unitId: string) => { pathname: string; search: string };
}) {
  if (dimension === 'unit' && row.kind === 'group' && row.hasChildren && row.key) {
    return (
      <Link to={drillHref(row.key)} aria-label={`${row.label}: show its units`}>
        {row.label} <span aria-hidden="true">›</span>
      </Link>
    );
  }
  return <>{row.label}</>;
}

function RowNumbers({ row, confidence }: { row: BreakdownRowView; confidence: Confidence }) {
  const nps = row.nps;
  if (!nps) {
    return (
      <td data-label="NPS" colSpan={5}>
        {row.suppressionReason ?? 'No NPS answers'}
      </td>
    );
  }
  return (
    <>
      <td data-label="NPS">{formatNps(nps.score)}</td>
      <td data-label="Answers">
        {formatNumber(nps.n)} {nps.lowN && <span className="badge badge-warning">Few answers</span>}
      </td>
      <td data-label={`Margin (${confidence}%)`}>{formatMargin(nps.marginOfError[confidence])}</td>
      <td data-label="Against the total">{row.differenceToTotal === null ? '—' : formatChange(row.differenceToTotal)}</td>
      <td data-label="Against the rest">{row.againstRest ? row.againstRest.words : '—'}</td>
    </>
  );
}
