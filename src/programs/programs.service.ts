import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { Actor, AuditService, diff } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError, notFound } from '../common/errors';
import { Db } from '../database/db.service';
import { TasksService } from '../tasks/tasks.service';
import { UnitsService } from '../units/units.service';
import { CreateProgramDto, ProgramEventDto, UpdateProgramDto } from './dto/program.dto';
import { ProgramEvent } from './program-event.entity';
import { Program } from './program.entity';
import { Target } from './target.entity';

const FIELDS = ['kind', 'number', 'title', 'issuingBody', 'issuedDate', 'termStart', 'termEnd', 'reportPeriod', 'requireEvidence'] as const;

@Injectable()
export class ProgramsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
    private readonly units: UnitsService,
  ) {}

  list(committeeId: number): Promise<Program[]> {
    return this.db.manager.find(Program, { where: { committeeId }, order: { id: 'ASC' }, relations: { events: true } });
  }

  async get(committeeId: number, id: number): Promise<Program & { targets: Target[] }> {
    const program = await this.db.manager.findOne(Program, { where: { committeeId, id }, relations: { events: true } });
    if (!program) throw notFound('văn bản', id);
    const targets = await this.db.manager.find(Target, { where: { programId: id }, order: { position: 'ASC' } });
    return Object.assign(program, { targets });
  }

  create(p: Principal, dto: CreateProgramDto): Promise<Program> {
    return this.db.write((m) => this.insert(m, p, dto));
  }

  /** Writes a new program inside the caller's transaction (creation and document import share it). */
  async insert(m: EntityManager, actor: Actor, dto: CreateProgramDto): Promise<Program> {
    assertTerm(dto.termStart, dto.termEnd);
    const program = m.create(Program, {
      committeeId: actor.committeeId,
      kind: dto.kind,
      number: dto.number ?? null,
      title: dto.title,
      issuingBody: dto.issuingBody ?? null,
      issuedDate: dto.issuedDate ?? null,
      termStart: dto.termStart ?? null,
      termEnd: dto.termEnd ?? null,
      reportPeriod: dto.reportPeriod ?? 'quarter',
      requireEvidence: dto.requireEvidence ?? false,
    });
    await m.save(program);
    await this.audit.record(m, actor, 'program', program.id, 'create', null, pick(program));
    return Object.assign(program, { events: [] });
  }

  update(p: Principal, id: number, dto: UpdateProgramDto): Promise<Program> {
    return this.db.write(async (m) => {
      const program = await m.findOneBy(Program, { committeeId: p.committeeId, id });
      if (!program) throw notFound('văn bản', id);
      const before = pick(program);
      // Only the fields sent: a DTO instance carries the others as undefined.
      for (const [k, v] of Object.entries(dto)) if (v !== undefined) Object.assign(program, { [k]: v });
      assertTerm(program.termStart ?? undefined, program.termEnd ?? undefined);
      await m.save(program);
      const d = diff(before, pick(program), [...FIELDS]);
      if (d) await this.audit.record(m, p, 'program', id, 'update', d.before, d.after);
      // The issue date gives the year to year-less deadlines: re-read them all.
      if (d && 'issuedDate' in d.after) await this.tasks.rereadDeadlines(m, p, program);
      return program;
    });
  }

  /**
   * Sets (creates or updates) a named event's date and recomputes the due dates of the
   * program's relative tasks, each change audited.
   */
  setEvent(p: Principal, programId: number, dto: ProgramEventDto): Promise<{ event: ProgramEvent; recomputed: number }> {
    return this.db.write(async (m) => {
      const program = await m.findOneBy(Program, { committeeId: p.committeeId, id: programId });
      if (!program) throw notFound('văn bản', programId);
      return this.upsertEvent(m, p, program, dto);
    });
  }

  /** Sets an event inside the caller's transaction and recomputes the relative deadlines. */
  async upsertEvent(m: EntityManager, actor: Actor, program: Program, dto: ProgramEventDto): Promise<{ event: ProgramEvent; recomputed: number }> {
    if (dto.unitId !== undefined) await this.units.requireIds(m, actor.committeeId, [dto.unitId], 'unitId');
    const unitId = dto.unitId ?? null;
    let event = await m.findOneBy(ProgramEvent, { programId: program.id, name: dto.name, unitId: unitId === null ? IsNull() : unitId });
    const before = event ? { name: event.name, date: event.date, unitId: event.unitId } : null;
    if (before && before.date === dto.date) return { event: event!, recomputed: 0 };
    if (!event) event = m.create(ProgramEvent, { programId: program.id, name: dto.name, unitId });
    event.date = dto.date;
    await m.save(event);
    await this.audit.record(m, actor, 'program', program.id, 'event', before, { name: event.name, date: event.date, unitId: event.unitId });
    const recomputed = await this.tasks.recomputeRelative(m, actor, program);
    return { event, recomputed };
  }

  async updateEvent(p: Principal, programId: number, eventId: number, date: string | null) {
    const event = await this.db.manager.findOneBy(ProgramEvent, { id: eventId, programId });
    if (!event) throw notFound('sự kiện', eventId);
    return this.setEvent(p, programId, { name: event.name, date, ...(event.unitId !== null ? { unitId: event.unitId } : {}) });
  }
}

/** A term ends no earlier than it starts (program creation, updates and document import). */
export function assertTerm(start?: number, end?: number): void {
  if (start !== undefined && end !== undefined && end < start) throw new DomainError('termEnd: năm kết thúc nhiệm kỳ phải sau năm bắt đầu', 400, 'termEnd');
}

function pick(p: Program): Record<(typeof FIELDS)[number], unknown> {
  return Object.fromEntries(FIELDS.map((f) => [f, p[f]])) as Record<(typeof FIELDS)[number], unknown>;
}
