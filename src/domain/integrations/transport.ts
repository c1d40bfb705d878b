// Sending one signed webhook request (Standard Webhooks, https://www.standardwebhooks.com/):
// the target host is resolved here, every address is checked against private, loopback,
// link-local, unique-local and unspecified ranges (unless the workspace allows them), and the
// connection goes to the very address that was checked, so a DNS answer that changes between
// check and connect (rebinding) cannot redirect the request.
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export const REQUEST_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer is kept in the delivery log. */
const MAX_ERROR_CHARS = 300;

/** A new secret: whsec_ + base64 of 24 random bytes (Standard Webhooks). */
export const newWebhookSecret = (): string => `whsec_${crypto.randomBytes(24).toString('base64')}`;

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64-decoded secret after whsec_. */
export function signWebhook(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** Whether a URL may be a webhook target at all (http or https with a host); the reason if not. */
export function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://example.com/hooks/anbefal';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username || url.password) return 'must not contain a user name or password';
  return undefined;
}

/** Ranges that are reachable only with the workspace's permission; anything not global unicast is refused otherwise. */
const PRIVATE_RANGES = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'unspecified', 'carrierGradeNat']);

export type TargetCheck = { ok: true; address: string; family: 4 | 6 } | { ok: false; error: string };

/** Resolves the host (all addresses) and checks each; the first address is the one to connect to. */
export async function checkTarget(url: URL, allowPrivate: boolean): Promise<TargetCheck> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  try {
    addresses = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await dns.lookup(host, { all: true, verbatim: true });
  } catch (error) {
    return { ok: false, error: `the host ${host} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (addresses.length === 0) return { ok: false, error: `the host ${host} has no address` };
  for (const { address } of addresses) {
    // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    const range = ipaddr.isValid(address) ? ipaddr.process(address).range() : 'unparsable';
    if (range === 'unicast') continue;
    if (allowPrivate && PRIVATE_RANGES.has(range)) continue;
    return {
      ok: false,
      error: PRIVATE_RANGES.has(range)
        ? `${host} resolves to ${address} (${range}); private and loopback targets are refused unless the workspace allows them (integration settings)`
        : `${host} resolves to ${address} (${range}), which cannot receive webhooks`,
    };
  }
  const first = addresses[0] as { address: string; family: number };
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
}

export type SendResult = { ok: boolean; status: number | null; error: string | null };

export interface SignedRequest {
  url: string;
  secret: string;
  webhookId: string;
  body: string;
  sentAt: Date;
  allowPrivate: boolean;
}

/** POSTs one signed request; 2xx is success. Never throws: every failure is a result for the log. */
export function sendSignedRequest(request: SignedRequest): Promise<SendResult> {
  const timestamp = Math.floor(request.sentAt.getTime() / 1000);
  return postJson({
    url: request.url,
    body: request.body,
    allowPrivate: request.allowPrivate,
    headers: {
      'user-agent': 'Anbefal-Webhooks/1',
      'webhook-id': request.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(request.secret, request.webhookId, timestamp, request.body),
    },
  });
}

export interface JsonPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowPrivate: boolean;
}

/** POSTs a JSON body to a checked address (signed webhooks, Slack, Teams, alert webhooks); 2xx is success. Never throws. */
export async function postJson(request: JsonPost): Promise<SendResult> {
  const url = new URL(request.url);
  const target = await checkTarget(url, request.allowPrivate);
  if (!target.ok) return { ok: false, status: null, error: target.error };
  // The checked address, whatever the resolver would answer now (works for both lookup call shapes).
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'user-agent': 'Anbefal/1', ...request.headers },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_ERROR_CHARS) text += chunk;
        });
        res.on('end', () => {
          const ok = status >= 200 && status < 300;
          resolve({ ok, status, error: ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, MAX_ERROR_CHARS)}` : ''}` });
        });
        res.on('error', (error) => resolve({ ok: false, status, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on('error', (error) => resolve({ ok: false, status: null, error: error.message }));
    req.end(request.body);
  });
}
