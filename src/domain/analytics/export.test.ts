// Exports: the response CSV parses back (csv-parse) and the XLSX reads back (exceljs) with every
// answer, attribute, snapshot and case (the cases opened by the workspace's default alert rules,
// then worked); rows are read page by page while the file is being written; the actor's scope
// applies, to cases too; and the comments CSV.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalyticsOrganisation, seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { migrate } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { evaluateAlertRules, updateCase } from '../loop/index.ts';
import { csvStream, exportComments, exportResponses, xlsxStream } from './export.ts';
import { AnalyticsFilter } from './filters.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const FILTER = AnalyticsFilter.parse({ from: '2026-01-01', to: '2026-05-31' });
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));
let t: TestDatabase;
let org: Awaited<ReturnType<typeof seedAnalyticsOrganisation>>;
let base: { workspaceId: string; surveyId: string; versionId: string };
let annas: string[];
let dieters: string[];

const text = async (stream: Readable) => Buffer.concat(await stream.toArray()).toString('utf8');
const csvOf = async (actor: UserActor = org.owner) => {
  const { columns, pages } = await exportResponses(t.database.db, actor, FILTER, NOW);
  return parse(await text(csvStream(columns, pages)), { bom: true, columns: true }) as Record<string, string>[];
};

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  org = await seedAnalyticsOrganisation(t.database, 'Export Co');
  await t.database.db.insertInto('attribute_definitions').values({ workspace_id: org.workspaceId, key: 'region', label: 'Region', type: 'text' }).execute();
  const survey = await seedKindSurvey(t.database, org.workspaceId, { name: 'Relationship' });
  base = { workspaceId: org.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId };
  const anna = { ...base, unitId: org.denmark, ownerMemberId: org.frontDk.memberId, contactId: org.anna, accountId: org.alfa, segment: 'vip' };
  annas = await seedAnswers(
    t.database,
    { ...anna, times: (i) => day(1 + i), comment: (i) => `Comment ${i + 1}, "quoted", with; separators` },
    [10, 9, 8, 7, 3, 0, 10],
  );
  // The first of Anna's answers also chose a reason, rated the service and answered yes.
  await t.database.db
    .insertInto('response_answers')
    .values([
      { response_id: annas[0] as string, workspace_id: org.workspaceId, question_key: 'area', choice_values: ['price', 'service'], answered_at: day(1) },
      { response_id: annas[0] as string, workspace_id: org.workspaceId, question_key: 'service', number_value: 4, answered_at: day(1) },
      { response_id: annas[0] as string, workspace_id: org.workspaceId, question_key: 'contact_ok', choice_values: ['yes'], answered_at: day(1) },
      { response_id: annas[0] as string, workspace_id: org.workspaceId, question_key: 'may_contact', choice_values: ['yes'], answered_at: day(1) },
    ])
    .execute();
  dieters = await seedAnswers(
    t.database,
    { ...base, unitId: org.germany, ownerMemberId: org.frontDe.memberId, contactId: org.dieter, times: (i) => day(10 + i) },
    [9, 9, 0],
  );
  // The default rules open the cases: a follow-up per detractor and contact request, a lead per
  // promoter (Anna's first answer, a promoter who asked to be called, gets both).
  for (const id of [...annas, ...dieters]) await evaluateAlertRules(t.database.db, id, day(20));
  const caseOf = async (responseId: string, kind: 'follow_up' | 'lead') =>
    (await t.database.db.selectFrom('cases').select('id').where('response_id', '=', responseId).where('kind', '=', kind).executeTakeFirstOrThrow()).id;
  // Anna's 0 was called and resolved; Dieter's 0 was handed to Dina, so Dieter no longer sees it.
  const annasZero = await caseOf(annas[5] as string, 'follow_up');
  await updateCase(t.database.db, org.owner, annasZero, { status: 'contacted' }, {}, day(21));
  await updateCase(t.database.db, org.owner, annasZero, { status: 'resolved', rootCause: 'Billing', outcome: 'recovered' }, {}, day(22));
  await updateCase(t.database.db, org.owner, await caseOf(dieters[2] as string, 'follow_up'), { ownerMemberId: org.frontDk.memberId }, {}, day(21));
}, 120_000);
afterAll(() => t?.drop());

