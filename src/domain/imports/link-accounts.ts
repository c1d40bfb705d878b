// The account of an import row named by `accountName` (README, "Accounts"): an account of the workspace
// with that name (case-insensitive), or a new one in the contact's unit, unowned. With an external id too,
// the external id finds the account and the name is only used to create it. Runs per chunk inside the
// import's transaction, so accounts created by one chunk are found by the next (and a dry run keeps none).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import { type ContactInput, planContacts } from '../contacts/index.ts';
import type { ContactImportRecord } from './validate-row.ts';

export interface AccountLinks {
  /** Rows whose account name is ambiguous: not written. */
  problems: { index: number; message: string }[];
  created: number;
}

/**
 * Sets `accountId` on the inputs of rows that name their account, creating the accounts that do not
 * exist yet. Rows that give only an external id are left to the contacts' own reference check.
 */
export async function linkAccounts(trx: Db, actor: Actor, records: readonly ContactImportRecord[], inputs: ContactInput[]): Promise<AccountLinks> {
  const named = records.flatMap((record, index) =>
    record.accountName === undefined ? [] : [{ index, name: record.accountName, externalId: record.accountExternalId }],
  );
  const links: AccountLinks = { problems: [], created: 0 };
  if (named.length === 0) return links;
  const existing = await sql<{ id: string; external_id: string | null; name: string }>`
    select id, external_id, lower(name) as name from accounts where workspace_id = ${actor.workspaceId} and deleted_at is null
      and (external_id in (select jsonb_array_elements_text(${JSON.stringify(named.flatMap((n) => n.externalId ?? []))}::jsonb))
        or lower(name) in (select lower(jsonb_array_elements_text(${JSON.stringify(named.map((n) => n.name))}::jsonb))))`.execute(trx);
  const byExternalId = new Set(existing.rows.flatMap((a) => a.external_id ?? []));
  const byName = new Map<string, string[]>();
  for (const account of existing.rows) byName.set(account.name, [...(byName.get(account.name) ?? []), account.id]);

  // Accounts to create, by key (`x:<external id>` or `n:<lowercased name>`), and the rows waiting for each.
  const wanted = new Map<string, { externalId: string | null; name: string; rows: number[] }>();
  const want = (key: string, externalId: string | null, name: string, index: number) => {
    const found = wanted.get(key);
    if (found) found.rows.push(index);
    else wanted.set(key, { externalId, name, rows: [index] });
  };
  for (const { index, name, externalId } of named) {
    if (externalId !== undefined && !byExternalId.has(externalId)) want(`x:${externalId}`, externalId, name, index);
  }
  for (const { index, name, externalId } of named) {
    if (externalId !== undefined) continue;
    const key = name.toLocaleLowerCase();
    // Accounts created for this chunk by external id count as existing ones with that name.
    const pending = [...wanted.entries()].filter(([k, w]) => k.startsWith('x:') && w.name.toLocaleLowerCase() === key).map(([k]) => k);
    const matches = (byName.get(key) ?? []).length + pending.length;
    if (matches > 1) {
      links.problems.push({ index, message: `${matches} accounts are named "${name}"; map a column to accountExternalId to say which one` });
    } else if (matches === 1 && pending.length === 0) {
      (inputs[index] as ContactInput).accountId = byName.get(key)?.[0];
    } else {
      want(pending[0] ?? `n:${key}`, null, name, index);
    }
  }
  if (wanted.size === 0) return links;

  // A new account goes to the unit its contact ends up in: plan those rows once without the account.
  const waiting = [...wanted.values()].flatMap((w) => w.rows);
  const dry = await planContacts(
    trx,
    actor,
    waiting.map((index) => ({ ...inputs[index], accountId: undefined, accountExternalId: undefined })),
    (i, name) => `${i}.${name}`,
    { normalised: true },
  );
  const unitOf = new Map(waiting.map((index, i) => [index, dry.unitIds[i]]));
  const creates = [...wanted.entries()].flatMap(([key, w]) => {
    // Rows with other problems get no unit and will not be written: no account for them.
    const unitId = w.rows.map((index) => unitOf.get(index)).find((unit) => unit !== undefined);
    return unitId === undefined ? [] : [{ id: randomUUID(), key, external_id: w.externalId, name: w.name, unit_id: unitId }];
  });
  if (creates.length === 0) return links;
  await sql`insert into accounts (id, workspace_id, external_id, name, unit_id)
    select x.id, ${actor.workspaceId}, x.external_id, x.name, x.unit_id
    from jsonb_to_recordset(${JSON.stringify(creates)}::jsonb) as x(id uuid, external_id text, name text, unit_id uuid)`.execute(trx);
  links.created = creates.length;
  for (const { id, key } of creates) {
    for (const index of wanted.get(key)?.rows ?? []) (inputs[index] as ContactInput).accountId = id;
  }
  return links;
}
