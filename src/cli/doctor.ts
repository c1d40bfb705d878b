import fs from 'node:fs';
import type { Command } from 'commander';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { type Config, ConfigError, readConfig } from '../config.ts';
import { currentSchemaVersion, latestSchemaVersion, openDatabase } from '../db/index.ts';
import { databaseTarget } from '../runtime.ts';

type Check = { name: string; ok: boolean; detail: string };

const SMTP_TIMEOUT_MS = 10_000;

async function checkDatabase(config: Config): Promise<Check[]> {
  try {
    const database = await openDatabase(databaseTarget(config));
    try {
      const version = await sql<{ v: string }>`select version() as v`.execute(database.db);
      const schema = await currentSchemaVersion(database).catch(() => 0);
      const latest = latestSchemaVersion();
      return [
        { name: 'database', ok: true, detail: `${database.kind}: ${version.rows[0]?.v.split(' on ')[0] ?? 'PostgreSQL'}` },
        {
          name: 'schema',
          ok: schema <= latest,
          detail: schema === latest ? `up to date (version ${schema})` : `version ${schema}; ${latest - schema} migrations pending (applied at start)`,
        },
      ];
    } finally {
      await database.close();
    }
  } catch (error) {
    return [{ name: 'database', ok: false, detail: (error as Error).message }];
  }
}

async function checkSmtp(config: Config): Promise<Check> {
  if (!config.smtpUrl) return { name: 'smtp', ok: true, detail: 'not configured: emails are stored in the outbox, not delivered (set SMTP_URL)' };
  const host = new URL(config.smtpUrl).host;
  // A firewalled host would otherwise keep the check waiting for minutes (nodemailer's defaults).
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  try {
    await transport.verify();
    return { name: 'smtp', ok: true, detail: `reachable: ${host}` };
  } catch (error) {
    return { name: 'smtp', ok: false, detail: `${host} does not accept us: ${(error as Error).message}. Check SMTP_URL.` };
  } finally {
    transport.close();
  }
}

export function registerDoctor(program: Command) {
  program
    .command('doctor')
    .description('check configuration, database and SMTP; exits non-zero when something is wrong')
    .action(async () => {
      let config: Config;
      const checks: Check[] = [];
      try {
        config = readConfig();
        checks.push({ name: 'config', ok: true, detail: `port ${config.port}, public URL ${config.publicUrl}` });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        for (const problem of error.problems) process.stdout.write(`✗ config: ${problem}\n`);
        process.exit(2);
      }
      if (!config.databaseUrl) {
        const writable = (() => {
          try {
            fs.mkdirSync(config.dataDir, { recursive: true });
            fs.accessSync(config.dataDir, fs.constants.W_OK);
            return true;
          } catch {
            return false;
          }
        })();
        checks.push({ name: 'data folder', ok: writable, detail: writable ? config.dataDir : `${config.dataDir} is not writable` });
      }
      checks.push(...(await checkDatabase(config)), await checkSmtp(config));
      for (const check of checks) process.stdout.write(`${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}\n`);
      process.exit(checks.every((check) => check.ok) ? 0 : 1);
    });
}
