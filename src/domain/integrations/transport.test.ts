// The SSRF guard and the signature, without a database: which addresses are refused (and which
// only with the workspace's permission), and that signatures verify with the official library.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { checkTarget, newWebhookSecret, signWebhook, urlProblem } from './transport.ts';

const check = (url: string, allowPrivate = false) => checkTarget(new URL(url), allowPrivate);

describe('checkTarget', () => {
  it('refuses private, loopback, link-local, unique-local and unspecified addresses unless allowed', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://[::]/',
      'http://[::ffff:127.0.0.1]/',
      'http://localhost/',
    ]) {
      const refused = await check(url);
      expect(refused.ok, url).toBe(false);
      expect(await check(url, true), url).toMatchObject({ ok: true });
    }
  });

  it('refuses multicast and broadcast even when private targets are allowed, and accepts public addresses', async () => {
    expect(await check('http://224.0.0.1/', true)).toMatchObject({ ok: false });
    expect(await check('http://255.255.255.255/', true)).toMatchObject({ ok: false });
    expect(await check('https://93.184.215.14/hook')).toEqual({ ok: true, address: '93.184.215.14', family: 4 });
    expect(await check('https://[2606:4700::1111]/hook')).toEqual({ ok: true, address: '2606:4700::1111', family: 6 });
  });

  it('says why a host cannot be used', async () => {
    const result = await check('http://no-such-host.invalid/');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('cannot be resolved');
  });
});

describe('urlProblem', () => {
  it('accepts http and https only, without credentials', () => {
    expect(urlProblem('https://example.com/hooks')).toBeUndefined();
    expect(urlProblem('http://example.com:8080/hooks')).toBeUndefined();
    expect(urlProblem('ftp://example.com/')).toBe('must use http or https');
    expect(urlProblem('file:///etc/passwd')).toBe('must use http or https');
    expect(urlProblem('https://user:pw@example.com/')).toBe('must not contain a user name or password');
    expect(urlProblem('example.com/hooks')).toMatch(/absolute URL/);
  });
});

describe('signWebhook', () => {
  it('produces signatures the standardwebhooks library verifies, and only for the same id, time and body', () => {
    const secret = newWebhookSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'case.created', timestamp: new Date().toISOString(), data: { id: 'x' } });
    const headers = { 'webhook-id': 'msg_abc', 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, 'msg_abc', timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_other' })).toThrow();
  });
});
