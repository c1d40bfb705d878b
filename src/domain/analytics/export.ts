// Exports of answers as CSV and XLSX, streamed: rows are read a page at a time by keyset (the
// same query on PGlite and PostgreSQL, and no transaction held open while a slow client
// downloads), each page written out before the next is read, so memory stays flat at any size.
//
// Cases: an answer has at most one case per kind (cases are unique per response and kind), so
// each kind gets its own group of columns (`case.follow_up.*`, `case.lead.*`) and a row stays one
// response without losing a case: a promoter who asked to be called has both a follow-up and a
// lead, and a spreadsheet filter on `case.follow_up.status` finds the detractors never called.
// A case the reader may not see (frontline: not theirs) leaves its columns empty.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import { caseScopeSql } from '../loop/index.ts';
import { encodeCursor } from '../paging.ts';
import { questionsOf, type SurveyDefinition } from '../surveys/definition.ts';
import { CASE_KINDS } from '../views.ts';
import { comments } from './comments.ts';
import type { ParsedAnalyticsFilter } from './filters.ts';
import { afterCursor, COMMENT_TEXT, cursorKey, type ListRow, ROW_COLUMNS, ROW_JOINS, withoutSmallAnonymousGroups } from './listing.ts';
import { prepareQuery, where } from './metrics.ts';

export const EXPORT_PAGE_SIZE = 2000;
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | null;

/** What each case column group holds; the owner is the case's owner now (cases are reassigned). */
const CASE_FIELDS = ['status', 'owner', 'due_at', 'first_contact_at', 'closed_at', 'root_cause', 'outcome'] as const;
const CASE_COLUMNS = CASE_KINDS.flatMap((kind) => CASE_FIELDS.map((field) => `case.${kind}.${field}`));

type CaseCells = { [field in `${(typeof CASE_KINDS)[number]}_${(typeof CASE_FIELDS)[number]}`]: string | Date | null };

interface ExportRow extends ListRow, CaseCells {
  survey_version: number;
  touchpoint_name: string | null;
  contact_external_id: string | null;
  contact_email: string | null;
  attributes: Record<string, unknown> | null;
  answers: Record<string, number | string | string[]> | null;
}

export interface ResponseExport {
  columns: string[];
  /** One array of cells per response, page by page. */
  pages: AsyncGenerator<Cell[][]>;
}

const FIXED_COLUMNS = [
  'response_id',
  'survey',
  'survey_version',
  'started_at',
  'completed_at',
  'channel',
  'language',
  'score',
  'category',
  'touchpoint',
  'unit',
  'owner',
  'segment',
  'account',
  'contact_id',
  'contact_external_id',
  'contact_name',
  'contact_email',
  'comment',
];

/** One lateral join per case kind: its case through the unique (response_id, kind) index, if the actor may see it. */
const caseJoins = (actor: Actor) =>
  sql.join(
    CASE_KINDS.map((kind) => {
      const alias = `case_${kind}`;
      return sql`left join lateral (
        select k.status as ${sql.ref(`${kind}_status`)}, o.name as ${sql.ref(`${kind}_owner`)}, k.due_at as ${sql.ref(`${kind}_due_at`)},
          k.first_contact_at as ${sql.ref(`${kind}_first_contact_at`)}, k.closed_at as ${sql.ref(`${kind}_closed_at`)},
          k.root_cause as ${sql.ref(`${kind}_root_cause`)}, k.outcome as ${sql.ref(`${kind}_outcome`)}
        from cases k join units ku on ku.id = k.unit_id left join members o on o.id = k.owner_member_id
        where k.response_id = r.id and k.kind = ${kind} and k.workspace_id = ${actor.workspaceId} and ${caseScopeSql(actor, 'k', 'ku')}
      ) ${sql.table(alias)} on true`;
    }),
    sql` `,
  );

/** The question keys of the surveys' versions, in survey and page order: one column each. */
async function questionKeys(db: Db, workspaceId: string, surveyIds: string[] | undefined): Promise<string[]> {
  let query = db
    .selectFrom('survey_versions as v')
    .innerJoin('surveys as s', 's.id', 'v.survey_id')
    .select('v.definition')
    .where('v.workspace_id', '=', workspaceId)
    .orderBy('s.name')
    .orderBy('v.version');
  if (surveyIds?.length) query = query.where('v.survey_id', 'in', surveyIds);
  const versions = await query.execute();
  return [...new Set(versions.flatMap((v) => questionsOf(v.definition as SurveyDefinition).map((q) => q.key)))];
}

