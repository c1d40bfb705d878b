// accountName in a contact import (README, "Accounts"): rows link to the account of that name, missing
// accounts are created in the contact's unit without an owner, an external id wins, an ambiguous name is
// reported, and a dry run creates no account.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedApiKey, seedWorkspace, startTestApp, type TestApp, withApiKey } from '../../../test/support/app.ts';
import { multipart, waitForImport } from '../../../test/support/imports.ts';
import type { ImportView } from '../views.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const FILE = [
  'Kundenummer;E-mail;Firma;Firmanummer;Afdeling;Ansvarlig',
  'C-1;c1@example.dk;NORDLYS a/s;;;',
  'C-2;c2@example.dk;Havblik  I/S;;Aarhus;',
  'C-3;c3@example.dk;havblik i/s;;;',
  'C-4;c4@example.dk;Another name;F-1;;',
  'C-5;c5@example.dk;Skov A/S;S-9;;ida@accounts.test',
  'C-6;c6@example.dk;Twin;;;',
  'C-7;c7@example.dk;;F-1;;',
].join('\r\n');
const MAPPING = {
  version: 1,
  columns: {
    Kundenummer: 'externalId',
    'E-mail': 'email',
    Firma: 'accountName',
    Firmanummer: 'accountExternalId',
    Afdeling: 'unitName',
    Ansvarlig: 'ownerEmail',
  },
};

it('links rows to accounts by name or external id and creates the missing ones in the contact’s unit, unowned', async () => {
  const ws = await seedWorkspace(t.database, 'Accounts import', 'owner@accounts.test');
  const key = await seedApiKey(t.database, ws.workspaceId, 'write');
  const api = withApiKey(t.app, key);
  const aarhus = (await api.post('/api/v1/units', { name: 'Aarhus', parentId: ws.rootUnitId })).json().id as string;
  expect((await api.post('/api/v1/members', { name: 'Ida', email: 'ida@accounts.test', unitId: aarhus })).statusCode).toBe(201);
  await t.database.db
    .insertInto('accounts')
    .values([
      { workspace_id: ws.workspaceId, name: 'Nordlys A/S', unit_id: ws.rootUnitId },
      { workspace_id: ws.workspaceId, name: 'Fjord ApS', external_id: 'F-1', unit_id: ws.rootUnitId },
      { workspace_id: ws.workspaceId, name: 'Twin', unit_id: ws.rootUnitId },
      { workspace_id: ws.workspaceId, name: 'twin', unit_id: ws.rootUnitId },
    ])
    .execute();
  const accounts = () =>
    t.database.db
      .selectFrom('accounts as a')
      .innerJoin('units as u', 'u.id', 'a.unit_id')
      .select(['a.name', 'a.external_id', 'a.owner_member_id', 'u.name as unit'])
      .where('a.workspace_id', '=', ws.workspaceId)
      .orderBy('a.name')
      .execute();
  const before = await accounts();
  const importFile = async (dryRun: boolean) => {
    const body = multipart([
      { name: 'mapping', value: JSON.stringify(MAPPING) },
      { name: 'dryRun', value: String(dryRun) },
      { name: 'file', filename: 'accounts.csv', content: FILE },
    ]);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${key}` },
    });
    expect(response.statusCode, response.body).toBe(202);
    return waitForImport(async () => (await api.get(`/api/v1/imports/${response.json().id}`)).json() as ImportView);
  };

  const dry = await importFile(true);
  expect(dry.counts).toMatchObject({ rowsRead: 7, valid: 7, created: 6, skipped: 1 });
  expect(await accounts()).toEqual(before);

  const done = await importFile(false);
  expect(done).toMatchObject({ status: 'succeeded', problemCount: 1, counts: { rowsRead: 7, valid: 7, invalid: 0, created: 6, skipped: 1 } });
  const report = (await api.get(`/api/v1/imports/${done.id}/report.csv`)).body.split('\r\n');
  expect(report[1]).toBe(
    `7;Firma;accountName;Twin;"2 accounts are named ""Twin""; map a column to accountExternalId to say which one";a name only one account of the workspace has, or the account's external id`,
  );
  expect(await accounts()).toEqual([
    { name: 'Fjord ApS', external_id: 'F-1', owner_member_id: null, unit: 'Accounts import' },
    { name: 'Havblik I/S', external_id: null, owner_member_id: null, unit: 'Aarhus' },
    { name: 'Nordlys A/S', external_id: null, owner_member_id: null, unit: 'Accounts import' },
    { name: 'Skov A/S', external_id: 'S-9', owner_member_id: null, unit: 'Aarhus' },
    { name: 'Twin', external_id: null, owner_member_id: null, unit: 'Accounts import' },
    { name: 'twin', external_id: null, owner_member_id: null, unit: 'Accounts import' },
  ]);
  const contacts = await t.database.db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.external_id', 'a.name as account'])
    .where('c.workspace_id', '=', ws.workspaceId)
    .orderBy('c.external_id')
    .execute();
  expect(contacts).toEqual([
    { external_id: 'C-1', account: 'Nordlys A/S' },
    { external_id: 'C-2', account: 'Havblik I/S' },
    { external_id: 'C-3', account: 'Havblik I/S' },
    { external_id: 'C-4', account: 'Fjord ApS' },
    { external_id: 'C-5', account: 'Skov A/S' },
    { external_id: 'C-7', account: 'Fjord ApS' },
  ]);
  const audit = await t.database.db
    .selectFrom('audit_log')
    .select('after')
    .where('action', '=', 'contacts.imported')
    .where('target_id', '=', done.id)
    .executeTakeFirstOrThrow();
  expect(audit.after).toMatchObject({ created: 6, accountsCreated: 2 });

  // The same file again: every account is found now, by name or external id; nothing changes.
  const again = await importFile(false);
  expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 6, skipped: 1 });
  expect(await accounts()).toHaveLength(6);
});
