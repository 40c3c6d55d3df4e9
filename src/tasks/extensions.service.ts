import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { Db } from '../database/db.service';
import { formatVi } from '../deadlines/calendar';
import { ApproveExtensionDto, RejectExtensionDto, RequestExtensionDto } from './dto/extension.dto';
import { extensionProblem } from './extension-rules';
import { Extension } from './extension.entity';
import { deadlineOf } from './task-rules';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

export interface ExtensionView {
  id: number;
  taskId: number;
  status: Extension['status'];
  proposedDue: string;
  originalDue: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

/**
 * Đề nghị điều chỉnh thời hạn. The lead unit (or the office) asks; the office decides. On
 * approval the task's due date becomes the proposed one (the document's date stays as
 * originalDue), so reminders and timeliness follow the new date; both decisions are audited.
 */
@Injectable()
export class ExtensionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly settings: CommitteeSettingsService,
  ) {}

  request(p: Principal & { taskVersion?: number }, taskId: number, dto: RequestExtensionDto): Promise<ExtensionView> {
    return this.db.write(async (m) => {
      const task = await this.tasks.lockForChange(m, p, taskId);
      const pending = await m.findOneBy(Extension, { taskId, status: 'pending' });
      const problem = extensionProblem(task, dto.proposedDue, await this.settings.today(p.committeeId), pending !== null);
      if (problem) throw new DomainError(problem.message, problem.status, problem.field);
      const ext = await m.save(
        m.create(Extension, {
          committeeId: p.committeeId,
          taskId,
          proposedDue: dto.proposedDue,
          originalDue: deadlineOf(task)!,
          reason: dto.reason,
          status: 'pending',
          requestedBy: p.name,
          requestedAt: this.clock.now().toISOString(),
        }),
      );
      await this.audit.record(m, p, 'task', taskId, 'extension_request', { due: ext.originalDue }, { proposedDue: ext.proposedDue }, dto.reason);
      return view(ext);
    });
  }

  approve(p: Principal, id: number, dto: ApproveExtensionDto): Promise<ExtensionView> {
    return this.decide(p, id, 'approved', dto.note ?? null);
  }

  reject(p: Principal, id: number, dto: RejectExtensionDto): Promise<ExtensionView> {
    return this.decide(p, id, 'rejected', dto.note);
  }

  async forTask(p: Principal, taskId: number): Promise<ExtensionView[]> {
    await this.tasks.get(p, taskId);
    return (await this.db.manager.find(Extension, { where: { committeeId: p.committeeId, taskId }, order: { id: 'ASC' } })).map(view);
  }

  /** Requests waiting for the office, oldest first, with their task. */
  async pending(committeeId: number): Promise<(ExtensionView & { task: Pick<Task, 'id' | 'ref' | 'text'> & { unit: string | null } })[]> {
    const rows = await this.db.manager.find(Extension, { where: { committeeId, status: 'pending' }, order: { id: 'ASC' } });
    if (rows.length === 0) return [];
    const tasks = await this.db.manager.find(Task, { where: rows.map((r) => ({ id: r.taskId, committeeId })), relations: { leadUnit: true } });
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return rows.map((r) => {
      const t = byId.get(r.taskId)!;
      return { ...view(r), task: { id: t.id, ref: t.ref, text: t.text, unit: t.leadUnit?.name ?? null } };
    });
  }

  private decide(p: Principal, id: number, status: 'approved' | 'rejected', note: string | null): Promise<ExtensionView> {
    return this.db.write(async (m) => {
      const found = await m.findOneBy(Extension, { id, committeeId: p.committeeId });
      if (!found) throw notFound('đề nghị điều chỉnh thời hạn', id);
      // Lock the task first: a decision and a second decision (or a task change) queue up.
      const task = await this.tasks.lockForChange(m, p, found.taskId, true);
      const ext = (await m.findOneBy(Extension, { id }))!;
      if (ext.status !== 'pending') throw new DomainError(`status: đề nghị này đã được ${ext.status === 'approved' ? 'duyệt' : 'từ chối'}`, 409, 'status');
      Object.assign(ext, { status, note, decidedBy: p.name, decidedAt: this.clock.now().toISOString() });
      await m.save(ext);
      if (status === 'approved') {
        const before = { dueDate: task.dueDate, originalDue: task.originalDue };
        task.originalDue = task.originalDue ?? task.dueDate;
        task.extendedDue = ext.proposedDue;
        task.dueDate = ext.proposedDue;
        await m.save(task);
        await this.tasks.recordChange(m, p, task, {
          kind: 'deadline',
          fromStatus: task.status,
          fromCompletedOn: task.completedOn,
          fromDue: before.dueDate,
          toDue: task.dueDate,
          note: note ?? `Duyệt điều chỉnh thời hạn`,
        });
        await this.audit.record(
          m,
          p,
          'task',
          task.id,
          'extension_approved',
          before,
          { dueDate: task.dueDate, originalDue: task.originalDue },
          note ?? `Duyệt điều chỉnh thời hạn đến ${formatVi(ext.proposedDue)}`,
        );
      } else {
        await this.audit.record(m, p, 'task', task.id, 'extension_rejected', { proposedDue: ext.proposedDue }, { dueDate: task.dueDate }, note);
      }
      return view(ext);
    });
  }
}

function view(e: Extension): ExtensionView {
  return {
    id: e.id,
    taskId: e.taskId,
    status: e.status,
    proposedDue: e.proposedDue,
    originalDue: e.originalDue,
    reason: e.reason,
    requestedBy: e.requestedBy,
    requestedAt: e.requestedAt,
    decidedBy: e.decidedBy,
    decidedAt: e.decidedAt,
    note: e.note,
  };
}
