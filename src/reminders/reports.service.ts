import { periodLabel } from '../deadlines/occurrences';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { DomainError, notFound } from '../common/errors';
import { Db, queryIn } from '../database/db.service';
import { addDays, localDateIn } from '../deadlines/calendar';
import { Occurrence, occurrences, periodContaining } from '../deadlines/occurrences';
import { Program } from '../programs/program.entity';
import { scheduleOf } from '../tasks/task-schedule';
import { Task } from '../tasks/task.entity';
import { TaskReport } from './task-report.entity';

/** Periodic reports (báo cáo định kỳ) on continuous and recurring tasks. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly settings: CommitteeSettingsService,
  ) {}

  /** A task's reports; a task of another committee is as unknown as a missing one (404), not an empty list. */
  async list(p: Principal, taskId: number): Promise<TaskReport[]> {
    if (!(await this.db.manager.existsBy(Task, { id: taskId, committeeId: p.committeeId }))) throw notFound('nhiệm vụ', taskId);
    return this.db.manager.find(TaskReport, { where: { committeeId: p.committeeId, taskId }, order: { periodEnd: 'ASC' } });
  }

  /** The periods a task owes reports for, up to the current one; reported ones are marked. */
  async periods(p: Principal, taskId: number): Promise<(Occurrence & { reported: boolean })[]> {
    const { task, program } = await this.load(p, taskId);
    const sched = scheduleOf(task);
    // The committee's calendar day and zone, as the sweep reads them.
    const { timeZone } = await this.settings.effective(p.committeeId);
    const today = localDateIn(this.clock.now(), timeZone);
    const current = periodContaining(today, (sched.kind === 'recurring' && sched.every) || program.reportPeriod);
    // As in the sweep: reports are owed from the program's issue date (else from when the task was entered).
    const since = program.issuedDate ?? localDateIn(task.createdAt, timeZone);
    const all = occurrences(sched, addDays(today, -366), current.due, program.reportPeriod).filter((o) => o.due >= since);
    const done = new Set((await this.list(p, taskId)).map((r) => r.periodKey));
    return all.map((o) => ({ ...o, reported: done.has(o.key) }));
  }

  async submit(p: Principal & { taskVersion?: number }, taskId: number, body: { period?: string; text: string; link?: string }): Promise<TaskReport> {
    const { task } = await this.load(p, taskId);
    if (p.role !== 'office' && (p.role !== 'unit' || task.leadUnitId !== p.unitId || (p.via === 'link' && p.taskId !== undefined && p.taskId !== task.id))) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'Nhiệm vụ này không do đơn vị của bạn chủ trì' });
    }
    if (task.scheduleKind !== 'continuous' && task.scheduleKind !== 'recurring')
      throw new DomainError('Nhiệm vụ này không có báo cáo định kỳ (chỉ nhiệm vụ thường xuyên hoặc định kỳ)', 409);
    const periods = await this.periods(p, taskId);
    const today = await this.settings.today(p.committeeId);
    const period = body.period
      ? periods.find((x) => x.key === body.period)
      : (periods.find((x) => !x.reported && x.due < today) ?? periods[periods.length - 1]);
    if (!period)
      throw new DomainError(
        `period: kỳ báo cáo "${body.period}" không thuộc nhiệm vụ này (các kỳ: ${periods.map((x) => `${periodLabel(x.key)} (${x.key})`).join(', ')})`,
        400,
        'period',
      );
    return this.db.write(async (m) => {
      if (await m.exists(TaskReport, { where: { taskId, periodKey: period.key } }))
        throw new DomainError(`period: ${periodLabel(period.key)} đã có báo cáo`, 409, 'period');
      const report = await m.save(
        m.create(TaskReport, {
          committeeId: p.committeeId,
          taskId,
          unitId: task.leadUnitId,
          periodKey: period.key,
          periodStart: period.start,
          periodEnd: period.due,
          text: body.text,
          link: body.link ?? null,
          reportedOn: today,
          reportedBy: p.name,
        }),
      );
      // A periodic report is news of the task: "không cập nhật" counts from it. Set in SQL, so
      // the task's version (and the signed links that carry it) stays as it was.
      await queryIn(m, `UPDATE tasks SET "lastProgressOn" = :today WHERE id = :id`, { today, id: taskId });
      await this.audit.record(m, p, 'task', taskId, 'report', null, { period: period.key, reportedOn: report.reportedOn }, body.text);
      return report;
    });
  }

  private async load(p: Principal, taskId: number): Promise<{ task: Task; program: Program }> {
    const task = await this.db.manager.findOneBy(Task, { id: taskId, committeeId: p.committeeId });
    if (!task) throw notFound('nhiệm vụ', taskId);
    const program = await this.db.manager.findOneByOrFail(Program, { id: task.programId });
    return { task, program };
  }
}
