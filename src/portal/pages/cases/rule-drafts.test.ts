import { describe, expect, it } from 'vitest';
import type { AlertActionView, AlertConditionView } from '../../../domain/views.ts';
import { actionDraft, actionInWords, actionOf, conditionDraft, conditionInWords, conditionOf, newDraft } from './rule-drafts.ts';

const conditions: AlertConditionView[] = [
  { type: 'category', categories: ['detractor', 'passive'] },
  { type: 'score', min: 0, max: 4 },
  { type: 'answer', questionKey: 'delivery', values: ['late', 'damaged'] },
  { type: 'answer', questionKey: 'effort', min: 5 },
  { type: 'contact_request', questionKeys: ['may_contact'] },
  { type: 'keywords', keywords: { en: ['angry', 'cancel my order'], da: ['vred'] }, questionKeys: ['why'] },
  { type: 'segment', values: ['B2B'] },
  { type: 'attribute', key: 'tier', values: ['gold', 'silver'] },
  { type: 'touchpoint', touchpointKeys: ['delivery', 'billing'] },
  { type: 'survey', surveyIds: ['6f1c2f0e-0000-4000-8000-000000000001'] },
];
const actions: AlertActionView[] = [
  { type: 'create_case', kind: 'lead', slaHours: 16 },
  { type: 'create_case', kind: 'follow_up' },
  { type: 'email', toOwner: true, addresses: ['cx@example.com'] },
  { type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' },
  { type: 'teams', url: 'https://example.webhook.office.com/x' },
  { type: 'webhook', url: 'https://crm.example.com/alerts' },
];
const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('alert rule drafts', () => {
  it('turn every condition and action into inputs and back unchanged', () => {
    for (const condition of conditions) expect(roundTrip(conditionOf(conditionDraft(condition)))).toEqual(condition);
    for (const action of actions) expect(roundTrip(actionOf(actionDraft(action)))).toEqual(action);
  });

  it('send blank required numbers as null, so the server names the field', () => {
    expect(conditionOf(newDraft('score', { min: '', max: '6' }))).toEqual({ type: 'score', min: null, max: 6 });
    expect(roundTrip(actionOf(newDraft('create_case', { kind: 'follow_up', slaHours: ' ' })))).toEqual({ type: 'create_case', kind: 'follow_up' });
  });

  it('describe a rule in words for the list', () => {
    expect(conditions.slice(0, 2).map((c) => conditionInWords(c, () => 'x'))).toEqual(['detractors or passives', 'score 0–4']);
    expect(conditionInWords(conditions[9] as AlertConditionView, () => 'Relationship')).toBe('survey Relationship');
    const keywords: AlertConditionView = { type: 'keywords', keywords: { da: ['vred'], en: ['angry'] } };
    expect(conditionInWords(keywords, () => '')).toBe('comment mentions angry (en); vred (da)');
    expect(actions.slice(0, 3).map(actionInWords)).toEqual(['lead case, due in 16 working hours', 'follow-up case', 'email the owner, cx@example.com']);
  });
});
