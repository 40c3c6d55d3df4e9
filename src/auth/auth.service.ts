import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes } from 'crypto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { CommitteesRepository } from '../committees/committees.repository';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { AuthRepository, revokeUserSessions } from './auth.repository';
import { verifyPassword } from './passwords';
import { loadSecret } from './secret';
import { Principal } from './principal';
import { signToken, verifyToken } from './tokens';

export interface Session {
  token: string;
  expiresAt: string;
  user: Principal;
}

@Injectable()
export class AuthService implements OnModuleInit {
  private secret = '';
  private readonly repo: AuthRepository;
  private readonly tree: CommitteesRepository;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.repo = new AuthRepository(db);
    this.tree = new CommitteesRepository(db);
  }

  async onModuleInit(): Promise<void> {
    this.secret = await loadSecret(this.config, this.db);
  }

  /**
   * Signs in. Each attempt is counted for its username and client address before the
   * password is checked (so parallel guesses cannot slip past the count); after a few
   * failures the next attempt waits, doubling each time. An attacker elsewhere only slows
   * themselves: the user's own address is counted apart.
   */
  async login(username: string, password: string, address = '', committeeId?: number): Promise<Session> {
    const name = username.trim().toLowerCase();
    // A separator no name or address contains; not NUL, which PostgreSQL text cannot hold.
    const key = `${name}\u001f${address}`.slice(0, 200);
    const wait = await this.db.write((m) => this.repo.reserveAttempt(m, key, this.clock.now()));
    if (wait > 0) {
      const after = wait >= 90_000 ? `${Math.ceil(wait / 60_000)} phút` : `${Math.ceil(wait / 1000)} giây`;
      throw new DomainError(`Đăng nhập sai nhiều lần. Vui lòng thử lại sau ${after}.`, 429);
    }
    // Usernames are unique within a committee; without one named, the password tells which.
    const candidates = await this.db.manager.find(User, {
      where: committeeId === undefined ? { username: name } : { username: name, committeeId },
      order: { id: 'ASC' },
    });
    const matching: User[] = [];
    // Verify even for unknown users so timing does not reveal which usernames exist.
    for (const u of candidates.length ? candidates : [null])
      if ((await verifyPassword(password, u?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')) && u)
        matching.push(u);
    if (matching.length > 1) throw new DomainError('committee: tên đăng nhập này có ở nhiều đảng bộ; hãy chọn đảng bộ của bạn', 400, 'committee');
    const user = matching[0];
    if (!user || !user.active) throw new DomainError('Tên đăng nhập hoặc mật khẩu không đúng', 401);
    const now = this.clock.now();
    const exp = Math.floor(now.getTime() / 1000) + this.config.auth.tokenTtlHours * 3600;
    const sid = randomBytes(16).toString('base64url');
    await this.db.write(async (m) => {
      await this.repo.clearAttempts(m, key);
      await this.repo.createSession(m, {
        id: sid,
        userId: user.id,
        committeeId: user.committeeId,
        createdAt: now.toISOString(),
        expiresAt: new Date(exp * 1000).toISOString(),
      });
    });
    const token = signToken({ typ: 'session', cid: user.committeeId, uid: user.id, sid, exp }, this.secret);
    return { token, expiresAt: new Date(exp * 1000).toISOString(), user: this.principalOf(user, sid) };
  }

  /** Revokes the session a token names (sign-out). A link or an unknown token is ignored. */
  async logout(token: string | undefined): Promise<void> {
    const p = token ? verifyToken(token, this.secret, this.clock.now().getTime()) : null;
    if (p?.typ !== 'session' || !p.sid) return;
    await this.db.write((m) => this.repo.revoke(m, p.sid!, this.clock.now()));
  }

  /** Revokes every session of the user (sign out everywhere); returns how many were live. */
  logoutAll(userId: number): Promise<number> {
    return this.db.write((m) => revokeUserSessions(this.db, m, userId, this.clock.now()));
  }

  /**
   * A signed, expiring link for one unit and one task at its current version: it opens that
   * task's /r/ page (report progress, mark done) and stops working once the task changes.
   */
  async issueUnitLink(
    committeeId: number,
    unitId: number,
    taskId: number,
    ttlDays = this.config.auth.linkTtlDays,
  ): Promise<{ token: string; url: string; expiresAt: string }> {
    const unit = await this.db.manager.findOneBy(Unit, { id: unitId, committeeId });
    if (!unit) throw new DomainError(`Không có đơn vị ${unitId}`, 400, 'unitId');
    const task = await this.db.manager.findOneBy(Task, { id: taskId, committeeId });
    if (!task) throw new DomainError(`Không có nhiệm vụ ${taskId}`, 400, 'taskId');
    if (task.leadUnitId !== unitId) throw new DomainError('Nhiệm vụ không do đơn vị này chủ trì', 400, 'taskId');
    const token = this.linkToken(committeeId, unitId, taskId, task.version, ttlDays);
    const exp = verifyToken(token, this.secret, 0)!.exp;
    return { token, url: `${this.config.publicUrl}/r/${token}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** A link token for reminder emails, signed without a database round trip (the sweep signs thousands). */
  linkToken(committeeId: number, unitId: number, taskId: number, version: number, ttlDays = this.config.auth.linkTtlDays): string {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + ttlDays * 86400;
    return signToken({ typ: 'link', cid: committeeId, unit: unitId, task: taskId, ver: version, exp }, this.secret);
  }

  /**
   * A unit's calendar feed token: no expiry (calendar apps poll it for years), revoked by
   * the unit's calendarVersion moving on. It opens the feed and nothing else.
   */
  calendarToken(committeeId: number, unitId: number, version: number): string {
    return signToken({ typ: 'calendar', cid: committeeId, unit: unitId, ver: version, exp: 4102444800 }, this.secret);
  }

  /** The committee, unit and version a calendar token was signed for; null when forged or of another kind. */
  verifyCalendarToken(token: string): { committeeId: number; unitId: number; version: number } | null {
    const p = verifyToken(token, this.secret, this.clock.now().getTime());
    if (!p || p.typ !== 'calendar' || !p.unit || !p.ver) return null;
    return { committeeId: p.cid, unitId: p.unit, version: p.ver };
  }

  async authenticate(token: string): Promise<(Principal & { taskVersion?: number }) | null> {
    const p = verifyToken(token, this.secret, this.clock.now().getTime());
    // A calendar token opens its feed, never the API or the pages.
    if (!p || p.typ === 'calendar') return null;
    if (p.typ === 'session') {
      if (!p.uid || !p.sid) return null;
      const user = await this.repo.sessionUser(p.sid, p.uid, p.cid);
      return user ? this.principalOf(user, p.sid) : null;
    }
    const unit = p.unit ? await this.db.manager.findOneBy(Unit, { id: p.unit, committeeId: p.cid }) : null;
    if (!unit || !unit.active) return null;
    return { userId: null, name: unit.name, role: 'unit', committeeId: p.cid, unitId: unit.id, taskId: p.task, taskVersion: p.ver, via: 'link' };
  }

  /**
   * The committee a request acts on. Without `?committee=` (or with the caller's own) it is the
   * caller's. A province reader may name any committee below its own and reads it as that
   * committee's office would, read-only (a province principal never writes); anyone else
   * naming another committee gets 403, and a committee outside the reader's tree 404, as if
   * it did not exist.
   */
  async scope(p: Principal, committee: unknown): Promise<Principal> {
    if (committee === undefined || committee === '') return p;
    const id = typeof committee === 'string' && /^\d{1,9}$/.test(committee) ? Number(committee) : NaN;
    if (!Number.isInteger(id) || id < 1) throw new DomainError('committee: mã đảng bộ phải là một số nguyên dương', 400, 'committee');
    if (id === p.committeeId) return p;
    if (p.role !== 'province') throw new DomainError('committee: bạn chỉ làm việc với đảng bộ của mình', 403, 'committee');
    if (!(await this.tree.isWithin(p.committeeId, id))) throw new DomainError(`committee: không có đảng bộ ${id} trực thuộc đảng bộ của bạn`, 404, 'committee');
    return { ...p, committeeId: id, homeCommitteeId: p.committeeId };
  }

  /** An HMAC of `value` under the server secret, for one purpose (the pages' CSRF tokens). */
  mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\0${value}`).digest('base64url');
  }

  private principalOf(user: Pick<User, 'id' | 'displayName' | 'role' | 'committeeId' | 'unitId' | 'superAdmin'>, sessionId: string): Principal {
    return {
      userId: user.id,
      name: user.displayName,
      role: user.role,
      committeeId: user.committeeId,
      unitId: user.unitId,
      via: 'session',
      sessionId,
      ...(user.superAdmin ? { superAdmin: true } : {}),
    };
  }
}
