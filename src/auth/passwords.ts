import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'crypto';
import { promisify } from 'util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

// OWASP's scrypt baseline (N=2^17, r=8, p=1) costs ~128 MiB and ~0.3 s per login on these
// machines; N=2^15 keeps logins fast while staying far beyond a plain hash. Parameters are
// stored with each hash so they can be raised later without breaking old ones.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** The one password rule, for the API, the pages, ADMIN_PASSWORD and every CLI. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** A Vietnamese reason the password is not acceptable, or null. */
export function passwordProblem(password: string): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) return `mật khẩu từ ${PASSWORD_MIN} đến ${PASSWORD_MAX} ký tự`;
  if (!password.trim()) return 'mật khẩu không được chỉ gồm khoảng trắng';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: 256 * N * R });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, saltB64, keyB64] = stored.split('$');
  if (alg !== 'scrypt' || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64url');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(saltB64, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