const cellOf = (value: unknown): Cell => {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** Validates and scopes the export before anything is sent, then reads it page by page. */
export async function exportResponses(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date, pageSize = EXPORT_PAGE_SIZE): Promise<ResponseExport> {
  const prepared = await prepareQuery(db, actor, filter, now);
  const { conditions } = await withoutSmallAnonymousGroups(db, prepared.conditions);
  const ws = actor.workspaceId;
  const keys = await questionKeys(db, ws, filter.surveyIds);
  const attributeKeys = (await db.selectFrom('attribute_definitions').select('key').where('workspace_id', '=', ws).orderBy('key').execute()).map((d) => d.key);
  const columns = [...FIXED_COLUMNS, ...CASE_COLUMNS, ...attributeKeys.map((key) => `attr.${key}`), ...keys.map((key) => `q.${key}`)];

  async function* pages(): AsyncGenerator<Cell[][]> {
    let cursor: string | undefined;
    do {
      const { rows } = await sql<ExportRow>`
        select ${ROW_COLUMNS}, ${COMMENT_TEXT} as comment, v.version as survey_version, tp.name as touchpoint_name,
               c.external_id as contact_external_id, c.email as contact_email, c.attributes,
               ${sql.join(CASE_KINDS.flatMap((kind) => CASE_FIELDS.map((field) => sql.ref(`case_${kind}.${kind}_${field}`))))},
               (select jsonb_object_agg(a.question_key, coalesce(to_jsonb(a.number_value), to_jsonb(a.text_value), to_jsonb(a.choice_values)))
                from response_answers a where a.response_id = r.id) as answers
        from responses r join surveys s on s.id = r.survey_id
        join survey_versions v on v.id = r.survey_version_id
        ${ROW_JOINS(ws)}
        left join touchpoints tp on tp.id = r.touchpoint_id and tp.workspace_id = ${ws}
        ${caseJoins(actor)}
        where ${where([...conditions, ...afterCursor(cursor)])}
        order by r.started_at desc, r.id desc
        limit ${pageSize}`.execute(db);
      if (rows.length > 0) yield rows.map((row) => cellsOf(row, attributeKeys, keys));
      const last = rows.at(-1);
      cursor = rows.length === pageSize && last ? encodeCursor(cursorKey(last)) : undefined;
    } while (cursor);
  }
  return { columns, pages: pages() };
}

function cellsOf(row: ExportRow, attributeKeys: string[], keys: string[]): Cell[] {
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
  return [
    row.id,
    row.survey_name,
    row.survey_version,
    iso(row.started_at),
    iso(row.completed_at),
    row.channel,
    row.language,
    row.score,
    row.category,
    row.touchpoint_name,
    row.unit_name,
    row.owner_name,
    row.segment,
    row.account_name,
    row.contact_id,
    row.contact_id ? row.contact_external_id : null,
    row.contact_id ? row.contact_name : null,
    row.contact_id ? row.contact_email : null,
    row.comment,
    ...CASE_KINDS.flatMap((kind) =>
      CASE_FIELDS.map((field) => {
        const value = row[`${kind}_${field}`];
        return value instanceof Date ? value.toISOString() : value;
      }),
    ),
    ...attributeKeys.map((key) => cellOf(row.attributes?.[key])),
    ...keys.map((key) => cellOf(row.answers?.[key])),
  ];
}

/** CSV (UTF-8 with a BOM, for Excel), one chunk per page. */
export function csvStream(columns: string[], pages: AsyncIterable<Cell[][]>): Readable {
  async function* chunks() {
    yield stringify([], { bom: true, header: true, columns });
    for await (const page of pages) yield stringify(page);
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** XLSX through exceljs' streaming writer: each row is committed (written out) as it comes, and a
 * page waits for the client when the output is full. */
export function xlsxStream(sheetName: string, columns: string[], pages: AsyncIterable<Cell[][]>): Readable {
  const output = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import('exceljs'); // loaded on first use: half a second of the server's start
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(columns).commit();
    for await (const page of pages) {
      for (const cells of page) sheet.addRow(cells).commit();
      if (output.writableNeedDrain) await once(output, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: Error) => output.destroy(error));
  return output;
}

/** The comments of the filter, as CSV: response, date, score, category, language, survey, unit, contact, text. */
export async function exportComments(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, search: string | undefined, now: Date, pageSize = EXPORT_PAGE_SIZE) {
  const first = await comments(db, actor, filter, { search, limit: pageSize }, now);
  async function* pages(): AsyncGenerator<Cell[][]> {
    let page = first;
    while (true) {
      yield page.items.map((c) => [
        c.responseId,
        c.answeredAt,
        c.score,
        c.category,
        c.language,
        c.survey.name,
        c.unit?.name ?? null,
        c.contact?.name ?? null,
        c.text,
      ]);
      if (!page.nextCursor) return;
      page = await comments(db, actor, filter, { search, limit: pageSize, cursor: page.nextCursor }, now);
    }
  }
  return { columns: ['response_id', 'answered_at', 'score', 'category', 'language', 'survey', 'unit', 'contact', 'comment'], pages: pages() };
}

/** The export files as the API sends them: validated and scoped first, then streamed. */
export async function responsesCsv(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<Readable> {
  const { columns, pages } = await exportResponses(db, actor, filter, now);
  return csvStream(columns, pages);
}

export async function responsesXlsx(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, now: Date): Promise<Readable> {
  const { columns, pages } = await exportResponses(db, actor, filter, now);
  return xlsxStream('Responses', columns, pages);
}

export async function commentsCsv(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, search: string | undefined, now: Date): Promise<Readable> {
  const { columns, pages } = await exportComments(db, actor, filter, search, now);
  return csvStream(columns, pages);
}
