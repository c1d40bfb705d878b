// Translations through a spreadsheet: download the saved draft's texts as XLSX for a translator,
// upload the filled-in workbook. The server imports it into the draft whole, or lists why not.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { SurveyDetail } from '../../components/survey-editor/api.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function TranslationFiles({
  surveyId,
  dirty,
  readOnly,
  onImported,
}: {
  surveyId: string;
  dirty: boolean;
  readOnly: boolean;
  onImported: (saved: SurveyDetail, changed: number) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (workbook: File) =>
      api.putFile<SurveyDetail & { changedTexts: number }>(`/surveys/${surveyId}/translations.xlsx`, new Blob([workbook], { type: XLSX_TYPE })),
    onSuccess: (saved) => {
      setFile(null);
      onImported(saved, saved.changedTexts);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <section className="card stack" aria-labelledby="xlsx-title">
      <h2 id="xlsx-title">Translate in a spreadsheet</h2>
      <p className="muted">
        The workbook has a row per text and a column per language; empty cells are untranslated.
        {dirty && ' Save the draft first: the workbook holds the saved texts, and an import replaces unsaved changes.'}
      </p>
      <div className="actions">
        <a className="button" href={`/api/v1/surveys/${surveyId}/translations.xlsx`} download>
          Download translations (XLSX)
        </a>
      </div>
      {!readOnly && (
        <form className="stack" onSubmit={submit}>
          <div className="field">
            <label htmlFor="translations-file">Translated workbook (XLSX)</label>
            <input
              id="translations-file"
              type="file"
              accept={`.xlsx,${XLSX_TYPE}`}
              disabled={dirty}
              onChange={(e) => {
                upload.reset();
                setFile(e.target.files?.[0] ?? null);
              }}
            />
          </div>
          {upload.error && (
            <div className="notice notice-error" role="alert">
              <p>{upload.error.message}</p>
              {upload.error instanceof ApiError && upload.error.fieldErrors.length > 0 && (
                <ul>
                  {upload.error.fieldErrors.map((e) => (
                    <li key={`${e.field}:${e.message}`}>
                      {e.field}: {e.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div className="actions">
            <button type="submit" className="button" disabled={!file || dirty || upload.isPending}>
              {upload.isPending ? 'Importing…' : 'Import translations'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
