// Resolving what a contact or account refers to — its owner (a member, by id, email or external
// id), its unit (by id or external id) and its account (by id or external id) — for many rows in a
// few queries. Only what the actor may see resolves; the rest is reported as unknown.
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { type Actor, canViewUnit, seesWholeWorkspace } from '../access/index.ts';

export interface RefInput {
  ownerMemberId?: string | null;
  ownerEmail?: string | null;
  ownerExternalId?: string | null;
  unitId?: string | null;
  unitExternalId?: string | null;
  accountId?: string | null;
  accountExternalId?: string | null;
}

export interface ResolvedMember {
  id: string;
  unitId: string;
}

export interface ResolvedUnit {
  id: string;
  path: string;
}

export interface References {
  member(input: RefInput): ResolvedMember | null | undefined;
  unit(input: RefInput): ResolvedUnit | null | undefined;
  account(input: RefInput): string | null | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const values = (rows: RefInput[], pick: (row: RefInput) => string | null | undefined, uuid = false) =>
  JSON.stringify([...new Set(rows.map(pick).filter((v): v is string => typeof v === 'string' && (!uuid || UUID.test(v))))]);

/**
 * Loads every referenced member, unit and account. Each lookup answers undefined when the input
 * does not mention it or names nothing visible (callers tell the two apart with mentions*), null
 * when the input clears it (null), or the match.
 */
export async function loadReferences(db: Db, actor: Actor, rows: RefInput[]): Promise<References> {
  const scoped = !seesWholeWorkspace(actor) && actor.kind === 'user' && actor.role === 'manager' ? `${actor.unitPath}%` : null;
  const members = await sql<{ id: string; email: string | null; external_id: string | null; unit_id: string; path: string }>`
    select m.id, lower(m.email) as email, m.external_id, m.unit_id, u.path from members m join units u on u.id = m.unit_id
    where m.workspace_id = ${actor.workspaceId}
      and (m.id::text in (select jsonb_array_elements_text(${values(rows, (r) => r.ownerMemberId, true)}::jsonb))
        or lower(m.email) in (select lower(jsonb_array_elements_text(${values(rows, (r) => r.ownerEmail)}::jsonb)))
        or m.external_id in (select jsonb_array_elements_text(${values(rows, (r) => r.ownerExternalId)}::jsonb)))
      and (${scoped}::text is null or u.path like ${scoped})`.execute(db);
  const unitIds = values(rows, (r) => r.unitId, true);
  const units = await sql<{ id: string; external_id: string | null; path: string }>`
    select id, external_id, path from units where workspace_id = ${actor.workspaceId}
      and (id::text in (select jsonb_array_elements_text(${unitIds}::jsonb))
        or external_id in (select jsonb_array_elements_text(${values(rows, (r) => r.unitExternalId)}::jsonb)))`.execute(db);
  const accounts = await sql<{ id: string; external_id: string | null }>`
    select id, external_id from accounts where workspace_id = ${actor.workspaceId} and deleted_at is null
      and (id::text in (select jsonb_array_elements_text(${values(rows, (r) => r.accountId, true)}::jsonb))
        or external_id in (select jsonb_array_elements_text(${values(rows, (r) => r.accountExternalId)}::jsonb)))`.execute(db);

  const visibleUnits = units.rows.filter((u) => canViewUnit(actor, u));
  const unitsById = new Map(visibleUnits.map((u) => [u.id, { id: u.id, path: u.path }]));
  const unitsByExt = new Map(visibleUnits.filter((u) => u.external_id).map((u) => [u.external_id as string, { id: u.id, path: u.path }]));
  const membersById = new Map(members.rows.map((m) => [m.id, { id: m.id, unitId: m.unit_id }]));
  const membersByEmail = new Map(members.rows.filter((m) => m.email).map((m) => [m.email as string, { id: m.id, unitId: m.unit_id }]));
  const membersByExt = new Map(members.rows.filter((m) => m.external_id).map((m) => [m.external_id as string, { id: m.id, unitId: m.unit_id }]));
  const accountsById = new Set(accounts.rows.map((a) => a.id));
  const accountsByExt = new Map(accounts.rows.filter((a) => a.external_id).map((a) => [a.external_id as string, a.id]));

  return {
    member: (r) =>
      r.ownerMemberId !== undefined
        ? r.ownerMemberId === null
          ? null
          : membersById.get(r.ownerMemberId)
        : r.ownerEmail !== undefined
          ? r.ownerEmail === null
            ? null
            : membersByEmail.get(r.ownerEmail.toLowerCase())
          : r.ownerExternalId !== undefined
            ? r.ownerExternalId === null
              ? null
              : membersByExt.get(r.ownerExternalId)
            : undefined,
    unit: (r) => (r.unitId ? unitsById.get(r.unitId) : r.unitExternalId ? unitsByExt.get(r.unitExternalId) : undefined),
    account: (r) =>
      r.accountId !== undefined
        ? r.accountId === null
          ? null
          : accountsById.has(r.accountId)
            ? r.accountId
            : undefined
        : r.accountExternalId !== undefined
          ? r.accountExternalId === null
            ? null
            : accountsByExt.get(r.accountExternalId)
          : undefined,
  };
}

export const mentionsOwner = (r: RefInput) => r.ownerMemberId !== undefined || r.ownerEmail !== undefined || r.ownerExternalId !== undefined;
export const mentionsUnit = (r: RefInput) => (r.unitId !== undefined && r.unitId !== null) || (r.unitExternalId !== undefined && r.unitExternalId !== null);
export const mentionsAccount = (r: RefInput) => r.accountId !== undefined || r.accountExternalId !== undefined;

/** The field a reference was given in, for problems. */
export const ownerField = (r: RefInput) => (r.ownerMemberId !== undefined ? 'ownerMemberId' : r.ownerEmail !== undefined ? 'ownerEmail' : 'ownerExternalId');
export const unitField = (r: RefInput) => (r.unitId ? 'unitId' : 'unitExternalId');
export const accountField = (r: RefInput) => (r.accountId !== undefined ? 'accountId' : 'accountExternalId');
