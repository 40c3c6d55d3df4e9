import { Logger } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import type { AppConfig } from '../config/configuration';
import type { Db } from '../database/db.service';

const LEGACY_KEY = 'auth.secret';

/**
 * Where the generated signing secret lives: AUTH_SECRET_FILE, else `auth.secret` beside the
 * SQLite database. Not in the database: whoever can read the database file (a backup, a copy
 * sent for help) must not be able to forge an admin's token from it.
 */
export function secretFile(config: AppConfig): string | null {
  if (config.auth.secretFile) return resolve(config.auth.secretFile);
  if (config.database.type === 'sqlite' && config.database.path !== ':memory:') return join(dirname(resolve(config.database.path)), 'auth.secret');
  return null;
}

/**
 * The signing secret: AUTH_SECRET, else the secret file (created 0600 on first start). A
 * secret an older version kept in the `settings` table moves to the file, so sessions survive
 * the upgrade, and leaves the database.
 */
export async function loadSecret(config: AppConfig, db: Db): Promise<string> {
  if (config.auth.secret) return config.auth.secret;
  const file = secretFile(config);
  if (!file) {
    if (config.database.type === 'postgres') throw new Error('DB_TYPE=postgres needs AUTH_SECRET or AUTH_SECRET_FILE, the same for every instance');
    return randomBytes(32).toString('base64url');
  }
  const legacy = await db.query<{ value: string }>('SELECT value FROM settings WHERE "key" = :key', { key: LEGACY_KEY });
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const value = legacy[0]?.value ?? randomBytes(32).toString('base64url');
    // 'wx': two instances starting at once cannot both write; the loser reads the winner's.
    try {
      writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    new Logger('auth').warn(`${file} was readable by others: set to 0600`);
    chmodSync(file, 0o600);
  }
  const value = readFileSync(file, 'utf8').trim();
  if (value.length < 32) throw new Error(`${file} holds no usable secret (at least 32 characters)`);
  if (legacy.length) await db.write((m) => db.query('DELETE FROM settings WHERE "key" = :key', { key: LEGACY_KEY }, m));
  return value;
}
