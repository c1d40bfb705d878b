import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { openSecret, sealSecret, secretKeyFile } from './secret-box.ts';

const folders: string[] = [];
const freshDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anbefal-secret-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

const withKey = (key: string) => parseConfig({ ANBEFAL_SECRET_KEY: key, ANBEFAL_DATA_DIR: freshDataDir() });

const failureOf = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
};

describe('secret box', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const config = withKey('a'.repeat(40));
    for (const secret of ['hunter2', '', 'pässwörd 🔑 with.dots.and spaces']) {
      const sealed = sealSecret(config, secret);
      expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
      expect(openSecret(config, sealed)).toBe(secret);
    }
    const first = sealSecret(config, 'hunter2');
    const second = sealSecret(config, 'hunter2');
    expect(first).not.toBe(second);
    expect(first).not.toContain('hunter2');
    expect(Buffer.from(first.split('.')[3] ?? '', 'base64url').toString('utf8')).not.toContain('hunter2');
  });

  it('refuses a wrong key, an altered value and a malformed value with secret_unreadable', () => {
    const sealed = sealSecret(withKey('a'.repeat(40)), 'hunter2');
    const wrongKey = failureOf(() => openSecret(withKey('b'.repeat(40)), sealed));
    expect(wrongKey.code).toBe('secret_unreadable');
    expect(wrongKey.status).toBe(500);
    expect(wrongKey.message).toContain('ANBEFAL_SECRET_KEY');

    const [format, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const altered = [format, iv, tag, flipped.toString('base64url')].join('.');
    expect(failureOf(() => openSecret(withKey('a'.repeat(40)), altered)).code).toBe('secret_unreadable');

    for (const malformed of ['hunter2', 'v2.a.b.c', 'v1.AAAA.AAAA.AAAA', `${sealed}.extra`]) {
      const error = failureOf(() => openSecret(withKey('a'.repeat(40)), malformed));
      expect(error.code).toBe('secret_unreadable');
      expect(error.message).toContain('expected format');
    }
  });

  it('without ANBEFAL_SECRET_KEY creates a private key file in the data folder on first use and keeps using it', () => {
    const dataDir = freshDataDir();
    const config = parseConfig({ ANBEFAL_DATA_DIR: path.join(dataDir, 'not-yet-created') });
    const file = secretKeyFile(config);
    expect(fs.existsSync(file)).toBe(false);
    const sealed = sealSecret(config, 'hunter2');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(fs.readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['secret.key']);

    // A restarted process (a new Config) reads the same file.
    const restarted = parseConfig({ ANBEFAL_DATA_DIR: path.join(dataDir, 'not-yet-created') });
    expect(openSecret(restarted, sealed)).toBe('hunter2');
    // The file's content works as ANBEFAL_SECRET_KEY, so an operator can move from the file to the variable.
    const fromVariable = parseConfig({ ANBEFAL_SECRET_KEY: fs.readFileSync(file, 'utf8').trim(), ANBEFAL_DATA_DIR: freshDataDir() });
    expect(openSecret(fromVariable, sealed)).toBe('hunter2');
  });

  it('with ANBEFAL_SECRET_KEY writes no key file', () => {
    const config = withKey('c'.repeat(32));
    expect(openSecret(config, sealSecret(config, 'x'))).toBe('x');
    expect(fs.existsSync(secretKeyFile(config))).toBe(false);
  });

  it('names the key file when it is too short to be a key', () => {
    const dataDir = freshDataDir();
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'short\n');
    const error = failureOf(() => sealSecret(parseConfig({ ANBEFAL_DATA_DIR: dataDir }), 'x'));
    expect(error.code).toBe('secret_unreadable');
    expect(error.message).toContain(path.join(dataDir, 'secret.key'));
  });
});
