// The workspace's surveys with their state; owners and admins start new ones here.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Page } from '../api.ts';
import { ErrorNotice, Loading } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { KIND_LABELS, STATUS_LABELS, type Survey, surveyKeys } from '../components/survey-editor/api.ts';
import { formatDateTime } from '../format.ts';
import { usePermissions } from '../session.tsx';
import { NewSurveyDialog } from './surveys/NewSurveyDialog.tsx';

const STATUS_BADGES = { draft: 'badge', active: 'badge badge-success', closed: 'badge badge-danger' } as const;

export function Surveys() {
  const { manageSurveys } = usePermissions();
  const [creating, setCreating] = useState(false);
  const surveys = useInfiniteQuery({
    queryKey: [...surveyKeys.all, 'list'],
    queryFn: ({ pageParam }) => api.get<Page<Survey>>('/surveys', { limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = surveys.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Surveys"
        intro="What you ask, in which languages, and which version respondents get."
        actions={
          manageSurveys && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New survey
            </button>
          )
        }
      />
      {surveys.isPending && <Loading what="surveys" />}
      {surveys.isError && <ErrorNotice error={surveys.error} />}
      {surveys.isSuccess && (
        <section className="card card-flush" aria-label="Survey list">
          {items.length === 0 ? (
            <p className="empty">No surveys yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Version</th>
                  <th scope="col" className="numeric">
                    Responses
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((survey) => (
                  <tr key={survey.id}>
                    <th scope="row" data-label="Name">
                      <Link to={`/surveys/${survey.id}`}>{survey.name}</Link>
                    </th>
                    <td data-label="Kind">{KIND_LABELS[survey.kind]}</td>
                    <td data-label="Status">
                      <span className={STATUS_BADGES[survey.status]}>{STATUS_LABELS[survey.status]}</span>
                    </td>
                    <td data-label="Version">
                      {survey.currentVersion ? (
                        <>
                          Version {survey.currentVersion}
                          {survey.publishedAt && <span className="muted small block">{formatDateTime(survey.publishedAt)}</span>}
                        </>
                      ) : (
                        <span className="muted">Not published</span>
                      )}
                      {survey.hasUnpublishedChanges && survey.currentVersion !== null && <span className="badge badge-warning">Unpublished changes</span>}
                    </td>
                    <td data-label="Responses" className="numeric">
                      {survey.responseCount}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {surveys.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={surveys.isFetchingNextPage} onClick={() => void surveys.fetchNextPage()}>
                {surveys.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
      {creating && <NewSurveyDialog onClose={() => setCreating(false)} />}
    </>
  );
}
