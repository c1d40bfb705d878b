import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, stopChildren } from '../test/support/process.ts';
import { ConfigError, parseConfig, VERSION } from './config.ts';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

describe('parseConfig', () => {
  it('defaults every setting', () => {
    expect(parseConfig({})).toEqual({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      databasePoolSize: 10,
      publicUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      mailFrom: 'Anbefal <no-reply@localhost>',
      logLevel: 'info',
      trustProxy: false,
      sessionTtlHours: 168,
      shutdownGraceSeconds: 20,
      importDropDir: path.resolve('./data/imports'),
      importDropQuietSeconds: 30,
      importFileRetentionDays: 30,
      importRetentionDays: 365,
      importHeapMb: 96,
      mailLeaseSeconds: 300,
      jobSchedules: true,
      secretKey: undefined,
      version: VERSION,
    });
  });

  it('reads each variable', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      ANBEFAL_DATA_DIR: '/var/lib/anbefal',
      DATABASE_URL: 'postgresql://anbefal:secret@db:5432/anbefal',
      DATABASE_POOL_SIZE: '25',
      PUBLIC_URL: 'https://nps.example.com/',
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      MAIL_FROM: 'NPS <nps@example.com>',
      LOG_LEVEL: 'debug',
      TRUST_PROXY: 'yes',
      SESSION_TTL_HOURS: '12',
      SHUTDOWN_GRACE_SECONDS: '5',
      IMPORT_DROP_DIR: '/srv/sftp/anbefal',
      IMPORT_DROP_QUIET_SECONDS: '60',
      IMPORT_FILE_RETENTION_DAYS: '7',
      IMPORT_RETENTION_DAYS: '90',
      IMPORT_HEAP_MB: '160',
      MAIL_LEASE_SECONDS: '30',
      JOB_SCHEDULES: 'false',
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/anbefal',
      databaseUrl: 'postgresql://anbefal:secret@db:5432/anbefal',
      databasePoolSize: 25,
      publicUrl: 'https://nps.example.com',
      smtpUrl: 'smtps://user:pass@mail.example.com:465',
      mailFrom: 'NPS <nps@example.com>',
      logLevel: 'debug',
      trustProxy: true,
      sessionTtlHours: 12,
      shutdownGraceSeconds: 5,
      importDropDir: '/srv/sftp/anbefal',
      importDropQuietSeconds: 60,
      importFileRetentionDays: 7,
      importRetentionDays: 90,
      importHeapMb: 160,
      mailLeaseSeconds: 30,
      jobSchedules: false,
    });
  });

  it('treats blank values as unset', () => {
    expect(parseConfig({ PORT: ' ', LOG_LEVEL: '', HOST: '  ' })).toMatchObject({ port: 3000, logLevel: 'info', host: '0.0.0.0' });
  });

  it('ignores variables it does not know', () => {
    expect(parseConfig({ HOME: '/root', PATH: '/bin' })).toEqual(parseConfig({}));
  });

  it('is frozen', () => {
    const config = parseConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('lists every problem at once, one per variable, naming it', () => {
    const problems = problemsOf({
      PORT: '70000',
      DATABASE_URL: 'mysql://x',
      NODE_ENV: 'staging',
      TRUST_PROXY: 'maybe',
      SESSION_TTL_HOURS: '1.5',
      PUBLIC_URL: 'nps.example.com',
    });
    expect(problems).toEqual([
      'NODE_ENV="staging": must be one of development, production, test',
      'PORT="70000": must be a whole number from 0 to 65535',
      'DATABASE_URL="mysql://x": must be a URL such as postgres://user:pass@host:5432/anbefal',
      'PUBLIC_URL="nps.example.com": must be a URL such as https://nps.example.com',
      'TRUST_PROXY="maybe": must be true or false',
      'SESSION_TTL_HOURS="1.5": must be a whole number from 1 to 2160',
    ]);
  });

  it('puts the drop folder in the data folder unless IMPORT_DROP_DIR names another, and bounds the retention days', () => {
    expect(parseConfig({ ANBEFAL_DATA_DIR: '/var/lib/anbefal' }).importDropDir).toBe('/var/lib/anbefal/imports');
    expect(parseConfig({ ANBEFAL_DATA_DIR: '/var/lib/anbefal', IMPORT_DROP_DIR: '/srv/drop' }).importDropDir).toBe('/srv/drop');
    expect(problemsOf({ IMPORT_FILE_RETENTION_DAYS: '0', IMPORT_RETENTION_DAYS: 'forever', IMPORT_DROP_QUIET_SECONDS: '-5' })).toEqual([
      'IMPORT_DROP_QUIET_SECONDS="-5": must be a whole number from 1 to 3600',
      'IMPORT_FILE_RETENTION_DAYS="0": must be a whole number from 1 to 3650',
      'IMPORT_RETENTION_DAYS="forever": must be a whole number from 1 to 36500',
    ]);
  });

  it('takes a secret key of at least 32 characters and never prints the key it rejects', () => {
    expect(parseConfig({}).secretKey).toBeUndefined();
    expect(parseConfig({ ANBEFAL_SECRET_KEY: 'k'.repeat(32) }).secretKey).toBe('k'.repeat(32));
    expect(problemsOf({ ANBEFAL_SECRET_KEY: 'too-short-secret' })).toEqual([
      'ANBEFAL_SECRET_KEY="***": must be at least 32 characters (for example the output of: openssl rand -hex 32)',
    ]);
  });

  it('does not print the password of a URL it rejects', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/anbefal' });
    expect(problem).toBe('DATABASE_URL="mysql://root:***@db/anbefal": must be a URL such as postgres://user:pass@host:5432/anbefal');
  });
});

describe('anbefal serve with an invalid configuration', () => {
  afterAll(() => stopChildren());

  it('exits with code 2 and prints one line per problem', async () => {
    const result = await runCli(['serve'], { PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'Invalid configuration:',
      '  - PORT="abc": must be a whole number from 0 to 65535',
      '  - DATABASE_URL="mysql://x": must be a URL such as postgres://user:pass@host:5432/anbefal',
      '  - LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });
});
