import { sql } from './task-rules';
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Brackets, EntityManager, FindOptionsWhere, SelectQueryBuilder } from 'typeorm';
import { Actor, AuditService, diff } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError, notFound } from '../common/errors';
import { Page } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { Db } from '../database/db.service';
import { instant } from '../database/instants';
import { LocalDate, addDays } from '../deadlines/calendar';
import { parseClauses } from '../deadlines/find';
import { Schedule } from '../deadlines/schedule';
import { foldKey } from '../deadlines/text';
import { ProgramEvent } from '../programs/program-event.entity';
import { Program } from '../programs/program.entity';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { CreateTaskDto, DoneDto, ListTasksQuery, UpdateTaskDto } from './dto/task.dto';
import { TaskNote } from './task-note.entity';
import { contextFor, scheduleColumns, scheduleOf, withExtension } from './task-schedule';
import { STATUS_LABELS, TRANSITIONS, Transition } from './task-status';
import { Clock } from '../common/clock';
import { Evidence } from './evidence.entity';
import { TaskChange } from './task-change.entity';
import { Task } from './task.entity';
import { TIMELINESS_LABELS, Timeliness, timelinessOf, timelinessSql } from './timeliness';

export interface TaskFields {
  ref: string | null;
  text: string;
  leadUnitId: number | null;
  coUnitIds: number[];
  deadlineRaw: string | null;
}

export interface TaskView {
  id: number;
  programId: number;
  ref: string | null;
  text: string;
  leadUnit: { id: number; name: string } | null;
  coUnits: { id: number; name: string }[];
  /** `due` is the approved date after an extension; `originalDue` the one read from the document (else null). */
  deadline: { raw: string | null; originalDue: LocalDate | null } & Schedule;
  status: Task['status'];
  statusLabel: string;
  timeliness: Timeliness;
  timelinessLabel: string;
  completedOn: LocalDate | null;
  resultNote: string | null;
  progressNote: string | null;
  statusReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The list's own order (programs, then the document's order), which its index serves. */
const inDocumentOrder = <T extends object>(qb: SelectQueryBuilder<T>) =>
  qb.orderBy('t.programId', 'ASC').addOrderBy('t.position', 'ASC').addOrderBy('t.id', 'ASC');

/** A text search counts its matches up to this many; beyond, the list says "more than" (list()). */
export const SEARCH_COUNT_CAP = 1000;

const AUDITED = [
  'ref',
  'text',
  'leadUnitId',
  'coUnitIds',
  'deadlineRaw',
  'scheduleKind',
  'startDate',
  'dueDate',
  'every',
  'eventName',
  'eventOffsetDays',
] as const;

@Injectable()
export class TasksService {
  private pageColumns?: string;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
    private readonly settings: CommitteeSettingsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ------------------------------------------------------------------ reads

