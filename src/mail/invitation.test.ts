// The invitation email: texts and variables per language, the built-in defaults, scales as score
// links, the plain part, the frame lines; then a real round trip: a survey published from a
// template, its invitation sent with nodemailer to an smtp-server over TCP, read back with
// mailparser, and the List-Unsubscribe one-click POST opting the contact out.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, signIn, startTestApp, type TestApp } from '../../test/support/app.ts';
import { NPS_SURVEY, seedContact } from '../../test/support/surveys.ts';
import { LANGUAGES, type Language, type SurveyDefinition } from '../domain/surveys/definition.ts';
import { findTemplate } from '../domain/surveys/templates/index.ts';
import { estimateMinutes, type InvitationInput, renderInvitation } from './invitation.ts';
import { INVITATION_STRINGS } from './invitation-strings.ts';

const URL = 'https://nps.example.com/s/AbCdEfGhIjKlMnOpQrStUv';
const UNSUBSCRIBE = 'https://nps.example.com/u/AbCdEfGhIjKlMnOpQrStUv';

const input = (overrides: Partial<InvitationInput> = {}): InvitationInput => ({
  definition: NPS_SURVEY,
  language: 'en',
  kind: 'invitation',
  company: 'Hygge Bikes',
  contact: { firstName: 'Astrid' },
  surveyUrl: URL,
  unsubscribeUrl: UNSUBSCRIBE,
  anonymous: false,
  minutes: 2,
  messageId: '<invitation-1@nps.example.com>',
  ...overrides,
});

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] as string).replaceAll('&amp;', '&'));
const scoreLinks = (html: string) => hrefs(html).filter((href) => href.includes('score='));

