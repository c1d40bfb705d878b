import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, appErrorStatus, appErrorTitle } from './errors.ts';

const doc = fs.readFileSync(new URL('../docs/ERRORS.md', import.meta.url), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `(\w+)` \| (\d{3}) \|/gm)].map((match) => [match[1] as string, Number(match[2])]));

describe('error codes', () => {
  it.each(Object.entries(appErrorStatus))('%s is documented in docs/ERRORS.md with HTTP %i', (code, status) => {
    expect(documented.get(code)).toBe(status);
  });

  it('documents no code that does not exist', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(appErrorStatus).sort());
  });

  it('gives every code a title', () => {
    for (const code of Object.keys(appErrorStatus)) expect(appErrorTitle[code as keyof typeof appErrorStatus]).toBeTruthy();
  });

  it('carries the status of its code', () => {
    expect(new AppError('conflict', 'x').status).toBe(409);
    expect(AppError.invalid('body.name', 'must not be empty').details.errors).toEqual([{ field: 'body.name', message: 'must not be empty' }]);
  });
});
