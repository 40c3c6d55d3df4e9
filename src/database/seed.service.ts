import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { join } from 'path';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Committee } from '../committees/committee.entity';
import { APP_CONFIG, AppConfig, readYaml } from '../config/configuration';
import { ProgramsService } from '../programs/programs.service';
import { ProgramKind } from '../programs/program.entity';
import { TasksService } from '../tasks/tasks.service';
import { matchUnit } from '../units/unit-match';
import { Unit, UnitKind } from '../units/unit.entity';
import { Role } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { ADVISORY, Db } from './db.service';
import { passwordProblem } from '../auth/passwords';

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

export interface SeedResult {
  created: boolean;
  committeeId: number;
  logins: { username: string; password: string; role: Role }[];
}

/**
 * First start on an empty database: the committee, the default unit directory from
 * config/units.yaml and, unless DEMO=false, a demo plan and demo logins (config/demo.yaml).
 * Without the demo an admin login is created with ADMIN_PASSWORD or a random password.
 */
@Injectable()
export class SeedService {
  private readonly log = new Logger('seed');

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly programs: ProgramsService,
    private readonly tasks: TasksService,
  ) {}

  async seedIfEmpty(): Promise<SeedResult> {
    const given = process.env.ADMIN_PASSWORD;
    const problem = given ? passwordProblem(given) : null;
    if (problem) throw new Error(`ADMIN_PASSWORD: ${problem}`);
    // Instances starting together on an empty database: one seeds, the others then find it seeded.
    return this.db.withAdvisoryLock(ADVISORY.seed, () => this.seedUnlocked());
  }

  private async seedUnlocked(): Promise<SeedResult> {
    const existing = await this.db.manager.find(Committee, { order: { id: 'ASC' }, take: 1 });
    if (existing.length) return { created: false, committeeId: existing[0].id, logins: [] };

    const dir = this.config.configDir;
    const unitsYaml = readYaml<UnitsYaml>(join(dir, 'units.yaml'));
    const demo = this.config.demo && demoAllowed(this.config) ? readYaml<DemoYaml>(join(dir, 'demo.yaml')) : null;
    const committeeId = await this.db.write(async (m) => {
      const committee = await m.save(m.create(Committee, { name: this.config.committee.name }));
      for (const u of unitsYaml.units) {
        await m.save(
          m.create(Unit, { committeeId: committee.id, name: u.name, kind: u.kind ?? 'other', aliases: u.aliases ?? [], emails: u.emails ?? [], active: true }),
        );
      }
      return committee.id;
    });
    const units = await this.db.manager.find(Unit, { where: { committeeId } });
    const unitId = (name: string) => {
      const u = matchUnit(units, name);
      if (!u) throw new Error(`demo.yaml names unknown unit "${name}"`);
      return u.id;
    };
    const system = SYSTEM_ACTOR(committeeId);
    const logins: SeedResult['logins'] = [];
    if (!demo) {
      if (this.config.demo)
        this.log.warn(
          'DEMO: the demo logins are published, so they are only created when dondoc listens on loopback (HOST) or PUBLIC_URL is localhost; created only admin',
        );
      const password = process.env.ADMIN_PASSWORD || randomBytes(12).toString('base64url');
      await this.users.create(system, { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', password });
      logins.push({ username: 'admin', password, role: 'admin' });
      return { created: true, committeeId, logins };
    }

    for (const u of demo.users) {
      await this.users.create(system, {
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        unitId: u.unit ? unitId(u.unit) : undefined,
        password: u.password,
      });
      logins.push({ username: u.username, password: u.password, role: u.role });
    }
    const office: Principal = { ...system, role: 'office', unitId: null, via: 'session' };
    const program = await this.programs.create(office, { ...demo.program, reportPeriod: 'quarter' });
    for (const e of demo.events) await this.programs.setEvent(office, program.id, { name: e.name, date: e.date });
    for (const t of demo.tasks) {
      await this.tasks.create(office, {
        programId: program.id,
        ref: t.ref,
        text: t.text,
        leadUnitId: unitId(t.lead),
        coUnitIds: (t.co ?? []).map(unitId),
        deadline: t.deadline,
      });
    }
    this.log.log(`Loaded ${units.length} units and demo program "${program.number}" with ${demo.tasks.length} tasks`);
    return { created: true, committeeId, logins };
  }
}
