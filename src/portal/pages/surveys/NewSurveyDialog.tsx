// Starting a survey: a name and a kind; the first draft holds the question the kind is measured by.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormActions, Modal } from '../../components/Modal.tsx';
import { FormError } from '../../components/Notice.tsx';
import { KIND_LABELS, type SurveyDetail, type SurveyKind, surveyKeys } from '../../components/survey-editor/api.ts';
import { starterDefinition } from '../../components/survey-editor/starter.ts';

const FIELDS = ['name', 'kind', 'anonymous'] as const;

export function NewSurveyDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<SurveyKind>('relationship_nps');
  const [anonymous, setAnonymous] = useState(false);
  const create = useMutation({
    mutationFn: (body: { name: string; kind: SurveyKind; anonymous: boolean }) =>
      api.post<SurveyDetail>('/surveys', { ...body, definition: starterDefinition(body.kind) }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      navigate(`/surveys/${created.id}`, { state: { status: `${created.name} is created.` } });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: String(form.get('name') ?? '').trim(), kind, anonymous });
  };
  return (
    <Modal title="New survey" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" required autoComplete="off" hint="For you and your colleagues; respondents do not see it." error={create.error} />
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
