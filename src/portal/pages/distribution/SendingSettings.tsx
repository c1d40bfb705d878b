// Distribution → Sending settings: how often a contact may be asked, when invitations leave, the
// reminder, and the workspace's own email server. Owners and admins change them; managers and
// analysts read them (without the email server). Each setting says in one line what it does.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { DistributionSettingsView } from '../../../domain/views.ts';
import { ApiError, api } from '../../api.ts';
import { TimeZoneField, WeekdayChoices } from '../../components/CalendarFields.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { usePermissions } from '../../session.tsx';
import { ConnectionTest, type PasswordChoice, SmtpFields, textOf } from './SmtpSettings.tsx';

export const SENDING_SETTINGS_KEY = ['distribution', 'settings'] as const;

export function useSendingSettings(enabled = true) {
  return useQuery({ queryKey: SENDING_SETTINGS_KEY, queryFn: () => api.get<DistributionSettingsView>('/distribution/settings'), enabled });
}

const FIELDS = [
  'timeZone',
  'quarantineInvitedDays',
  'quarantineAnsweredDays',
  'accountLimit',
  'accountPeriodDays',
  'windowStartMinute',
  'windowEndMinute',
  'windowWeekdays',
  'maxPerHour',
  'reminderDays',
  'smtp.host',
  'smtp.port',
  'smtp.security',
  'smtp.user',
  'smtp.password',
  'smtp.fromAddress',
  'smtp.fromName',
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
/** Minutes after midnight as HH:MM; the end of the day (1440) shows as 00:00. */
const timeOf = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
const minutesOf = (time: string, endOfDay: boolean): number | undefined => {
  const match = /^(\d{2}):(\d{2})/.exec(time);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return endOfDay && minutes === 0 ? 1440 : minutes;
};
/** A number from a field; blank is null (which the server refuses, naming the field, where a number is required). */
const numberOf = (value: FormDataEntryValue | null): number | null => {
  const text = String(value ?? '').trim();
  return text === '' ? null : Number(text);
};

export function SendingSettings() {
  const { manageDistribution } = usePermissions();
  const settings = useSendingSettings();
  // Kept here: the form starts afresh from the saved values (its key), the message stays.
  const [status, setStatus] = useState('');
  return (
    <>
      <PageHeader
        title="Sending settings"
        intro="When invitations go out and how often one person may be asked. They apply to every survey; a survey may set its own reminder and quarantine in its settings."
      />
      {settings.isPending && <Loading what="the sending settings" />}
      {settings.isError && <ErrorNotice error={settings.error} />}
      {settings.data && (
        <div className="stack">
          {!manageDistribution && <p className="notice notice-info">You can read these settings; owners and admins change them.</p>}
          <SettingsForm key={settings.data.updatedAt} settings={settings.data} canEdit={manageDistribution} onStatus={setStatus} />
          {status && <Status message={status} />}
          {manageDistribution && settings.data.smtp && <ConnectionTest smtp={settings.data.smtp} />}
        </div>
      )}
    </>
  );
}

function SettingsForm({ settings, canEdit, onStatus }: { settings: DistributionSettingsView; canEdit: boolean; onStatus: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState<PasswordChoice>(settings.smtp?.passwordSet ? 'keep' : 'change');
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.put<DistributionSettingsView>('/distribution/settings', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(SENDING_SETTINGS_KEY, saved);
      onStatus('The sending settings are saved.');
    },
  });
  const weekdaysError = save.error instanceof ApiError ? save.error.fieldMessage('windowWeekdays') : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onStatus('');
    const body: Record<string, unknown> = {
      timeZone: String(form.get('timeZone') ?? '').trim(),
      quarantineInvitedDays: numberOf(form.get('quarantineInvitedDays')),
      quarantineAnsweredDays: numberOf(form.get('quarantineAnsweredDays')),
      accountLimit: numberOf(form.get('accountLimit')),
      accountPeriodDays: numberOf(form.get('accountPeriodDays')),
      windowStartMinute: minutesOf(String(form.get('windowStartMinute') ?? ''), false) ?? null,
      windowEndMinute: minutesOf(String(form.get('windowEndMinute') ?? ''), true) ?? null,
      windowWeekdays: form.getAll('windowWeekdays').map(Number),
      maxPerHour: numberOf(form.get('maxPerHour')),
      reminderDays: numberOf(form.get('reminderDays')),
    };
    if (settings.smtp) {
      const typed = String(form.get('smtp.password') ?? '');
      body.smtp = {
        host: textOf(form.get('smtp.host')),
        port: numberOf(form.get('smtp.port')),
        security: String(form.get('smtp.security')),
        user: textOf(form.get('smtp.user')),
        fromAddress: textOf(form.get('smtp.fromAddress')),
        fromName: textOf(form.get('smtp.fromName')),
        senderIsOwner: form.has('smtp.senderIsOwner'),
        ...(password === 'remove' ? { password: null } : password === 'change' && typed !== '' ? { password: typed } : {}),
      };
    }
    save.mutate(body);
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Sending settings">
      <fieldset className="fieldset stack" disabled={!canEdit}>
        <legend>How often one person is asked</legend>
        <div className="form-grid">
          <TextField
            label="Days without a new invitation after an invitation"
            name="quarantineInvitedDays"
            type="number"
            min={0}
            max={730}
            defaultValue={settings.quarantineInvitedDays}
            hint="A contact invited within this many days is skipped (reason: recently invited). 0 turns it off."
            error={save.error}
          />
          <TextField
            label="Days without a new invitation after an answer"
            name="quarantineAnsweredDays"
            type="number"
            min={0}
            max={730}
            defaultValue={settings.quarantineAnsweredDays}
            hint="Someone who answered within this many days is not asked again yet (reason: recently answered)."
            error={save.error}
          />
          <TextField
            label="Invitations per account"
            name="accountLimit"
            type="number"
            min={1}
            max={100000}
            defaultValue={settings.accountLimit ?? ''}
            hint="For business customers: at most this many people of one company are asked per period. Empty: no limit."
            error={save.error}
          />
          <TextField
            label="Account period (days)"
            name="accountPeriodDays"
            type="number"
            min={1}
            max={730}
            defaultValue={settings.accountPeriodDays}
            hint="The period the limit per account counts over."
            error={save.error}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset stack" disabled={!canEdit}>
        <legend>When invitations go out</legend>
        <div className="form-grid">
          <TimeZoneField
            defaultValue={settings.timeZone}
            hint="Used for contacts without a time zone of their own, such as Europe/Copenhagen."
            error={save.error}
          />
          <TextField
            label="Send from"
            name="windowStartMinute"
            type="time"
            defaultValue={timeOf(settings.windowStartMinute)}
            hint="Earliest local time of the recipient."
            error={save.error}
          />
          <TextField
            label="Send until"
            name="windowEndMinute"
            type="time"
            defaultValue={timeOf(settings.windowEndMinute)}
            hint="Invitations planned later wait for the next sending day. 00:00 means midnight."
            error={save.error}
          />
          <TextField
            label="At most per hour"
            name="maxPerHour"
            type="number"
            min={1}
            max={1000000}
            defaultValue={settings.maxPerHour}
            hint="Large waves are spread out; reminders count too."
            error={save.error}
          />
        </div>
        <WeekdayChoices legend="Sending days" name="windowWeekdays" checked={settings.windowWeekdays} error={weekdaysError} />
      </fieldset>

      <fieldset className="fieldset stack" disabled={!canEdit}>
        <legend>Follow-up</legend>
        <SelectField
          label="Reminder"
          name="reminderDays"
          defaultValue={settings.reminderDays === null ? '' : String(settings.reminderDays)}
          hint="One reminder at most, only to people who have not answered or opted out."
          error={save.error}
        >
          <option value="">No reminder</option>
          {[3, 4, 5, 6, 7].map((days) => (
            <option key={days} value={days}>
              After {days} days
            </option>
          ))}
        </SelectField>
      </fieldset>

      {settings.smtp && <SmtpFields smtp={settings.smtp} error={save.error} password={password} onPassword={setPassword} />}

      <FormError error={save.error} fields={FIELDS} />
      {canEdit && (
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save sending settings'}
          </button>
        </div>
      )}
    </form>
  );
}
