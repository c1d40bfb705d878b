// The approach common in open-source survey tools: fetch every matching answer through the
// application in pages of 5,000 (keyset on the id, the kind version of an ORM's findMany) and count
// in JavaScript. Same filters as Anbefal (responseConditions), so the answers must agree.
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import type { Actor } from '../../src/domain/access/index.ts';
import { type ParsedAnalyticsFilter, type Period, responseConditions } from '../../src/domain/analytics/filters.ts';
import { addAnswer, type Counts, emptyCounts, type Grouped, weekOf, withoutNone } from './questions.ts';

const PAGE = 5000;

interface AnswerRow {
  id: string;
  category: string | null;
  started_at: Date;
  unit_id: string | null;
}

async function eachAnswer(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period, visit: (row: AnswerRow) => void): Promise<void> {
  const conditions = sql.join(responseConditions(actor, filter, period), sql` and `);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<AnswerRow>`
      select r.id, r.category, r.started_at, r.unit_id from responses r join surveys s on s.id = r.survey_id
      where ${conditions} and r.id > ${after}::uuid order by r.id limit ${PAGE}`.execute(db);
    for (const row of rows) visit(row);
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = last.id;
  }
}

export async function naiveOverview(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period): Promise<Counts> {
  const counts = emptyCounts();
  await eachAnswer(db, actor, filter, period, (row) => addAnswer(counts, row.category));
  return counts;
}

async function naiveGrouped(db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period, keyOf: (row: AnswerRow) => string): Promise<Grouped> {
  const groups: Grouped = {};
  await eachAnswer(db, actor, filter, period, (row) => {
    const key = keyOf(row);
    groups[key] ??= emptyCounts();
    addAnswer(groups[key], row.category);
  });
  return groups;
}

export const naiveTrend = (db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period) =>
  naiveGrouped(db, actor, filter, period, (row) => weekOf(new Date(row.started_at)));

/** Per country: `countryOf` maps each unit to its country. */
export const naiveBreakdown = async (db: Db, actor: Actor, filter: ParsedAnalyticsFilter, period: Period, countryOf: Record<string, string>) =>
  withoutNone(await naiveGrouped(db, actor, filter, period, (row) => (row.unit_id ? (countryOf[row.unit_id] ?? '-') : '-')));
