// A contact's survey history on their page: the answers they gave, newest first, each with the
// questions as they read them, and the personal links they got with how far they came.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, type ContactSurveyHistory } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { ErrorNotice, Loading } from './Notice.tsx';

const CATEGORY = {
  promoter: { label: 'Promoter', badge: 'badge-success' },
  passive: { label: 'Passive', badge: 'badge-warning' },
  detractor: { label: 'Detractor', badge: 'badge-danger' },
} as const;

type Invitation = ContactSurveyHistory['invitations'][number];
const progress = (invitation: Invitation) =>
  invitation.completedAt
    ? `Completed ${formatDateTime(invitation.completedAt)}`
    : invitation.respondedAt
      ? `Answered in part ${formatDateTime(invitation.respondedAt)}`
      : invitation.openedAt
        ? `Opened ${formatDateTime(invitation.openedAt)}`
        : Date.parse(invitation.expiresAt) < Date.now()
          ? 'Expired unanswered'
          : 'Not opened yet';

const shown = (value: number | string | string[] | null) => (value === null ? '—' : Array.isArray(value) ? value.join(', ') : String(value));

export function SurveyHistory({ contactId }: { contactId: string }) {
  const history = useQuery({
    queryKey: ['contacts', 'one', contactId, 'surveys'],
    queryFn: () => api.get<ContactSurveyHistory>(`/contacts/${contactId}/surveys`),
  });
  return (
    <section className="card" aria-labelledby="surveys-heading">
      <h2 id="surveys-heading">Surveys</h2>
      {history.isPending && <Loading what="the survey history" />}
      {history.isError && <ErrorNotice error={history.error} />}
      {history.isSuccess && history.data.responses.length === 0 && history.data.invitations.length === 0 && (
        <p className="empty">No survey links or answers yet.</p>
      )}
      {history.isSuccess && history.data.responses.length > 0 && (
        <>
          <h3>Answers</h3>
          <ul className="history-list">
            {history.data.responses.map((response) => (
              <li key={response.id}>
                <p>
                  <Link to={`/surveys/${response.surveyId}`}>{response.surveyName}</Link>{' '}
                  <span className="muted">
                    version {response.version}, {formatDateTime(response.startedAt)}
                    {response.completedAt ? '' : ', not finished'}
                  </span>
                </p>
                {response.score !== null && (
                  <p>
                    Score <strong>{response.score}</strong>
                    {response.category && <span className={`badge ${CATEGORY[response.category].badge}`}>{CATEGORY[response.category].label}</span>}
                  </p>
                )}
                <dl className="details">
                  {response.answers.map((answer) => (
                    <div key={answer.questionKey}>
                      <dt>{answer.question}</dt>
                      <dd>{shown(answer.value)}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
      {history.isSuccess && history.data.invitations.length > 0 && (
        <>
          <h3>Survey links</h3>
          <ul className="history-list">
            {history.data.invitations.map((invitation) => (
              <li key={invitation.id}>
                <p>
                  <Link to={`/surveys/${invitation.surveyId}`}>{invitation.surveyName}</Link>{' '}
                  <span className="muted">made {formatDateTime(invitation.createdAt)}</span>
                </p>
                <p>{progress(invitation)}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