  async list(p: Principal, q: ListTasksQuery): Promise<Page<TaskView>> {
    const today = await this.settings.today(p.committeeId);
    const qb = this.db.manager
      .createQueryBuilder(Task, 't')
      .where('t.committeeId = :cid', { cid: p.committeeId })
      .setParameters({ today, soon: this.soon(today) });
    if (q.program !== undefined) qb.andWhere('t.programId = :program', { program: q.program });
    if (q.unit !== undefined) {
      if (q.includeCoordinating) {
        qb.andWhere(
          new Brackets((w) =>
            w.where('t.leadUnitId = :unit', { unit: q.unit }).orWhere('t.id IN (SELECT cu."taskId" FROM task_co_units cu WHERE cu."unitId" = :unit)'),
          ),
        );
      } else qb.andWhere('t.leadUnitId = :unit', { unit: q.unit });
    }
    if (q.status?.length) qb.andWhere('t.status IN (:...status)', { status: q.status });
    const tl = timelinessSql('t');
    if (q.timeliness?.length) qb.andWhere(`${tl} IN (:...timeliness)`, { timeliness: q.timeliness });
    // timeliness = 'overdue', said so the partial index of open deadlines answers it (the
    // CASE would read every row; timeliness.spec.ts checks the two agree).
    if (q.overdue) qb.andWhere(sql.isOverdue('t'));
    if (q.dueFrom) qb.andWhere('t.dueDate >= :dueFrom', { dueFrom: q.dueFrom });
    if (q.dueTo) qb.andWhere('t.dueDate <= :dueTo', { dueTo: q.dueTo });
    if (q.needsDeadline) qb.andWhere(sql.needsDeadline('t'));
    let total: number | null = null;
    if (q.q) total = await this.textFilter(qb, `%${foldKey(q.q).replace(/[%_]/g, '')}%`);
    if (q.sort === 'oldest_change') qb.orderBy('t.updatedAt', 'ASC').addOrderBy('t.id', 'ASC');
    else inDocumentOrder(qb);
    const capped = total !== null && total > SEARCH_COUNT_CAP;
    // The page and the count at once: the page's ids are asked first, so its tasks load (on
    // another connection) while the count — most of a large list's time — runs.
    const page = qb
      .clone()
      .select('t.id', 'id')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawMany<{ id: number }>()
      .then(async (rows) => {
        const ids = rows.map((r) => r.id);
        return { ids, tasks: ids.length ? await this.loadPage(ids) : [] };
      });
    const [{ ids, tasks }, counted] = await Promise.all([page, total ?? qb.getCount()]);
    total = counted;
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const items = ids.map((id) => this.view(byId.get(id)!, today));
    return capped
      ? { items, total: SEARCH_COUNT_CAP, totalCapped: true, page: q.page, pageSize: q.pageSize }
      : { items, total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Adds the text filter :q to a list and says how many tasks match, when that is cheap to
   * know. A phrase few tasks contain (≤ SEARCH_COUNT_CAP in the whole database) goes through the
   * search index: the matches are few, counting and sorting them costs little. A phrase many
   * contain ("kiểm tra giám sát" in one task of eight) is tested on the rows as the list walks
   * its own index: a page fills within a few hundred rows, and the count stops at the cap
   * (the page then says "hơn 1.000"). Returns null to have the caller count as usual.
   */
  private async textFilter(qb: SelectQueryBuilder<Task>, pattern: string): Promise<number | null> {
    const [{ n }] = await this.db.query<{ n: number }>(sql.textMatches(this.db.dialect, SEARCH_COUNT_CAP + 1), { q: pattern });
    if (Number(n) <= SEARCH_COUNT_CAP) {
      qb.andWhere(sql.textSearch('t', this.db.dialect), { q: pattern });
      return null;
    }
    qb.andWhere(sql.textMatch('t'), { q: pattern });
    // Counted in document order whatever the list's sort: the walk the order index serves.
    const within = await inDocumentOrder(qb.clone().select('t.id', 'id'))
      .limit(SEARCH_COUNT_CAP + 1)
      .getRawMany();
    return within.length;
  }

  async get(p: Principal, id: number): Promise<TaskView> {
    return this.view(await this.find(this.db.manager, p.committeeId, id), await this.settings.today(p.committeeId));
  }

  async history(p: Principal, id: number) {
    await this.find(this.db.manager, p.committeeId, id);
    return this.audit.history(p.committeeId, 'task', id);
  }

  async notes(p: Principal, id: number): Promise<TaskNote[]> {
    await this.find(this.db.manager, p.committeeId, id);
    return this.db.manager.find(TaskNote, { where: { committeeId: p.committeeId, taskId: id }, order: { id: 'ASC' } });
  }

  // ------------------------------------------------------------------ office edits

  async create(p: Principal, dto: CreateTaskDto): Promise<TaskView> {
    const id = await this.db.write(async (m) => {
      const program = await m.findOneBy(Program, { id: dto.programId, committeeId: p.committeeId });
      if (!program) throw new DomainError(`programId: không có văn bản ${dto.programId}`, 400, 'programId');
      const task = await this.insert(m, p, program, {
        ref: dto.ref ?? null,
        text: dto.text,
        leadUnitId: dto.leadUnitId ?? null,
        coUnitIds: dto.coUnitIds ?? [],
        deadlineRaw: dto.deadline ?? null,
      });
      return task.id;
    });
    // Read back after the commit: the write lock is held for the writing statements only.
    return this.get(p, id);
  }

  /**
   * Writes a new task inside the caller's transaction (task creation and document import
   * share it): checks the units, reads the deadline in the program's context, audits.
   */
  async insert(m: EntityManager, actor: Actor, program: Program, data: TaskFields): Promise<Task> {
    const lead = data.leadUnitId != null ? (await this.units.requireIds(m, actor.committeeId, [data.leadUnitId], 'leadUnitId'))[0] : null;
    const coUnits = await this.units.requireIds(
      m,
      actor.committeeId,
      data.coUnitIds.filter((id) => id !== lead?.id),
      'coUnitIds',
    );
    // With the committee named, the list's order index (committeeId, programId, position, id)
    // answers MAX at once; by program alone PostgreSQL read every row (0.2 s at a million).
    const position = ((await m.maximum(Task, 'position', { committeeId: program.committeeId, programId: program.id })) ?? 0) + 1;
    const task = m.create(Task, {
      committeeId: actor.committeeId,
      programId: program.id,
      ref: data.ref,
      position,
      text: data.text,
      leadUnitId: lead?.id ?? null,
      coUnits,
      deadlineRaw: data.deadlineRaw?.trim() || null,
      status: 'not_started',
    });
    Object.assign(task, withExtension(scheduleColumns(await this.readDeadline(m, program, task.leadUnitId, task.deadlineRaw)), task.extendedDue ?? null));
    task.searchText = searchTextOf(task);
    await m.save(task);
    await this.audit.record(m, actor, 'task', task.id, 'create', null, snapshot(task));
    await this.recordChange(m, actor, task, { kind: 'status', fromStatus: null, fromCompletedOn: null, note: null });
    return task;
  }

  /**
   * Brings an existing task in line with new fields inside the caller's transaction (a
   * re-import); audits what changed and returns the names of the changed fields.
   */
  async revise(m: EntityManager, actor: Actor, program: Program, task: Task, data: TaskFields, note: string): Promise<string[]> {
    const before = snapshot(task);
    task.ref = data.ref;
    task.text = data.text;
    task.leadUnitId = data.leadUnitId === null ? null : (await this.units.requireIds(m, actor.committeeId, [data.leadUnitId], 'leadUnitId'))[0].id;
    task.coUnits = await this.units.requireIds(
      m,
      actor.committeeId,
      data.coUnitIds.filter((u) => u !== task.leadUnitId),
      'coUnitIds',
    );
    task.deadlineRaw = data.deadlineRaw?.trim() || null;
    Object.assign(task, withExtension(scheduleColumns(await this.readDeadline(m, program, task.leadUnitId, task.deadlineRaw)), task.extendedDue ?? null));
    task.searchText = searchTextOf(task);
    const d = diff(before, snapshot(task), [...AUDITED]);
    if (!d) return [];
    await m.save(task);
    await this.audit.record(m, actor, 'task', task.id, 'update', d.before, d.after, note);
    return Object.keys(d.after);
  }

  update(p: Principal, id: number, dto: UpdateTaskDto): Promise<TaskView> {
    return this.db.write(async (m) => {
      const task = await this.findForUpdate(m, p.committeeId, id);
      const before = snapshot(task);
      if (dto.ref !== undefined) task.ref = dto.ref || null;
      if (dto.text !== undefined) task.text = dto.text;
      if (dto.leadUnitId !== undefined) {
        task.leadUnitId = dto.leadUnitId === null ? null : (await this.units.requireIds(m, p.committeeId, [dto.leadUnitId], 'leadUnitId'))[0].id;
      }
      if (dto.coUnitIds !== undefined)
        task.coUnits = await this.units.requireIds(
          m,
          p.committeeId,
          dto.coUnitIds.filter((u) => u !== task.leadUnitId),
          'coUnitIds',
        );
      if (dto.deadline !== undefined && (dto.deadline.trim() || null) !== task.deadlineRaw) {
        task.deadlineRaw = dto.deadline.trim() || null;
        // The office wrote a new deadline: it replaces an extension approved on the old one.
        task.extendedDue = null;
      }
      if (dto.deadline !== undefined || dto.leadUnitId !== undefined) {
        const program = await m.findOneByOrFail(Program, { id: task.programId });
        Object.assign(task, withExtension(scheduleColumns(await this.readDeadline(m, program, task.leadUnitId, task.deadlineRaw)), task.extendedDue ?? null));
      }
      task.searchText = searchTextOf(task);
      const d = diff(before, snapshot(task), [...AUDITED]);
      if (!d) return this.view(task, await this.settings.today(p.committeeId));
      await m.save(task);
      await this.audit.record(m, p, 'task', task.id, 'update', d.before, d.after);
      return this.view(await this.find(m, p.committeeId, id), await this.settings.today(p.committeeId));
    });
  }

  /**
   * Re-reads the deadline of every relative task of a program (after an event date changed),
   * auditing each due date that moves. Runs in the caller's transaction.
   */
  recomputeRelative(m: EntityManager, actor: Actor, program: Program): Promise<number> {
    return this.reread(m, actor, program, { programId: program.id, scheduleKind: 'relative' }, 'Ngày sự kiện thay đổi');
  }

  /** Re-reads every task's deadline of a program (after its issue date changed). */
  rereadDeadlines(m: EntityManager, actor: Actor, program: Program): Promise<number> {
    return this.reread(m, actor, program, { programId: program.id }, 'Ngày ban hành văn bản thay đổi');
  }

  private async reread(m: EntityManager, actor: Actor, program: Program, where: FindOptionsWhere<Task>, why: string): Promise<number> {
    const tasks = await m.find(Task, { where, relations: { coUnits: true } });
    let changed = 0;
    for (const task of tasks) {
      const before = snapshot(task);
      Object.assign(task, withExtension(scheduleColumns(await this.readDeadline(m, program, task.leadUnitId, task.deadlineRaw)), task.extendedDue ?? null));
      const d = diff(before, snapshot(task), [...AUDITED]);
      if (!d) continue;
      await m.save(task);
      await this.audit.record(m, actor, 'task', task.id, 'deadline_recomputed', d.before, d.after, why);
      changed++;
    }
    return changed;
  }

  // ------------------------------------------------------------------ status transitions

  transition(p: Principal, id: number, t: Transition, body: { note?: string; reason?: string } & Partial<DoneDto>): Promise<TaskView> {
    return this.db.write(async (m) => {
      const task = await this.findForUpdate(m, p.committeeId, id);
      const rule = TRANSITIONS[t];
      this.assertMayChange(p, task, rule.officeOnly);
      if (!rule.from.includes(task.status)) {
        throw new DomainError(`Không thể "${t}" nhiệm vụ đang ở trạng thái "${STATUS_LABELS[task.status]}"`, 409, 'status');
      }
      const before = { status: task.status, completedOn: task.completedOn, resultNote: task.resultNote, statusReason: task.statusReason };
      let note: string | null = null;
      switch (t) {
        case 'progress':
          task.progressNote = body.note ?? task.progressNote;
          task.lastProgressOn = await this.settings.today(p.committeeId);
          note = body.note ?? null;
          break;
        case 'done':
          if (body.completedOn! > (await this.settings.today(p.committeeId)))
            throw new DomainError('completedOn: ngày hoàn thành không được sau hôm nay', 400, 'completedOn');
          if ((await m.findOneByOrFail(Program, { id: task.programId })).requireEvidence && !(await m.exists(Evidence, { where: { taskId: task.id } })))
            throw new DomainError('file: văn bản này bắt buộc minh chứng — đính kèm ít nhất một tệp trước khi báo cáo hoàn thành', 400, 'file');
          task.completedOn = body.completedOn!;
          task.resultNote = body.resultNote!;
          task.lastProgressOn = await this.settings.today(p.committeeId);
          note = body.resultNote!;
          break;
        case 'return':
          task.completedOn = null;
          task.statusReason = body.reason!;
          note = body.reason!;
          break;
        case 'suspend':
        case 'cancel':
          task.statusReason = body.reason!;
          note = body.reason!;
          break;
        case 'resume':
          task.statusReason = null;
          break;
        case 'confirm':
          break;
      }
      task.status = rule.to;
      await m.save(task);
      // A completion takes effect on the day the unit says it finished (reported later, often):
      // the summary as of a day in between counts it done, as it always has.
      await this.recordChange(m, p, task, {
        kind: 'status',
        fromStatus: before.status,
        fromCompletedOn: before.completedOn,
        note,
        ...(t === 'done' && task.completedOn ? { on: task.completedOn } : {}),
      });
      await this.audit.record(
        m,
        p,
        'task',
        task.id,
        t,
        before,
        { status: task.status, completedOn: task.completedOn, resultNote: task.resultNote, statusReason: task.statusReason },
        note,
      );
      return this.view(await this.find(m, p.committeeId, id), await this.settings.today(p.committeeId));
    });
  }

  addNote(p: Principal, id: number, text: string): Promise<TaskNote> {
    return this.db.write(async (m) => {
      await this.find(m, p.committeeId, id);
      const note = m.create(TaskNote, {
        committeeId: p.committeeId,
        taskId: id,
        kind: p.role === 'inspection' ? 'inspection' : 'office',
        authorId: p.userId,
        authorName: p.name,
        text,
      });
      return m.save(note);
    });
  }

  /**
   * How a unit stands to a task: it leads it (may report on it), coordinates, or neither. The
   * office and the inspection committee see every task; a unit's pages only its own.
   */
  roleIn(p: Principal, t: Pick<TaskView, 'leadUnit' | 'coUnits'>): 'lead' | 'coordinating' | null {
    if (p.unitId === null) return null;
    if (t.leadUnit?.id === p.unitId) return 'lead';
    return t.coUnits.some((u) => u.id === p.unitId) ? 'coordinating' : null;
  }

  /** Tasks per program: how many, done, overdue (for the programs list). */
  async countsByProgram(p: Principal): Promise<Map<number, { total: number; done: number; overdue: number }>> {
    const today = await this.settings.today(p.committeeId);
    const rows = await this.db.manager
      .createQueryBuilder(Task, 't')
      .select('t.programId', 'programId')
      .addSelect('COUNT(*)', 'total')
      .addSelect(`SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END)`, 'done')
      .addSelect(`SUM(CASE WHEN ${timelinessSql('t')} = 'overdue' THEN 1 ELSE 0 END)`, 'overdue')
      .where('t.committeeId = :cid', { cid: p.committeeId })
      .setParameters({ today, soon: this.soon(today) })
      .groupBy('t.programId')
      .getRawMany<{ programId: number; total: number; done: number; overdue: number }>();
    return new Map(rows.map((r) => [Number(r.programId), { total: Number(r.total), done: Number(r.done), overdue: Number(r.overdue) }]));
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The office changes any task; a unit changes only tasks it leads (and a signed link only
   * its own task at the version it was issued for); inspection and admin change none.
   */
  private assertMayChange(p: Principal & { taskVersion?: number }, task: Task, officeOnly: boolean): void {
    const denied = this.denial(p, task, officeOnly);
    if (denied) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: denied });
  }

  private denial(p: Principal & { taskVersion?: number }, task: Pick<Task, 'id' | 'leadUnitId' | 'version'>, officeOnly: boolean): string | null {
    if (p.role === 'office') return null;
    if (p.role !== 'unit' || officeOnly) return 'Bạn không có quyền thực hiện thao tác này';
    if (task.leadUnitId === null || task.leadUnitId !== p.unitId) return 'Nhiệm vụ này không do đơn vị của bạn chủ trì';
    if (p.via === 'link' && p.taskId !== undefined) {
      if (p.taskId !== task.id) return 'Liên kết này dành cho nhiệm vụ khác';
      if (p.taskVersion !== undefined && p.taskVersion !== task.version) return 'Liên kết đã hết hiệu lực vì nhiệm vụ đã thay đổi';
    }
    return null;
  }

  /** The status changes this caller may make to this task now (the pages offer just these). */
  allowedTransitions(p: Principal & { taskVersion?: number }, t: TaskView): Transition[] {
    const task = { id: t.id, leadUnitId: t.leadUnit?.id ?? null, version: t.version };
    return (Object.keys(TRANSITIONS) as Transition[]).filter(
      (tr) => TRANSITIONS[tr].from.includes(t.status) && this.denial(p, task, TRANSITIONS[tr].officeOnly) === null,
    );
  }

  private async readDeadline(m: EntityManager, program: Program, unitId: number | null, raw: string | null): Promise<Schedule> {
    const events = await m.find(ProgramEvent, { where: { programId: program.id } });
    // "ngày làm việc" skip the committee's holidays (its own, else its province's).
    const holidays = await this.settings.holidayTable(program.committeeId);
    return parseClauses(raw ?? '', contextFor(program.issuedDate, events, unitId, holidays));
  }

  private soon(today: LocalDate): LocalDate {
    return addDays(today, this.config.tasks.dueSoonDays);
  }

  /**
   * The task, locked in the caller's write transaction, after checking the caller may act on
   * it as its lead unit (or the office): extension requests and evidence use the same rule.
   */
  async lockForChange(m: EntityManager, p: Principal & { taskVersion?: number }, id: number, officeOnly = false): Promise<Task> {
    const task = await this.findForUpdate(m, p.committeeId, id);
    this.assertMayChange(p, task, officeOnly);
    return task;
  }

  /**
   * Writes one change of the task's life (status or due date) with the committee's local day,
   * in the caller's transaction, beside the change itself.
   */
  async recordChange(
    m: EntityManager,
    actor: Actor,
    task: Task,
    change: Pick<TaskChange, 'kind' | 'fromStatus' | 'fromCompletedOn' | 'note'> & Partial<Pick<TaskChange, 'fromDue' | 'toDue' | 'on'>>,
  ): Promise<void> {
    await m.save(
      m.create(TaskChange, {
        committeeId: task.committeeId,
        taskId: task.id,
        toStatus: task.status,
        fromDue: null,
        toDue: null,
        on: await this.settings.today(task.committeeId),
        ...change,
        at: this.clock.now().toISOString(),
        by: actor.name,
      }),
    );
  }

  /** `GET /api/tasks/:id/history`: every status change and moved due date, oldest first. */
  async changes(
    p: Principal,
    id: number,
  ): Promise<{ at: string; on: string; kind: TaskChange['kind']; from: string | null; to: string | null; by: string; note: string | null }[]> {
    await this.find(this.db.manager, p.committeeId, id);
    const rows = await this.db.manager.find(TaskChange, { where: { committeeId: p.committeeId, taskId: id }, order: { id: 'ASC' } });
    return rows.map((r) => ({
      at: r.at,
      on: r.on,
      kind: r.kind,
      from: r.kind === 'deadline' ? r.fromDue : r.fromStatus,
      to: r.kind === 'deadline' ? r.toDue : r.toStatus,
      by: r.by,
      note: r.note,
    }));
  }

  /** The task as the API shows it, read in the caller's transaction. */
  async viewIn(m: EntityManager, committeeId: number, id: number): Promise<TaskView> {
    return this.view(await this.find(m, committeeId, id), await this.settings.today(committeeId));
  }

  /** The task, locked for the rest of the write transaction (read, check, then write it). */
  private async findForUpdate(m: EntityManager, committeeId: number, id: number): Promise<Task> {
    await this.db.lockRows(m, 'tasks', [id]);
    return this.find(m, committeeId, id);
  }

  private async find(m: EntityManager, committeeId: number, id: number): Promise<Task> {
    const task = await m.findOne(Task, { where: { id, committeeId }, relations: { leadUnit: true, coUnits: true } });
    if (!task) throw notFound('nhiệm vụ', id);
    return task;
  }

  /**
   * A list page's tasks with their units, as view() reads them, in two plain statements: every
   * list view reads one, and TypeORM's relation loading (a DISTINCT pre-query, a join per
   * relation, entity hydration) cost the service more than the page's own queries.
   */
  private async loadPage(ids: number[]): Promise<Task[]> {
    // Every column but the search text, listed once from the entity (not on every request).
    this.pageColumns ??= this.db.manager.connection
      .getMetadata(Task)
      .columns.filter((c) => c.databaseName !== 'searchText')
      .map((c) => `t."${c.databaseName}"`)
      .join(', ');
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT ${this.pageColumns}, u.name AS "leadUnitName"
         FROM tasks t LEFT JOIN units u ON u.id = t."leadUnitId"
        WHERE t.id IN (:...ids)`,
      { ids },
    );
    const coUnits = new Map<number, Unit[]>();
    for (const r of await this.db.query<{ taskId: number; id: number; name: string }>(
      `SELECT cu."taskId", u.id, u.name FROM task_co_units cu JOIN units u ON u.id = cu."unitId" WHERE cu."taskId" IN (:...ids) ORDER BY u.id`,
      { ids },
    )) {
      const unit = { id: Number(r.id), name: r.name } as Unit;
      const list = coUnits.get(Number(r.taskId));
      if (list) list.push(unit);
      else coUnits.set(Number(r.taskId), [unit]);
    }
    return rows.map((r) => {
      const t = Object.assign(new Task(), r, {
        eventWorkingDays: !!r.eventWorkingDays,
        createdAt: instant(r.createdAt as string | Date),
        updatedAt: instant(r.updatedAt as string | Date),
        leadUnit: r.leadUnitId === null ? null : ({ id: Number(r.leadUnitId), name: r.leadUnitName } as Unit),
        coUnits: coUnits.get(Number(r.id)) ?? [],
      });
      delete (t as unknown as Record<string, unknown>).leadUnitName;
      return t;
    });
  }

  view(t: Task, today: LocalDate): TaskView {
    const timeliness = timelinessOf(t, today, this.config.tasks.dueSoonDays);
    return {
      id: t.id,
      programId: t.programId,
      ref: t.ref,
      text: t.text,
      leadUnit: t.leadUnit ? { id: t.leadUnit.id, name: t.leadUnit.name } : null,
      coUnits: (t.coUnits ?? []).map((u) => ({ id: u.id, name: u.name })),
      deadline: { raw: t.deadlineRaw, ...scheduleOf(t), originalDue: t.originalDue },
      status: t.status,
      statusLabel: STATUS_LABELS[t.status],
      timeliness,
      // Not done until the office confirms: the badge says it waits, and how the reported date stands.
      timelinessLabel:
        t.status === 'pending_confirmation'
          ? `Chờ xác nhận (báo hoàn thành ${timeliness === 'done_late' ? 'quá hạn' : 'đúng hạn'})`
          : TIMELINESS_LABELS[timeliness],
      completedOn: t.completedOn,
      resultNote: t.resultNote,
      progressNote: t.progressNote,
      statusReason: t.statusReason,
      version: t.version,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
    };
  }
}

function snapshot(t: Task): Record<(typeof AUDITED)[number], unknown> {
  return {
    ref: t.ref,
    text: t.text,
    leadUnitId: t.leadUnitId,
    coUnitIds: (t.coUnits ?? []).map((u) => u.id).sort((a, b) => a - b),
    deadlineRaw: t.deadlineRaw,
    scheduleKind: t.scheduleKind,
    startDate: t.startDate,
    dueDate: t.dueDate,
    every: t.every,
    eventName: t.eventName,
    eventOffsetDays: t.eventOffsetDays,
  };
}

function searchTextOf(t: Task): string {
  return foldKey(`${t.ref ?? ''} ${t.text}`);
}
