// A new wave: the survey, once or every N days, which contacts; then the preview (how many would
// be invited now, who would be skipped and why) before it can be scheduled.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import type { ContactFilterView, WavePreviewView, WaveView } from '../../../domain/views.ts';
import { type AttributeDefinition, api, type Page } from '../../api.ts';
import { AttributeInput, attributeFromText } from '../../components/AttributeInput.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { MemberPicker } from '../../components/MemberPicker.tsx';
import { FormActions, Modal } from '../../components/Modal.tsx';
import { FormError, Loading } from '../../components/Notice.tsx';
import { STATUS_LABELS, type Survey } from '../../components/survey-editor/api.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { formatNumber } from '../../format.ts';
import { skipReasonLabel } from '../../format-distribution.ts';
import { useAttributeDefinitions, useUnits } from '../../queries.ts';

export const waveKeys = { all: ['waves'] as const };
const FIELDS = ['name', 'surveyId', 'kind', 'everyDays', 'startsAt', 'unitId', 'segment', 'language', 'consent', 'ownerMemberId', 'attributes'];

function useSurveys() {
  return useQuery({ queryKey: ['surveys', 'for-waves'], queryFn: () => api.get<Page<Survey>>('/surveys', { limit: 500 }) });
}

/** The filter as the form holds it. */
function readFilter(form: FormData, definitions: AttributeDefinition[]): ContactFilterView {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const filter: ContactFilterView = {};
  if (text('unitId')) {
    filter.unitId = text('unitId');
    filter.subtree = form.get('subtree') === 'on';
  }
  if (text('ownerMemberId')) filter.ownerMemberId = text('ownerMemberId');
  if (text('segment')) filter.segment = text('segment');
  if (text('language')) filter.language = text('language');
  const consent = text('consent');
  if (consent === 'unknown' || consent === 'granted' || consent === 'withdrawn') filter.consent = consent;
  const attributes: NonNullable<ContactFilterView['attributes']> = {};
  for (const definition of definitions) {
    const value = attributeFromText(definition, text(`attributes.${definition.key}`));
    if (value !== null) attributes[definition.key] = value;
  }
  if (Object.keys(attributes).length > 0) filter.attributes = attributes;
  return filter;
}

