import type { Db } from '../db/index.ts';
import { findWorkspace } from '../domain/workspaces/index.ts';
import { AppError } from '../errors.ts';

export async function resolveWorkspace(db: Db, idOrName: string): Promise<{ id: string; name: string }> {
  const matches = await findWorkspace(db, idOrName);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) throw AppError.invalid('--workspace', `no workspace has the id or name "${idOrName}"`);
  throw AppError.invalid('--workspace', `several workspaces are named "${idOrName}"; pass the id instead (${matches.map((m) => m.id).join(', ')})`);
}
