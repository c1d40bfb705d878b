// Where an uploaded file lives until its import is done: in the database, as ordered chunks of at
// most 1 MiB, so it survives a restart and every process on a shared PostgreSQL reads it. Neither
// writing nor reading holds more than one chunk in memory.
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';

export const FILE_CHUNK_BYTES = 1024 * 1024;

/** Stores the stream's bytes as the file of an import; returns its size. Each chunk is its own short statement. */
export async function storeImportFile(db: Db, importId: string, stream: AsyncIterable<Buffer | string>): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let size = 0;
  const flush = async (all: boolean) => {
    const joined = Buffer.concat(pending);
    let offset = 0;
    while (joined.length - offset >= FILE_CHUNK_BYTES || (all && offset < joined.length)) {
      const data = joined.subarray(offset, offset + FILE_CHUNK_BYTES);
      await db.insertInto('import_files').values({ import_id: importId, seq: seq++, data }).execute();
      offset += data.length;
    }
    pending = offset < joined.length ? [joined.subarray(offset)] : [];
    pendingBytes = joined.length - offset;
  };
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    pending.push(buffer);
    pendingBytes += buffer.length;
    size += buffer.length;
    if (pendingBytes >= FILE_CHUNK_BYTES) await flush(false);
  }
  await flush(true);
  return size;
}

/** The stored file as a stream, one chunk fetched at a time (through `db`, which may be an open transaction). */
export function readImportFile(db: Db, importId: string): Readable {
  async function* chunks() {
    for (let seq = 0; ; seq++) {
      const row = await sql<{ data: Uint8Array }>`select data from import_files where import_id = ${importId} and seq = ${seq}`.execute(db);
      const data = row.rows[0]?.data;
      if (!data) return;
      yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
