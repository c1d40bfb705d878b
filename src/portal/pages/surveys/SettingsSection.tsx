// Settings of the survey record (not of the draft): name, anonymity, group size, public link and
// kiosk with their addresses, link validity, the survey's touchpoint, and its own reminder and
// quarantine (empty: the workspace's sending settings). Saved at once, unversioned.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormActions } from '../../components/Modal.tsx';
import { FormError, Status } from '../../components/Notice.tsx';
import { type Survey, type SurveyDetail, surveyKeys, useTouchpoints } from '../../components/survey-editor/api.ts';
import { usePermissions } from '../../session.tsx';
import { useSendingSettings } from '../distribution/SendingSettings.tsx';

const FIELDS = [
  'name',
  'anonymous',
  'minGroupSize',
  'publicLinkEnabled',
  'kioskEnabled',
  'linkValidityDays',
  'touchpointId',
  'distribution.reminderDays',
  'distribution.quarantineInvitedDays',
  'distribution.quarantineAnsweredDays',
] as const;

type Distribution = Survey['distribution'];

/** The survey's overrides from the form: an empty field leaves the key out (the workspace's setting applies). */
function distributionOf(form: FormData): Distribution {
  const distribution: Distribution = {};
  const reminder = String(form.get('distribution.reminderDays') ?? '');
  if (reminder === 'off') distribution.reminderDays = null;
  else if (reminder !== '') distribution.reminderDays = Number(reminder);
  for (const key of ['quarantineInvitedDays', 'quarantineAnsweredDays'] as const) {
    const value = String(form.get(`distribution.${key}`) ?? '').trim();
    if (value !== '') distribution[key] = Number(value);
  }
  return distribution;
}

export function SettingsSection({ survey }: { survey: SurveyDetail }) {
  const queryClient = useQueryClient();
  const { manageSurveys, viewDistribution } = usePermissions();
  const touchpoints = useTouchpoints();
  const workspace = useSendingSettings(viewDistribution).data;
  const [status, setStatus] = useState('');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Survey>(`/surveys/${survey.id}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData<SurveyDetail>(surveyKeys.one(survey.id), (old) => old && { ...old, ...saved });
      void queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      setStatus('The settings are saved.');
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setStatus('');
    save.mutate({
      name: String(form.get('name') ?? '').trim(),
      anonymous: form.has('anonymous'),
      minGroupSize: Number(form.get('minGroupSize')),
      publicLinkEnabled: form.has('publicLinkEnabled'),
      kioskEnabled: form.has('kioskEnabled'),
      linkValidityDays: Number(form.get('linkValidityDays')),
      touchpointId: String(form.get('touchpointId') ?? '') || null,
      distribution: distributionOf(form),
    });
  };
  return (
    <div className="stack">
      <form className="stack form-narrow" onSubmit={submit} noValidate>
        <fieldset className="fieldset stack" disabled={!manageSurveys}>
          <legend>Survey settings</legend>
          <TextField label="Name" name="name" defaultValue={survey.name} required error={save.error} />
          <label className="checkbox">
            <input type="checkbox" name="anonymous" defaultChecked={survey.anonymous} />
            Anonymous: answers are stored without the contact
          </label>
          <TextField
            label="Minimum group size"
            name="minGroupSize"
            type="number"
            min={1}
            max={1000}
            defaultValue={survey.minGroupSize}
            hint="Results of an anonymous survey are shown only for groups with at least this many responses."
            error={save.error}
          />
          <TextField
            label="Personal links are valid for (days)"
            name="linkValidityDays"
            type="number"
            min={1}
            max={366}
            defaultValue={survey.linkValidityDays}
            error={save.error}
          />
          <SelectField label="Touchpoint" name="touchpointId" defaultValue={survey.touchpointId ?? ''} error={save.error}>
            <option value="">None</option>
            {touchpoints.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <label className="checkbox">
            <input type="checkbox" name="publicLinkEnabled" defaultChecked={survey.publicLinkEnabled} />
            Public link, for QR codes and websites
          </label>
          <label className="checkbox">
            <input type="checkbox" name="kioskEnabled" defaultChecked={survey.kioskEnabled} />
            Kiosk mode, for a shared tablet
          </label>
        </fieldset>
        <fieldset className="fieldset stack" disabled={!manageSurveys}>
          <legend>Sending for this survey</legend>
          <p className="muted">Empty or "workspace setting": the workspace's sending settings apply.</p>
          <SelectField
            label="Reminder"
            name="distribution.reminderDays"
            defaultValue={
              survey.distribution.reminderDays === undefined ? '' : survey.distribution.reminderDays === null ? 'off' : String(survey.distribution.reminderDays)
            }
            hint="One reminder at most, to people who have not answered."
            error={save.error}
          >
            <option value="">
              Workspace setting
              {workspace ? ` (${workspace.reminderDays === null ? 'no reminder' : `after ${workspace.reminderDays} days`})` : ''}
            </option>
            <option value="off">No reminder</option>
            {[3, 4, 5, 6, 7].map((days) => (
              <option key={days} value={days}>
                After {days} days
              </option>
            ))}
          </SelectField>
          <TextField
            label="Days without a new invitation after an invitation"
            name="distribution.quarantineInvitedDays"
            type="number"
            min={0}
            max={730}
            defaultValue={survey.distribution.quarantineInvitedDays ?? ''}
            hint={`Empty: the workspace setting${workspace ? ` (${workspace.quarantineInvitedDays} days)` : ''}.`}
            error={save.error}
          />
          <TextField
            label="Days without a new invitation after an answer"
            name="distribution.quarantineAnsweredDays"
            type="number"
            min={0}
            max={730}
            defaultValue={survey.distribution.quarantineAnsweredDays ?? ''}
            hint={`Empty: the workspace setting${workspace ? ` (${workspace.quarantineAnsweredDays} days)` : ''}.`}
            error={save.error}
          />
        </fieldset>
        <FormError error={save.error} fields={FIELDS} />
        {manageSurveys && <FormActions pending={save.isPending} label="Save settings" />}
      </form>
      {status && <Status message={status} />}
      <section className="card" aria-labelledby="links-title">
        <h2 id="links-title">Links</h2>
        <CopyLink label="Public link" path={`/l/${survey.slug}`} enabled={survey.publicLinkEnabled} />
        <CopyLink label="Kiosk link" path={`/k/${survey.slug}`} enabled={survey.kioskEnabled} />
      </section>
    </div>
  );
}

function CopyLink({ label, path, enabled }: { label: string; path: string; enabled: boolean }) {
  const url = `${window.location.origin}${path}`;
  const [copied, setCopied] = useState(false);
  const id = `link-${path.slice(1, 2)}`;
  return (
    <div className="field copy-link">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="hint">
        {enabled ? 'On: anyone with the link may answer.' : 'Off: the link shows that the survey is not available. Turn it on above.'}
      </p>
      <div className="inline-add">
        <input id={id} type="text" readOnly value={url} aria-describedby={`${id}-hint`} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="button"
          onClick={() =>
            void navigator.clipboard.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      {copied && <Status message={`${label} copied.`} />}
    </div>
  );
}
