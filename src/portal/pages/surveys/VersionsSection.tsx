// Published versions, newest first; one can be opened read-only to see exactly what its
// respondents were asked.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ErrorNotice, Loading } from '../../components/Notice.tsx';
import { type SurveyVersion, type SurveyVersionDetail, surveyKeys } from '../../components/survey-editor/api.ts';
import { EditorContext } from '../../components/survey-editor/context.tsx';
import { LANGUAGE_NAMES } from '../../components/survey-editor/draft.ts';
import { QuestionsSection } from '../../components/survey-editor/QuestionsSection.tsx';
import { TextsSection } from '../../components/survey-editor/TextsSection.tsx';
import { formatDateTime } from '../../format.ts';

export function VersionsSection({ surveyId }: { surveyId: string }) {
  const versions = useQuery({
    queryKey: surveyKeys.versions(surveyId),
    queryFn: () => api.get<SurveyVersion[]>(`/surveys/${surveyId}/versions`),
  });
  const [open, setOpen] = useState<number | null>(null);
  if (open !== null) return <VersionView surveyId={surveyId} version={open} onBack={() => setOpen(null)} />;
  if (versions.isPending) return <Loading what="versions" />;
  if (versions.isError) return <ErrorNotice error={versions.error} />;
  if (versions.data.length === 0) return <p className="empty">Nothing is published yet. Publishing the draft makes version 1.</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">Published versions</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Published</th>
          <th scope="col">By</th>
          <th scope="col">Responses</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {versions.data.map((v) => (
          <tr key={v.version}>
            <th scope="row">Version {v.version}</th>
            <td data-label="Published">{formatDateTime(v.publishedAt)}</td>
            <td data-label="By">{v.publishedBy?.name ?? <span className="muted">An API key</span>}</td>
            <td data-label="Responses">{v.responseCount}</td>
            <td className="cell-actions">
              <button type="button" className="button button-small" onClick={() => setOpen(v.version)}>
                View<span className="visually-hidden"> version {v.version}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VersionView({ surveyId, version, onBack }: { surveyId: string; version: number; onBack: () => void }) {
  const detail = useQuery({
    queryKey: [...surveyKeys.versions(surveyId), version],
    queryFn: () => api.get<SurveyVersionDetail>(`/surveys/${surveyId}/versions/${version}`),
  });
  const [language, setLanguage] = useState<string | null>(null);
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="button" onClick={onBack}>
          Back to all versions
        </button>
      </div>
      <h2>Version {version} (read-only)</h2>
      {detail.isPending && <Loading what={`version ${version}`} />}
      {detail.isError && <ErrorNotice error={detail.error} />}
      {detail.data && (
        <>
          <p className="muted">Published {formatDateTime(detail.data.publishedAt)}. Changes are made in the draft and published as a new version.</p>
          <div className="editing-language">
            <label htmlFor="version-language">Language</label>
            <select id="version-language" value={language ?? detail.data.definition.defaultLanguage} onChange={(e) => setLanguage(e.target.value)}>
              {detail.data.definition.languages.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <EditorContext.Provider
            value={{
              definition: detail.data.definition,
              language: detail.data.definition.languages.find((l) => l === language) ?? detail.data.definition.defaultLanguage,
              problems: [],
              readOnly: true,
              update: () => undefined,
            }}
          >
            <QuestionsSection />
            <h2>Texts</h2>
            <TextsSection />
          </EditorContext.Provider>
        </>
      )}
    </div>
  );
}