export function NewWave({ onClose, onDone }: { onClose: () => void; onDone: (wave: WaveView) => void }) {
  const queryClient = useQueryClient();
  const surveys = useSurveys();
  const units = useUnits();
  const definitions = useAttributeDefinitions();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<'one_off' | 'recurring'>('one_off');

  const preview = useMutation({ mutationFn: (body: { surveyId: string; filter: ContactFilterView }) => api.post<WavePreviewView>('/waves/preview', body) });
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<WaveView>('/waves', body),
    onSuccess: (wave) => {
      void queryClient.invalidateQueries({ queryKey: waveKeys.all });
      onDone(wave);
    },
  });

  const read = () => {
    const form = new FormData(formRef.current ?? undefined);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const startsAt = text('startsAt');
    return {
      name: text('name'),
      surveyId: text('surveyId'),
      kind,
      ...(kind === 'recurring' ? { everyDays: Number(text('everyDays')) } : {}),
      filter: readFilter(form, definitions.data ?? []),
      startsAt: startsAt ? new Date(startsAt).toISOString() : new Date().toISOString(),
    };
  };
  const runPreview = () => {
    const { surveyId, filter } = read();
    preview.mutate({ surveyId, filter });
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(read());
  };
  // A changed survey or filter makes the shown preview stale: it must be previewed again before
  // scheduling. The start time does not change who is chosen.
  const changed = (event: FormEvent<HTMLFormElement>) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'startsAt') return;
    if (preview.data || preview.error) preview.reset();
  };

  const choosable = (surveys.data?.items ?? []).filter((survey) => survey.status !== 'closed');
  const error = create.error ?? preview.error;
  return (
    <Modal title="New wave" onClose={onClose}>
      {(surveys.isPending || units.isPending || definitions.isPending) && <Loading what="the form" />}
      {surveys.data && units.data && definitions.data && (
        <form ref={formRef} className="stack" onSubmit={submit} onChange={changed} noValidate>
          <TextField label="Name" name="name" required error={error} />
          <SelectField label="Survey" name="surveyId" error={error} hint="A draft survey may be chosen: the wave waits until it is published.">
            {choosable.map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.name}
                {survey.status === 'draft' ? ' (draft)' : ''}
              </option>
            ))}
          </SelectField>
          <fieldset className="fieldset">
            <legend>Kind</legend>
            <label className="checkbox">
              <input type="radio" name="kind" value="one_off" checked={kind === 'one_off'} onChange={() => setKind('one_off')} /> One-off: invite once, at the
              start
            </label>
            <label className="checkbox">
              <input type="radio" name="kind" value="recurring" checked={kind === 'recurring'} onChange={() => setKind('recurring')} /> Recurring: invite each
              contact every N days
            </label>
            {kind === 'recurring' && (
              <TextField
                label="Every how many days"
                name="everyDays"
                type="number"
                min={7}
                max={1095}
                defaultValue="365"
                hint="7 to 1095. Each contact gets a fixed day in the period, so invitations are spread evenly."
                error={error}
              />
            )}
          </fieldset>
          <fieldset className="fieldset">
            <legend>Contacts</legend>
            <UnitSelect label="Unit" name="unitId" units={units.data} emptyOption="All units" error={error} />
            <label className="checkbox">
              <input type="checkbox" name="subtree" defaultChecked /> Include the units below it
            </label>
            <TextField label="Segment" name="segment" error={error} />
            <TextField label="Language" name="language" hint="Such as da or sv-SE; empty for every language." error={error} />
            <SelectField label="Consent" name="consent" error={error}>
              <option value="">Any</option>
              <option value="granted">Granted</option>
              <option value="unknown">Not asked</option>
            </SelectField>
            <MemberPicker label="Owner" name="ownerMemberId" initial={null} error={error} emptyLabel="Any owner" />
            {definitions.data.map((definition) => (
              <AttributeInput key={definition.key} definition={definition} name={`attributes.${definition.key}`} emptyLabel="Any" error={error} />
            ))}
          </fieldset>
          <FormError error={preview.error} fields={FIELDS} />
          <div className="actions">
            <button type="button" className="button" disabled={preview.isPending} onClick={runPreview}>
              {preview.isPending ? 'Counting…' : 'Preview'}
            </button>
          </div>
          {preview.data && <PreviewResult preview={preview.data} />}
          {preview.data && (
            <>
              <TextField
                label="Start"
                name="startsAt"
                type="datetime-local"
                hint="Empty: start now. Sending keeps to the send window and the hourly rate."
                error={error}
              />
              <FormError error={create.error} fields={FIELDS} />
              <FormActions pending={create.isPending} label="Schedule wave" pendingLabel="Scheduling…" onCancel={onClose} />
            </>
          )}
        </form>
      )}
    </Modal>
  );
}

function PreviewResult({ preview }: { preview: WavePreviewView }) {
  const skipped = Object.entries(preview.skipped) as [keyof WavePreviewView['skipped'], number][];
  return (
    <section className="stack" aria-label="Preview">
      <h3>Preview</h3>
      {preview.surveyStatus !== 'active' && (
        <p className="notice notice-warning">The survey is {STATUS_LABELS[preview.surveyStatus].toLowerCase()}: nothing is sent until it is published.</p>
      )}
      <dl className="stats">
        <div className="stat">
          <dt>Matching contacts</dt>
          <dd>{formatNumber(preview.matching)}</dd>
        </div>
        <div className="stat">
          <dt>Would be invited now</dt>
          <dd>{formatNumber(preview.wouldInvite)}</dd>
        </div>
        <div className="stat">
          <dt>Skipped</dt>
          <dd>{formatNumber(preview.matching - preview.wouldInvite)}</dd>
        </div>
      </dl>
      {skipped.length > 0 && (
        <>
          <h4>Skipped, by reason</h4>
          <ul>
            {skipped.map(([reason, count]) => (
              <li key={reason}>
                {skipReasonLabel(reason)}: {formatNumber(count)}
              </li>
            ))}
          </ul>
          <table className="table">
            <caption>Some of the skipped contacts</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((contact) => (
                <tr key={contact.contactId}>
                  <th scope="row" data-label="Name">
                    {contact.name ?? <span className="muted">No name</span>}
                  </th>
                  <td data-label="Email">{contact.email ?? <span className="muted">None</span>}</td>
                  <td data-label="Why">{skipReasonLabel(contact.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
