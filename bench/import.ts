// `npm run bench -- import [--rows N] [--url postgres://…] [--heap-mb N] [--cpu-prof DIR]`: a generated contact file (1,000,000
// rows by default) imported on PostgreSQL exactly as production runs it (createImport from the file, then
// runImport), against the reference: a raw COPY of the same file into a plain table of text columns on the
// same server in the same run. Prints rows/s of both, the ratio (goal ≥ 0.5) and the import's peak RSS
// (goal < 300 MB), measured in a child process so generating the file and the COPY do not count. A
// second reference, the floor, writes the same rows into `contacts` straight from SQL, unchecked.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import pino from 'pino';
import { migrate, openDatabase } from '../src/db/index.ts';
import type { ApiKeyActor } from '../src/domain/access/index.ts';
import { issueApiKey } from '../src/domain/api-keys/index.ts';
import { createImport, runImportJob } from '../src/domain/imports/index.ts';
import type { ImportView } from '../src/domain/views.ts';
import { createWorkspace } from '../src/domain/workspaces/index.ts';
import { createPgDatabase } from '../test/support/database.ts';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'cpu-prof': { type: 'string' },
    // IMPORT_HEAP_MB's default.
    'heap-mb': { type: 'string', default: '96' },
    child: { type: 'string' },
  },
});

const HEADERS = [
  'Kundenummer',
  'E-mail',
  'Fornavn',
  'Efternavn',
  'Telefon',
  'Sprog',
  'Tidszone',
  'Afdeling',
  'Ansvarlig',
  'Segment',
  'Kunde siden',
  'Omsætning',
  'Kundetype',
];
const MAPPING = {
  version: 1,
  columns: {
    Kundenummer: 'externalId',
    'E-mail': 'email',
    Fornavn: 'firstName',
    Efternavn: 'lastName',
    Telefon: 'phone',
    Sprog: 'language',
    Tidszone: 'timeZone',
    Afdeling: 'unitName',
    Ansvarlig: 'ownerEmail',
    Segment: 'segment',
    'Kunde siden': 'attr.customer_since',
    Omsætning: 'attr.revenue',
    Kundetype: 'attr.tier',
  },
};
const UNITS = ['Aarhus', 'København', 'Odense', 'Aalborg', 'Esbjerg', 'Stockholm', 'Göteborg', 'Malmö', 'Oslo', 'Bergen', 'Helsinki', 'Hamburg'];
const OWNERS = 40;
const FIRST = ['Søren', 'Åse', 'Bjørn', 'Mette', 'Lærke', 'Jens', 'Åsa', 'Øystein', 'Anne', 'Mikael', 'Karin', 'Ærling', 'Signe', 'Frederik'];
const LAST = ['Kierkegaard', 'Sørensen', 'Østergaard', 'Åberg', 'Nielsen', 'Hansen', 'Lindqvist', 'Strøm', 'Bækgaard', 'Ærø', 'Jensen', 'Öberg'];
const LANGUAGES = ['da', 'da-DK', 'sv', 'nb', 'en', 'Dansk', 'de', 'fi'];
const ZONES = ['Europe/Copenhagen', 'Europe/Stockholm', 'Europe/Oslo', 'Europe/Helsinki', 'Europe/Berlin', 'Europe/London'];
const SEGMENTS = ['Privat', 'Erhverv', 'Offentlig', 'Partner'];
const ascii = (text: string) => text.toLowerCase().replaceAll('æ', 'ae').replaceAll('ø', 'oe').replaceAll('å', 'aa').replaceAll('ö', 'o').replaceAll('ä', 'a');

