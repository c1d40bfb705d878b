// Helpers for import tests: a multipart body for app.inject or fetch, and waiting for an import to finish.
import { randomBytes } from 'node:crypto';

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