describe('renderInvitation', () => {
  it('uses built-in texts in every language when the survey has none, with the frame lines and the scale', () => {
    for (const language of LANGUAGES) {
      const ui = INVITATION_STRINGS[language];
      const mail = renderInvitation(input({ language, contact: { firstName: 'Astrid' } }));
      expect(mail.subject).toBe(ui.subject.replace('{company}', 'Hygge Bikes'));
      expect(mail.text).toContain(ui.body.replace('{firstName}', 'Astrid').split('\n')[0] as string);
      for (const line of [ui.purpose, ui.minutesMany.replace('{minutes}', '2'), ui.personal].map((s) => s.replace('{company}', 'Hygge Bikes'))) {
        expect(mail.text, language).toContain(line);
      }
      expect(mail.html).toContain(`<html lang="${language}">`);
      expect(scoreLinks(mail.html)).toEqual(Array.from({ length: 11 }, (_, n) => `${URL}?score=${n}`));
      const reminder = renderInvitation(input({ language, kind: 'reminder' }));
      expect(reminder.subject).toBe(ui.reminderSubject.replace('{company}', 'Hygge Bikes'));
    }
  });

  it("takes the survey's own texts in the respondent's language, falls back to the default language, and fills every variable", () => {
    const definition: SurveyDefinition = {
      ...NPS_SURVEY,
      invitation: {
        subject: { en: 'A question from {ownerName}', da: 'Et spørgsmål fra {ownerName}' },
        body: {
          en: 'Hi {firstName},\n\nHow is {company} doing for {accountName}?\nThanks.',
          da: 'Hej {firstName},\n\nHvordan klarer {company} sig for {accountName}?',
        },
        reminderSubject: { en: 'Still a minute, {firstName}?' },
      },
    };
    const da = renderInvitation(input({ definition, language: 'da', owner: { name: 'Mette', email: 'mette@hygge.test' }, accountName: 'Cykel ApS' }));
    expect(da.subject).toBe('Et spørgsmål fra Mette');
    expect(da.text).toContain('Hej Astrid,\n\nHvordan klarer Hygge Bikes sig for Cykel ApS?');
    expect(da.text).toContain('Hvor sandsynligt er det, at du vil anbefale Hygge Bikes til en ven eller kollega?');
    // Swedish has no texts of its own here: the default language's, with the Swedish frame around them.
    const sv = renderInvitation(input({ definition, language: 'sv' }));
    expect(sv.subject).toBe('A question from Hygge Bikes');
    expect(sv.text).toContain(INVITATION_STRINGS.sv.answerHere);
    // A reminder without its own text in a language uses the default language's, a missing first name leaves no gap.
    expect(renderInvitation(input({ definition, kind: 'reminder', contact: { firstName: null } })).subject).toBe('Still a minute?');
    const noReminder = { ...definition, invitation: { subject: definition.invitation?.subject ?? {}, body: definition.invitation?.body ?? {} } };
    expect(renderInvitation(input({ definition: noReminder, kind: 'reminder' })).subject).toBe('A question from Hygge Bikes');
    // Lines of the message keep their breaks in HTML.
    const en = renderInvitation(input({ definition, contact: { firstName: null }, accountName: 'Cykel ApS' }));
    expect(en.html).toContain('How is Hygge Bikes doing for Cykel ApS?<br>Thanks.');
    expect(en.text.startsWith('Hi,\n\n')).toBe(true);
  });

  it('escapes what people typed in the HTML part and keeps it as it is in the text part', () => {
    const mail = renderInvitation(input({ contact: { firstName: 'Bo <script>&' }, company: 'A&B "Bikes"' }));
    expect(mail.html).toContain('Bo &lt;script&gt;&amp;');
    expect(mail.html).toContain('A&amp;B &quot;Bikes&quot;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('A&B "Bikes"');
  });

  it('renders CSAT and CES scales the same way with both end labels, lowest first', () => {
    for (const [id, min, max, low, high] of [
      ['csat', 1, 5, 'Very dissatisfied', 'Very satisfied'],
      ['ces', 1, 7, 'Strongly disagree', 'Strongly agree'],
    ] as const) {
      const definition = findTemplate(id)?.definition as SurveyDefinition;
      const mail = renderInvitation(input({ definition }));
      expect(scoreLinks(mail.html)).toEqual(Array.from({ length: max - min + 1 }, (_, i) => `${URL}?score=${min + i}`));
      const lowAt = mail.html.indexOf(`${min} – ${low}`);
      expect(lowAt).toBeGreaterThan(mail.html.lastIndexOf('score='));
      expect(mail.html.indexOf(`${max} – ${high}`)).toBeGreaterThan(lowAt);
    }
  });

  it('offers one Start button when the survey has no main question to score', () => {
    const { mainQuestion: _none, ...custom } = NPS_SURVEY;
    const mail = renderInvitation(input({ definition: custom, language: 'de' }));
    expect(scoreLinks(mail.html)).toEqual([]);
    expect(mail.html).toMatch(new RegExp(`<a href="${URL}"[^>]*>Umfrage starten</a>`));
    expect(mail.text).toContain(`Hier antworten: ${URL}`);
  });

  it('says anonymous surveys are anonymous and estimates the time from the questions', () => {
    const mail = renderInvitation(input({ anonymous: true, minutes: 1, language: 'nb' }));
    expect(mail.text).toContain(INVITATION_STRINGS.nb.anonymous);
    expect(mail.text).toContain(INVITATION_STRINGS.nb.minuteOne);
    expect(mail.text).not.toContain('kontaktpersonen');
    // Seven questions, one of them free text (about 2 minutes of reading and typing), rounded up: 3; one scale alone: 1.
    expect(estimateMinutes(NPS_SURVEY)).toBe(3);
    expect(estimateMinutes(findTemplate('relationship-nps-b2c')?.definition as SurveyDefinition)).toBe(2);
    expect(estimateMinutes({ ...NPS_SURVEY, pages: [NPS_SURVEY.pages[0] as SurveyDefinition['pages'][number]] })).toBe(1);
  });

  it('is built for mail clients: tables and inline styles, dark-mode metas, no images, the unsubscribe headers', () => {
    const mail = renderInvitation(input());
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(mail.html).toContain('<meta name="supported-color-schemes" content="light dark">');
    expect(mail.html).not.toMatch(/<style|<img|<script|display:\s*(flex|grid)|url\(/i);
    // Each button's colour sits on its table cell, where Outlook draws it.
    expect(mail.html.match(/<td[^>]*bgcolor="#0f766e"[^>]*><a href="[^"]*\?score=\d+"/g)).toHaveLength(11);
    expect(hrefs(mail.html)).toContain(UNSUBSCRIBE);
    expect(mail.text).toContain(`${INVITATION_STRINGS.en.unsubscribe}: ${UNSUBSCRIBE}`);
    expect(mail.headers).toEqual({
      'Message-ID': '<invitation-1@nps.example.com>',
      'List-Unsubscribe': `<${UNSUBSCRIBE}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});

describe('an invitation over real SMTP, and its one-click unsubscribe', () => {
  let t: TestApp;
  let server: SMTPServer;
  let smtpUrl: string;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t?.close();
  });

  it("arrives in the contact's language with both parts, 11 score links and the headers; the one-click POST opts the contact out", async () => {
    const { workspaceId, rootUnitId } = await seedWorkspace(t.database, 'Hygge Bikes', 'owner@hygge.test');
    const owner = await signIn(t.app, 'owner@hygge.test');
    const survey = (await owner.post('/api/v1/surveys', { name: 'Relationship', template: 'relationship-nps-b2c' })).json();
    expect((await owner.post(`/api/v1/surveys/${survey.id}/publish`, {})).statusCode).toBe(200);
    const { definition } = (await owner.get(`/api/v1/surveys/${survey.id}/versions/1`)).json() as { definition: SurveyDefinition };
    const contactId = await seedContact(t.database, workspaceId, rootUnitId, { firstName: 'Søren', language: 'da' });
    const created = await owner.post(`/api/v1/surveys/${survey.id}/links`, { contactId });
    expect(created.statusCode).toBe(201);
    const link = created.json() as { invitationId: string; token: string; url: string };
    const contact = await t.database.db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();

    const language = contact.language as Language;
    const messageId = `<${link.invitationId}@anbefal.test>`;
    const unsubscribeUrl = `http://anbefal.test/u/${link.token}`;
    const rendered = renderInvitation({
      definition,
      language,
      kind: 'invitation',
      company: 'Hygge Bikes',
      contact: { firstName: contact.first_name },
      surveyUrl: link.url,
      unsubscribeUrl,
      anonymous: false,
      minutes: estimateMinutes(definition),
      messageId,
    });
    const transport = nodemailer.createTransport({ url: smtpUrl });
    await transport.sendMail({
      from: 'Hygge Bikes <nps@hygge.test>',
      to: contact.email as string,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: rendered.headers,
    });
    transport.close();

    expect(received).toHaveLength(1);
    const mail = received[0] as ParsedMail;
    expect(mail.subject).toBe('Hvordan klarer vi os, Søren?');
    expect(mail.messageId).toBe(messageId);
    expect(mail.headerLines.filter((h) => h.key === 'message-id')).toHaveLength(1);
    const headerLine = (key: string) => mail.headerLines.find((h) => h.key === key)?.line;
    expect(headerLine('list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribeUrl}>`);
    expect(headerLine('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const html = mail.html as string;
    const text = mail.text as string;
    for (const part of [html, text]) {
      expect(part).toContain('Hej Søren,');
      expect(part).toContain('Vi vil gerne høre, hvad du synes om Hygge Bikes.');
      expect(part).toContain('Hvor sandsynligt er det, at du vil anbefale Hygge Bikes til en ven eller kollega?');
      expect(part).toContain('Det tager omkring 2 minutter.');
      expect(part).toContain('Dit svar deles med Hygge Bikes og din kontaktperson, så de kan følge op.');
    }
    expect(scoreLinks(html)).toEqual(Array.from({ length: 11 }, (_, n) => `${link.url}?score=${n}`));
    expect(html).toContain('0 – Slet ikke sandsynligt');
    expect(html).toContain('10 – Yderst sandsynligt');
    expect(html).not.toMatch(/<img/i);
    // The plain part carries one survey URL (a reader picks the score on the page) and the unsubscribe URL.
    expect(text).toContain(`Svar her: ${link.url}`);
    expect(text).not.toContain('score=');
    expect(text).toContain(`Afmeld: ${unsubscribeUrl}`);

    // What a mail client does with List-Unsubscribe-Post (RFC 8058).
    const url = new globalThis.URL(unsubscribeUrl);
    const post = await t.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode).toBe(200);
    const after = await t.database.db.selectFrom('contacts').select('opted_out_at').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(after.opted_out_at).toBeInstanceOf(Date);
    const again = await owner.post(`/api/v1/surveys/${survey.id}/links`, { contactId });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ field: 'body.contactId', message: 'has opted out' }]);
  });
});
