// What the customer answered, who they are, and their history with us: earlier answers (when the
// reader may see the contact) and earlier cases, so the caller is prepared.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { CaseDetailView, CaseSummaryView } from '../../../domain/views.ts';
import { api, type ContactSurveyHistory, type Page } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { CASE_STATUS_LABELS } from '../../format-cases.ts';
import { useSession } from '../../session.tsx';
import { caseKeys } from './queries.ts';
import { ScoreBadge } from './ScoreBadge.tsx';

const shown = (value: number | string | string[] | null) => (value === null || value === '' ? '—' : Array.isArray(value) ? value.join(', ') : String(value));

export function AnswerCard({ item }: { item: CaseDetailView }) {
  // Questions come as written in the survey; the respondent read the company's name in them.
  const company = useSession().workspace.name;
  return (
    <section className="card" aria-labelledby="answer-heading">
      <h2 id="answer-heading">Their answer</h2>
      <p className="muted small">{item.answer.completedAt ? `Answered ${formatDateTime(item.answer.completedAt)}` : 'Not finished'}</p>
      <dl className="answer-list">
        {item.answer.answers.map((answer) => (
          <div key={answer.questionKey}>
            <dt>{answer.questionText.replaceAll('{company}', company)}</dt>
            <dd>
              {answer.questionType === 'nps' && typeof answer.value === 'number' ? (
                <ScoreBadge score={answer.value} category={item.category} />
              ) : (
                shown(answer.value)
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function CustomerCard({ item }: { item: CaseDetailView }) {
  const contact = item.contact;
  return (
    <section className="card" aria-labelledby="customer-heading">
      <h2 id="customer-heading">The customer</h2>
      {!contact ? (
        <p className="empty">An anonymous answer: there is nobody to contact. Close the case without contact when you have read it.</p>
      ) : (
        <>
          <dl className="details">
            <div>
              <dt>Name</dt>
              <dd>{contact.name ?? item.contactName ?? '—'}</dd>
            </div>
            <div>
              <dt>Phone</dt>
              <dd>{contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : '—'}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : '—'}</dd>
            </div>
            <div>
              <dt>Account</dt>
              <dd>{contact.accountName ?? '—'}</dd>
            </div>
            <div>
              <dt>Segment</dt>
              <dd>{contact.segment ?? '—'}</dd>
            </div>
            <div>
              <dt>Language</dt>
              <dd>{contact.language ?? '—'}</dd>
            </div>
          </dl>
          <History item={item} contactId={contact.id} />
        </>
      )}
    </section>
  );
}

function History({ item, contactId }: { item: CaseDetailView; contactId: string }) {
  const cases = useQuery({
    queryKey: [...caseKeys.all, 'of-contact', contactId],
    queryFn: () => api.get<Page<CaseSummaryView>>('/cases', { contactId, limit: 20 }),
  });
  // Whoever sees a case may follow it up, but the contact's page may be out of their reach: then
  // the earlier answers are simply not shown.
  const answers = useQuery({
    queryKey: ['contacts', 'one', contactId, 'surveys'],
    queryFn: () => api.get<ContactSurveyHistory>(`/contacts/${contactId}/surveys`),
    retry: false,
  });
  const earlierCases = cases.data?.items.filter((other) => other.id !== item.id) ?? [];
  const earlierAnswers = answers.data?.responses.filter((response) => response.id !== item.responseId && response.completedAt) ?? [];
  return (
    <>
      <h3>History</h3>
      {answers.isSuccess && (
        <p>
          <Link to={`/contacts/${contactId}`}>Open the contact</Link>
        </p>
      )}
      {cases.isSuccess && answers.isFetched && earlierCases.length === 0 && earlierAnswers.length === 0 && (
        <p className="muted">No earlier answers or cases: this is their first.</p>
      )}
      {earlierAnswers.length > 0 && (
        <ul className="history-list" aria-label="Earlier answers">
          {earlierAnswers.map((response) => (
            <li key={response.id}>
              <p>
                <ScoreBadge score={response.score} category={response.category} /> {response.surveyName}{' '}
                <span className="muted small">{formatDateTime(response.completedAt ?? response.startedAt)}</span>
              </p>
              {response.answers
                .filter((answer) => typeof answer.value === 'string' && answer.value !== '')
                .map((answer) => (
                  <p key={answer.questionKey} className="case-comment">
                    “{shown(answer.value)}”
                  </p>
                ))}
            </li>
          ))}
        </ul>
      )}
      {earlierCases.length > 0 && (
        <ul className="history-list" aria-label="Earlier cases">
          {earlierCases.map((other) => (
            <li key={other.id}>
              <p>
                <Link to={`/cases/${other.id}`}>{other.title}</Link> <span className="badge">{CASE_STATUS_LABELS[other.status]}</span>{' '}
                <span className="muted small">{formatDateTime(other.createdAt)}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
