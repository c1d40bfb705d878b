// Bodies rendered from templates (createInvitationBodies) must be exactly what renderInvitation renders,
// for every combination of the values that differ per email, including ones people type oddly.
import { describe, expect, it } from 'vitest';
import { NPS_SURVEY } from '../../test/support/surveys.ts';
import { LANGUAGES, type SurveyDefinition } from '../domain/surveys/definition.ts';
import { findTemplate } from '../domain/surveys/templates/index.ts';
import { createInvitationBodies, type RenderInputs } from './bodies.ts';
import { estimateMinutes, renderInvitation } from './invitation.ts';

const OWN_TEXTS: SurveyDefinition = {
  ...NPS_SURVEY,
  invitation: {
    subject: { en: 'A question from {ownerName}, {firstName}', da: 'Et spørgsmål fra {ownerName}' },
    body: {
      en: 'Hi {firstName},\n\nHow is {company} doing for {accountName}?\nThanks, {ownerName}.',
      da: '{firstName}\n\n{accountName}',
    },
    reminderSubject: { en: 'Still a minute, {firstName}?' },
  },
};
const DEFINITIONS = [NPS_SURVEY, OWN_TEXTS, findTemplate('csat')?.definition as SurveyDefinition, (({ mainQuestion: _, ...rest }) => rest)(NPS_SURVEY)];

const NAMES = [
  null,
  '',
  'Astrid',
  'Søren 12',
  '  Bo  ',
  'Bo <script>&amp;',
  `O'Neil "Jr"`,
  'Ann  Lee',
  'Ann\nLee',
  'Ann\tLee',
  '$& $1 {company}',
  '{firstName}',
  ', Ann',
  '\uE0001\uE001',
  'Ærøskøbing ApS',
];
const URLS = [
  ['https://nps.example.com/s/AbCdEfGhIjKlMnOpQrStUv', 'https://nps.example.com/u/AbCdEfGhIjKlMnOpQrStUv'],
  ['https://nps.example.com/s/Ab?x=1&y=<2>', 'https://nps.example.com/u/Ab?z="3"'],
  ['https://nps.example.com/s/a b', 'https://nps.example.com/u/ab '],
] as const;

/** A small deterministic generator, so a failure names the same case on every run. */
function* cases(count: number): Generator<RenderInputs & { definition: SurveyDefinition }> {
  let seed = 7;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return list[seed % list.length] as T;
  };
  for (let i = 0; i < count; i++) {
    const definition = pick(DEFINITIONS);
    const [surveyUrl, unsubscribeUrl] = pick(URLS);
    const ownerName = pick(NAMES);
    yield {
      definition,
      versionId: `v${DEFINITIONS.indexOf(definition)}`,
      language: pick(LANGUAGES),
      kind: pick(['invitation', 'reminder'] as const),
      company: pick(['Hygge Bikes', 'A&B "Bikes"', 'Cykel  ApS']),
      contact: { firstName: pick(NAMES) },
      owner: ownerName === null ? null : { name: ownerName, email: 'owner@example.test' },
      accountName: pick(NAMES),
      surveyUrl,
      unsubscribeUrl,
      anonymous: pick([true, false]),
    };
  }
}

describe('createInvitationBodies', () => {
  it('gives the same text and HTML as renderInvitation', () => {
    const bodies = createInvitationBodies();
    for (const { definition, ...inputs } of cases(3_000)) {
      const { versionId: _, ...rest } = inputs;
      const minutes = estimateMinutes(definition);
      const whole = renderInvitation({ ...rest, definition, minutes, messageId: '<m@x>' });
      const fromTemplate = bodies(inputs, { definition, minutes }, '<m@x>');
      expect(fromTemplate, JSON.stringify(inputs)).toEqual({ text: whole.text, html: whole.html });
    }
  });

  it('renders a survey whose own texts hold the marks whole', () => {
    const definition: SurveyDefinition = { ...OWN_TEXTS, invitation: { subject: { en: 'x' }, body: { en: 'Hi \uE0003\uE001 {firstName}' } } };
    const inputs: RenderInputs = {
      versionId: 'marks',
      language: 'en',
      kind: 'invitation',
      company: 'Hygge Bikes',
      contact: { firstName: 'Astrid' },
      surveyUrl: URLS[0][0],
      unsubscribeUrl: URLS[0][1],
      anonymous: false,
    };
    const whole = renderInvitation({ ...inputs, definition, minutes: 3, messageId: '<m@x>' });
    const bodies = createInvitationBodies();
    for (let i = 0; i < 2; i++) expect(bodies(inputs, { definition, minutes: 3 }, '<m@x>')).toEqual({ text: whole.text, html: whole.html });
  });
});
