// Cases: for the frontline "my cases today" — overdue first, then due today, then the rest — each
// with the customer, the score, the comment and the due time in words. The filters live in the
// address bar (a view can be shared by its URL); managers and up filter by unit and owner too.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { CaseSummaryView } from '../../../domain/views.ts';
import { api, type Page, type Query } from '../../api.ts';
import { SelectField } from '../../components/Field.tsx';
import { MemberPicker } from '../../components/MemberPicker.tsx';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { CASE_KIND_LABELS, CASE_STATUS_BADGES, CASE_STATUS_LABELS, dueInWords, groupCases } from '../../format-cases.ts';
import { useUnits } from '../../queries.ts';
import { usePermissions } from '../../session.tsx';
import { caseKeys } from './queries.ts';
import { ScoreBadge } from './ScoreBadge.tsx';

const PAGE_SIZE = 50;
const STATUS_CHOICES = {
  open: { label: 'Open (new, in progress, contacted)', statuses: 'new,in_progress,contacted' },
  new: { label: 'New', statuses: 'new' },
  in_progress: { label: 'In progress', statuses: 'in_progress' },
  contacted: { label: 'Contacted', statuses: 'contacted' },
  closed: { label: 'Closed (resolved or without contact)', statuses: 'resolved,closed_without_contact' },
  all: { label: 'Every status', statuses: undefined },
} as const;
type StatusChoice = keyof typeof STATUS_CHOICES;

/** The API query for the filters in the URL; open cases unless a status is chosen. */
function queryOf(params: URLSearchParams): Query {
  const choice = (params.get('status') ?? 'open') as StatusChoice;
  return {
    status: (STATUS_CHOICES[choice] ?? STATUS_CHOICES.open).statuses,
    mine: params.get('mine') === 'true' || undefined,
    overdue: params.get('overdue') === 'true' || undefined,
    kind: params.get('kind') ?? undefined,
    unitId: params.get('unitId') ?? undefined,
    ownerMemberId: params.get('ownerMemberId') ?? undefined,
  };
}

export function CaseList() {
  const { seesUnits } = usePermissions();
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const cases = useInfiniteQuery({
    queryKey: [...caseKeys.all, 'list', query],
    queryFn: ({ pageParam }) => api.get<Page<CaseSummaryView>>('/cases', { ...query, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = cases.data?.pages.flatMap((page) => page.items) ?? [];
  const now = new Date();
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Cases"
        intro={
          seesUnits
            ? 'Answers that need a person: detractors to call back, contact requests and promoters to thank. The most urgent come first.'
            : 'Your customers who need you today: call the overdue ones first, then those due today.'
        }
      />
      <form className="filter-bar card" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <div className="filter-grid">
          <SelectField
            label="Status"
            name="status"
            value={params.get('status') ?? 'open'}
            onChange={(event) => set('status', event.target.value === 'open' ? null : event.target.value)}
          >
            {Object.entries(STATUS_CHOICES).map(([key, choice]) => (
              <option key={key} value={key}>
                {choice.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Kind" name="kind" value={params.get('kind') ?? ''} onChange={(event) => set('kind', event.target.value || null)}>
            <option value="">Follow-ups and leads</option>
            {Object.entries(CASE_KIND_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </SelectField>
          {seesUnits && <ScopeFilters params={params} set={set} />}
        </div>
        <div className="case-toggles">
          <label className="checkbox">
            <input type="checkbox" checked={params.get('mine') === 'true'} onChange={(event) => set('mine', event.target.checked ? 'true' : null)} /> Only cases
            I own
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={params.get('overdue') === 'true'} onChange={(event) => set('overdue', event.target.checked ? 'true' : null)} /> Only
            overdue
          </label>
        </div>
      </form>
      {cases.isPending && <Loading what="cases" />}
      {cases.isError && <ErrorNotice error={cases.error} />}
      {cases.isSuccess && items.length === 0 && (
        <section className="card">
          <p className="empty">No cases match. When an answer needs a follow-up, it shows here.</p>
        </section>
      )}
      {groupCases(items, now).map((group) => (
        <section key={group.key} className="case-group" aria-labelledby={`cases-${group.key}`}>
          <h2 id={`cases-${group.key}`}>
            {group.title} <span className="muted">({group.items.length})</span>
          </h2>
          <ul className="case-list">
            {group.items.map((item) => (
              <CaseItem key={item.id} item={item} now={now} showOwner={seesUnits} />
            ))}
          </ul>
        </section>
      ))}
      {cases.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button" disabled={cases.isFetchingNextPage} onClick={() => void cases.fetchNextPage()}>
            {cases.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </>
  );
}

function ScopeFilters({ params, set }: { params: URLSearchParams; set: (key: string, value: string | null) => void }) {
  const units = useUnits();
  return (
    <>
      {units.data && (
        <UnitSelect
          label="Unit"
          name="unitId"
          units={units.data}
          defaultValue={params.get('unitId') ?? ''}
          emptyOption="Every unit you see"
          onChange={(unitId) => set('unitId', unitId || null)}
        />
      )}
      <MemberPicker
        label="Owner"
        name="ownerMemberId"
        initial={params.get('ownerMemberId')}
        emptyLabel="Any owner"
        onChange={(memberId) => set('ownerMemberId', memberId || null)}
      />
    </>
  );
}

function CaseItem({ item, now, showOwner }: { item: CaseSummaryView; now: Date; showOwner: boolean }) {
  const due = dueInWords(item, now);
  return (
    <li className="case-item" data-overdue={item.overdue}>
      <div className="case-item-head">
        <ScoreBadge score={item.score} category={item.category} />
        <div>
          <Link className="case-item-link" to={`/cases/${item.id}`}>
            {item.contactName ?? 'Anonymous answer'}
          </Link>
          <p className="muted small">
            {item.title} · {item.surveyName}
          </p>
        </div>
      </div>
      {item.comment && <p className="case-comment">“{item.comment}”</p>}
      <p className="case-meta">
        {due && <span className={item.overdue ? 'case-due case-due-late' : 'case-due'}>{due}</span>}
        <span className={CASE_STATUS_BADGES[item.status]}>{CASE_STATUS_LABELS[item.status]}</span>
        {item.kind === 'lead' && <span className="badge badge-success">Lead</span>}
        {showOwner && <span className="muted small">{item.ownerName ? `Owner: ${item.ownerName}` : 'No owner'}</span>}
      </p>
    </li>
  );
}
