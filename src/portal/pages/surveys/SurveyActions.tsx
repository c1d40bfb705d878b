// Publishing (after saving unsaved changes) and closing or reopening a survey, each confirmed.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { type Survey, type SurveyDetail, surveyKeys } from '../../components/survey-editor/api.ts';
import type { Problem } from '../../components/survey-editor/context.tsx';
import { draftPath } from '../../components/survey-editor/draft.ts';
import { ProblemList } from '../../components/survey-editor/ProblemList.tsx';

interface Props {
  survey: SurveyDetail;
  dirty: boolean;
  saveFirst: () => Promise<SurveyDetail>;
  onPublished: (published: SurveyDetail) => void;
  onProblems: (problems: Problem[]) => void;
  onGo: (problem: Problem) => void;
}

export function SurveyActions({ survey, dirty, saveFirst, onPublished, onProblems, onGo }: Props) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<'publish' | 'close' | 'reopen' | null>(null);
  const publish = useMutation({
    mutationFn: async () => {
      if (dirty) await saveFirst();
      return api.post<SurveyDetail>(`/surveys/${survey.id}/publish`);
    },
    onSuccess: (published) => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.versions(survey.id) });
      setAsking(null);
      onPublished(published);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) onProblems(problemsOf(error));
    },
  });
  const openClose = useMutation({
    mutationFn: (open: boolean) => api.post<Survey>(`/surveys/${survey.id}/${open ? 'reopen' : 'close'}`),
    onSuccess: (saved) => {
      queryClient.setQueryData<SurveyDetail>(surveyKeys.one(survey.id), (old) => old && { ...old, ...saved });
      void queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      setAsking(null);
    },
  });
  const problems = problemsOf(publish.error);
  const next = (survey.currentVersion ?? 0) + 1;

  return (
    <>
      <button type="button" className="button" onClick={() => setAsking('publish')}>
        Publish
      </button>
      {survey.status === 'active' && (
        <button type="button" className="button" onClick={() => setAsking('close')}>
          Close survey
        </button>
      )}
      {survey.status === 'closed' && (
        <button type="button" className="button" onClick={() => setAsking('reopen')}>
          Reopen survey
        </button>
      )}
      {asking === 'publish' && (
        <ConfirmDialog
          title={`Publish version ${next}?`}
          confirmLabel={`Publish version ${next}`}
          pending={publish.isPending}
          error={problems.length ? null : publish.error}
          onConfirm={() => publish.mutate()}
          onClose={() => {
            publish.reset();
            setAsking(null);
          }}
        >
          <p>
            Respondents get version {next} from now on. Answers already given stay with the version they answered.
            {dirty && ' Your unsaved changes are saved first.'}
          </p>
          {problems.length > 0 && (
            <div className="notice notice-error" role="alert">
              <p>{publish.error instanceof Error ? publish.error.message : ''}</p>
              <ProblemList
                problems={problems}
                onGo={(problem) => {
                  setAsking(null);
                  onGo(problem);
                }}
              />
            </div>
          )}
        </ConfirmDialog>
      )}
      {(asking === 'close' || asking === 'reopen') && (
        <ConfirmDialog
          title={asking === 'close' ? `Close ${survey.name}?` : `Reopen ${survey.name}?`}
          confirmLabel={asking === 'close' ? 'Close survey' : 'Reopen survey'}
          pending={openClose.isPending}
          error={openClose.error}
          onConfirm={() => openClose.mutate(asking === 'reopen')}
          onClose={() => {
            openClose.reset();
            setAsking(null);
          }}
        >
          <p>
            {asking === 'close'
              ? 'Links to this survey show that it is closed and take no more answers. You can reopen it later.'
              : 'Links to this survey take answers again.'}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

const problemsOf = (error: unknown): Problem[] =>
  error instanceof ApiError && error.status === 400 ? error.fieldErrors.map((e) => ({ field: draftPath(e.field), message: e.message })) : [];
