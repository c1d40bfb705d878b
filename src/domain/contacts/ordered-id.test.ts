import { describe, expect, it } from 'vitest';
import { orderedUuid } from './ordered-id.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('orderedUuid', () => {
  it('makes UUIDs of version 7 that sort in the order they were made, also beyond 4,096 in a millisecond', () => {
    const ids = Array.from({ length: 20_000 }, orderedUuid);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    for (let i = 1; i < ids.length; i += 1) expect((ids[i] as string) > (ids[i - 1] as string), `${ids[i - 1]} then ${ids[i]}`).toBe(true);
  });

  it('starts with the time in milliseconds', () => {
    const before = Date.now();
    const id = orderedUuid();
    const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    // The counter may have borrowed a few milliseconds from the future in the test before.
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThan(before + 60_000);
  });
});
