// The saved draft as respondents will see it, rendered by the server's own respondent pages, at a
// phone's and a desktop's width, in each language and page. Offered only when the server has the
// preview route, so the portal never shows an imitation.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Definition, SurveyDetail } from '../../components/survey-editor/api.ts';
import { LANGUAGE_NAMES } from '../../components/survey-editor/draft.ts';

const WIDTHS = { phone: 375, desktop: 1024 } as const;

/** The server numbers pages from 1; the editor from 0. */
const previewUrl = (surveyId: string, language: string, page: number) =>
  `/api/v1/surveys/${surveyId}/preview?${new URLSearchParams({ language, page: String(page + 1) }).toString()}`;

/** Whether the server renders previews: asks once for the first page. */
export function usePreviewAvailable(surveyId: string): boolean {
  const probe = useQuery({
    queryKey: ['surveys', 'preview-available', surveyId],
    queryFn: async () => {
      const response = await fetch(`/api/v1/surveys/${surveyId}/preview?page=1`, { credentials: 'same-origin' });
      return response.ok && (response.headers.get('content-type') ?? '').includes('text/html');
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  return probe.data === true;
}

export function PreviewSection({ survey, definition, dirty }: { survey: SurveyDetail; definition: Definition; dirty: boolean }) {
  const [language, setLanguage] = useState<string>(definition.defaultLanguage);
  const [page, setPage] = useState(0);
  const [width, setWidth] = useState<keyof typeof WIDTHS>('phone');
  const shownLanguage = definition.languages.find((l) => l === language) ?? definition.defaultLanguage;
  const shownPage = Math.min(page, survey.draft.pages.length - 1);
  return (
    <div className="stack">
      <p className="muted">
        The preview shows the saved draft; answers given in it are not stored.
        {dirty && ' Save the draft to see your latest changes.'}
      </p>
      <div className="preview-controls">
        <div className="field">
          <label htmlFor="preview-language">Language</label>
          <select id="preview-language" value={shownLanguage} onChange={(e) => setLanguage(e.target.value)}>
            {definition.languages.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preview-page">Page</label>
          <select id="preview-page" value={shownPage} onChange={(e) => setPage(Number(e.target.value))}>
            {survey.draft.pages.map((_, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: pages are numbered
              <option key={n} value={n}>
                Page {n + 1}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="fieldset">
          <legend>Width</legend>
          <div className="check-row">
            {(Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]).map((w) => (
              <label key={w} className="checkbox">
                <input type="radio" name="preview-width" checked={width === w} onChange={() => setWidth(w)} />
                {w === 'phone' ? 'Phone' : 'Desktop'} ({WIDTHS[w]} px)
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {/* Wider than a phone's screen at desktop width: scrolls, and takes focus to scroll by keyboard. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className="preview-frame-scroll" aria-label="Preview" tabIndex={0}>
        <iframe
          key={`${survey.draftRevision}-${shownLanguage}-${shownPage}-${width}`}
          title={`Preview of page ${shownPage + 1} in ${LANGUAGE_NAMES[shownLanguage]}, ${width} width`}
          src={previewUrl(survey.id, shownLanguage, shownPage)}
          width={WIDTHS[width]}
          height={width === 'phone' ? 720 : 640}
          className="preview-frame"
        />
      </section>
    </div>
  );
}
