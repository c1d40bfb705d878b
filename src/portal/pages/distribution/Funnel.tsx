// The distribution funnel: what became of the email invitations of a period, per survey, wave,
// trigger rule or unit. Filters live in the URL, so a view can be shared by its address. Bars are
// plain HTML with their numbers written beside them (no chart library for four steps).
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { FunnelCountsView, FunnelGroupView, FunnelView, SkipReasonView, TypicalResponseRatesView } from '../../../domain/views.ts';
import { api, type Page } from '../../api.ts';
import { SelectField } from '../../components/Field.tsx';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import type { Survey } from '../../components/survey-editor/api.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { skipReasonLabel } from '../../format-distribution.ts';

type GroupBy = FunnelView['groupBy'];

const GROUP_BY: Record<GroupBy, string> = { survey: 'Survey', wave: 'Wave', trigger: 'Trigger rule', unit: 'Unit', none: 'All together' };
/** What a group without a wave or rule holds. */
const UNGROUPED: Record<GroupBy, string> = {
  survey: 'Unknown survey',
  wave: 'Not from a wave',
  trigger: 'Not from a trigger rule',
  unit: 'Unknown unit',
  none: 'All invitations',
};
const PERIODS = [7, 30, 90, 365] as const;
const DEFAULT_PERIOD = 90;

const percent = (value: number) => `${Math.round(value * 100)}%`;
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** "23% — around the B2B average of 23%": the rate against the typical email survey averages. */
function compareRate(rate: number, typical: TypicalResponseRatesView): string {
  const b2c = `the B2C average of ${percent(typical.b2c.average)}`;
  const b2b = `the B2B average of ${percent(typical.b2b.average)}`;
  const near = (average: number) => Math.abs(rate - average) < 0.02;
  const low = Math.min(typical.b2c.average, typical.b2b.average);
  const high = Math.max(typical.b2c.average, typical.b2b.average);
  const words = near(typical.b2b.average)
    ? `around ${b2b}`
    : near(typical.b2c.average)
      ? `around ${b2c}`
      : rate > high
        ? `above ${b2b} and ${b2c}`
        : rate < low
          ? `below ${b2c} and ${b2b}`
          : `between ${b2c} and ${b2b}`;
  return `${percent(rate)} — ${words}`;
}

function useFunnelFilters() {
  const [params, setParams] = useSearchParams();
  const groupBy = (params.get('groupBy') ?? 'survey') as GroupBy;
  const period = Number(params.get('period') ?? DEFAULT_PERIOD);
  const filters = {
    groupBy: groupBy in GROUP_BY ? groupBy : 'survey',
    period: (PERIODS as readonly number[]).includes(period) ? period : DEFAULT_PERIOD,
    surveyId: params.get('surveyId') ?? '',
  };
  const setFilter = (key: string, value: string, fallback: string) => {
    const next = new URLSearchParams(params);
    if (value && value !== fallback) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return { filters, setFilter };
}

export function Funnel() {
  const { filters, setFilter } = useFunnelFilters();
  const surveys = useQuery({ queryKey: ['surveys', 'all-for-funnel'], queryFn: async () => (await api.get<Page<Survey>>('/surveys', { limit: 500 })).items });
  const funnel = useQuery({
    queryKey: ['distribution-funnel', filters],
    queryFn: () =>
      api.get<FunnelView>('/distribution/funnel', {
        groupBy: filters.groupBy,
        surveyId: filters.surveyId || undefined,
        from: new Date(Date.now() - filters.period * 86_400_000).toISOString(),
      }),
  });

  return (
    <>
      <PageHeader title="Funnel" intro="What became of the email invitations: how many were sent or skipped and why, and how many people answered." />
      <section className="card" aria-label="Filters">
        <div className="filter-grid">
          <SelectField label="Period" name="period" value={filters.period} onChange={(e) => setFilter('period', e.target.value, String(DEFAULT_PERIOD))}>
            {PERIODS.map((days) => (
              <option key={days} value={days}>
                Last {days} days
              </option>
            ))}
          </SelectField>
          <SelectField label="Group by" name="groupBy" value={filters.groupBy} onChange={(e) => setFilter('groupBy', e.target.value, 'survey')}>
            {Object.entries(GROUP_BY).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Survey" name="surveyId" value={filters.surveyId} onChange={(e) => setFilter('surveyId', e.target.value, '')}>
            <option value="">All surveys</option>
            {surveys.data?.map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.name}
              </option>
            ))}
          </SelectField>
        </div>
      </section>
      {funnel.isPending && <Loading what="the funnel" />}
      {funnel.isError && <ErrorNotice error={funnel.error} />}
      {funnel.data && <FunnelResult funnel={funnel.data} />}
    </>
  );
}

