// Opaque keyset cursors: the last row's sort key, base64url-encoded JSON.
import { AppError } from '../errors.ts';
import type { Page } from './views.ts';

export const encodeCursor = (key: unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

const partIsValid = {
  text: () => true,
  uuid: (part: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(part),
  timestamp: (part: string) => !Number.isNaN(Date.parse(part)),
} as const;
export type CursorPart = keyof typeof partIsValid;

/** The sort key of a cursor: `shape` is its number of parts, or their kinds, checked so a forged
 * cursor is a 400 rather than a database error. */
export function decodeCursor(cursor: string | undefined, shape: number | readonly CursorPart[]): string[] | undefined {
  if (cursor === undefined) return undefined;
  const kinds: readonly CursorPart[] = typeof shape === 'number' ? Array.from({ length: shape }, () => 'text' as const) : shape;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === kinds.length && key.every((part, i) => typeof part === 'string' && partIsValid[kinds[i] as CursorPart](part))) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw AppError.invalid('query.cursor', 'is not a cursor returned by this endpoint; omit it to start from the first page');
}

/** Cuts a limit+1 result into a page and the cursor of its last row. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => string[], view: (row: R) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
