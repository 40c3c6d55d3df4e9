import { EntityManager } from 'typeorm';
import { Db } from '../database/db.service';
import type { Role, User } from '../users/user.entity';

/** Attempts that are free before backoff starts; then the wait doubles from BACKOFF_BASE_MS up to BACKOFF_MAX_MS. */
export const FREE_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 15 * 60_000;

export function backoffMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(20, failures - FREE_ATTEMPTS));
}

/** The SQL of sign-in throttling and sessions (named parameters, both databases). */
export class AuthRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts one attempt for `key` before its password is checked, in the caller's write
   * transaction: parallel guesses are each counted, and none gets past the limit. Returns
   * 0 when the attempt may go on, else the milliseconds until the next one is accepted.
   */
  async reserveAttempt(m: EntityManager, key: string, now: Date): Promise<number> {
    const iso = now.toISOString();
    await this.db.query('DELETE FROM login_attempts WHERE "lastAt" < :cutoff', { cutoff: new Date(now.getTime() - 86_400_000).toISOString() }, m);
    await this.db.query(
      `INSERT INTO login_attempts ("key", failures, "nextAt", "lastAt") VALUES (:key, 0, '', :now) ON CONFLICT ("key") DO NOTHING`,
      { key, now: iso },
      m,
    );
    // The increment happens only when no wait is pending; it also takes the row lock (PostgreSQL).
    await this.db.query('UPDATE login_attempts SET failures = failures + 1, "lastAt" = :now WHERE "key" = :key AND "nextAt" <= :now', { key, now: iso }, m);
    const [row] = await this.db.query<{ failures: number; nextAt: string }>('SELECT failures, "nextAt" FROM login_attempts WHERE "key" = :key', { key }, m);
    if (row.nextAt > iso) return Date.parse(row.nextAt) - now.getTime();
    const wait = backoffMs(Number(row.failures));
    if (wait)
      await this.db.query('UPDATE login_attempts SET "nextAt" = :next WHERE "key" = :key', { key, next: new Date(now.getTime() + wait).toISOString() }, m);
    return 0;
  }

  async clearAttempts(m: EntityManager, key: string): Promise<void> {
    await this.db.query('DELETE FROM login_attempts WHERE "key" = :key', { key }, m);
  }

  async createSession(m: EntityManager, s: { id: string; userId: number; committeeId: number; createdAt: string; expiresAt: string }): Promise<void> {
    // Sessions long expired are of no use to anyone: each sign-in sweeps a few away.
    await this.db.query('DELETE FROM sessions WHERE "expiresAt" < :cutoff', { cutoff: new Date(Date.parse(s.createdAt) - 7 * 86_400_000).toISOString() }, m);
    await this.db.query(
      'INSERT INTO sessions (id, "userId", "committeeId", "createdAt", "expiresAt", "revokedAt") VALUES (:id, :userId, :committeeId, :createdAt, :expiresAt, NULL)',
      s,
      m,
    );
  }

  /**
   * The active user of a live (not revoked) session, in one statement: every authenticated
   * request asks it, so it costs one round trip and no entity hydration.
   */
  async sessionUser(
    sessionId: string,
    userId: number,
    committeeId: number,
  ): Promise<Pick<User, 'id' | 'displayName' | 'role' | 'committeeId' | 'unitId' | 'superAdmin'> | null> {
    // Booleans come back as 0/1 from SQLite and true/false from PostgreSQL: tested here, not bound.
    const [row] = await this.db.query<{
      id: number;
      displayName: string;
      role: Role;
      committeeId: number;
      unitId: number | null;
      superAdmin: boolean | number;
      active: boolean | number;
    }>(
      `SELECT u.id, u."displayName", u.role, u."committeeId", u."unitId", u."superAdmin", u.active
         FROM sessions s JOIN users u ON u.id = s."userId"
        WHERE s.id = :sessionId AND s."userId" = :userId AND s."revokedAt" IS NULL AND u."committeeId" = :committeeId`,
      { sessionId, userId, committeeId },
    );
    return row && row.active
      ? {
          id: Number(row.id),
          displayName: row.displayName,
          role: row.role,
          committeeId: Number(row.committeeId),
          unitId: row.unitId === null ? null : Number(row.unitId),
          superAdmin: !!row.superAdmin,
        }
      : null;
  }

  async revoke(m: EntityManager, sessionId: string, now: Date): Promise<void> {
    await this.db.query('UPDATE sessions SET "revokedAt" = :now WHERE id = :sessionId AND "revokedAt" IS NULL', { sessionId, now: now.toISOString() }, m);
  }
}

/** Revokes every session of a user (sign out everywhere, password change, deactivation). */
export async function revokeUserSessions(db: Db, m: EntityManager, userId: number, now: Date): Promise<number> {
  const live = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE "userId" = :userId AND "revokedAt" IS NULL', { userId }, m);
  await db.query('UPDATE sessions SET "revokedAt" = :now WHERE "userId" = :userId AND "revokedAt" IS NULL', { userId, now: now.toISOString() }, m);
  return Number(live[0]?.n ?? 0);
}
