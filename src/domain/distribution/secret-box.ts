// Secrets the database must hold but must not show (a workspace's SMTP password) are sealed with
// AES-256-GCM: a backup, a read-only database user or a leaked dump reveals nothing without the key.
// The key comes from ANBEFAL_SECRET_KEY, else from <dataDir>/secret.key, created on first use. Several
// processes on one PostgreSQL database must therefore share ANBEFAL_SECRET_KEY (docs/OPERATIONS.md).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Derived keys per configuration, so the key file is read once per process. */
const derivedKeys = new WeakMap<Config, Buffer>();

export const secretKeyFile = (config: Config): string => path.join(config.dataDir, 'secret.key');

const unreadable = (message: string) => new AppError('secret_unreadable', message);

/** Reads the key file, creating it (32 random bytes as hex, mode 0600) when it does not exist yet. */
function readOrCreateKeyFile(file: string): string {
  try {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Written under a temporary name and linked into place, so a second process starting at the same
      // moment either wins the link or reads the complete file of the first, never a half-written one.
      const temporary = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
      fs.writeFileSync(temporary, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      try {
        fs.linkSync(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        fs.unlinkSync(temporary);
      }
    }
    const material = fs.readFileSync(file, 'utf8').trim();
    if (material.length < 32)
      throw unreadable(`The secret key file ${file} holds fewer than 32 characters. Restore it from a backup or set ANBEFAL_SECRET_KEY.`);
    return material;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable(
      `The secret key file ${file} cannot be read or created (${(error as Error).message}). Make the data folder writable or set ANBEFAL_SECRET_KEY.`,
    );
  }
}

function keyFor(config: Config): Buffer {
  const cached = derivedKeys.get(config);
  if (cached) return cached;
  const material = config.secretKey ?? readOrCreateKeyFile(secretKeyFile(config));
  // HKDF turns any string of 32+ characters (hex, base64, a passphrase) into a uniform 256-bit key.
  const key = Buffer.from(crypto.hkdfSync('sha256', material, 'anbefal', 'secret-box v1', 32));
  derivedKeys.set(config, key);
  return key;
}

/** Encrypts a secret for storage: "v1.<iv>.<tag>.<ciphertext>", each part base64url. */
export function sealSecret(config: Config, plaintext: string): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(config), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Decrypts what sealSecret produced; a wrong key or an altered value is an AppError, never a crash. */
export function openSecret(config: Config, sealed: string): string {
  const [format, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (format !== FORMAT || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw unreadable('A stored secret is not in the expected format (v1.<iv>.<tag>.<ciphertext>). Enter it again.');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw unreadable('A stored secret is not in the expected format (v1.<iv>.<tag>.<ciphertext>). Enter it again.');
  }
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(config), ivBytes);
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw unreadable(
      'A stored secret (such as the SMTP password) cannot be decrypted with this server’s key: ANBEFAL_SECRET_KEY (or the data folder’s secret.key) is not the key it was saved with. Restore that key, or enter the secret again.',
    );
  }
}
