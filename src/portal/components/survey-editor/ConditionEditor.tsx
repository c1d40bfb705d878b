// Who sees a question: everyone, respondents of some NPS categories, those who gave certain
// answers on an earlier page, or contacts with certain attribute values.
import { CATEGORIES, type Condition, type Question } from '../../../domain/surveys/definition.ts';
import { useAttributeDefinitions } from '../../queries.ts';
import { useEditor } from './context.tsx';
import { CATEGORY_LABELS } from './draft.ts';
import { CheckGroup, ChoiceField, InputField } from './inputs.tsx';

type Kind = 'always' | Condition['type'];

const KIND_LABELS: Record<Kind, string> = {
  always: 'Always',
  category: 'By NPS category',
  answer: 'By an answer on an earlier page',
  attribute: 'By a contact attribute',
};

const testable = (q: Question) => q.type === 'nps' || q.type === 'rating' || q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'yes_no';

interface Props {
  condition: Condition | undefined;
  /** The question's page: answers from earlier pages may be tested. */
  page: number;
  path: string;
  name: string;
  onChange: (condition: Condition | undefined) => void;
}

export function ConditionEditor({ condition, page, path, name, onChange }: Props) {
  const { definition, language } = useEditor();
  const earlier = definition.pages.slice(0, page).flatMap((p) => p.questions.filter(testable));
  const kind: Kind = condition?.type ?? 'always';

  const startKind = (next: Kind) => {
    if (next === 'always') onChange(undefined);
    else if (next === 'category') onChange({ type: 'category', categories: ['detractor'] });
    else if (next === 'attribute') onChange({ type: 'attribute', attribute: 'segment', values: [] });
    else onChange(answerCondition(earlier[earlier.length - 1]));
  };

  return (
    <fieldset className="fieldset condition">
      <legend>Show {name}</legend>
      <ChoiceField label="When" path={`${path}.type`} value={kind} onChange={(e) => startKind(e.target.value as Kind)}>
        {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
          <option key={k} value={k} disabled={k === 'answer' && earlier.length === 0}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </ChoiceField>
      {condition?.type === 'category' && (
        <CheckGroup
          legend="Categories that see it"
          path={`${path}.categories`}
          options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          selected={condition.categories}
          onChange={(values) => onChange({ type: 'category', categories: values as typeof condition.categories })}
        />
      )}
      {condition?.type === 'answer' && <AnswerCondition condition={condition} earlier={earlier} path={path} language={language} onChange={onChange} />}
      {condition?.type === 'attribute' && <AttributeCondition condition={condition} path={path} onChange={onChange} />}
    </fieldset>
  );
}

function answerCondition(target: Question | undefined): Condition {
  const questionKey = target?.key ?? '';
  if (target?.type === 'nps') return { type: 'answer', questionKey, min: 0, max: 6 };
  if (target?.type === 'rating') return { type: 'answer', questionKey, min: target.min, max: target.max };
  return { type: 'answer', questionKey, values: [] };
}

type AnswerCondition = Extract<Condition, { type: 'answer' }>;

function AnswerCondition({
  condition,
  earlier,
  path,
  language,
  onChange,
}: {
  condition: AnswerCondition;
  earlier: Question[];
  path: string;
  language: string;
  onChange: (condition: Condition) => void;
}) {
  const target = earlier.find((q) => q.key === condition.questionKey);
  const bound = (value: string) => (value.trim() === '' ? undefined : Number(value));
  return (
    <>
      <ChoiceField
        label="Question"
        path={`${path}.questionKey`}
        value={condition.questionKey}
        onChange={(e) => onChange(answerCondition(earlier.find((q) => q.key === e.target.value)))}
      >
        {!target && <option value={condition.questionKey}>{condition.questionKey || 'Choose a question'}</option>}
        {earlier.map((q) => (
          <option key={q.key} value={q.key}>
            {q.key}
          </option>
        ))}
      </ChoiceField>
      {(target?.type === 'nps' || target?.type === 'rating') && (
        <div className="form-grid">
          <InputField
            label="Lowest answer"
            path={`${path}.min`}
            type="number"
            value={condition.min ?? ''}
            onChange={(e) => onChange({ ...condition, values: undefined, min: bound(e.target.value) })}
          />
          <InputField
            label="Highest answer"
            path={`${path}.max`}
            type="number"
            value={condition.max ?? ''}
            onChange={(e) => onChange({ ...condition, values: undefined, max: bound(e.target.value) })}
          />
        </div>
      )}
      {target && (target.type === 'yes_no' || 'choices' in target) && (
        <CheckGroup
          legend="Answers that show it"
          path={`${path}.values`}
          options={
            'choices' in target
              ? target.choices.map((c) => ({ value: c.key, label: c.label[language as keyof typeof c.label] || c.key }))
              : [
                  { value: 'yes', label: 'Yes' },
                  { value: 'no', label: 'No' },
                ]
          }
          selected={condition.values ?? []}
          onChange={(values) => onChange({ type: 'answer', questionKey: condition.questionKey, values })}
        />
      )}
    </>
  );
}

type AttributeCondition = Extract<Condition, { type: 'attribute' }>;

function AttributeCondition({ condition, path, onChange }: { condition: AttributeCondition; path: string; onChange: (condition: Condition) => void }) {
  const definitions = useAttributeDefinitions();
  const list = definitions.data?.find((d) => d.key === condition.attribute && d.type === 'list');
  return (
    <>
      <ChoiceField
        label="Attribute"
        path={`${path}.attribute`}
        value={condition.attribute}
        onChange={(e) => onChange({ ...condition, attribute: e.target.value, values: [] })}
      >
        <option value="segment">Segment</option>
        <option value="language">Language</option>
        {definitions.data
          ?.filter((d) => d.type !== 'boolean')
          .map((d) => (
            <option key={d.key} value={d.key}>
              {d.label}
            </option>
          ))}
      </ChoiceField>
      {list?.allowedValues ? (
        <CheckGroup
          legend="Values that show it"
          path={`${path}.values`}
          options={list.allowedValues.map((v) => ({ value: v, label: v }))}
          selected={condition.values}
          onChange={(values) => onChange({ ...condition, values })}
        />
      ) : (
        <InputField
          key={condition.attribute}
          label="Values that show it"
          path={`${path}.values`}
          hint="Separate values with commas, such as Retail, Wholesale."
          defaultValue={condition.values.join(', ')}
          onBlur={(e) =>
            onChange({
              ...condition,
              values: e.target.value
                .split(',')
                .map((v) => v.trim())
                .filter(Boolean),
            })
          }
        />
      )}
    </>
  );
}
