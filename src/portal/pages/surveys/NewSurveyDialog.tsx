// Starting a survey: a name, then a template (complete in six languages; keep the languages you
// need) or only a kind, whose first draft holds the question the kind is measured by.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Language, LocalizedText } from '../../../domain/surveys/definition.ts';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormActions, Modal } from '../../components/Modal.tsx';
import { FormError } from '../../components/Notice.tsx';
import { KIND_LABELS, type SurveyDetail, type SurveyKind, surveyKeys } from '../../components/survey-editor/api.ts';
import { LANGUAGE_NAMES } from '../../components/survey-editor/draft.ts';
import { starterDefinition } from '../../components/survey-editor/starter.ts';

const FIELDS = ['name', 'kind', 'anonymous', 'template', 'languages'] as const;

interface Template {
  id: string;
  kind: SurveyKind;
  anonymous: boolean;
  name: LocalizedText;
  description: LocalizedText;
  languages: Language[];
  questionCount: number;
}

const english = (text: LocalizedText) => text.en ?? Object.values(text)[0] ?? '';

export function NewSurveyDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const templates = useQuery({ queryKey: ['survey-templates'], queryFn: () => api.get<Template[]>('/survey-templates'), staleTime: Number.POSITIVE_INFINITY });
  const [templateId, setTemplateId] = useState('');
  const [kind, setKind] = useState<SurveyKind>('relationship_nps');
  const [anonymous, setAnonymous] = useState(false);
  const [languages, setLanguages] = useState<Language[]>([]);
  const template = templates.data?.find((t) => t.id === templateId);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<SurveyDetail>('/surveys', body),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      void queryClient.invalidateQueries({ queryKey: surveyKeys.touchpoints });
      navigate(`/surveys/${created.id}`, { state: { status: `${created.name} is created.` } });
    },
  });
  const chooseTemplate = (id: string) => {
    const chosen = templates.data?.find((t) => t.id === id);
    setTemplateId(id);
    if (chosen) {
      setAnonymous(chosen.anonymous);
      setLanguages(chosen.languages);
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    create.mutate(template ? { name, template: template.id, anonymous, languages } : { name, kind, anonymous, definition: starterDefinition(kind) });
  };
  return (
    <Modal title="New survey" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" required autoComplete="off" hint="For you and your colleagues; respondents do not see it." error={create.error} />
        <SelectField
          label="Start from"
          name="template"
          value={templateId}
          hint={template ? `${english(template.description)} ${template.questionCount} questions.` : 'A template has every text in six languages.'}
          error={create.error}
          onChange={(event) => chooseTemplate(event.target.value)}
        >
          <option value="">Only the main question of a kind</option>
          {templates.data?.map((t) => (
            <option key={t.id} value={t.id}>
              Template: {english(t.name)}
            </option>
          ))}
        </SelectField>
        {template ? (
          <fieldset className="fieldset">
            <legend>Languages to keep</legend>
            <div className="check-row">
              {template.languages.map((language) => (
                <label key={language} className="checkbox">
                  <input
                    type="checkbox"
                    checked={languages.includes(language)}
                    onChange={(event) =>
                      setLanguages(
                        event.target.checked
                          ? template.languages.filter((l) => l === language || languages.includes(l))
                          : languages.filter((l) => l !== language),
                      )
                    }
                  />
                  {LANGUAGE_NAMES[language]}
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <SelectField
            label="Kind"
            name="kind"
            value={kind}
            hint="Decides the main question: NPS 0–10, CSAT 1–5 or CES 1–7."
            error={create.error}
            onChange={(event) => {
              const next = event.target.value as SurveyKind;
              setKind(next);
              setAnonymous(next === 'enps');
            }}
          >
            {(Object.keys(KIND_LABELS) as SurveyKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
        )}
        <label className="checkbox">
          <input type="checkbox" name="anonymous" checked={anonymous} onChange={(event) => setAnonymous(event.target.checked)} />
          Anonymous: answers are stored without the contact
        </label>
        <FormError error={create.error} fields={FIELDS} />
        <FormActions pending={create.isPending} label="Create survey" pendingLabel="Creating…" onCancel={onClose} />
      </form>
    </Modal>
  );
}
