// `npm run bench -- dashboard [--responses N] [--pglite] [--seed N] [--url postgres://…] [--keep | --reuse NAME]`: the demo
// generator fills a fresh database (PostgreSQL: 10,000,000 answers by default, in a database created
// and dropped here; --pglite: 1,000,000 in a temporary data folder), then six dashboard questions —
// the overview, a weekly trend over 18 months and a breakdown by country, each unfiltered and with an
// attribute filter (product = Solar) — are answered by Anbefal, by DuckDB over the same rows in
// Parquet (the columnar reference), and by reading every matching answer into JavaScript in pages
// of 5,000 (the naive reference), all in the same run. Prints seconds and ratios; fails unless all
// answerers agree. Anbefal and DuckDB: the median of three runs after one warm-up; naive: one run.
// --keep leaves the generated PostgreSQL database in place and prints its name; --reuse NAME answers
// over such a database again without generating (what an iteration on the queries needs), after applying
// the migrations the code has added since.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Database, migrate, openDatabase } from '../src/db/index.ts';
import type { UserActor } from '../src/domain/access/index.ts';
import { AnalyticsFilter } from '../src/domain/analytics/index.ts';
import { actorForUser } from '../src/domain/auth/index.ts';
import { createDemoWorkspace, DEMO_DAYS } from '../src/domain/demo/index.ts';
import { createPgDatabase } from '../test/support/database.ts';
import { countryBreakdown, countryOfUnit, overviewCounts, weeklyTrend } from './dashboard/anbefal.ts';
import { duckBreakdown, duckOverview, duckTrend, prepareDuckDb } from './dashboard/duckdb.ts';
import { naiveBreakdown, naiveOverview, naiveTrend } from './dashboard/naive.ts';
import { type Counts, fingerprint, type Grouped } from './dashboard/questions.ts';

const { values: options } = parseArgs({
  options: {
    responses: { type: 'string' },
    pglite: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const responses = Number(options.responses ?? (options.pglite ? 1_000_000 : 10_000_000));
if (!Number.isInteger(responses) || responses < 1) throw new Error('--responses must be a whole number above 0');
const PRODUCT = 'Solar';

type Answer = Counts | Grouped;

async function timed<T>(run: () => Promise<T>, repeats: number): Promise<{ seconds: number; answer: T }> {
  if (repeats > 1) await run();
  const times: number[] = [];
  let answer: T | undefined;
  for (let i = 0; i < repeats; i += 1) {
    const started = performance.now();
    answer = await run();
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)] ?? 0, answer: answer as T };
}

async function openTarget(dir: string): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (options.pglite) {
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    return { database, drop: () => database.close() };
  }
  if (options.reuse) {
    const url = new URL(options.url);
    url.pathname = `/${options.reuse}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
    return { database, url: url.toString(), drop: () => database.close() };
  }
  const created = await createPgDatabase(options.url);
  const database = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 4 });
  return {
    database,
    url: created.url,
    async drop() {
      await database.close();
      if (options.keep) console.log(`Kept the database: --reuse ${new URL(created.url).pathname.slice(1)}`);
      else await created.drop();
    },
  };
}

/** The demo workspace to ask about: generated now, or (--reuse) the one the database holds. */
async function demoWorkspace(database: Database, now: Date): Promise<{ workspaceId: string; email: string; answers: number; seconds: number | null }> {
  if (options.reuse) {
    // The code's migrations since the database was generated (a new rollup fills itself here).
    const started = performance.now();
    const applied = await migrate(database);
    if (applied.length > 0)
      console.log(`Migrated: ${applied.map((m) => `${m.version}_${m.name}`).join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    const owner = await database.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['members.workspace_id', 'users.email'])
      .where('members.role', '=', 'owner')
      .executeTakeFirstOrThrow();
    const { count } = await database.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    console.log(`Reusing ${options.reuse}: ${Number(count).toLocaleString('en')} answers.`);
    return { workspaceId: owner.workspace_id, email: owner.email, answers: Number(count), seconds: null };
  }
  await migrate(database);
  console.log(`Generating ${responses.toLocaleString('en')} answers with the demo generator on ${database.kind}…`);
  const started = performance.now();
  const demo = await createDemoWorkspace(database.db, {
    name: 'Nordlys Energi',
    seed: Number(options.seed),
    responses,
    now,
    progress: (line) => console.log(`  ${line}`),
  });
  const took = (performance.now() - started) / 1000;
  console.log(`Generated in ${took.toFixed(1)} s (${Math.round(responses / took).toLocaleString('en')} answers/s).`);
  if (database.kind === 'postgres') await sql`vacuum analyze`.execute(database.db);
  else await sql`analyze`.execute(database.db);
  return { workspaceId: demo.workspaceId, email: demo.signIn.email, answers: responses, seconds: took };
}