/** Row i of the file: one in 1,000 has a bad email, one in 5,000 repeats an earlier key, a third have no owner. */
function line(i: number): string {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i * 7) % LAST.length] as string;
  const email = i % 1000 === 999 ? `${ascii(first)}.${i}@` : `${ascii(first)}.${ascii(last)}.${i}@example.dk`;
  const id = `K-${String(i % 5000 === 2500 ? i - 1 : i).padStart(7, '0')}`;
  const phone = i % 3 === 0 ? `+45 ${20_000_000 + (i % 9_999_999)}` : `${String(20_000_000 + (i % 9_999_999)).replace(/(\d\d)(?=\d)/g, '$1 ')}`;
  const owner = i % 3 === 2 ? '' : `saelger${i % OWNERS}@anbefal.test`;
  const since = `${String((i % 28) + 1).padStart(2, '0')}.${String((i % 12) + 1).padStart(2, '0')}.${2010 + (i % 15)}`;
  const revenue = `${(i % 90_000) + 1000},${String(i % 100).padStart(2, '0')}`;
  return [
    id,
    email,
    first,
    last,
    phone,
    LANGUAGES[i % LANGUAGES.length],
    ZONES[i % ZONES.length],
    UNITS[i % UNITS.length],
    owner,
    SEGMENTS[i % SEGMENTS.length],
    since,
    revenue,
    i % 2 === 0 ? 'Privat' : 'Erhverv',
  ].join(';');
}

