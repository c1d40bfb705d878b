// Alert rules as the dialog edits them: each condition and action is a row of text inputs (lists
// are comma-separated), turned into the API's shape on save and back when editing. Blank numbers
// go as null, so the server names the field that needs one.
import type { AlertActionView, AlertConditionView } from '../../../domain/views.ts';

export const KEYWORD_LANGUAGES = { en: 'English', da: 'Danish', sv: 'Swedish', nb: 'Norwegian', de: 'German', fi: 'Finnish' } as const;
type Language = keyof typeof KEYWORD_LANGUAGES;

export const CONDITION_TYPES = {
  category: 'NPS category',
  score: 'Score range',
  answer: 'Answer to a question',
  contact_request: 'Asks to be contacted',
  keywords: 'Comment contains keywords',
  segment: 'Contact segment',
  attribute: 'Contact attribute',
  touchpoint: 'Touchpoint',
  survey: 'Survey',
} as const satisfies Record<AlertConditionView['type'], string>;

export const ACTION_TYPES = {
  create_case: 'Open a case',
  email: 'Send an email',
  slack: 'Post to Slack',
  teams: 'Post to Microsoft Teams',
  webhook: 'Call a webhook',
} as const satisfies Record<AlertActionView['type'], string>;

export interface Draft<T extends string> {
  /** Keeps a row's inputs with it when an earlier row is removed. */
  id: number;
  type: T;
  /** Input values by name; lists comma-separated, flags 'true' or ''. */
  values: Record<string, string>;
}

let nextId = 0;
export const newDraft = <T extends string>(type: T, values: Record<string, string> = {}): Draft<T> => ({ id: nextId++, type, values });

export const splitList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
const joinList = (list: readonly string[] | undefined) => (list ?? []).join(', ');
const numberOrNull = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : Number(text));
const numberOrAbsent = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : Number(text));
const str = (value: number | undefined) => (value === undefined ? '' : String(value));

export function conditionOf({ type, values: v }: Draft<AlertConditionView['type']>): unknown {
  switch (type) {
    case 'category':
      return { type, categories: splitList(v.categories) };
    case 'score':
      return { type, min: numberOrNull(v.min), max: numberOrNull(v.max) };
    case 'answer': {
      const list = splitList(v.values);
      return {
        type,
        questionKey: (v.questionKey ?? '').trim(),
        ...(list.length > 0 ? { values: list } : {}),
        min: numberOrAbsent(v.min),
        max: numberOrAbsent(v.max),
      };
    }
    case 'contact_request':
      return { type, questionKeys: splitList(v.questionKeys) };
    case 'keywords': {
      const keywords: Partial<Record<Language, string[]>> = {};
      for (const language of Object.keys(KEYWORD_LANGUAGES) as Language[]) {
        const words = splitList(v[`keywords.${language}`]);
        if (words.length > 0) keywords[language] = words;
      }
      const questionKeys = splitList(v.questionKeys);
      return { type, keywords, ...(questionKeys.length > 0 ? { questionKeys } : {}) };
    }
    case 'segment':
      return { type, values: splitList(v.values) };
    case 'attribute':
      return { type, key: (v.key ?? '').trim(), values: splitList(v.values) };
    case 'touchpoint':
      return { type, touchpointKeys: splitList(v.touchpointKeys) };
    case 'survey':
      return { type, surveyIds: splitList(v.surveyIds) };
  }
}

export function conditionDraft(condition: AlertConditionView): Draft<AlertConditionView['type']> {
  switch (condition.type) {
    case 'category':
      return newDraft(condition.type, { categories: condition.categories.join(',') });
    case 'score':
      return newDraft(condition.type, { min: String(condition.min), max: String(condition.max) });
    case 'answer':
      return newDraft(condition.type, {
        questionKey: condition.questionKey,
        values: joinList(condition.values),
        min: str(condition.min),
        max: str(condition.max),
      });
    case 'contact_request':
      return newDraft(condition.type, { questionKeys: joinList(condition.questionKeys) });
    case 'keywords':
      return newDraft(condition.type, {
        ...Object.fromEntries(Object.entries(condition.keywords).map(([language, words]) => [`keywords.${language}`, joinList(words)])),
        questionKeys: joinList(condition.questionKeys),
      });
    case 'segment':
      return newDraft(condition.type, { values: joinList(condition.values) });
    case 'attribute':
      return newDraft(condition.type, { key: condition.key, values: joinList(condition.values) });
    case 'touchpoint':
      return newDraft(condition.type, { touchpointKeys: condition.touchpointKeys.join(',') });
    case 'survey':
      return newDraft(condition.type, { surveyIds: condition.surveyIds.join(',') });
  }
}

