// One condition or one action of an alert rule, as a fieldset of inputs for its type. Inputs are
// named by their path in the request (conditions.0.min), so the server's message for a field
// appears beside it.
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import type { AlertActionView, AlertConditionView, Page, SurveyView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ItemButton } from '../../components/ItemActions.tsx';
import { useTouchpoints } from '../../components/survey-editor/api.ts';
import { ACTION_TYPES, CONDITION_TYPES, type Draft, KEYWORD_LANGUAGES, splitList } from './rule-drafts.ts';

type Change = (values: Record<string, string>) => void;
const CATEGORY_CHOICES = { detractor: 'Detractors (0–6)', passive: 'Passives (7–8)', promoter: 'Promoters (9–10)' };

/** Checkboxes that keep a comma-separated list of the chosen keys. */
function CheckList({
  legend,
  choices,
  value,
  onChange,
}: {
  legend: string;
  choices: Record<string, string>;
  value: string;
  onChange: (value: string) => void;
}) {
  const chosen = new Set(splitList(value));
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <div className="weekday-choices">
        {Object.entries(choices).map(([key, label]) => (
          <label key={key} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.has(key)}
              onChange={(event) =>
                onChange(
                  Object.keys(choices)
                    .filter((k) => (k === key ? event.target.checked : chosen.has(k)))
                    .join(','),
                )
              }
            />
            {label}
          </label>
        ))}
        {Object.keys(choices).length === 0 && <p className="muted small">None yet.</p>}
      </div>
    </fieldset>
  );
}

