// Helpers for import tests: a multipart body for app.inject or fetch, waiting for an import to finish,
// a generated CRM export, and counting what a process test's store holds.
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/db/index.ts';
import type { ProcessStore } from './process.ts';

export type FormPart = { name: string; value: string } | { name: string; filename: string; content: Buffer | string };

/** A multipart/form-data body with its content-type header. */
export function multipart(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `anbefal-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = 'filename' in part;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file ? `; filename="${part.filename}"` : ''}\r\n` +
          `${file ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`,
      ),
    );
    chunks.push(Buffer.from(file ? part.content : part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const FINISHED = ['succeeded', 'failed', 'rejected'];

/** Polls `read` until the import has finished (no timing assertion: the test's own timeout bounds it). */
export async function waitForImport<T extends { status: string }>(read: () => Promise<T>): Promise<T> {
  for (;;) {
    const current = await read();
    if (FINISHED.includes(current.status)) return current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A CRM export as a Danish Excel user would save it: `;`, CRLF, one valid contact per row. */
export function crmExportCsv(rows: number): string {
  const lines = ['Kundenummer;E-mail;Fornavn;Efternavn'];
  for (let i = 1; i <= rows; i++) lines.push(`C-${i};kunde${i}@example.dk;Kunde;Nummer ${i}`);
  return `${lines.join('\r\n')}\r\n`;
}

/** Contacts stored in a process test's store, counted with no server running (the PGlite folder is free then). */
export async function storedContacts(store: ProcessStore | undefined): Promise<number> {
  const database = await openDatabase(
    store?.databaseUrl ? { kind: 'postgres', url: store.databaseUrl, poolSize: 1 } : { kind: 'pglite', dataDir: store?.dataDir ?? '' },
  );
  try {
    const row = await database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await database.close();
  }
}
