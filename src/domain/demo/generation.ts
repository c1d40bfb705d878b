// What the set-based generators share: the temporary tables they join (contacts numbered 1..n with
// their effect on the score, the surveys numbered 0..3, the phrase banks as rows), the survey an
// answer goes to, ordered ids, and bulk loading without per-row triggers.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { DemoBranch } from './organisation.ts';
import { PHRASES } from './phrases.ts';
import { normalSql } from './random.ts';
import type { DemoSurvey } from './surveys.ts';
import { type PRODUCTS, SEGMENTS } from './world.ts';

export const DEMO_DAYS = 548;
export const RELATIONSHIP_WAVE_DAYS = 91;
const RELATIONSHIP_WINDOW_DAYS = 21;
const PRODUCT_EFFECTS: Record<(typeof PRODUCTS)[number], number> = {
  Electricity: 0,
  Gas: -0.4,
  'District heating': -0.2,
  Solar: 0.5,
  'EV charging': 0.3,
};

export interface GenerationInput {
  workspaceId: string;
  seed: number;
  branches: DemoBranch[];
  surveys: DemoSurvey[];
}

const caseOf = (column: RawBuilder<unknown>, effects: [string, number][]) =>
  sql`(case ${column} ${sql.join(
    effects.map(([value, effect]) => sql`when ${sql.lit(value)} then ${sql.lit(effect)}::float8`),
    sql` `,
  )} else 0 end)`;

/** A UUID made of a per-run prefix (12 hex digits) and the row number: rows inserted in order append to the primary key's index. */
export const orderedUuid = (prefix: string, index: RawBuilder<unknown>) => {
  const hex = sql`lpad(to_hex(${index}), 18, '0')`;
  return sql`(${prefix} || '8' || substr(${hex}, 1, 3) || '8' || substr(${hex}, 4, 15))::uuid`;
};

/** The temporary tables (dropped at commit); returns the number of contacts. */
export async function prepareGeneration(db: Db, input: GenerationInput): Promise<number> {
  await sql`
    create temporary table demo_contacts on commit drop as
    select k, id, unit_id, owner_member_id, account_id, segment, language,
      branch_effect + ${caseOf(
        sql`segment`,
        SEGMENTS.map((s) => [s.name, s.effect]),
      )} + ${caseOf(sql`product`, Object.entries(PRODUCT_EFFECTS))} + 0.6 * ${normalSql(input.seed, 30, sql`k`)} as effect
    from (
      select row_number() over (order by c.external_id) as k, c.id, c.unit_id, c.owner_member_id, c.account_id, c.segment, c.language,
        c.attributes ->> 'product' as product, e.effect as branch_effect
      from contacts c
      join unnest(${input.branches.map((b) => b.unitId)}::uuid[], ${input.branches.map((b) => b.effect)}::float8[]) as e(unit_id, effect) on e.unit_id = c.unit_id
      where c.workspace_id = ${input.workspaceId}
    ) numbered`.execute(db);
  await sql`create temporary table demo_surveys (idx int primary key, id uuid, version_id uuid, touchpoint_id uuid, effect float8, rating_keys text[]) on commit drop`.execute(
    db,
  );
  for (const [idx, survey] of input.surveys.entries()) {
    await sql`insert into demo_surveys values (${idx}, ${survey.id}, ${survey.versionId}, ${survey.touchpointId}, ${survey.effect}, ${survey.ratingKeys}::text[])`.execute(
      db,
    );
  }
  await sql`create temporary table demo_phrases (language text, category text, part text, idx int, text text, primary key (language, category, part, idx)) on commit drop`.execute(
    db,
  );
  const rows = Object.entries(PHRASES).flatMap(([language, categories]) =>
    Object.entries(categories).flatMap(([category, bank]) =>
      Object.entries(bank).flatMap(([part, texts]) => (texts as string[]).map((text, idx) => ({ language, category, part, idx, text }))),
    ),
  );
  await sql`insert into demo_phrases select * from unnest(${rows.map((r) => r.language)}::text[], ${rows.map((r) => r.category)}::text[],
    ${rows.map((r) => r.part)}::text[], ${rows.map((r) => r.idx)}::int[], ${rows.map((r) => r.text)}::text[])`.execute(db);
  for (const table of ['demo_contacts', 'demo_surveys', 'demo_phrases']) await sql`analyze ${sql.table(table)}`.execute(db);
  const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n from demo_contacts`.execute(db);
  return counted[0]?.n ?? 0;
}

/** The survey an answer goes to, from its day (since the start) and two uniform draws: inside a
 * quarterly relationship wave's first three weeks mostly the relationship survey, else a
 * transactional one by its share. */
export function surveyIndex(surveys: DemoSurvey[], day: RawBuilder<unknown>, waveDraw: RawBuilder<unknown>, surveyDraw: RawBuilder<unknown>) {
  let cumulative = 0;
  const transactional = surveys.flatMap((survey, idx) => {
    if (survey.relationship) return [];
    cumulative += survey.share;
    return [sql`when ${surveyDraw} < ${sql.lit(cumulative)} then ${sql.lit(idx)}`];
  });
  const relationship = surveys.findIndex((survey) => survey.relationship);
  return sql`(case when ${day} % ${sql.lit(RELATIONSHIP_WAVE_DAYS)} < ${sql.lit(RELATIONSHIP_WINDOW_DAYS)} and ${waveDraw} < 0.7
    then ${sql.lit(relationship)} ${sql.join(transactional, sql` `)} else ${sql.lit(surveys.length - 1)} end)`;
}

/**
 * Bulk loading skips the per-row foreign-key triggers, as `pg_restore --disable-triggers` does: the
 * generator takes every reference from rows it has just joined, so they hold by construction, and
 * at ten million answers the checks would be most of the time. Only a superuser may do this
 * (PGlite's user always is); anyone else gets the checked path. Lasts until the transaction ends
 * or `restoreRowTriggers`.
 */
export async function skipRowTriggers(db: Db): Promise<boolean> {
  const { rows } = await sql<{ superuser: boolean }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  if (rows[0]?.superuser !== true) return false;
  await sql`set local session_replication_role = replica`.execute(db);
  return true;
}

export async function restoreRowTriggers(db: Db): Promise<void> {
  await sql`set local session_replication_role = origin`.execute(db);
}
