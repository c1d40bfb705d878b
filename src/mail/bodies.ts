// Invitations and reminders are stored in the outbox as what renders them (RenderInputs, a few hundred
// bytes: the survey version, the language, the links and the contact's variables as they were when the
// email was queued) rather than as their bodies (about 9 KB of HTML and the text). The dispatcher renders
// them at send time and the portal on read. A survey version never changes once published, so every
// rendering of a row gives the same text and HTML, and the Message-ID is the row's.
import type { Db } from '../db/index.ts';
import { SurveyDefinition } from '../domain/surveys/definition.ts';
import { escapeHtml } from '../text/escape.ts';
import { estimateMinutes, type InvitationInput, renderInvitation } from './invitation.ts';

export interface RenderInputs extends Omit<InvitationInput, 'definition' | 'minutes' | 'messageId'> {
  /** The published survey version whose texts and scale the email shows. */
  versionId: string;
}

/** The columns of an outbox row its bodies come from. */
export interface StoredEmail {
  message_id: string;
  text_body: string | null;
  html_body: string | null;
  render: unknown;
}

export interface EmailBodies {
  text: string;
  html: string | undefined;
}

export interface BodyRenderer {
  /** Reads the survey versions the rows need that it does not hold yet (one query). */
  load(db: Db, rows: readonly StoredEmail[]): Promise<void>;
  /** The row's text and HTML, stored or rendered; undefined when its survey version is gone or was not loaded. */
  bodies(row: StoredEmail): EmailBodies | undefined;
}

/** Versions kept in memory; a dispatcher holds at most a claim's worth of rows, far fewer. */
const CACHED_VERSIONS = 1_000;
/** Rendered templates kept in memory (one per version, language, kind and which variables are set). */
const CACHED_TEMPLATES = 1_000;

// A body is rendered once per template with marks in place of the values that differ per email; an
// email's body is then the template's pieces joined with its values (HTML-escaped in the HTML, where
// rendering escapes every one of them). Rendering whole took about 65 µs of the dispatcher's thread per
// email at bench/send's size. Values that rendering would treat differently from a mark (whitespace
// other than single spaces, which the subject collapses and paragraphs split on; the marks' own
// characters) are rendered whole.
const mark = (slot: number, query = false) => `\uE000${slot}${query ? '?' : ''}\uE001`;
const MARKS = /\uE000(\d)\??\uE001/;
const UNSAFE = /[\uE000\uE001]|[^\S ]| {2}|^ | $/;

interface Template {
  /** Literal text, slot number, literal text, …: the pieces of split(MARKS). */
  text: string[];
  html: string[];
}
/** A survey or company whose texts hold the marks' characters themselves is rendered whole. */
const MARK_CHARACTERS = /[\uE000\uE001]/;

const compile = (rendered: string): string[] => rendered.split(MARKS);

function fill(pieces: readonly string[], values: readonly string[]): string {
  let out = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i += 2) out += (values[Number(pieces[i])] ?? '') + (pieces[i + 1] ?? '');
  return out;
}

const inputsOf = (row: StoredEmail) => (row.render ?? undefined) as RenderInputs | undefined;

/** The bodies of invitations and reminders, from templates rendered once each (see above); the same text and HTML as renderInvitation. */
export function createInvitationBodies(): (inputs: RenderInputs, version: { definition: SurveyDefinition; minutes: number }, messageId: string) => EmailBodies {
  const templates = new Map<string, Template | null>();
  return (inputs, version, messageId) => {
    const { versionId, ...rest } = inputs;
    const firstName = inputs.contact.firstName?.trim() ?? '';
    const accountName = inputs.accountName?.trim() ?? '';
    // As renderInvitation fills {ownerName}: the owner's name, else the company.
    const ownerName = inputs.owner?.name?.trim() || inputs.company;
    const values = [firstName, accountName, ownerName, inputs.surveyUrl, inputs.unsubscribeUrl];
    const query = inputs.surveyUrl.includes('?');
    const key = JSON.stringify([versionId, inputs.language, inputs.kind, inputs.company, inputs.anonymous, firstName !== '', accountName !== '', query]);
    let template = templates.get(key);
    if (template === undefined && MARK_CHARACTERS.test(inputs.company + JSON.stringify(version.definition))) {
      template = null;
      templates.set(key, null);
    }
    if (template === null || values.some((value) => UNSAFE.test(value))) {
      const rendered = renderInvitation({ ...rest, definition: version.definition, minutes: version.minutes, messageId });
      return { text: rendered.text, html: rendered.html };
    }
    if (!template) {
      const rendered = renderInvitation({
        ...rest,
        contact: { firstName: firstName ? mark(0) : null },
        accountName: accountName ? mark(1) : null,
        owner: { name: mark(2), email: '' },
        surveyUrl: mark(3, query),
        unsubscribeUrl: mark(4),
        definition: version.definition,
        minutes: version.minutes,
        messageId,
      });
      if (templates.size >= CACHED_TEMPLATES) templates.clear();
      template = { text: compile(rendered.text), html: compile(rendered.html) };
      templates.set(key, template);
    }
    return { text: fill(template.text, values), html: fill(template.html, values.map(escapeHtml)) };
  };
}

export function createBodyRenderer(): BodyRenderer {
  const versions = new Map<string, { definition: SurveyDefinition; minutes: number } | null>();

  const render = createInvitationBodies();

  return {
    async load(db, rows) {
      const missing = [...new Set(rows.flatMap((row) => inputsOf(row)?.versionId ?? []))].filter((id) => !versions.has(id));
      if (missing.length === 0) return;
      const found = await db.selectFrom('survey_versions').select(['id', 'definition']).where('id', 'in', missing).execute();
      for (const id of missing) versions.set(id, null);
      for (const row of found) {
        const parsed = SurveyDefinition.safeParse(row.definition);
        versions.set(row.id, parsed.success ? { definition: parsed.data, minutes: estimateMinutes(parsed.data) } : null);
      }
      // Oldest first (a Map keeps insertion order); none of them belongs to the rows just loaded.
      for (const id of versions.keys()) {
        if (versions.size <= Math.max(CACHED_VERSIONS, missing.length)) break;
        if (!missing.includes(id)) versions.delete(id);
      }
    },
    bodies(row) {
      const inputs = inputsOf(row);
      if (!inputs) return row.text_body === null ? undefined : { text: row.text_body, html: row.html_body ?? undefined };
      const version = versions.get(inputs.versionId);
      if (!version) return undefined;
      return render(inputs, version, row.message_id);
    },
  };
}
