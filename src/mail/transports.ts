// The SMTP connections the dispatcher sends through: the server's SMTP_URL, and one pool per
// workspace that has an SMTP server of its own (distribution_settings.smtp_host). A workspace's
// pool is rebuilt when its settings change (updated_at); the old one closes once idle.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { SmtpSecurity } from '../db/schema.ts';
import { openSecret } from '../domain/distribution/secret-box.ts';

/** Pool settings shared by every transport (and by bench/send's reference sender). */
export const POOL_OPTIONS = {
  pool: true,
  maxConnections: 5,
  maxMessages: 1000,
  // Bounded timeouts: a hung SMTP server must not hold a batch (or shutdown) for nodemailer's 10 minutes.
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 30_000,
} as const;

export interface MailRoute {
  /** Absent when the workspace's SMTP settings cannot be used (problem says why): its emails wait and retry. */
  readonly transport?: Transporter;
  readonly problem?: string;
  /** Used when the email has no from_address of its own. */
  readonly from: string;
  /** Sends running through this route; a retired route closes when it reaches 0. */
  active: number;
  retired: boolean;
}

interface WorkspaceRoute extends MailRoute {
  updatedAt: number;
}

const DEFAULT_PORTS = { tls: 465, starttls: 587, none: 25 } as const;

/** Where and how to reach a workspace's own SMTP server (the port defaults with the security). */
export function workspaceSmtpOptions(
  row: { smtp_host: string | null; smtp_port: number | null; smtp_security: SmtpSecurity; smtp_user: string | null },
  password: string,
): SMTPTransport.Options & { port: number } {
  return {
    host: row.smtp_host ?? '',
    port: row.smtp_port ?? DEFAULT_PORTS[row.smtp_security],
    secure: row.smtp_security === 'tls',
    requireTLS: row.smtp_security === 'starttls',
    ignoreTLS: row.smtp_security === 'none',
    auth: row.smtp_user ? { user: row.smtp_user, pass: password } : undefined,
  };
}

export interface MailRoutes {
  /** The route of each workspace id (null: system emails); undefined where no SMTP server is configured. */
  resolve(db: Db, workspaceIds: ReadonlyArray<string | null>): Promise<Map<string | null, MailRoute | undefined>>;
  release(route: MailRoute): void;
  close(): void;
}

export function createMailRoutes(config: Config): MailRoutes {
  const server: MailRoute | undefined = config.smtpUrl
    ? { transport: nodemailer.createTransport({ url: config.smtpUrl, ...POOL_OPTIONS }), from: config.mailFrom, active: 0, retired: false }
    : undefined;
  const workspaces = new Map<string, WorkspaceRoute>();

  const closeIfIdle = (route: MailRoute) => {
    if (route.retired && route.active === 0) route.transport?.close();
  };

  return {
    async resolve(db, workspaceIds) {
      const ids = [...new Set(workspaceIds.filter((id): id is string => id !== null))];
      const settings =
        ids.length === 0
          ? []
          : await db
              .selectFrom('distribution_settings')
              .select([
                'workspace_id',
                'smtp_host',
                'smtp_port',
                'smtp_security',
                'smtp_user',
                'smtp_password_encrypted',
                'from_address',
                'from_name',
                'updated_at',
              ])
              .where('workspace_id', 'in', ids)
              .where('smtp_host', 'is not', null)
              .execute();
      const routes = new Map<string | null, MailRoute | undefined>([[null, server]]);
      for (const id of ids) routes.set(id, server);
      for (const row of settings) {
        const cached = workspaces.get(row.workspace_id);
        if (cached && cached.updatedAt === row.updated_at.getTime()) {
          routes.set(row.workspace_id, cached);
          continue;
        }
        if (cached) {
          cached.retired = true;
          closeIfIdle(cached);
        }
        const from = row.from_address ? (row.from_name ? { name: row.from_name, address: row.from_address } : row.from_address) : config.mailFrom;
        let password = '';
        let problem: string | undefined;
        try {
          if (row.smtp_user && row.smtp_password_encrypted) password = openSecret(config, row.smtp_password_encrypted);
        } catch (error) {
          problem = `The workspace's SMTP password cannot be read: ${(error as Error).message}`;
        }
        const transport = problem ? undefined : nodemailer.createTransport({ ...POOL_OPTIONS, ...workspaceSmtpOptions(row, password) });
        const route: WorkspaceRoute = {
          transport,
          problem,
          from: typeof from === 'string' ? from : `"${from.name.replaceAll('"', '')}" <${from.address}>`,
          active: 0,
          retired: false,
          updatedAt: row.updated_at.getTime(),
        };
        workspaces.set(row.workspace_id, route);
        routes.set(row.workspace_id, route);
      }
      // A workspace whose SMTP server was removed falls back to the server's; close its pool.
      for (const id of ids) {
        const cached = workspaces.get(id);
        if (cached && routes.get(id) !== cached) {
          workspaces.delete(id);
          cached.retired = true;
          closeIfIdle(cached);
        }
      }
      return routes;
    },
    release(route) {
      route.active -= 1;
      closeIfIdle(route);
    },
    close() {
      server?.transport?.close();
      for (const route of workspaces.values()) route.transport?.close();
      workspaces.clear();
    },
  };
}
