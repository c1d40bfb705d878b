// The columnar reference: the same answers exported from the database (pg COPY to CSV, or pages
// from PGlite; not timed), turned into Parquet by DuckDB, and the same questions asked of DuckDB.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from '../../src/db/index.ts';
import { type Counts, type Grouped, withoutNone } from './questions.ts';

const EXPORTS = {
  responses: {
    query: (ws: string) =>
      `select r.id, to_char(r.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as started_at, s.kind, r.score, r.category, r.unit_id, r.contact_id
       from responses r join surveys s on s.id = r.survey_id where r.workspace_id = '${ws}' and r.score is not null`,
    columns:
      "{'id': 'VARCHAR', 'started_at': 'TIMESTAMP', 'kind': 'VARCHAR', 'score': 'SMALLINT', 'category': 'VARCHAR', 'unit_id': 'VARCHAR', 'contact_id': 'VARCHAR'}",
  },
  contacts: {
    query: (ws: string) => `select id, attributes ->> 'product' as product from contacts where workspace_id = '${ws}'`,
    columns: "{'id': 'VARCHAR', 'product': 'VARCHAR'}",
  },
  invitations: {
    query: (ws: string) =>
      `select id, to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as sent_at, completed_at is not null as completed
       from survey_invitations where workspace_id = '${ws}' and channel = 'email' and sent_at is not null`,
    columns: "{'id': 'VARCHAR', 'sent_at': 'TIMESTAMP', 'completed': 'BOOLEAN'}",
  },
} as const;

type Table = keyof typeof EXPORTS;

const csvValue = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Writes one export as CSV with a header: COPY on PostgreSQL, pages in id order (the first column) on PGlite. */
async function exportCsv(database: Database, url: string | undefined, query: string, path: string): Promise<void> {
  if (database.kind === 'postgres' && url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await pipeline(client.query(copyTo(`copy (${query}) to stdout with (format csv, header true)`)), createWriteStream(path));
    } finally {
      await client.end();
    }
    return;
  }
  const out = createWriteStream(path);
  const pageSize = 100_000;
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = await sql.raw<Record<string, unknown>>(`${query} order by 1 limit ${pageSize} offset ${offset}`).execute(database.db);
    if (offset === 0) out.write(`${Object.keys(rows[0] ?? {}).join(',')}\n`);
    for (const row of rows) if (!out.write(`${Object.values(row).map(csvValue).join(',')}\n`)) await once(out, 'drain');
    if (rows.length < pageSize) break;
  }
  out.end();
  await once(out, 'finish');
}

export interface DuckReference {
  connection: DuckDBConnection;
  close(): void;
}

export async function prepareDuckDb(database: Database, url: string | undefined, workspaceId: string, dir: string): Promise<DuckReference> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const [table, spec] of Object.entries(EXPORTS) as [Table, (typeof EXPORTS)[Table]][]) {
    const csv = join(dir, `${table}.csv`);
    const parquet = join(dir, `${table}.parquet`);
    await exportCsv(database, url, spec.query(workspaceId), csv);
    await connection.run(`copy (select * from read_csv('${csv}', header = true, columns = ${spec.columns})) to '${parquet}' (format parquet)`);
    await connection.run(`create view ${table} as select * from read_parquet('${parquet}')`);
  }
  return { connection, close: () => connection.closeSync() };
}

const iso = (date: Date) => date.toISOString().slice(0, 23).replace('T', ' ');
const solarOnly = (product: string | undefined) =>
  product ? ` and contact_id in (select id from contacts where product = '${product.replaceAll("'", "''")}')` : '';
const NPS = `count(*) filter (where category is not null) as n, count(*) filter (where category = 'promoter') as promoters,
  count(*) filter (where category = 'detractor') as detractors`;

async function rows(duck: DuckReference, query: string): Promise<Record<string, unknown>[]> {
  return (await duck.connection.runAndReadAll(query)).getRowObjectsJson() as Record<string, unknown>[];
}
const counts = (row: Record<string, unknown> | undefined): Counts => ({
  n: Number(row?.n ?? 0),
  promoters: Number(row?.promoters ?? 0),
  detractors: Number(row?.detractors ?? 0),
});

/** The overview's aggregate (NPS, distribution, CSAT and CES means) and, unfiltered, the response rate. */
export async function duckOverview(duck: DuckReference, period: { from: Date; to: Date }, product?: string): Promise<Counts> {
  const inPeriod = `started_at >= '${iso(period.from)}' and started_at < '${iso(period.to)}'`;
  const [row] = await rows(
    duck,
    `select count(*) as answers, ${NPS}, ${Array.from({ length: 11 }, (_, s) => `count(*) filter (where category is not null and score = ${s}) as s${s}`).join(', ')},
      count(*) filter (where kind = 'csat') as csat_n, count(*) filter (where kind = 'csat' and score between 4 and 5) as csat_satisfied,
      avg(score) filter (where kind = 'csat') as csat_mean, count(*) filter (where kind = 'ces') as ces_n, avg(score) filter (where kind = 'ces') as ces_mean
     from responses where ${inPeriod}${solarOnly(product)}`,
  );
  if (!product) {
    await rows(
      duck,
      `select count(*) as sent, count(*) filter (where completed) as completed from invitations where sent_at >= '${iso(period.from)}' and sent_at < '${iso(period.to)}'`,
    );
  }
  return counts(row);
}

async function duckGrouped(duck: DuckReference, key: string, period: { from: Date; to: Date }, product?: string): Promise<Grouped> {
  const result = await rows(
    duck,
    `select ${key} as key, ${NPS} from responses
     where started_at >= '${iso(period.from)}' and started_at < '${iso(period.to)}'${solarOnly(product)} group by 1`,
  );
  return Object.fromEntries(result.map((row) => [String(row.key ?? '-'), counts(row)]));
}

export const duckTrend = (duck: DuckReference, period: { from: Date; to: Date }, product?: string) =>
  duckGrouped(duck, `strftime(date_trunc('week', started_at), '%Y-%m-%d')`, period, product);

/** Per country: `countryOf` maps each unit to its country (answers without a unit have none, as in Anbefal's breakdown). */
export const duckBreakdown = async (duck: DuckReference, period: { from: Date; to: Date }, countryOf: Record<string, string>, product?: string) =>
  withoutNone(
    await duckGrouped(
      duck,
      `case unit_id ${Object.entries(countryOf)
        .map(([unit, country]) => `when '${unit}' then '${country}'`)
        .join(' ')} else '-' end`,
      period,
      product,
    ),
  );