function FunnelResult({ funnel }: { funnel: FunnelView }) {
  if (funnel.totals.invitations === 0) {
    return (
      <section className="card" aria-label="No invitations">
        <h2>No email invitations in this period</h2>
        <p>
          Invitations appear here once they are planned. <Link to="/distribution/waves">Create a wave</Link> to invite a group of contacts, or{' '}
          <Link to="/distribution/triggers">add a trigger rule</Link> to invite contacts after an event such as a delivery.
        </p>
      </section>
    );
  }
  return (
    <>
      <p className="muted small">
        Invitations created from <time dateTime={funnel.from}>{formatDateTime(funnel.from)}</time> to{' '}
        <time dateTime={funnel.to}>{formatDateTime(funnel.to)}</time>. Typical email surveys: B2C {percent(funnel.typicalResponseRates.b2c.low)}–
        {percent(funnel.typicalResponseRates.b2c.high)} (average {percent(funnel.typicalResponseRates.b2c.average)}), B2B{' '}
        {percent(funnel.typicalResponseRates.b2b.low)}–{percent(funnel.typicalResponseRates.b2b.high)} (average{' '}
        {percent(funnel.typicalResponseRates.b2b.average)}).
      </p>
      {funnel.groupBy !== 'none' && funnel.groups.length > 1 && (
        <FunnelCard title="All invitations" counts={funnel.totals} typical={funnel.typicalResponseRates} />
      )}
      {funnel.groups.map((group: FunnelGroupView) => (
        <FunnelCard
          key={group.id ?? 'none'}
          title={group.name ?? UNGROUPED[funnel.groupBy]}
          kind={funnel.groupBy === 'none' ? undefined : GROUP_BY[funnel.groupBy]}
          counts={group}
          typical={funnel.typicalResponseRates}
        />
      ))}
    </>
  );
}

function FunnelCard({ title, kind, counts, typical }: { title: string; kind?: string; counts: FunnelCountsView; typical: TypicalResponseRatesView }) {
  const steps = [
    { label: 'Sent', value: counts.sent },
    { label: 'Clicked', value: counts.clicked },
    { label: 'Started', value: counts.started },
    { label: 'Completed', value: counts.completed },
  ];
  const reasons = (Object.entries(counts.skippedByReason) as [SkipReasonView, number][]).filter(([, n]) => n > 0);
  const others = [
    { label: 'Waiting to be sent', value: counts.scheduled },
    { label: 'In the outbox, not delivered yet', value: counts.queued },
    { label: 'Bounced', value: counts.bounced },
    { label: 'Cancelled', value: counts.cancelled },
    { label: 'Unsubscribed', value: counts.unsubscribed },
    { label: 'Reminded', value: counts.reminded },
  ];
  return (
    <section className="card funnel-card" aria-label={title}>
      <h2 className="funnel-title">
        {kind && <span className="muted small block">{kind}</span>}
        {title}
      </h2>
      <p className="funnel-rate">
        <strong>Response rate: </strong>
        {counts.responseRate === null
          ? counts.queued > 0
            ? `none yet — nothing was sent; ${formatNumber(counts.queued)} ${counts.queued === 1 ? 'invitation is' : 'invitations are'} in the outbox, not delivered.`
            : 'none yet — nothing was sent.'
          : compareRate(counts.responseRate, typical)}
      </p>
      <ol className="funnel-steps" aria-label={`Funnel of ${title}`}>
        {steps.map((step) => (
          <li key={step.label} className="funnel-step">
            <span className="funnel-step-label">{step.label}</span>
            <span className="funnel-step-value">
              {formatNumber(step.value)}
              {step.label !== 'Sent' && counts.sent > 0 && <span className="muted"> ({percent(share(step.value, counts.sent))} of sent)</span>}
            </span>
            <span className="funnel-bar" aria-hidden="true">
              <span style={{ width: `${share(step.value, Math.max(counts.sent, 1)) * 100}%` }} />
            </span>
          </li>
        ))}
      </ol>
      <dl className="funnel-facts">
        <div>
          <dt>Invitations</dt>
          <dd>{formatNumber(counts.invitations)}</dd>
        </div>
        {others.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{formatNumber(fact.value)}</dd>
          </div>
        ))}
        <div>
          <dt>Skipped</dt>
          <dd>{formatNumber(counts.skipped)}</dd>
        </div>
      </dl>
      {reasons.length > 0 && (
        <>
          <h3 className="funnel-subtitle">Why invitations were skipped</h3>
          <ul className="funnel-reasons">
            {reasons.map(([reason, n]) => (
              <li key={reason}>
                {skipReasonLabel(reason)}: <strong>{formatNumber(n)}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
