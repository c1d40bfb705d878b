// The survey editor: the draft is edited here and saved whole with its revision, so a second
// editor's save is noticed (409) instead of overwritten. Settings and versions have their own
// sections; publishing freezes the saved draft as the next version.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../../api.ts';
import { ErrorNotice, FormError, Loading, Status } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type Definition, KIND_LABELS, STATUS_LABELS, type SurveyDetail, surveyKeys, useSurvey } from '../../components/survey-editor/api.ts';
import { EditorContext, type EditorState, type Problem } from '../../components/survey-editor/context.tsx';
import { draftPath, LANGUAGE_NAMES } from '../../components/survey-editor/draft.ts';
import { focusField, ProblemList, type Section, sectionOf } from '../../components/survey-editor/ProblemList.tsx';
import { QuestionsSection } from '../../components/survey-editor/QuestionsSection.tsx';
import { TabList, TabPanel } from '../../components/survey-editor/Tabs.tsx';
import { TextsSection } from '../../components/survey-editor/TextsSection.tsx';
import { TranslationsSection } from '../../components/survey-editor/TranslationsSection.tsx';
import { usePermissions } from '../../session.tsx';
import { PreviewSection, usePreviewAvailable } from './PreviewSection.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { SurveyActions } from './SurveyActions.tsx';
import { TranslationFiles } from './TranslationFiles.tsx';
import { VersionsSection } from './VersionsSection.tsx';
import '../../components/survey-editor/survey-editor.css';

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'questions', label: 'Questions' },
  { id: 'texts', label: 'Texts' },
  { id: 'translations', label: 'Languages and translations' },
  { id: 'settings', label: 'Settings' },
  { id: 'versions', label: 'Versions' },
  { id: 'preview', label: 'Preview' },
];

export function SurveyEditorPage() {
  const { id = '' } = useParams();
  const survey = useSurvey(id);
  // Reloading after a conflict starts the editor afresh from the server's draft.
  const [loads, setLoads] = useState(0);
  if (survey.isPending) return <Loading what="the survey" />;
  if (survey.isError) return <ErrorNotice error={survey.error} />;
  return (
    <Editor
      key={loads}
      survey={survey.data}
      onReload={async () => {
        await survey.refetch();
        setLoads((n) => n + 1);
      }}
    />
  );
}

/** Problems from a refused save or publish, as paths into the draft. */
const problemsOf = (error: unknown): Problem[] =>
  error instanceof ApiError ? error.fieldErrors.filter((e) => e.field !== 'body.revision').map((e) => ({ field: draftPath(e.field), message: e.message })) : [];