async function writeFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`\uFEFF${HEADERS.join(';')}\r\n`);
  for (let i = 0; i < rows; i += 1) if (!out.write(`${line(i)}\r\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** Workspace, units, owners (members without login), the file's attributes, and a write key's actor. */
async function seed(url: string): Promise<ApiKeyActor> {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    await migrate(database);
    const db = database.db;
    const user = await db
      .insertInto('users')
      .values({ email: 'owner@anbefal.test', name: 'Owner', password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const system = { kind: 'system', label: 'bench' } as const;
    const { workspaceId, rootUnitId } = await createWorkspace(
      db,
      { name: 'Bench A/S', owner: { userId: user.id, name: 'Owner', email: 'owner@anbefal.test' } },
      system,
    );
    const units = UNITS.map((name) => ({ id: randomUUID(), workspace_id: workspaceId, parent_id: rootUnitId, name }));
    await db
      .insertInto('units')
      .values(units.map((unit) => ({ ...unit, path: `/${rootUnitId}/${unit.id}/` })))
      .execute();
    await db
      .insertInto('members')
      .values(
        Array.from({ length: OWNERS }, (_, i) => ({
          workspace_id: workspaceId,
          unit_id: units[i % units.length]?.id ?? rootUnitId,
          name: `Sælger ${i}`,
          email: `saelger${i}@anbefal.test`,
        })),
      )
      .execute();
    await db
      .insertInto('attribute_definitions')
      .values([
        { workspace_id: workspaceId, key: 'customer_since', label: 'Kunde siden', type: 'date' },
        { workspace_id: workspaceId, key: 'revenue', label: 'Omsætning', type: 'number' },
        { workspace_id: workspaceId, key: 'tier', label: 'Kundetype', type: 'list', allowed_values: JSON.stringify(['Privat', 'Erhverv']) },
      ])
      .execute();
    const key = await issueApiKey(db, { workspaceId, name: 'bench', scope: 'write', createdBy: null }, system);
    return { kind: 'api_key', workspaceId, keyId: key.id, scope: 'write', label: 'bench' };
  } finally {
    await database.close();
  }
}

/** COPY of the file into a new plain table `raw_contacts` of text columns (c0 … c12). Returns milliseconds. */
async function copyIntoRawTable(client: pg.Client, path: string): Promise<number> {
  await client.query(`create table raw_contacts (${HEADERS.map((_, i) => `c${i} text`).join(', ')})`);
  const started = performance.now();
  await pipeline(createReadStream(path), client.query(copyFrom(`copy raw_contacts from stdin with (format csv, header true, delimiter ';')`)));
  return performance.now() - started;
}

/** The reference: COPY of the same file into a plain table of text columns. Returns milliseconds. */
async function copyReference(url: string, path: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await copyIntoRawTable(client, path);
  } finally {
    await client.end();
  }
}

/**
 * The floor: the same rows, already in the server (COPY, not timed) and shaped in SQL without any check,
 * written into `contacts` with its indexes, foreign keys and triggers in one `insert … select`, in a
 * database of their own seeded like the import's. Time-ordered ids, as the import writes them. Then the
 * other way in: the stored rows written out to a file (not timed), `contacts` emptied, and the file
 * COPYed back into it. No import can write these rows into this table faster than the faster of the two.
 */
async function contactsFloor(url: string, path: string, workspaceId: string): Promise<{ ms: number; copyMs: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await copyIntoRawTable(client, path);
    await client.query('analyze raw_contacts');
    await client.query('create temporary sequence floor_ids');
    const started = performance.now();
    // The columns in the file's order: c0 customer number … c12 list value (HEADERS).
    const result = await client.query(
      `insert into contacts (id, workspace_id, external_id, email, phone, first_name, last_name, language, time_zone,
         unit_id, owner_member_id, segment, attributes)
       select ('01900000-0000-7000-8000-' || lpad(to_hex(nextval('floor_ids')), 12, '0'))::uuid, $1, r.c0, lower(r.c1),
         '+45' || replace(replace(r.c4, '+45', ''), ' ', ''), r.c2, r.c3, r.c5, r.c6, u.id, m.id, r.c9,
         jsonb_build_object('customer_since', to_char(to_date(r.c10, 'DD.MM.YYYY'), 'YYYY-MM-DD'),
           'revenue', replace(r.c11, ',', '.')::numeric, 'tier', r.c12)
       from raw_contacts r
       join units u on u.workspace_id = $1 and u.name = r.c7
       left join members m on m.workspace_id = $1 and m.email = nullif(r.c8, '')
       on conflict do nothing`,
      [workspaceId],
    );
    const ms = performance.now() - started;
    const columns = 'id, workspace_id, external_id, email, phone, first_name, last_name, language, time_zone, unit_id, owner_member_id, segment, attributes';
    const shaped = `${path}.contacts.csv`;
    await pipeline(client.query(copyTo(`copy contacts (${columns}) to stdout with (format csv)`)), createWriteStream(shaped));
    await client.query('truncate contacts cascade');
    const copyStarted = performance.now();
    await pipeline(createReadStream(shaped), client.query(copyFrom(`copy contacts (${columns}) from stdin with (format csv)`)));
    const copyMs = performance.now() - copyStarted;
    await rm(shaped);
    return { ms, copyMs, rows: result.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

interface ChildArgs {
  url: string;
  path: string;
  actor: ApiKeyActor;
  heapMb: number;
  /** A V8 CPU profile of the import's runner goes there. */
  profileDir?: string;
}

interface ChildResult {
  uploadMs: number;
  runMs: number;
  /** The bench's child: the upload, and the parent of the import's runner (as the server is). */
  peakRss: number;
  /** The process the import ran in (run-in-process.ts), and its CPU time. */
  runnerPeakRss: number;
  runnerCpuMs: number;
  view: ImportView;
  contacts: number;
}

/** In the child: the import as production runs it (the job's runImportJob), with the peak RSS of this process and of the import's runner. */
async function child(args: ChildArgs): Promise<ChildResult> {
  const database = await openDatabase({ kind: 'postgres', url: args.url, poolSize: 10 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    const started = performance.now();
    const { row } = await createImport(database.db, args.actor, {
      fileName: 'crm-export.csv',
      file: createReadStream(args.path),
      options: async () => ({ mapping: MAPPING, policy: 'skip_bad_rows', unknownOwners: 'report', dryRun: false }),
    });
    const uploaded = performance.now();
    const { peakRss: runnerPeakRss, cpuMs: runnerCpuMs = 0 } = await runImportJob(
      database,
      row.id,
      pino({ level: 'warn' }),
      { final: true },
      {
        heapMb: args.heapMb,
        // In the runner whatever the size (a million rows are far above RUNNER_FROM_BYTES anyway).
        runnerFromBytes: 0,
        nodeOptions: args.profileDir ? ['--cpu-prof', '--cpu-prof-dir', args.profileDir] : [],
      },
    );
    if (runnerPeakRss === undefined) throw new Error('the import did not run in a process of its own');
    const finished = performance.now();
    const stored = await database.db.selectFrom('imports').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    const { importView } = await import('../src/domain/imports/index.ts');
    const count = await database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    return {
      uploadMs: uploaded - started,
      runMs: finished - uploaded,
      peakRss,
      runnerPeakRss,
      runnerCpuMs,
      view: importView(stored),
      contacts: Number(count.n),
    };
  } finally {
    clearInterval(sampler);
    await database.close();
  }
}

async function runChild(args: Omit<ChildArgs, 'profileDir'>, profileDir: string | undefined): Promise<ChildResult> {
  // The profile is the import runner's (the child passes the flags on to it).
  const proc = fork(new URL(import.meta.url).pathname, ['--child', JSON.stringify({ ...args, profileDir })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let message: ChildResult | { error: string } = { error: 'it exited without an answer' };
  proc.on('message', (m: ChildResult | { error: string }) => {
    message = m;
  });
  await once(proc, 'exit');
  if ('error' in message) throw new Error(`the import failed in the child process: ${message.error}`);
  return message;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const perSecond = (rows: number, ms: number) => Math.round((rows / ms) * 1000);

async function main(): Promise<void> {
  const rows = Number(options.rows);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a whole number above 0');
  const dir = await mkdtemp(join(tmpdir(), 'anbefal-bench-'));
  const database = await createPgDatabase(options.url);
  try {
    const path = join(dir, 'crm-export.csv');
    console.log(`Generating ${rows.toLocaleString('en')} rows…`);
    await writeFile(path, rows);
    const size = (await stat(path)).size;
    const actor = await seed(database.url);
    console.log('COPY reference…');
    const copyMs = await copyReference(database.url, path);
    console.log('Floor: the same rows written into contacts by insert … select and by COPY (a database of its own)…');
    const floorDatabase = await createPgDatabase(options.url);
    let floor: { ms: number; copyMs: number; rows: number };
    try {
      floor = await contactsFloor(floorDatabase.url, path, (await seed(floorDatabase.url)).workspaceId);
    } finally {
      await floorDatabase.drop();
    }
    console.log('Import (child process)…');
    const result = await runChild({ url: database.url, path, actor, heapMb: Number(options['heap-mb']) }, options['cpu-prof']);
    const importMs = result.uploadMs + result.runMs;
    const importRate = perSecond(rows, importMs);
    const copyRate = perSecond(rows, copyMs);
    const counts = result.view.counts;
    if (result.view.status !== 'succeeded' || !counts || result.contacts !== counts.created) {
      throw new Error(
        `unexpected import outcome: ${JSON.stringify({ status: result.view.status, error: result.view.error, counts, stored: result.contacts })}`,
      );
    }
    const timed = (label: string, count: number, ms: number) => [
      label,
      count.toLocaleString('en'),
      (ms / 1000).toFixed(2),
      perSecond(count, ms).toLocaleString('en'),
    ];
    const table = [
      ['', 'rows', 'seconds', 'rows/s'],
      timed('COPY into a plain table (reference)', rows, copyMs),
      timed('floor: insert … select into contacts', floor.rows, floor.ms),
      timed('floor: COPY into contacts', floor.rows, floor.copyMs),
      ['import: upload (createImport)', '', (result.uploadMs / 1000).toFixed(2), ''],
      ['import: check + write (runImport)', '', (result.runMs / 1000).toFixed(2), ''],
      timed('import, total', rows, importMs),
    ];
    const widths = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length))) ?? [];
    console.log('');
    for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '));
    console.log('');
    console.log(
      `file: ${mb(size)}; contacts stored: ${result.contacts.toLocaleString('en')} (valid ${counts.valid}, invalid ${counts.invalid}, duplicates ${counts.duplicates})`,
    );
    console.log(`ratio import/COPY: ${(importRate / copyRate).toFixed(2)}× (goal ≥ 0.50×)`);
    const floorRate = perSecond(floor.rows, Math.min(floor.ms, floor.copyMs));
    console.log(`ratio floor/COPY: ${(floorRate / copyRate).toFixed(2)}× (the faster floor: the fastest any import into contacts could be)`);
    console.log(`ratio import/floor: ${(importRate / floorRate).toFixed(2)}×`);
    console.log(`peak RSS of the import process (runner, heap bound ${options['heap-mb']} MB): ${mb(result.runnerPeakRss)} (goal < 300 MB)`);
    console.log(`CPU time of the import process: ${(result.runnerCpuMs / 1000).toFixed(1)} s`);
    console.log(`peak RSS of its parent (the upload; the server's role): ${mb(result.peakRss)}`);
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (options.child !== undefined) {
  const args = JSON.parse(options.child) as ChildArgs;
  child(args).then(
    (result) => process.send?.(result),
    (error: Error) => process.send?.({ error: error.stack ?? error.message }),
  );
} else {
  await main();
}
