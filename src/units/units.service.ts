import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { releaseHeld } from '../mail/outbox.service';
import { Actor, AuditService, diff } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { Db } from '../database/db.service';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { matchUnit, unitKey } from './unit-match';
import { Unit } from './unit.entity';

@Injectable()
export class UnitsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(committeeId: number, includeInactive = false): Promise<Unit[]> {
    return this.db.manager.find(Unit, { where: includeInactive ? { committeeId } : { committeeId, active: true }, order: { id: 'ASC' } });
  }

  async get(committeeId: number, id: number): Promise<Unit> {
    const unit = await this.db.manager.findOneBy(Unit, { committeeId, id });
    if (!unit) throw notFound('đơn vị', id);
    return unit;
  }

  /** Resolves a name as written in a document to a unit of the directory. */
  async resolve(committeeId: number, name: string): Promise<Unit | null> {
    return matchUnit(await this.list(committeeId), name);
  }

  /** Units by id within the committee; a missing or inactive id is a 400 naming the field. */
  async requireIds(m: EntityManager, committeeId: number, ids: number[], field: string): Promise<Unit[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const units = await m.find(Unit, { where: { committeeId, id: In(unique), active: true } });
    const missing = unique.filter((id) => !units.some((u) => u.id === id));
    if (missing.length) throw new DomainError(`${field}: không có đơn vị ${missing.join(', ')}`, 400, field);
    return unique.map((id) => units.find((u) => u.id === id)!);
  }

  create(p: Principal, dto: CreateUnitDto): Promise<Unit> {
    return this.db.write((m) => this.insert(m, p, dto));
  }

  /** Adds a unit inside the caller's transaction (the directory and document import share it). */
  async insert(m: EntityManager, actor: Actor, dto: CreateUnitDto): Promise<Unit> {
    await this.assertNameFree(m, actor.committeeId, dto.name, dto.aliases ?? [], null);
    const unit = m.create(Unit, {
      committeeId: actor.committeeId,
      name: dto.name,
      kind: dto.kind ?? 'other',
      aliases: dto.aliases ?? [],
      emails: dto.emails ?? [],
      active: true,
    });
    await m.save(unit);
    await this.audit.record(m, actor, 'unit', unit.id, 'create', null, { name: unit.name, emails: unit.emails });
    return unit;
  }

  update(p: Principal, id: number, dto: UpdateUnitDto): Promise<Unit> {
    return this.db.write(async (m) => {
      const unit = await m.findOneBy(Unit, { committeeId: p.committeeId, id });
      if (!unit) throw notFound('đơn vị', id);
      const before = { ...unit };
      if (dto.name !== undefined || dto.aliases !== undefined) {
        await this.assertNameFree(m, p.committeeId, dto.name ?? unit.name, dto.aliases ?? unit.aliases, unit.id);
      }
      // Only the fields sent: a DTO instance carries the others as undefined.
      for (const [k, v] of Object.entries(dto)) if (v !== undefined) Object.assign(unit, { [k]: v });
      await m.save(unit);
      const d = diff(before, unit, ['name', 'kind', 'aliases', 'emails', 'active']);
      if (d) await this.audit.record(m, p, 'unit', unit.id, 'update', d.before, d.after);
      // Reminders held while the unit had no address go out now, once.
      if (unit.active && unit.emails.length) await releaseHeld(m, p.committeeId, unit.id, unit.emails, this.clock.now().toISOString());
      return unit;
    });
  }

  /** Names and aliases must stay unambiguous, or documents could not be mapped to units. */
  private async assertNameFree(m: EntityManager, committeeId: number, name: string, aliases: string[], selfId: number | null): Promise<void> {
    const others = (await m.find(Unit, { where: { committeeId } })).filter((u) => u.id !== selfId);
    for (const n of [name, ...aliases]) {
      const clash = matchUnit(others, n);
      if (clash) throw new DomainError(`Tên "${n}" trùng với đơn vị "${clash.name}"`, 409, unitKey(n) === unitKey(name) ? 'name' : 'aliases');
    }
  }
}
