import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { join } from 'path';
import { EntityManager, IsNull } from 'typeorm';
import { Actor, AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { passwordProblem } from '../auth/passwords';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/errors';
import { APP_CONFIG, AppConfig, readYaml } from '../config/configuration';
import { ADVISORY, Db } from '../database/db.service';
import { ProgramKind } from '../programs/program.entity';
import { ProgramsService } from '../programs/programs.service';
import { TasksService } from '../tasks/tasks.service';
import { matchUnit } from '../units/unit-match';
import { Unit, UnitKind } from '../units/unit.entity';
import { Role, User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Committee } from './committee.entity';
import { CommitteesRepository } from './committees.repository';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The demo's logins and passwords are in the README: they may exist only where nobody else
 * can reach them, a service bound to loopback or one whose public address is this machine.
 */
export function demoAllowed(config: AppConfig): boolean {
  if (config.host && (LOOPBACK.has(config.host) || config.host.startsWith('127.'))) return true;
  try {
    return LOOPBACK.has(new URL(config.publicUrl).hostname);
  } catch {
    return false;
  }
}

interface UnitsYaml {
  units: { name: string; kind?: UnitKind; aliases?: string[]; emails?: string[] }[];
}

interface DemoYaml {
  program: { kind: ProgramKind; number: string; title: string; issuingBody: string; issuedDate: string; termStart: number; termEnd: number };
  events: { name: string; date: string }[];
  tasks: { ref: string; lead: string; co?: string[]; text: string; deadline: string }[];
  users: { username: string; displayName: string; role: Role; unit?: string; password: string }[];
}

export interface Login {
  username: string;
  password: string;
  role: Role;
}

export interface SeedResult {
  created: boolean;
  committeeId: number;
  logins: Login[];
}

export interface ProvisionInput {
  name: string;
  parentId?: number | null;
  /** The first admin; without it the committee gets none (a super-admin adds one later). */
  admin?: { username: string; password: string; superAdmin?: boolean };
  /** The demo program and logins (config/demo.yaml), where the demo is allowed. */
  demo?: boolean;
}

/** Two names that differ only in case, spacing or Unicode form are one name. */
export const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase() === b.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Committee provisioning: a new committee with its unit directory (config/units.yaml), its
 * first admin and, where allowed, the demo. First start, the `committee` CLI and
 * POST /api/committees all come here.
 */
@Injectable()
export class ProvisioningService {
  private readonly log = new Logger('committees');
  private readonly tree: CommitteesRepository;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly programs: ProgramsService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
  ) {
    this.tree = new CommitteesRepository(db);
  }

  /**
   * First start on an empty database: the committee of COMMITTEE_NAME, its units and, unless
   * DEMO=false, the demo; otherwise an admin with ADMIN_PASSWORD or a random password. That
   * first admin is the super-admin, who creates the other committees.
   */
  async seedIfEmpty(): Promise<SeedResult> {
    const given = process.env.ADMIN_PASSWORD;
    const problem = given ? passwordProblem(given) : null;
    if (problem) throw new Error(`ADMIN_PASSWORD: ${problem}`);
    // Instances starting together on an empty database: one seeds, the others then find it seeded.
    return this.db.withAdvisoryLock(ADVISORY.seed, async () => {
      const existing = await this.db.manager.find(Committee, { order: { id: 'ASC' }, take: 1 });
      if (existing.length) return { created: false, committeeId: existing[0].id, logins: [] };
      const demo = this.config.demo && demoAllowed(this.config);
      if (this.config.demo && !demo)
        this.log.warn(
          'DEMO: the demo logins are published, so they are only created when dondoc listens on loopback (HOST) or PUBLIC_URL is localhost; created only admin',
        );
      const password = process.env.ADMIN_PASSWORD || randomBytes(12).toString('base64url');
      const r = await this.createUnlocked(null, {
        name: this.config.committee.name,
        admin: demo ? undefined : { username: 'admin', password, superAdmin: true },
        demo,
      });
      return { created: true, committeeId: r.id, logins: r.logins };
    });
  }

  /**
   * Creates a committee. The checks (the parent exists, no sibling has the name) and the
   * writes hold one lock across instances, so two requests cannot both pass the checks.
   */
  create(actor: Actor | null, input: ProvisionInput): Promise<Committee & { logins: Login[] }> {
    return this.db.withAdvisoryLock(ADVISORY.seed, () => this.createUnlocked(actor, input));
  }

  private async createUnlocked(actor: Actor | null, input: ProvisionInput): Promise<Committee & { logins: Login[] }> {
    if (input.admin) {
      const problem = passwordProblem(input.admin.password);
      if (problem) throw new DomainError(`adminPassword: ${problem}`, 400, 'adminPassword');
    }
    const demo = input.demo ? readYaml<DemoYaml>(join(this.config.configDir, 'demo.yaml')) : null;
    if (input.demo && !demoAllowed(this.config))
      throw new DomainError('demo: chỉ tạo dữ liệu mẫu khi dondoc chạy trên máy này (HOST hoặc PUBLIC_URL là localhost)', 400, 'demo');
    const unitsYaml = readYaml<UnitsYaml>(join(this.config.configDir, 'units.yaml'));
    const logins: Login[] = [];
    const committee = await this.db.write(async (m) => {
      const parentId = input.parentId ?? null;
      await this.checkName(m, input.name, parentId, null);
      const c = await m.save(m.create(Committee, { name: input.name, parentId, settings: null }));
      const system = SYSTEM_ACTOR(c.id);
      for (const u of unitsYaml.units)
        await m.save(
          m.create(Unit, { committeeId: c.id, name: u.name, kind: u.kind ?? 'other', aliases: u.aliases ?? [], emails: u.emails ?? [], active: true }),
        );
      if (input.admin) {
        const admin = await this.users.create(
          system,
          { username: input.admin.username, displayName: 'Quản trị hệ thống', role: 'admin', password: input.admin.password },
          m,
        );
        if (input.admin.superAdmin) await m.update(User, { id: admin.id }, { superAdmin: true });
        logins.push({ username: input.admin.username, password: input.admin.password, role: 'admin' });
      }
      if (demo)
        for (const u of demo.users) {
          const units = await m.find(Unit, { where: { committeeId: c.id } });
          const unit = u.unit ? matchUnit(units, u.unit) : null;
          const user = await this.users.create(
            system,
            { username: u.username, displayName: u.displayName, role: u.role, unitId: unit?.id, password: u.password },
            m,
          );
          // The demo's admin is the installation's super-admin when it is the first committee.
          if (u.role === 'admin' && parentId === null && (await m.count(Committee)) === 1) await m.update(User, { id: user.id }, { superAdmin: true });
          logins.push({ username: u.username, password: u.password, role: u.role });
        }
      if (actor) await this.audit.record(m, actor, 'committee', c.id, 'create', null, { name: c.name, parentId, admin: input.admin?.username ?? null });
      return c;
    });
    if (demo) await this.loadDemo(committee.id, demo);
    this.log.log(`Committee ${committee.id} "${committee.name}"${committee.parentId ? ` under ${committee.parentId}` : ''}: ${unitsYaml.units.length} units`);
    return { ...committee, logins };
  }

  /** Renames or moves a committee; a move below itself or one of its descendants is refused. */
  async update(actor: Actor, id: number, dto: { name?: string; parentId?: number | null }): Promise<Committee> {
    return this.db.withAdvisoryLock(ADVISORY.seed, () =>
      this.db.write(async (m) => {
        const c = await m.findOneBy(Committee, { id });
        if (!c) throw new DomainError(`Không có đảng bộ ${id}`, 404);
        const before = { name: c.name, parentId: c.parentId };
        const parentId = dto.parentId === undefined ? c.parentId : dto.parentId;
        if (parentId !== null && parentId !== c.parentId && (await this.tree.ancestors(parentId, m)).some((a) => a.id === id))
          throw new DomainError('parentId: không thể đặt một đảng bộ dưới chính nó hoặc đảng bộ cấp dưới của nó', 400, 'parentId');
        const name = dto.name ?? c.name;
        await this.checkName(m, name, parentId, id);
        c.name = name;
        c.parentId = parentId;
        await m.save(c);
        await this.audit.record(m, actor, 'committee', id, 'update', before, { name: c.name, parentId: c.parentId });
        return c;
      }),
    );
  }

  private async checkName(m: EntityManager, name: string, parentId: number | null, self: number | null): Promise<void> {
    if (parentId !== null && !(await m.findOneBy(Committee, { id: parentId })))
      throw new DomainError(`parentId: không có đảng bộ ${parentId}`, 400, 'parentId');
    const siblings = await m.find(Committee, { where: { parentId: parentId ?? IsNull() } });
    const clash = siblings.find((s) => s.id !== self && sameName(s.name, name));
    if (clash) throw new DomainError(`name: đã có "${clash.name}" (mã ${clash.id}) cùng cấp trên`, 409, 'name');
  }

  private async loadDemo(committeeId: number, demo: DemoYaml): Promise<void> {
    const units = await this.db.manager.find(Unit, { where: { committeeId } });
    const unitId = (name: string) => {
      const u = matchUnit(units, name);
      if (!u) throw new Error(`demo.yaml names unknown unit "${name}"`);
      return u.id;
    };
    const office: Principal = { ...SYSTEM_ACTOR(committeeId), role: 'office', unitId: null, via: 'session' };
    const program = await this.programs.create(office, { ...demo.program, reportPeriod: 'quarter' });
    for (const e of demo.events) await this.programs.setEvent(office, program.id, { name: e.name, date: e.date });
    for (const t of demo.tasks)
      await this.tasks.create(office, {
        programId: program.id,
        ref: t.ref,
        text: t.text,
        leadUnitId: unitId(t.lead),
        coUnitIds: (t.co ?? []).map(unitId),
        deadline: t.deadline,
      });
    this.log.log(`Loaded demo program "${program.number}" with ${demo.tasks.length} tasks into committee ${committeeId}`);
  }
}
