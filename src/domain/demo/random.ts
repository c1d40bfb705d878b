// Deterministic randomness for the demo, from the seed alone: a small PRNG for what JavaScript
// builds (units, members, contacts), and a hash of (row number, stream) for what SQL generates in
// bulk, so millions of rows need no round trips and the same seed always gives the same data.
// hashint8extended is PostgreSQL's own 64-bit hash (the one hash partitioning relies on, so it is
// stable across versions and machines); PGlite and a server give the same values.
import { type RawBuilder, sql } from 'kysely';

/** mulberry32: a tiny, well-mixed 32-bit generator; returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Streams keep the draws of one row independent of each other; at most 256 per seed. */
const STREAMS = 256;

/** A uniform number in [0, 1) for row `index` and draw `stream`, the same for the same seed. */
export function uniformSql(seed: number, stream: number, index: RawBuilder<unknown>): RawBuilder<number> {
  const key = seed * STREAMS + stream;
  return sql<number>`((hashint8extended((${index})::int8, ${sql.lit(key)}::int8) & 9007199254740991)::float8 / 9007199254740992.0)`;
}

/** Roughly standard normal: the sum of four uniforms (Irwin–Hall), centred and scaled to variance 1. */
export function normalSql(seed: number, firstStream: number, index: RawBuilder<unknown>): RawBuilder<number> {
  const parts = [0, 1, 2, 3].map((offset) => uniformSql(seed, firstStream + offset, index));
  return sql<number>`((${sql.join(parts, sql` + `)} - 2.0) * 1.7320508)`;
}
