// Loop settings: the working-time calendar that due times are counted in (time zone, working days
// and hours, a country's public holidays and extra days off), the default SLA, the programme lead
// (who owns cases nobody else can, and the last escalation level) and the root-cause list.
// Owners and admins change them; everyone else reads them.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { LoopSettingsView } from '../../../domain/views.ts';
import { ApiError, api } from '../../api.ts';
import { TimeZoneField, WeekdayChoices } from '../../components/CalendarFields.tsx';
import { TextAreaField, TextField } from '../../components/Field.tsx';
import { MemberPicker } from '../../components/MemberPicker.tsx';
import { FormActions } from '../../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { usePermissions } from '../../session.tsx';
import { caseKeys, useLoopSettings } from './queries.ts';

const FIELDS = ['timeZone', 'workdays', 'startMinute', 'endMinute', 'holidays', 'holidayCountry', 'defaultSlaHours', 'programmeLeadMemberId', 'rootCauses'];

const pad = (n: number) => String(n).padStart(2, '0');
/** Minutes after midnight as HH:MM; the end of the day (1440) shows as 00:00. */
const timeOf = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
const minutesOf = (time: string, endOfDay: boolean): number | null => {
  const match = /^(\d{2}):(\d{2})/.exec(time);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return endOfDay && minutes === 0 ? 1440 : minutes;
};
/** Lines or commas to a list, blanks dropped. */
const linesOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

export function LoopSettings() {
  const { manageLoop } = usePermissions();
  const settings = useLoopSettings();
  const [status, setStatus] = useState('');
  return (
    <>
      <PageHeader title="Loop settings" intro="Due times of new cases are counted in these working hours; cases already open keep theirs." />
      {settings.isPending && <Loading what="the loop settings" />}
      {settings.isError && <ErrorNotice error={settings.error} />}
      {settings.data && (
        <div className="stack">
          {!manageLoop && <p className="notice notice-info">You can read these settings; owners and admins change them.</p>}
          <SettingsForm key={settings.data.updatedAt} settings={settings.data} canEdit={manageLoop} onStatus={setStatus} />
          {status && <Status message={status} />}
        </div>
      )}
    </>
  );
}

function SettingsForm({ settings, canEdit, onStatus }: { settings: LoopSettingsView; canEdit: boolean; onStatus: (message: string) => void }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.put<LoopSettingsView>('/loop-settings', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(caseKeys.settings, saved);
      onStatus('The loop settings are saved.');
    },
  });
  const workdaysError = save.error instanceof ApiError ? save.error.fieldMessage('workdays') : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    onStatus('');
    save.mutate({
      timeZone: text('timeZone'),
      workdays: form.getAll('workdays').map(Number),
      startMinute: minutesOf(text('startMinute'), false),
      endMinute: minutesOf(text('endMinute'), true),
      holidays: linesOf(text('holidays')),
      holidayCountry: text('holidayCountry').toUpperCase() || null,
      defaultSlaHours: text('defaultSlaHours') === '' ? null : Number(text('defaultSlaHours')),
      programmeLeadMemberId: text('programmeLeadMemberId') || null,
      rootCauses: linesOf(text('rootCauses')),
    });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Loop settings">
      <fieldset className="fieldset stack" disabled={!canEdit}>
        <legend>Working time</legend>
        <div className="form-grid">
          <TimeZoneField
            defaultValue={settings.timeZone}
            hint="Working hours and “due today” are in this zone, such as Europe/Copenhagen."
            error={save.error}
          />
          <TextField label="Working hours from" name="startMinute" type="time" defaultValue={timeOf(settings.startMinute)} error={save.error} />
          <TextField label="Working hours until" name="endMinute" type="time" defaultValue={timeOf(settings.endMinute)} error={save.error} />
        </div>
        <WeekdayChoices legend="Working days" name="workdays" checked={settings.workdays} error={workdaysError} />
        <div className="form-grid">
          <TextField
            label="Public holidays of"
            name="holidayCountry"
            defaultValue={settings.holidayCountry ?? ''}
            hint="A country code such as DK, or with a state: DE-BY. Empty: only the days off below."
            error={save.error}
            autoComplete="off"
          />
          <TextAreaField
            label="Other days off"
            name="holidays"
            rows={3}
            defaultValue={settings.holidays.join('\n')}
            hint="One date a line, such as 2026-12-24."
            error={save.error}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset stack" disabled={!canEdit}>
        <legend>Follow-up</legend>
        <div className="form-grid">
          <TextField
            label="Default SLA (working hours)"
            name="defaultSlaHours"
            type="number"
            min={1}
            max={2000}
            defaultValue={settings.defaultSlaHours}
            hint="How long a new case has until it is due, unless its rule says otherwise. 8 working hours is about one working day."
            error={save.error}
          />
          <TextAreaField
            label="Root causes"
            name="rootCauses"
            rows={6}
            defaultValue={settings.rootCauses.join('\n')}
            hint="One a line; offered when a case is resolved."
            error={save.error}
          />
        </div>
        {canEdit ? (
          <MemberPicker
            label="Programme lead"
            name="programmeLeadMemberId"
            initial={settings.programmeLeadMemberId}
            error={save.error}
            emptyLabel="No programme lead"
          />
        ) : (
          <p>
            Programme lead: <strong>{settings.programmeLeadName ?? 'nobody'}</strong>
          </p>
        )}
        <p className="hint">The programme lead owns cases whose customer has no owner and whose unit has no manager, and hears of overdue cases last.</p>
      </fieldset>
      <FormError error={save.error} fields={FIELDS} />
      {canEdit && <FormActions pending={save.isPending} label="Save loop settings" />}
    </form>
  );
}
