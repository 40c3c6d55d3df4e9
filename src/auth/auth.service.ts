import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes } from 'crypto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { Setting } from '../database/setting.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { verifyPassword } from './passwords';
import { Principal } from './principal';
import { TokenPayload, signToken, verifyToken } from './tokens';

const SECRET_KEY = 'auth.secret';
/** Wrong passwords in a row before a username is locked for LOCK_MINUTES (per process). */
const MAX_FAILURES = 5;
const LOCK_MINUTES = 10;

@Injectable()
export class AuthService implements OnModuleInit {
  private secret = '';
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Uses AUTH_SECRET when set; otherwise a random secret generated once and kept in the database. */
  async onModuleInit(): Promise<void> {
    if (this.config.auth.secret) {
      this.secret = this.config.auth.secret;
      return;
    }
    this.secret = await this.db.write(async (m) => {
      const existing = await m.findOneBy(Setting, { key: SECRET_KEY });
      if (existing) return existing.value;
      const value = randomBytes(32).toString('base64url');
      await m.insert(Setting, { key: SECRET_KEY, value });
      return value;
    });
  }

  async login(username: string, password: string): Promise<{ token: string; expiresAt: string; user: Principal }> {
    const name = username.trim().toLowerCase();
    const now = this.clock.now().getTime();
    const f = this.failures.get(name);
    // Password guessing is slowed per username (known or not, so it reveals nothing).
    if (f && f.lockedUntil > now) {
      throw new DomainError(`Đăng nhập sai quá ${MAX_FAILURES} lần. Vui lòng thử lại sau ${Math.ceil((f.lockedUntil - now) / 60_000)} phút.`, 429);
    }
    const user = await this.db.manager.findOneBy(User, { username: name });
    // Verify even for unknown users so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    if (!user || !ok || !user.active) {
      const count = (f && f.lockedUntil <= now && f.count >= MAX_FAILURES ? 0 : (f?.count ?? 0)) + 1;
      if (this.failures.size > 10_000) this.failures.clear();
      this.failures.set(name, { count, lockedUntil: count >= MAX_FAILURES ? now + LOCK_MINUTES * 60_000 : 0 });
      throw new DomainError('Tên đăng nhập hoặc mật khẩu không đúng', 401);
    }
    this.failures.delete(name);
    const exp = Math.floor(this.clock.now().getTime() / 1000) + this.config.auth.tokenTtlHours * 3600;
    const token = signToken({ typ: 'session', cid: user.committeeId, uid: user.id, exp }, this.secret);
    return { token, expiresAt: new Date(exp * 1000).toISOString(), user: this.principalOf(user) };
  }

  /**
   * A signed, expiring link that identifies a unit (and optionally binds it to one task at
   * its current version) without a password; reminder emails carry these.
   */
  async issueUnitLink(committeeId: number, unitId: number, taskId?: number, ttlDays = this.config.auth.linkTtlDays): Promise<{ token: string; expiresAt: string }> {
    const unit = await this.db.manager.findOneBy(Unit, { id: unitId, committeeId });
    if (!unit) throw new DomainError(`Không có đơn vị ${unitId}`, 400, 'unitId');
    const payload: TokenPayload = { typ: 'link', cid: committeeId, unit: unitId, exp: Math.floor(this.clock.now().getTime() / 1000) + ttlDays * 86400 };
    if (taskId !== undefined) {
      const task = await this.db.manager.findOneBy(Task, { id: taskId, committeeId });
      if (!task) throw new DomainError(`Không có nhiệm vụ ${taskId}`, 400, 'taskId');
      if (task.leadUnitId !== unitId) throw new DomainError('Nhiệm vụ không do đơn vị này chủ trì', 400, 'taskId');
      payload.task = taskId;
      payload.ver = task.version;
    }
    return { token: signToken(payload, this.secret), expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  /** A link token for reminder emails, signed without a database round trip (the sweep signs thousands). */
  linkToken(committeeId: number, unitId: number, taskId: number, version: number, ttlDays = this.config.auth.linkTtlDays): string {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + ttlDays * 86400;
    return signToken({ typ: 'link', cid: committeeId, unit: unitId, task: taskId, ver: version, exp }, this.secret);
  }

  async authenticate(token: string): Promise<(Principal & { taskVersion?: number }) | null> {
    const p = verifyToken(token, this.secret, this.clock.now().getTime());
    if (!p) return null;
    if (p.typ === 'session') {
      const user = p.uid ? await this.db.manager.findOneBy(User, { id: p.uid, committeeId: p.cid }) : null;
      return user && user.active ? this.principalOf(user) : null;
    }
    const unit = p.unit ? await this.db.manager.findOneBy(Unit, { id: p.unit, committeeId: p.cid }) : null;
    if (!unit || !unit.active) return null;
    return { userId: null, name: unit.name, role: 'unit', committeeId: p.cid, unitId: unit.id, taskId: p.task, taskVersion: p.ver, via: 'link' };
  }

  /** An HMAC of `value` under the server secret, for one purpose (the pages' CSRF tokens). */
  mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\0${value}`).digest('base64url');
  }

  private principalOf(user: User): Principal {
    return { userId: user.id, name: user.displayName, role: user.role, committeeId: user.committeeId, unitId: user.unitId, via: 'session' };
  }
}