function Editor({ survey, onReload }: { survey: SurveyDetail; onReload: () => Promise<void> }) {
  const queryClient = useQueryClient();
  const { manageSurveys } = usePermissions();
  const [params, setParams] = useSearchParams();
  const [definition, setDefinition] = useState<Definition>(survey.draft);
  const [revision, setRevision] = useState(survey.draftRevision);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<Problem[]>(survey.problems);
  // What happened on the page that led here ("… is created.").
  const [status, setStatus] = useState((useLocation().state as { status?: string } | null)?.status ?? '');
  const [chosenLanguage, setLanguage] = useState(survey.draft.defaultLanguage);
  const language = definition.languages.includes(chosenLanguage) ? chosenLanguage : definition.defaultLanguage;
  const preview = usePreviewAvailable(survey.id);
  const sections = SECTIONS.filter((s) => s.id !== 'preview' || preview);
  const section = sections.find((s) => s.id === params.get('section'))?.id ?? 'questions';

  const openSection = (next: Section) => {
    const nextParams = new URLSearchParams(params);
    nextParams.set('section', next);
    setParams(nextParams, { replace: true });
  };

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const accept = (saved: SurveyDetail, message: string) => {
    queryClient.setQueryData(surveyKeys.one(survey.id), saved);
    void queryClient.invalidateQueries({ queryKey: surveyKeys.all, exact: false, predicate: (q) => q.queryKey[1] !== 'one' });
    setDefinition(saved.draft);
    setRevision(saved.draftRevision);
    setProblems(saved.problems);
    setDirty(false);
    setStatus(message);
  };

  const save = useMutation({
    mutationFn: () => api.put<SurveyDetail>(`/surveys/${survey.id}/draft`, { definition, revision }),
    onSuccess: (saved) => {
      const count = saved.problems.length;
      accept(saved, count ? `The draft is saved with ${count} ${count === 1 ? 'problem' : 'problems'} to fix before publishing.` : 'The draft is saved.');
    },
    onError: (error) => {
      const found = problemsOf(error);
      if (found.length) setProblems(found);
    },
  });
  const conflict = save.error instanceof ApiError && save.error.status === 409;

  const state: EditorState = {
    definition,
    language,
    problems,
    readOnly: !manageSurveys,
    update(change) {
      setDefinition((current) => {
        const next = structuredClone(current);
        change(next);
        return next;
      });
      setDirty(true);
      setStatus('');
    },
  };

  const current = useSurvey(survey.id).data ?? survey;
  const goTo = (problem: Problem) => {
    openSection(sectionOf(problem.field));
    requestAnimationFrame(() => focusField(problem.field));
  };

  return (
    <EditorContext.Provider value={state}>
      <p className="breadcrumb">
        <Link to="/surveys">Surveys</Link>
      </p>
      <PageHeader
        title={current.name}
        intro={
          <>
            {KIND_LABELS[current.kind]} · <span className="badge">{STATUS_LABELS[current.status]}</span> ·{' '}
            {current.currentVersion ? `Version ${current.currentVersion} is live` : 'Not published yet'}
            {current.hasUnpublishedChanges && current.currentVersion && (
              <>
                {' '}
                · <span className="badge badge-warning">Unpublished changes</span>
              </>
            )}
          </>
        }
        actions={
          manageSurveys && (
            <>
              <button type="button" className="button button-primary" disabled={!dirty || save.isPending} onClick={() => save.mutate()}>
                {save.isPending ? 'Saving…' : 'Save draft'}
              </button>
              <SurveyActions
                survey={current}
                dirty={dirty}
                saveFirst={() => save.mutateAsync()}
                onPublished={(published) => accept(published, `Version ${published.currentVersion} is published.`)}
                onProblems={setProblems}
                onGo={goTo}
              />
            </>
          )
        }
      />
      <div className="save-state" aria-live="polite">
        {dirty ? <span className="badge badge-warning">Unsaved changes</span> : <span className="muted small">Saved as revision {revision}.</span>}
      </div>
      {status && <Status message={status} />}
      {conflict ? (
        <div className="notice notice-warning" role="alert">
          <p>{(save.error as ApiError).message}</p>
          <p>Reload to see the saved draft; your unsaved changes here are lost.</p>
          <button type="button" className="button" onClick={() => void onReload()}>
            Reload the survey
          </button>
        </div>
      ) : (
        save.error && problemsOf(save.error).length === 0 && <FormError error={save.error} fields={[]} />
      )}
      {problems.length > 0 && (
        <section className="card problems" aria-labelledby="problems-title">
          <h2 id="problems-title">
            {problems.length} {problems.length === 1 ? 'problem' : 'problems'} to fix before publishing
          </h2>
          <ProblemList problems={problems} onGo={goTo} />
        </section>
      )}
      <TabList label="Survey sections" tabs={sections} current={section} onChange={openSection} />
      <TabPanel id={section}>
        {(section === 'questions' || section === 'texts') && definition.languages.length > 1 && (
          <div className="editing-language">
            <label htmlFor="editing-language">Editing language</label>
            <select id="editing-language" value={language} onChange={(e) => setLanguage(e.target.value as typeof language)}>
              {definition.languages.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
        )}
        {section === 'questions' && <QuestionsSection />}
        {section === 'texts' && <TextsSection />}
        {section === 'translations' && (
          <TranslationsSection>
            <TranslationFiles
              surveyId={survey.id}
              dirty={dirty}
              readOnly={!manageSurveys}
              onImported={(saved, changed) => accept(saved, `${changed} ${changed === 1 ? 'text is' : 'texts are'} imported from the workbook.`)}
            />
          </TranslationsSection>
        )}
        {section === 'settings' && <SettingsSection survey={current} />}
        {section === 'versions' && <VersionsSection surveyId={survey.id} />}
        {section === 'preview' && <PreviewSection survey={current} definition={definition} dirty={dirty} />}
      </TabPanel>
    </EditorContext.Provider>
  );
}