describe('response export', () => {
  it('writes a CSV that parses back with every answer, attribute and snapshot, newest first', async () => {
    const rows = await csvOf();
    expect(rows).toHaveLength(10);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining(['response_id', 'score', 'unit', 'owner', 'account', 'contact_name', 'attr.region', 'q.recommend', 'q.why', 'q.area', 'q.email']),
    );
    expect(rows.map((row) => row.score)).toEqual(['0', '9', '9', '10', '0', '3', '7', '8', '9', '10']);
    const first = rows.at(-1);
    expect(first).toMatchObject({
      survey: 'Relationship',
      survey_version: '1',
      started_at: day(1).toISOString(),
      category: 'promoter',
      unit: 'Denmark',
      owner: 'dina',
      segment: 'vip',
      account: 'Alfa',
      contact_name: 'Anna Berg',
      contact_email: 'anna@export-co.test',
      comment: 'Comment 1, "quoted", with; separators',
      'attr.region': 'north',
      'q.why': 'Comment 1, "quoted", with; separators',
      'q.area': 'price; service',
      'q.service': '4',
      'q.contact_ok': 'yes',
      'q.email': '',
    });
    expect(rows[0]).toMatchObject({ unit: 'Germany', contact_name: 'Dieter Klein', 'attr.region': 'south', comment: '' });
  });

  it('carries each kind of case in its own columns, one row per response', async () => {
    const rows = await csvOf();
    const cases = (row: Record<string, string> | undefined) =>
      Object.fromEntries(Object.entries(row ?? {}).filter(([column, value]) => column.startsWith('case.') && value !== ''));
    const byId = (id: string | undefined) => rows.find((row) => row.response_id === id);
    expect(Object.keys(rows[0] ?? {}).filter((column) => column.startsWith('case.'))).toEqual([
      'case.follow_up.status',
      'case.follow_up.owner',
      'case.follow_up.due_at',
      'case.follow_up.first_contact_at',
      'case.follow_up.closed_at',
      'case.follow_up.root_cause',
      'case.follow_up.outcome',
      'case.lead.status',
      'case.lead.owner',
      'case.lead.due_at',
      'case.lead.first_contact_at',
      'case.lead.closed_at',
      'case.lead.root_cause',
      'case.lead.outcome',
    ]);
    // A promoter who asked to be called: both cases on the one row.
    expect(cases(byId(annas[0]))).toEqual({
      'case.follow_up.status': 'new',
      'case.follow_up.owner': 'dina',
      'case.follow_up.due_at': expect.stringMatching(/^2026-01-2\dT/),
      'case.lead.status': 'new',
      'case.lead.owner': 'dina',
      'case.lead.due_at': expect.stringMatching(/^2026-01-2\dT/),
    });
    expect(cases(byId(annas[5]))).toMatchObject({
      'case.follow_up.status': 'resolved',
      'case.follow_up.first_contact_at': day(21).toISOString(),
      'case.follow_up.closed_at': day(22).toISOString(),
      'case.follow_up.root_cause': 'Billing',
      'case.follow_up.outcome': 'recovered',
    });
    expect(cases(byId(annas[2]))).toEqual({});
    expect(cases(byId(dieters[2]))).toMatchObject({ 'case.follow_up.status': 'new', 'case.follow_up.owner': 'dina' });
    // Frontline see the cases they own: Dieter's own leads, not the follow-up handed to Dina.
    const his = await csvOf(org.frontDe);
    expect(his.map(cases)).toEqual([
      {},
      expect.objectContaining({ 'case.lead.status': 'new', 'case.lead.owner': 'dieter' }),
      expect.objectContaining({ 'case.lead.status': 'new', 'case.lead.owner': 'dieter' }),
    ]);
  });

  it("exports only the actor's scope", async () => {
    const rows = await csvOf(org.frontDe);
    expect(rows.map((row) => row.contact_name)).toEqual(['Dieter Klein', 'Dieter Klein', 'Dieter Klein']);
  });

  it('reads the rows page by page while the export is being written', async () => {
    const { pages } = await exportResponses(t.database.db, org.owner, FILTER, NOW, 4);
    const first = await pages.next();
    expect(first.done).toBe(false);
    expect(first.value).toHaveLength(4);
    // Written after the first page was produced, and older than every row: the last page must hold it.
    const [late] = await seedAnswers(t.database, { ...base, unitId: org.denmark, at: new Date('2026-01-01T06:00:00Z') }, [5]);
    const rest: unknown[][][] = [];
    for await (const page of pages) rest.push(page);
    expect(rest.map((page) => page.length)).toEqual([4, 3]);
    expect(rest.at(-1)?.at(-1)?.[0]).toBe(late);
    await t.database.db
      .deleteFrom('responses')
      .where('id', '=', late as string)
      .execute();
  });

  it('writes an XLSX that reads back with the same rows', async () => {
    const rows = (await csvOf()).map((row) => row.response_id);
    const { columns, pages } = await exportResponses(t.database.db, org.owner, FILTER, NOW, 3);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(xlsxStream('Responses', columns, pages));
    const sheet = workbook.getWorksheet('Responses');
    if (!sheet) throw new Error('no Responses sheet');
    expect(sheet.rowCount).toBe(11);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(columns);
    const last = (sheet.getRow(11).values as unknown[]).slice(1);
    expect(last[header.indexOf('score')]).toBe(10);
    expect(last[header.indexOf('q.area')]).toBe('price; service');
    expect(last[header.indexOf('contact_name')]).toBe('Anna Berg');
    expect([last[header.indexOf('case.follow_up.status')], last[header.indexOf('case.lead.owner')]]).toEqual(['new', 'dina']);
    const resolved = (sheet.getRow(rows.indexOf(annas[5] as string) + 2).values as unknown[]).slice(1);
    expect(resolved[header.indexOf('case.follow_up.first_contact_at')]).toBe(day(21).toISOString());
    expect(resolved[header.indexOf('case.follow_up.root_cause')]).toBe('Billing');
    expect(resolved[header.indexOf('case.lead.status')]).toBeUndefined();
  });

  it('writes the comments as CSV', async () => {
    const { columns, pages } = await exportComments(t.database.db, org.owner, FILTER, 'quoted', NOW, 3);
    const rows = parse(await text(csvStream(columns, pages)), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({
      score: '10',
      category: 'promoter',
      contact: 'Anna Berg',
      unit: 'Denmark',
      comment: 'Comment 7, "quoted", with; separators',
    });
  });
});