const seconds = (value: number) => (value < 0.01 ? value.toFixed(4) : value.toFixed(3));
const ratio = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'anbefal-dashboard-'));
  const target = await openTarget(dir);
  const { database } = target;
  try {
    const now = new Date();
    const demo = await demoWorkspace(database, now);
    const user = await database.db.selectFrom('users').select('id').where('email', '=', demo.email).executeTakeFirstOrThrow();
    const actor = (await actorForUser(database.db, user.id, demo.workspaceId, 'bench')) as UserActor;
    // Whole UTC days: every answerer reads the same 18 months.
    const to = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
    const period = { from: new Date(to.getTime() - DEMO_DAYS * 86_400_000), to };
    const all = AnalyticsFilter.parse({ from: period.from.toISOString(), to: period.to.toISOString() });
    const solar = AnalyticsFilter.parse({ from: period.from.toISOString(), to: period.to.toISOString(), attributes: { product: PRODUCT } });

    console.log('Exporting to Parquet for DuckDB (not timed)…');
    const duck = await prepareDuckDb(database, target.url, demo.workspaceId, dir);
    const db = database.db;
    const countryOf = await countryOfUnit(db, demo.workspaceId);
    const questions: {
      name: string;
      anbefal: () => Promise<Answer>;
      duck: () => Promise<Answer>;
      naive: () => Promise<Answer>;
    }[] = [
      {
        name: 'overview',
        anbefal: () => overviewCounts(db, actor, all, now),
        duck: () => duckOverview(duck, period),
        naive: () => naiveOverview(db, actor, all, period),
      },
      {
        name: `overview, ${PRODUCT}`,
        anbefal: () => overviewCounts(db, actor, solar, now),
        duck: () => duckOverview(duck, period, PRODUCT),
        naive: () => naiveOverview(db, actor, solar, period),
      },
      {
        name: 'weekly trend',
        anbefal: () => weeklyTrend(db, actor, all, now),
        duck: () => duckTrend(duck, period),
        naive: () => naiveTrend(db, actor, all, period),
      },
      {
        name: `weekly trend, ${PRODUCT}`,
        anbefal: () => weeklyTrend(db, actor, solar, now),
        duck: () => duckTrend(duck, period, PRODUCT),
        naive: () => naiveTrend(db, actor, solar, period),
      },
      {
        name: 'breakdown by country',
        anbefal: () => countryBreakdown(db, actor, all, now),
        duck: () => duckBreakdown(duck, period, countryOf),
        naive: () => naiveBreakdown(db, actor, all, period, countryOf),
      },
      {
        name: `breakdown by country, ${PRODUCT}`,
        anbefal: () => countryBreakdown(db, actor, solar, now),
        duck: () => duckBreakdown(duck, period, countryOf, PRODUCT),
        naive: () => naiveBreakdown(db, actor, solar, period, countryOf),
      },
    ];

    const table = [['question', 'Anbefal s', 'DuckDB s', 'naive s', 'Anbefal÷DuckDB', 'naive÷Anbefal']];
    for (const question of questions) {
      console.log(`Answering: ${question.name}…`);
      const anbefal = await timed(question.anbefal, 3);
      const reference = await timed(question.duck, 3);
      const naive = await timed(question.naive, 1);
      const expected = fingerprint(anbefal.answer);
      for (const [who, answer] of [
        ['DuckDB', reference.answer],
        ['naive', naive.answer],
      ] as const) {
        if (fingerprint(answer) !== expected) {
          throw new Error(`${question.name}: ${who} answered ${fingerprint(answer).slice(0, 300)}, Anbefal ${expected.slice(0, 300)}`);
        }
      }
      table.push([
        question.name,
        seconds(anbefal.seconds),
        seconds(reference.seconds),
        seconds(naive.seconds),
        `${ratio(anbefal.seconds / reference.seconds)}×`,
        `${ratio(naive.seconds / anbefal.seconds)}×`,
      ]);
    }
    duck.close();
    const widths = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length))) ?? [];
    console.log('');
    for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '));
    console.log('');
    console.log(
      `${demo.answers.toLocaleString('en')} answers on ${database.kind}${demo.seconds === null ? '' : `, generated in ${demo.seconds.toFixed(1)} s`}; the ${PRODUCT} filter is a contact attribute.`,
    );
    console.log('Goals: unfiltered Anbefal÷DuckDB ≤ 1×, filtered Anbefal÷DuckDB ≤ 5×, naive÷Anbefal ≥ 50×.');
  } finally {
    await target.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
