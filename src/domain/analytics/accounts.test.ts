// Account NPS: each account counts once (the mean of the accounts' NPS), or by its revenue;
// answers without an account, and other workspaces, never count; the actor's scope applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnswers, seedKindSurvey } from '../../../test/support/analytics.ts';
import { seedUser, seedWorkspace } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { migrate } from '../../db/index.ts';
import type { UserActor } from '../access/index.ts';
import { actorForUser } from '../auth/index.ts';
import { createUnit } from '../organisation/index.ts';
import { accountNps } from './accounts.ts';
import { AnalyticsFilter } from './filters.ts';

const NOW = new Date();
let t: TestDatabase;
let owner: UserActor;
let manager: UserActor;

beforeAll(async () => {
  t = await createTestDatabase();
  await migrate(t.database);
  const ws = await seedWorkspace(t.database, 'Accounts Co', 'olga@account-nps.test');
  const actorOf = async (userId: string) => {
    const actor = await actorForUser(t.database.db, userId, ws.workspaceId, 'account nps test');
    if (!actor) throw new Error('no actor');
    return actor;
  };
  owner = await actorOf(ws.ownerUserId);
  const denmark = (await createUnit(t.database.db, owner, { name: 'Denmark', parentId: ws.rootUnitId }, {})).id;
  const germany = (await createUnit(t.database.db, owner, { name: 'Germany', parentId: ws.rootUnitId }, {})).id;
  manager = await actorOf((await seedUser(t.database, ws.workspaceId, 'max@account-nps.test', 'manager', denmark)).userId);
  const account = async (name: string, revenue: number | null) =>
    (
      await t.database.db
        .insertInto('accounts')
        .values({ workspace_id: ws.workspaceId, name, revenue, unit_id: denmark })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const survey = await seedKindSurvey(t.database, ws.workspaceId, { name: 'B2B relationship' });
  const base = { workspaceId: ws.workspaceId, surveyId: survey.surveyId, versionId: survey.versionId, unitId: denmark };
  // Alfa (revenue 1000): 10, 10, 0 → 33.33; Beta (3000): 0 → −100; Gamma (no revenue, Germany): 9, 8 → 50.
  await seedAnswers(t.database, { ...base, accountId: await account('Alfa', 1000) }, [10, 10, 0]);
  await seedAnswers(t.database, { ...base, accountId: await account('Beta', 3000) }, [0]);
  await seedAnswers(t.database, { ...base, unitId: germany, accountId: await account('Gamma', null) }, [9, 8]);
  // Consumers without an account do not count.
  await seedAnswers(t.database, base, [0, 0, 0, 0]);
}, 60_000);
afterAll(() => t?.drop());

describe('account NPS', () => {
  it('counts each account once, and by revenue', async () => {
    const result = await accountNps(t.database.db, owner, AnalyticsFilter.parse({}), NOW);
    expect(result).toMatchObject({ accounts: 3, answers: 6, revenueWeighted: { accounts: 2, accountsWithoutRevenue: 1 } });
    // (33.333 − 100 + 50) / 3 = −5.556
    expect(result.nps).toBeCloseTo((100 / 3 - 100 + 50) / 3, 6);
    // (33.333 · 1000 − 100 · 3000) / 4000 = −66.667
    expect(result.revenueWeighted.nps).toBeCloseTo((100 / 3) * 0.25 - 100 * 0.75, 6);
  });

  it("follows the actor's scope and the filters", async () => {
    expect(await accountNps(t.database.db, manager, AnalyticsFilter.parse({}), NOW)).toMatchObject({ accounts: 2, answers: 4 });
    expect(await accountNps(t.database.db, owner, AnalyticsFilter.parse({ category: 'promoter' }), NOW)).toMatchObject({ accounts: 2, nps: 100 });
    const none = await accountNps(t.database.db, owner, AnalyticsFilter.parse({ to: '2020-01-01' }), NOW);
    expect(none).toMatchObject({ accounts: 0, answers: 0, nps: null, revenueWeighted: { nps: null } });
  });
});
