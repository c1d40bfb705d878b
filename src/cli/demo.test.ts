// `anbefal demo` as an operator runs it: it prints what it made (the closed loop's cases too) and
// how to sign in, the server then lets that person in and shows the demo's case KPIs, and a second
// run with the same name changes nothing and says what to do.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../../test/support/database.ts';
import { createProcessStore, PROCESS_TEST_TIMEOUT_MS, type ProcessStore, runCli, runCliOk, startServer, stopChildren } from '../../test/support/process.ts';

describe(`anbefal demo (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let store: ProcessStore | undefined;
  afterEach(() => stopChildren());
  afterAll(() => store?.drop());

  it('loads the demo, prints the sign-in, and refuses to load it twice under one name', async () => {
    store = await createProcessStore();
    const loaded = await runCliOk(['demo', '--responses', '300', '--seed', '3'], { ...store.env, PUBLIC_URL: 'https://nps.example.test' });
    expect(loaded.stdout).toMatch(/^Created the demo workspace "Nordlys Energi" \([0-9a-f-]{36}\) in [\d.]+ s:$/m);
    expect(loaded.stdout).toMatch(/^ {2}5,000 contacts, \d+ accounts, 4 published surveys$/m);
    expect(loaded.stdout).toMatch(/^ {2}[\d,]+ invitations, 300 responses, [\d,]+ answers$/m);
    const cases = /^ {2}([\d,]+) cases \(follow-ups and promoter leads\) for the answers since (\d{4}-\d{2}-\d{2}), ([\d,]+) still open$/m.exec(loaded.stdout);
    expect(cases, loaded.stdout).not.toBeNull();
    // 300 answers: about a quarter detractors and half promoters, each with a case, over all 18 months.
    expect(Number(cases?.[1]?.replace(',', ''))).toBeGreaterThan(150);
    expect(new Date(`${cases?.[2]}T00:00:00Z`).getTime()).toBeLessThan(Date.now() - 547 * 86_400_000);
    const signIn = /^Sign in at https:\/\/nps\.example\.test\/sign-in as (\S+) with the password (\S+)$/m.exec(loaded.stdout);
    expect(signIn, loaded.stdout).not.toBeNull();

    const again = await runCli(['demo', '--responses', '300'], store.env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(
      'anbefal: A workspace named "Nordlys Energi" (or its demo owner cx.lead@nordlys-energi.example) already exists; pass --workspace "<another name>" to load a second demo workspace.',
    );
    const bad = await runCli(['demo', '--responses', 'many'], store.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('anbefal: --responses: must be a whole number, not "many"');

    const server = await startServer(store.env);
    const login = await server.fetch('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: signIn?.[1], password: signIn?.[2] }) });
    expect(login.status, server.describe()).toBe(200);
    expect(((await login.json()) as { workspace: { name: string } }).workspace.name).toBe('Nordlys Energi');
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const kpis = await server.fetch('/api/v1/case-kpis', { headers: { cookie } });
    expect(kpis.status, server.describe()).toBe(200);
    const { total } = (await kpis.json()) as { total: { cases: number; withinSlaShare: number | null } };
    expect(total.cases).toBeGreaterThan(0);
    expect(total.withinSlaShare).not.toBeNull();
  });
});