export function actionOf({ type, values: v }: Draft<AlertActionView['type']>): unknown {
  switch (type) {
    case 'create_case':
      return { type, kind: v.kind || 'follow_up', slaHours: numberOrAbsent(v.slaHours) };
    case 'email':
      return { type, toOwner: v.toOwner === 'true', addresses: splitList(v.addresses) };
    default:
      return { type, url: (v.url ?? '').trim() };
  }
}

export function actionDraft(action: AlertActionView): Draft<AlertActionView['type']> {
  switch (action.type) {
    case 'create_case':
      return newDraft(action.type, { kind: action.kind, slaHours: str(action.slaHours) });
    case 'email':
      return newDraft(action.type, { toOwner: action.toOwner ? 'true' : '', addresses: joinList(action.addresses) });
    default:
      return newDraft(action.type, { url: action.url });
  }
}

/** The defaults a new row of each type starts with. */
export const NEW_CONDITION: Record<AlertConditionView['type'], Record<string, string>> = {
  category: { categories: 'detractor' },
  score: { min: '0', max: '6' },
  answer: {},
  contact_request: { questionKeys: 'may_contact' },
  keywords: {},
  segment: {},
  attribute: {},
  touchpoint: {},
  survey: {},
};
export const NEW_ACTION: Record<AlertActionView['type'], Record<string, string>> = {
  create_case: { kind: 'follow_up' },
  email: { toOwner: 'true' },
  slack: {},
  teams: {},
  webhook: {},
};

/** A rule's conditions in a line for the list: "Detractor · keywords (en: angry)". */
export function conditionInWords(condition: AlertConditionView, surveyName: (id: string) => string): string {
  switch (condition.type) {
    case 'category':
      return condition.categories.map((c) => `${c}s`).join(' or ');
    case 'score':
      return `score ${condition.min}–${condition.max}`;
    case 'answer':
      return `answer to ${condition.questionKey}${condition.values ? ` is ${condition.values.join(' or ')}` : ''}${condition.min !== undefined || condition.max !== undefined ? ` between ${condition.min ?? '…'} and ${condition.max ?? '…'}` : ''}`;
    case 'contact_request':
      return `asks to be contacted (${condition.questionKeys.join(', ')})`;
    case 'keywords':
      // In the order of the languages, whatever order the stored document keeps its keys in.
      return `comment mentions ${(Object.keys(KEYWORD_LANGUAGES) as Language[])
        .filter((language) => condition.keywords[language])
        .map((language) => `${(condition.keywords[language] ?? []).join(', ')} (${language})`)
        .join('; ')}`;
    case 'segment':
      return `segment ${condition.values.join(' or ')}`;
    case 'attribute':
      return `${condition.key} is ${condition.values.join(' or ')}`;
    case 'touchpoint':
      return `touchpoint ${condition.touchpointKeys.join(' or ')}`;
    case 'survey':
      return `survey ${condition.surveyIds.map(surveyName).join(' or ')}`;
  }
}

export function actionInWords(action: AlertActionView): string {
  switch (action.type) {
    case 'create_case':
      return `${action.kind === 'lead' ? 'lead' : 'follow-up'} case${action.slaHours ? `, due in ${action.slaHours} working hours` : ''}`;
    case 'email':
      return `email ${[...(action.toOwner ? ['the owner'] : []), ...action.addresses].join(', ') || 'nobody'}`;
    case 'slack':
      return 'Slack';
    case 'teams':
      return 'Teams';
    case 'webhook':
      return 'webhook';
  }
}
