// Pass 2 of an import (run-import.ts): writes the checked rows, a chunk at a time and strictly in
// order (a row may match a contact an earlier chunk created), inside the import's transaction, with the
// contacts' set-based upsert. Rows the contact rules refuse when written are reported, not written.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../access/index.ts';
import { applyContactPlan, type ContactInput, planContacts } from '../contacts/index.ts';
import { linkAccounts } from './link-accounts.ts';
import type { StagedRow } from './staging.ts';
import type { ContactImportRecord, Problem } from './validate-row.ts';

export interface WriteContext {
  actor: Actor;
  unknownOwners: 'report' | 'create';
  unitIdByName: Map<string, string>;
  rootUnitId: string;
  /** The file's column of each mapped field. */
  columnByField: Map<string | null, string>;
}

export class ContactRowsWriter {
  created = 0;
  updated = 0;
  unchanged = 0;
  written = 0;
  accountsCreated = 0;
  readonly problems: Problem[] = [];
  readonly #trx: Db;
  readonly #context: WriteContext;
  #analyzeAt = 0;

  constructor(trx: Db, context: WriteContext) {
    this.#trx = trx;
    this.#context = context;
  }

  async write(rows: StagedRow[]): Promise<void> {
    const trx = this.#trx;
    const { actor, columnByField } = this.#context;
    // The planner's statistics do not see the rows this transaction adds: without them it may probe
    // the contacts per key through the wrong index, reading every contact of the workspace per key.
    // ANALYZE counts this transaction's own rows; run before the first chunk and each time the
    // written rows double, it samples the table about ten times for a million rows. Only the columns
    // the matching filters on: the table's size is what the planner lacks, and the rest costs time.
    if (this.written >= this.#analyzeAt) {
      await sql`analyze contacts (workspace_id, external_id, email, deleted_at)`.execute(trx);
      this.#analyzeAt = Math.max(2 * this.written, rows.length);
    }
    const records = rows.map((r) => r.record);
    if (this.#context.unknownOwners === 'create') await createOwners(trx, actor.workspaceId, this.#context.rootUnitId, records);
    const inputs = records.map((record) => toContactInput(record, this.#context.unitIdByName));
    const accounts = await linkAccounts(trx, actor, records, inputs);
    this.accountsCreated += accounts.created;
    const ambiguous = new Set(accounts.problems.map((problem) => problem.index));
    const accountColumn = columnByField.get('accountName') ?? '';
    for (const problem of accounts.problems) {
      const source = rows[problem.index];
      this.problems.push({
        rowNumber: source?.rowNumber ?? 0,
        column: accountColumn,
        field: 'accountName',
        value: source?.values[accountColumn] ?? '',
        message: problem.message,
        allowed: "a name only one account of the workspace has, or the account's external id",
      });
    }
    const kept = rows.filter((_, i) => !ambiguous.has(i));
    const plan = await planContacts(
      trx,
      actor,
      inputs.filter((_, i) => !ambiguous.has(i)),
      (i, name) => `${i}\u0000${name}`,
      // validateRow has already checked and normalised every field with the contact rules, and the
      // contacts are analyzed as they grow (above).
      { normalised: true, currentStatistics: true },
    );
    for (const problem of plan.problems) {
      const [index, name = ''] = problem.field.split('\u0000');
      const source = kept[Number(index)];
      const field = name === 'unitId' ? 'unitName' : name.startsWith('attributes.') ? `attr.${name.slice(11)}` : name;
      const column = columnByField.get(field) ?? '';
      this.problems.push({
        rowNumber: source?.rowNumber ?? 0,
        column,
        field,
        value: source?.values[column] ?? '',
        // The contact rules speak of batch rows; name the file's rows instead.
        message: problem.message.replace(/row (\d+)/g, (_, i: string) => `row ${kept[Number(i)]?.rowNumber ?? i}`).replace('per batch', 'per file'),
        allowed: 'a value no other contact of the workspace has, or a reference to something that exists',
      });
    }
    await applyContactPlan(trx, actor.workspaceId, plan);
    this.created += plan.creates.length;
    this.updated += plan.updates.length;
    this.unchanged += plan.items.length - plan.creates.length - plan.updates.length;
    this.written += rows.length;
  }
}

function toContactInput(record: ContactImportRecord, unitIdByName: Map<string, string>): ContactInput {
  const unitId = record.unitName === undefined ? undefined : unitIdByName.get(record.unitName.toLocaleLowerCase());
  return {
    externalId: record.externalId,
    email: record.email,
    phone: record.phone,
    firstName: record.firstName,
    lastName: record.lastName,
    language: record.language,
    timeZone: record.timeZone,
    segment: record.segment,
    ownerEmail: record.ownerEmail,
    ownerExternalId: record.ownerEmail === undefined ? record.ownerExternalId : undefined,
    unitExternalId: record.unitExternalId,
    unitId,
    accountExternalId: record.accountExternalId,
    ...(record.consent !== undefined && { consent: record.consent ? 'granted' : 'withdrawn' }),
    ...(Object.keys(record.attributes).length > 0 && { attributes: record.attributes }),
  };
}

/** Under the `create` policy: unknown owners become members without login in the root unit. */
async function createOwners(trx: Db, workspaceId: string, rootUnitId: string, records: ContactImportRecord[]): Promise<void> {
  const wanted = new Map<string, { email: string | null; external_id: string | null }>();
  for (const record of records) {
    if (!record.newOwner) continue;
    if (record.ownerEmail !== undefined) wanted.set(`e:${record.ownerEmail}`, { email: record.ownerEmail, external_id: null });
    else if (record.ownerExternalId !== undefined) wanted.set(`x:${record.ownerExternalId}`, { email: null, external_id: record.ownerExternalId });
  }
  if (wanted.size === 0) return;
  await sql`insert into members (workspace_id, unit_id, name, email, external_id)
    select ${workspaceId}, ${rootUnitId}, left(coalesce(x.email, x.external_id), 200), x.email, x.external_id
    from jsonb_to_recordset(${JSON.stringify([...wanted.values()])}::jsonb) as x(email text, external_id text)
    on conflict do nothing`.execute(trx);
}
