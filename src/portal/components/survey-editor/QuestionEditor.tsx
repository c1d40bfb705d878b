// One question of the draft: its type, key, wording in the editing language, scale or choices,
// the "why" wording per NPS category, touchpoint and display condition.
import { CATEGORIES, type Question, type QuestionType, SCALES } from '../../../domain/surveys/definition.ts';
import { useTouchpoints } from './api.ts';
import { ChoicesEditor } from './ChoicesEditor.tsx';
import { ConditionEditor } from './ConditionEditor.tsx';
import { CATEGORY_LABELS, isEmptyText, questionOfType, TYPE_LABELS } from './draft.ts';
import { CheckField, ChoiceField, InputField, LocalizedField } from './inputs.tsx';

interface Props {
  question: Question;
  page: number;
  index: number;
  onChange: (question: Question) => void;
}

export function QuestionEditor({ question: q, page, index, onChange }: Props) {
  const touchpoints = useTouchpoints();
  const path = `pages.${page}.questions.${index}`;
  const name = `question ${index + 1} on page ${page + 1}`;
  const set = (patch: Partial<Question>) => onChange({ ...q, ...patch } as Question);
  const scale = q.type === 'rating' ? `${q.min}-${q.max}` : '';

  return (
    <div className="question-fields">
      <div className="form-grid">
        <ChoiceField label="Type" path={`${path}.type`} value={q.type} onChange={(e) => onChange(questionOfType(e.target.value as QuestionType, q))}>
          {(Object.keys(TYPE_LABELS) as QuestionType[]).map((type) => (
            <option key={type} value={type}>
              {TYPE_LABELS[type]}
            </option>
          ))}
        </ChoiceField>
        <InputField
          label="Key"
          path={`${path}.key`}
          value={q.key}
          autoComplete="off"
          hint="Names the answer in exports and conditions: a–z, 0–9 and _."
          onChange={(e) => set({ key: e.target.value })}
        />
      </div>
      <LocalizedField label="Question" path={`${path}.text`} value={q.text} multiline onChange={(text) => set({ text })} />
      <LocalizedField label="Help text" path={`${path}.help`} value={q.help} onChange={(help) => set({ help: isEmptyText(help) ? undefined : help })} />
      <CheckField label="An answer is required" checked={q.required} onChange={(required) => set({ required })} />
      {q.type === 'rating' && (
        <ChoiceField
          label="Scale"
          path={`${path}.max`}
          value={scale}
          onChange={(e) => {
            const [min, max] = e.target.value.split('-').map(Number);
            onChange({ ...q, min: min as 0 | 1, max: max as 5 | 7 | 10 });
          }}
        >
          {SCALES.map((s) => (
            <option key={`${s.min}-${s.max}`} value={`${s.min}-${s.max}`}>
              {s.min} to {s.max}
            </option>
          ))}
        </ChoiceField>
      )}
      {(q.type === 'nps' || q.type === 'rating') && (
        <div className="form-grid">
          <LocalizedField
            label="Label of the lowest answer"
            path={`${path}.minLabel`}
            value={q.minLabel}
            onChange={(minLabel) => onChange({ ...q, minLabel })}
          />
          <LocalizedField
            label="Label of the highest answer"
            path={`${path}.maxLabel`}
            value={q.maxLabel}
            onChange={(maxLabel) => onChange({ ...q, maxLabel })}
          />
        </div>
      )}
      {(q.type === 'single_choice' || q.type === 'multiple_choice') && (
        <ChoicesEditor choices={q.choices} path={`${path}.choices`} onChange={(choices) => onChange({ ...q, choices })} />
      )}
      {q.type === 'text' && (
        <>
          <CheckField label="Several lines" checked={q.multiline} onChange={(multiline) => onChange({ ...q, multiline })} />
          <fieldset className="fieldset">
            <legend>Wording per NPS category</legend>
            <p className="hint">Optional: asks detractors, passives and promoters in their own words, such as “What should we do better?”.</p>
            {CATEGORIES.map((category) => (
              <LocalizedField
                key={category}
                label={`Question for ${CATEGORY_LABELS[category]}`}
                path={`${path}.textByCategory.${category}`}
                value={q.textByCategory?.[category]}
                multiline
                onChange={(text) => {
                  const next = { ...q.textByCategory, [category]: text };
                  if (isEmptyText(text)) delete next[category];
                  set({ textByCategory: Object.keys(next).length ? next : undefined });
                }}
              />
            ))}
          </fieldset>
        </>
      )}
      <ChoiceField
        label="Touchpoint"
        path={`${path}.touchpoint`}
        value={q.touchpoint ?? ''}
        hint="The moment this question is about, if it differs from the survey’s."
        onChange={(e) => set({ touchpoint: e.target.value || undefined })}
      >
        <option value="">None</option>
        {q.touchpoint && !touchpoints.data?.some((t) => t.key === q.touchpoint) && <option value={q.touchpoint}>{q.touchpoint}</option>}
        {touchpoints.data?.map((t) => (
          <option key={t.id} value={t.key}>
            {t.name}
          </option>
        ))}
      </ChoiceField>
      <ConditionEditor condition={q.condition} page={page} path={`${path}.condition`} name={name} onChange={(condition) => set({ condition })} />
    </div>
  );
}
