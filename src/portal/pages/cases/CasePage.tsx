// One case, laid out for a phone first: who to call and how urgent, the call guide, what they
// answered and who they are, then the work — status, a note or a reply — and the timeline.
import { Link, useParams } from 'react-router-dom';
import type { CaseDetailView } from '../../../domain/views.ts';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime } from '../../format.ts';
import { CASE_KIND_LABELS, CASE_OUTCOME_LABELS, CASE_STATUS_BADGES, CASE_STATUS_LABELS, dueInWords } from '../../format-cases.ts';
import { usePermissions } from '../../session.tsx';
import { CallGuide } from './CallGuide.tsx';
import { AnswerCard, CustomerCard } from './CaseCustomer.tsx';
import { CasePeople } from './CasePeople.tsx';
import { CaseStatusActions } from './CaseStatusActions.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { NoteForm, ReplyForm } from './CaseWriting.tsx';
import { useCase } from './queries.ts';
import { ScoreBadge } from './ScoreBadge.tsx';

export function CasePage() {
  const { id = '' } = useParams();
  const found = useCase(id);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">Cases</Link>
      </p>
      {found.isPending && <Loading what="the case" />}
      {found.isError && <ErrorNotice error={found.error} />}
      {found.data && <CaseView item={found.data} />}
    </>
  );
}

function CaseView({ item }: { item: CaseDetailView }) {
  const { workCases } = usePermissions();
  const due = dueInWords(item, new Date());
  return (
    <>
      <PageHeader title={item.contactName ?? 'Anonymous answer'} intro={`${item.title} · ${item.surveyName}`} />
      <section className="card case-summary" aria-label="Case">
        <div className="case-item-head">
          <ScoreBadge score={item.score} category={item.category} />
          <p className="case-meta">
            {due && <span className={item.overdue ? 'case-due case-due-late' : 'case-due'}>{due}</span>}
            <span className={CASE_STATUS_BADGES[item.status]}>{CASE_STATUS_LABELS[item.status]}</span>
            <span className="muted small">{CASE_KIND_LABELS[item.kind]}</span>
          </p>
        </div>
        <dl className="details">
          <div>
            <dt>Due</dt>
            <dd>
              {formatDateTime(item.dueAt)} <span className="muted small">({item.slaHours} working hours)</span>
            </dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>{item.ownerName ?? 'Nobody yet'}</dd>
          </div>
          <div>
            <dt>Unit</dt>
            <dd>{item.unitName ?? '—'}</dd>
          </div>
          <div>
            <dt>First contact</dt>
            <dd>{item.firstContactAt ? formatDateTime(item.firstContactAt) : 'Not yet'}</dd>
          </div>
          {item.rootCause && (
            <div>
              <dt>Root cause</dt>
              <dd>{item.rootCause}</dd>
            </div>
          )}
          {item.outcome && (
            <div>
              <dt>Outcome</dt>
              <dd>{CASE_OUTCOME_LABELS[item.outcome]}</dd>
            </div>
          )}
        </dl>
        {workCases && <CaseStatusActions item={item} />}
      </section>
      <CallGuide kind={item.kind} />
      <div className="case-columns">
        <AnswerCard item={item} />
        <CustomerCard item={item} />
      </div>
      {workCases && (
        <div className="case-columns">
          <NoteForm caseId={item.id} />
          <ReplyForm item={item} />
        </div>
      )}
      <CasePeople item={item} />
      <CaseTimeline item={item} />
    </>
  );
}
