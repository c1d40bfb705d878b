// The only module that reads process.env. Everything else receives a frozen Config.
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const urlWithProtocols = (protocols: string[], example: string) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL such as ${example}` },
  );

const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ message }).int(message).min(min, message).max(max, message);
};

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `must be one of ${values.join(', ')}` });

const schema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test']).default('development'),
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ANBEFAL_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'postgres://user:pass@host:5432/anbefal').optional(),
  DATABASE_POOL_SIZE: wholeNumber(1, 200).default(10),
  PUBLIC_URL: urlWithProtocols(['http:', 'https:'], 'https://nps.example.com').optional(),
  SMTP_URL: urlWithProtocols(['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.com:587').optional(),
  MAIL_FROM: z.string().min(3, 'must be an address such as Anbefal <nps@example.com>').default('Anbefal <no-reply@localhost>'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFlag.default(false),
  SESSION_TTL_HOURS: wholeNumber(1, 24 * 90).default(24 * 7),
  SHUTDOWN_GRACE_SECONDS: wholeNumber(1, 600).default(20),
  IMPORT_DROP_DIR: z.string().min(1).optional(),
  IMPORT_DROP_QUIET_SECONDS: wholeNumber(1, 3600).default(30),
  IMPORT_FILE_RETENTION_DAYS: wholeNumber(1, 3650).default(30),
  IMPORT_RETENTION_DAYS: wholeNumber(1, 36500).default(365),
  IMPORT_HEAP_MB: wholeNumber(32, 65536).default(96),
  MAIL_LEASE_SECONDS: wholeNumber(1, 3600).default(300),
  JOB_SCHEDULES: booleanFlag.default(true),
  ANBEFAL_SECRET_KEY: z.string().min(32, 'must be at least 32 characters (for example the output of: openssl rand -hex 32)').optional(),
});

/** Variables whose value is never printed, not even in a configuration error. */
const SECRET_VARIABLES = new Set(['ANBEFAL_SECRET_KEY']);

type Env = z.input<typeof schema>;

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Base URL used in links sent by email. */
  readonly publicUrl: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly logLevel: Env['LOG_LEVEL'] & string;
  readonly trustProxy: boolean;
  readonly sessionTtlHours: number;
  readonly shutdownGraceSeconds: number;
  /** Root of the import drop folders: <importDropDir>/<workspace id>/incoming. */
  readonly importDropDir: string;
  /** A dropped file is taken once it has not changed for this long (uploads in progress are left alone). */
  readonly importDropQuietSeconds: number;
  /** Days after an import finished until its uploaded file is deleted from the database. */
  readonly importFileRetentionDays: number;
  /** Days after an import finished until the import itself (and its report) is deleted. */
  readonly importRetentionDays: number;
  /** PostgreSQL: the heap bound (V8 old generation, MB) of the process each import runs in. */
  readonly importHeapMb: number;
  /** How long an email being sent is reserved; a process that dies mid-send leaves it to be sent again after this. */
  readonly mailLeaseSeconds: number;
  /**
   * Whether this process fires cron schedules (sending invitations, planning waves, the drop folder).
   * pg-boss lets one process per minute fire them however many run; off for a web-only process,
   * and in tests, which run those jobs themselves with a clock of their own.
   */
  readonly jobSchedules: boolean;
  /** Key material for secrets stored in the database (SMTP passwords); without it <dataDir>/secret.key is used. */
  readonly secretKey: string | undefined;
  readonly version: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const VERSION = '0.1.0';

/** A value as it may be printed: the password of a URL (DATABASE_URL, SMTP_URL) replaced by ***. */
function redact(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

/** Parses an environment-like record. Throws ConfigError listing every problem at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const input = Object.fromEntries(
    // A blank value counts as unset (PORT=" " would otherwise coerce to 0, a random port).
    Object.keys(schema.shape).map((key) => [key, env[key]?.trim() === '' ? undefined : env[key]]),
  );
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      const value = env[key];
      const shown = value === undefined ? '' : `=${JSON.stringify(SECRET_VARIABLES.has(key) ? '***' : redact(value))}`;
      return `${key}${shown}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = result.data;
  const dataDir = path.resolve(e.ANBEFAL_DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    importDropDir: e.IMPORT_DROP_DIR ? path.resolve(e.IMPORT_DROP_DIR) : path.join(dataDir, 'imports'),
    importDropQuietSeconds: e.IMPORT_DROP_QUIET_SECONDS,
    importFileRetentionDays: e.IMPORT_FILE_RETENTION_DAYS,
    importRetentionDays: e.IMPORT_RETENTION_DAYS,
    importHeapMb: e.IMPORT_HEAP_MB,
    mailLeaseSeconds: e.MAIL_LEASE_SECONDS,
    jobSchedules: e.JOB_SCHEDULES,
    secretKey: e.ANBEFAL_SECRET_KEY,
    version: VERSION,
  });
}

/** Reads process.env; throws ConfigError listing every problem. */
export const readConfig = (): Config => parseConfig(process.env);

/** Reads process.env; on invalid configuration prints one line per problem and exits with code 2. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  try {
    return parseConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Whether standard output is a terminal (pretty logs) — read here to keep process inspection in one place. */
export const isInteractive = (): boolean => Boolean(process.stdout.isTTY);