export function ConditionRow({
  draft,
  index,
  error,
  onType,
  onChange,
  onRemove,
}: {
  draft: Draft<AlertConditionView['type']>;
  index: number;
  error: unknown;
  onType: (type: AlertConditionView['type']) => void;
  onChange: Change;
  onRemove?: () => void;
}) {
  const v = draft.values;
  const path = (name: string) => `conditions.${index}.${name}`;
  const text = (name: string, label: string, hint?: string, type = 'text') => (
    <TextField
      label={label}
      name={path(name)}
      type={type}
      hint={hint}
      value={v[name] ?? ''}
      onChange={(e) => onChange({ [name]: e.target.value })}
      error={error}
    />
  );
  return (
    <fieldset className="fieldset stack">
      <legend>Condition {index + 1}</legend>
      <SelectField label="Kind of condition" name={path('type')} value={draft.type} onChange={(e) => onType(e.target.value as AlertConditionView['type'])}>
        {Object.entries(CONDITION_TYPES).map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </SelectField>
      <div className="form-grid">
        {draft.type === 'category' && (
          <CheckList legend="Categories" choices={CATEGORY_CHOICES} value={v.categories ?? ''} onChange={(categories) => onChange({ categories })} />
        )}
        {draft.type === 'score' && (
          <>
            {text('min', 'Lowest score', undefined, 'number')}
            {text('max', 'Highest score', undefined, 'number')}
          </>
        )}
        {draft.type === 'answer' && (
          <>
            {text('questionKey', 'Question key', 'As in the survey editor, such as delivery_speed.')}
            {text('values', 'Any of these answers', 'Choice keys or exact texts, separated by commas.')}
            {text('min', 'At least', 'For numbers: leave empty for no lower limit.', 'number')}
            {text('max', 'At most', 'For numbers: leave empty for no upper limit.', 'number')}
          </>
        )}
        {draft.type === 'contact_request' && text('questionKeys', 'Yes/no question keys', 'The questions asking "may we contact you?", separated by commas.')}
        {draft.type === 'keywords' && (
          <>
            <p className="hint form-grid-wide">
              Keywords or phrases separated by commas, for answers in each language; word endings are ignored (complaint matches complaints).
            </p>
            {Object.entries(KEYWORD_LANGUAGES).map(([language, name]) => (
              <Fragment key={language}>{text(`keywords.${language}`, `Keywords in ${name}`)}</Fragment>
            ))}
            {text('questionKeys', 'Only in these questions', 'Text question keys, separated by commas; empty for every text answer.')}
          </>
        )}
        {draft.type === 'segment' && text('values', 'Segments', 'Any of these, separated by commas.')}
        {draft.type === 'attribute' && (
          <>
            {text('key', 'Attribute key')}
            {text('values', 'Any of these values', 'Separated by commas.')}
          </>
        )}
        {draft.type === 'touchpoint' && <TouchpointChoice value={v.touchpointKeys ?? ''} onChange={(touchpointKeys) => onChange({ touchpointKeys })} />}
        {draft.type === 'survey' && <SurveyChoice value={v.surveyIds ?? ''} onChange={(surveyIds) => onChange({ surveyIds })} />}
      </div>
      {onRemove && (
        <div>
          <ItemButton label="Remove" item={`condition ${index + 1}`} danger onClick={onRemove} />
        </div>
      )}
    </fieldset>
  );
}

function TouchpointChoice({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const touchpoints = useTouchpoints();
  const choices = Object.fromEntries((touchpoints.data ?? []).map((t) => [t.key, t.name]));
  return <CheckList legend="Touchpoints" choices={choices} value={value} onChange={onChange} />;
}

function SurveyChoice({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const surveys = useQuery({ queryKey: ['surveys', 'for-alert-rules'], queryFn: () => api.get<Page<SurveyView>>('/surveys', { limit: 500 }) });
  const choices = Object.fromEntries((surveys.data?.items ?? []).map((s) => [s.id, s.name]));
  return <CheckList legend="Surveys" choices={choices} value={value} onChange={onChange} />;
}

export function ActionRow({
  draft,
  index,
  error,
  onType,
  onChange,
  onRemove,
}: {
  draft: Draft<AlertActionView['type']>;
  index: number;
  error: unknown;
  onType: (type: AlertActionView['type']) => void;
  onChange: Change;
  onRemove?: () => void;
}) {
  const v = draft.values;
  const path = (name: string) => `actions.${index}.${name}`;
  return (
    <fieldset className="fieldset stack">
      <legend>Action {index + 1}</legend>
      <SelectField label="Kind of action" name={path('type')} value={draft.type} onChange={(e) => onType(e.target.value as AlertActionView['type'])}>
        {Object.entries(ACTION_TYPES).map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </SelectField>
      <div className="form-grid">
        {draft.type === 'create_case' && (
          <>
            <SelectField label="Case kind" name={path('kind')} value={v.kind ?? 'follow_up'} onChange={(e) => onChange({ kind: e.target.value })} error={error}>
              <option value="follow_up">Follow-up</option>
              <option value="lead">Lead: thank and activate</option>
            </SelectField>
            <TextField
              label="Due within (working hours)"
              name={path('slaHours')}
              type="number"
              min={1}
              value={v.slaHours ?? ''}
              hint="Empty: the default SLA of the loop settings."
              onChange={(e) => onChange({ slaHours: e.target.value })}
              error={error}
            />
          </>
        )}
        {draft.type === 'email' && (
          <>
            <label className="checkbox">
              <input type="checkbox" checked={v.toOwner === 'true'} onChange={(e) => onChange({ toOwner: e.target.checked ? 'true' : '' })} /> Email the case's
              owner
            </label>
            <TextField
              label="Also email"
              name={path('addresses')}
              type="text"
              value={v.addresses ?? ''}
              hint="Addresses separated by commas."
              onChange={(e) => onChange({ addresses: e.target.value })}
              error={error}
            />
          </>
        )}
        {(draft.type === 'slack' || draft.type === 'teams' || draft.type === 'webhook') && (
          <TextField
            label={draft.type === 'slack' ? 'Slack incoming-webhook URL' : draft.type === 'teams' ? 'Teams workflow URL' : 'Webhook URL'}
            name={path('url')}
            type="url"
            value={v.url ?? ''}
            onChange={(e) => onChange({ url: e.target.value })}
            error={error}
          />
        )}
      </div>
      {onRemove && (
        <div>
          <ItemButton label="Remove" item={`action ${index + 1}`} danger onClick={onRemove} />
        </div>
      )}
    </fieldset>
  );
}
