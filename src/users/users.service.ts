import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '../audit/audit.service';
import { revokeUserSessions } from '../auth/auth.repository';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { Db } from '../database/db.service';
import { UnitsService } from '../units/units.service';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { User } from './user.entity';

export type PublicUser = Omit<User, 'passwordHash'>;

const strip = ({ passwordHash: _, ...u }: User): PublicUser => u;

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  async list(committeeId: number): Promise<PublicUser[]> {
    return (await this.db.manager.find(User, { where: { committeeId }, order: { id: 'ASC' } })).map(strip);
  }

  async create(actor: Actor, dto: CreateUserDto, m?: EntityManager): Promise<PublicUser> {
    const problem = passwordProblem(dto.password);
    if (problem) throw new DomainError(`password: ${problem}`, 400, 'password');
    const run = async (tx: EntityManager) => {
      if (await tx.findOneBy(User, { committeeId: actor.committeeId, username: dto.username }))
        throw new DomainError(`username: "${dto.username}" đã tồn tại`, 409, 'username');
      const unitId = dto.role === 'unit' ? (await this.units.requireIds(tx, actor.committeeId, [dto.unitId!], 'unitId'))[0].id : null;
      const user = tx.create(User, {
        committeeId: actor.committeeId,
        username: dto.username,
        displayName: dto.displayName,
        role: dto.role,
        unitId,
        passwordHash: await hashPassword(dto.password),
        active: true,
      });
      await tx.save(user);
      await this.audit.record(tx, actor, 'user', user.id, 'create', null, { username: user.username, role: user.role, unitId });
      return strip(user);
    };
    return m ? run(m) : this.db.write(run);
  }

  update(actor: Actor, id: number, dto: UpdateUserDto): Promise<PublicUser> {
    const problem = dto.password === undefined ? null : passwordProblem(dto.password);
    if (problem) return Promise.reject(new DomainError(`password: ${problem}`, 400, 'password'));
    return this.db.write(async (m) => {
      const user = await m.findOneBy(User, { id, committeeId: actor.committeeId });
      if (!user) throw notFound('người dùng', id);
      const before = { displayName: user.displayName, role: user.role, unitId: user.unitId, active: user.active };
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.unitId !== undefined)
        user.unitId = dto.unitId === null ? null : (await this.units.requireIds(m, actor.committeeId, [dto.unitId], 'unitId'))[0].id;
      if (user.role === 'unit' && user.unitId === null) throw new DomainError('unitId: người dùng đơn vị phải gắn với một đơn vị', 400, 'unitId');
      if (user.role !== 'unit') user.unitId = null;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
      await m.save(user);
      // A new password or a deactivation ends every session the user has open.
      if (dto.password !== undefined || (before.active && !user.active)) await revokeUserSessions(this.db, m, user.id, this.clock.now());
      await this.audit.record(m, actor, 'user', id, 'update', before, {
        displayName: user.displayName,
        role: user.role,
        unitId: user.unitId,
        active: user.active,
        passwordChanged: dto.password !== undefined,
      });
      return strip(user);
    });
  }

  /**
   * A signed-in user changes their own password: the current one must be right, the new one
   * follows the rule, and every session (this one too) ends — sign in again with the new one.
   */
  changeOwnPassword(actor: Actor, current: string, next: string): Promise<void> {
    const problem = passwordProblem(next);
    if (problem) return Promise.reject(new DomainError(`newPassword: ${problem}`, 400, 'newPassword'));
    return this.db.write(async (m) => {
      const user = actor.userId ? await m.findOneBy(User, { id: actor.userId, committeeId: actor.committeeId }) : null;
      if (!user) throw new DomainError('Chỉ người dùng đã đăng nhập mới đổi được mật khẩu', 403);
      if (!(await verifyPassword(current, user.passwordHash))) throw new DomainError('currentPassword: mật khẩu hiện tại không đúng', 400, 'currentPassword');
      if (current === next) throw new DomainError('newPassword: mật khẩu mới phải khác mật khẩu hiện tại', 400, 'newPassword');
      user.passwordHash = await hashPassword(next);
      await m.save(user);
      await revokeUserSessions(this.db, m, user.id, this.clock.now());
      await this.audit.record(m, actor, 'user', user.id, 'password', null, { passwordChanged: true });
    });
  }
}
