import { describe, expect, it } from 'vitest';
import { KeySet } from './key-set.ts';

describe('KeySet', () => {
  it('answers the first row of every key, across growth, with keys of any script and length', () => {
    const keys = new KeySet();
    const expected = new Map<string, number>();
    const key = (i: number) => (i % 3 === 0 ? `externalId:K-${i}` : i % 3 === 1 ? `email:søren.${i}@æøå.dk` : `externalId:${'x'.repeat(i % 200)}${i}`);
    const added: (number | undefined)[] = [];
    for (let i = 0; i < 50_000; i += 1) {
      added.push(keys.firstRowOrAdd(key(i), i + 2));
      expected.set(key(i), i + 2);
    }
    expect(added.filter((first) => first !== undefined)).toEqual([]);
    expect(keys.size).toBe(50_000);
    const found: [number | undefined, number | undefined][] = [];
    for (let i = 0; i < 50_000; i += 7) found.push([keys.firstRowOrAdd(key(i), 999_999), expected.get(key(i))]);
    expect(found.filter(([got, want]) => got !== want)).toEqual([]);
    expect(keys.firstRowOrAdd('externalId:K-', 1)).toBeUndefined();
    expect(keys.firstRowOrAdd('', 3)).toBeUndefined();
    expect(keys.firstRowOrAdd('', 4)).toBe(3);
    expect(keys.size).toBe(50_002);
  });

  it('tells apart keys that are prefixes of each other', () => {
    const keys = new KeySet();
    expect(keys.firstRowOrAdd('email:a@b.dk', 2)).toBeUndefined();
    expect(keys.firstRowOrAdd('email:a@b.d', 3)).toBeUndefined();
    expect(keys.firstRowOrAdd('email:a@b.dkk', 4)).toBeUndefined();
    expect(keys.firstRowOrAdd('email:a@b.d', 5)).toBe(3);
  });
});
