// One response in full: every answer with the question as the respondent's version asked it, the
// snapshot of the organisation at answering time, the contact (for personal surveys), and what
// the invitation and its triggering event carried.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import type { ResponseAnswerView, ResponseDetailView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDateTime, formatNumber } from '../../format.ts';
import { ScoreBadge } from './ScoreBadge.tsx';

const CHANNELS: Record<string, string> = { email: 'Email', link: 'Link', kiosk: 'Kiosk', api: 'API' };

export function ResponseDetailPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '';
  const response = useQuery({
    queryKey: ['analytics', 'response', id],
    queryFn: () => api.get<ResponseDetailView>(`/analytics/responses/${id}`),
  });
  const back = (
    <p className="breadcrumb">
      <Link to={{ pathname: '/insight/responses', search: from }}>Responses</Link>
    </p>
  );
  if (response.isPending) return <Loading what="the response" />;
  if (response.isError) {
    return (
      <>
        {back}
        <PageHeader title="Response" />
        <ErrorNotice error={response.error} />
      </>
    );
  }
  const data = response.data;
  const who = data.contact?.name ?? (data.anonymous ? 'an anonymous respondent' : 'a respondent without a contact');
  return (
    <>
      {back}
      <PageHeader title={`Response of ${formatDateTime(data.startedAt)}`} intro={`${data.survey.name} (version ${data.surveyVersion}), from ${who}.`} />
      <div className="stack">
        <section className="card" aria-labelledby="answer-heading">
          <h2 id="answer-heading">Answers</h2>
          <p>
            <ScoreBadge score={data.score} category={data.category} />
          </p>
          {data.answers.length === 0 ? (
            <p className="empty">No answers besides the score.</p>
          ) : (
            <dl className="answers">
              {data.answers.map((answer) => (
                <div key={answer.questionKey}>
                  <dt>{answer.question ?? answer.questionKey}</dt>
                  <dd>{answerText(answer)}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
        <section className="card" aria-labelledby="snapshot-heading">
          <h2 id="snapshot-heading">At answering time</h2>
          <dl className="details">
            <Fact term="Unit" value={data.unit?.name} />
            <Fact term="Owner" value={data.owner?.name} />
            <Fact term="Account" value={data.account?.name} />
            <Fact term="Segment" value={data.segment} />
            <Fact term="Touchpoint" value={data.touchpoint?.name} />
            <Fact term="Channel" value={CHANNELS[data.channel] ?? data.channel} />
            <Fact term="Language" value={data.language} />
            <Fact term="Started" value={formatDateTime(data.startedAt)} />
            <Fact term="Completed" value={data.completedAt && formatDateTime(data.completedAt)} />
          </dl>
        </section>
        {data.contact && (
          <section className="card" aria-labelledby="contact-heading">
            <h2 id="contact-heading">Contact</h2>
            <dl className="details">
              <Fact term="Name" value={<Link to={`/contacts/${data.contact.id}`}>{data.contact.name}</Link>} />
              <Fact term="Email" value={data.contact.email} />
              <Fact term="External ID" value={data.contact.externalId} />
            </dl>
          </section>
        )}
        <Origin data={data} />
      </div>
    </>
  );
}

function answerText(answer: ResponseAnswerView): ReactNode {
  if (answer.choices) return answer.choices.map((choice) => choice.label).join(', ');
  if (answer.text !== null) return <span className="answer-text">{answer.text}</span>;
  if (answer.number !== null) return formatNumber(answer.number);
  return <span className="muted">No answer</span>;
}

function Origin({ data }: { data: ResponseDetailView }) {
  const properties = Object.entries(data.properties);
  if (!data.invitation && !data.event && properties.length === 0) return null;
  return (
    <section className="card" aria-labelledby="origin-heading">
      <h2 id="origin-heading">Invitation</h2>
      <dl className="details">
        {data.invitation && (
          <>
            <Fact term="Sent" value={data.invitation.sentAt && formatDateTime(data.invitation.sentAt)} />
            <Fact term="Opened" value={data.invitation.openedAt && formatDateTime(data.invitation.openedAt)} />
          </>
        )}
        {data.event && <Fact term="Event" value={`${data.event.type}, ${formatDateTime(data.event.occurredAt)}`} />}
        {properties.map(([key, value]) => (
          <Fact key={key} term={key} value={typeof value === 'string' ? value : JSON.stringify(value)} />
        ))}
      </dl>
    </section>
  );
}

function Fact({ term, value }: { term: string; value: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value === null || value === undefined || value === '' ? <span className="muted">None</span> : value}</dd>
    </div>
  );
}
