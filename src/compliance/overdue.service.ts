import { sql } from '../tasks/task-rules';
import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { Task } from '../tasks/task.entity';
import { Db } from '../database/db.service';
import { LocalDate, addDays, diffDays } from '../deadlines/calendar';
import { occurrences } from '../deadlines/occurrences';
import { Period, ScheduleKind, decodePeriodDay, schedule } from '../deadlines/schedule';
import { In } from 'typeorm';
import { OutboxMessage } from '../mail/outbox.entity';
import { ReminderLog } from '../reminders/reminder-log.entity';
import { Unit } from '../units/unit.entity';
import type { OverdueItem } from './compliance.service';

/** A reminder email that actually went out about a task. */
export interface ReminderSent {
  day: LocalDate;
  rule: string;
  label: string;
}

export interface TaskReminder extends ReminderSent {
  due: LocalDate;
  unitId: number;
  outboxId: number;
  to: string[];
  status: OutboxMessage['status'] | null;
  sentAt: string | null;
}

/** An overdue task as the compliance summary lists it, with the reminders its unit was sent. */
export interface OverdueTask extends OverdueItem {
  reminders: ReminderSent[];
}

export interface MissingReport {
  taskId: number;
  ref: string | null;
  text: string;
  period: string;
  start: LocalDate;
  due: LocalDate;
  daysOverdue: number;
  reminders: ReminderSent[];
}

export interface UnitFollowUp {
  unitId: number | null;
  unit: string;
  overdue: OverdueTask[];
  missing: MissingReport[];
}

/** How each reminder rule reads in Vietnamese ("nhắc trước 7 ngày"). */
export function reminderLabel(rule: string): string {
  if (rule === 'overdue') return 'nhắc quá hạn';
  if (rule === 'due_day') return 'nhắc đến hạn';
  if (rule.startsWith('before_')) return `nhắc trước ${rule.slice(7)} ngày`;
  if (rule === 'report_before') return 'nhắc báo cáo';
  return 'nhắc báo cáo quá hạn';
}

/**
 * What the inspection committee follows up (theo dõi, đôn đốc) as of a day: every open task
 * past its deadline and every periodic report not made for a period already closed, grouped
 * by lead unit, each with the reminders the unit was sent. The weekly digest email and the
 * inspection, office and unit pages all read this one list.
 */
@Injectable()
export class OverdueService {
  constructor(private readonly db: Db) {}

  async collect(committeeId: number, day: LocalDate, opts: { unitId?: number } = {}): Promise<UnitFollowUp[]> {
    const unitFilter = opts.unitId !== undefined ? ' AND t."leadUnitId" = :unitId' : '';
    const params = { committeeId, day, unitId: opts.unitId };
    const overdue = await this.db.query<{ id: number; ref: string | null; text: string; deadlineRaw: string | null; unitId: number | null; dueDate: string }>(
      `SELECT t.id, t.ref, t.text, t."deadlineRaw" AS "deadlineRaw", t."leadUnitId" AS "unitId", t."dueDate" AS "dueDate" FROM tasks t
        WHERE t."committeeId" = :committeeId AND t."scheduleKind" IN ('date', 'window', 'relative') AND t."dueDate" < :day
          AND t.status IN ('not_started', 'in_progress', 'returned')${unitFilter}
        ORDER BY t."leadUnitId", t."dueDate", t.id`,
      params,
    );
    const periodic = await this.db.query<{
      id: number;
      ref: string | null;
      text: string;
      unitId: number | null;
      kind: ScheduleKind;
      every: Period | null;
      startDate: string | null;
      dueDate: string | null;
      periodDay: string | null;
      reportPeriod: Period;
      issued: string | null;
    }>(
      `SELECT t.id, t.ref, t.text, t."leadUnitId" AS "unitId", t."scheduleKind" AS kind, t.every, t."startDate" AS "startDate", t."dueDate" AS "dueDate", t."periodDay" AS "periodDay", p."reportPeriod" AS "reportPeriod", p."issuedDate" AS issued
         FROM tasks t JOIN programs p ON p.id = t."programId"
        WHERE t."committeeId" = :committeeId AND ${sql.isPeriodic('t')} AND ${sql.isOpen('t')}${unitFilter}
        ORDER BY t."leadUnitId", t.id`,
      params,
    );
    const reported = new Set(
      (
        await this.db.query<{ k: string }>(`SELECT "taskId" || ':' || "periodKey" AS k FROM task_reports WHERE "committeeId" = :committeeId`, { committeeId })
      ).map((r) => r.k),
    );
    const history = await this.remindersSent(committeeId);
    const names = new Map((await this.db.manager.find(Unit, { where: { committeeId } })).map((u) => [u.id, u.name]));
    const groups = new Map<number | null, UnitFollowUp>();
    const group = (id: number | null) => {
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { unitId: id, unit: id === null ? 'Chưa giao đơn vị' : (names.get(id) ?? `#${id}`), overdue: [], missing: [] }));
      return g;
    };
    for (const t of overdue) {
      group(t.unitId).overdue.push({
        taskId: t.id,
        ref: t.ref,
        text: t.text,
        deadlineRaw: t.deadlineRaw,
        due: t.dueDate,
        daysOverdue: diffDays(t.dueDate, day),
        reminders: history.get(t.id) ?? [],
      });
    }
    for (const t of periodic) {
      // Reports are owed from the program's issue date, for periods closed before `day` (as the sweep counts them).
      const owed = occurrences(
        schedule(t.kind, { every: t.every, start: t.startDate, due: t.dueDate, at: decodePeriodDay(t.periodDay) }),
        addDays(day, -366),
        addDays(day, -1),
        t.reportPeriod,
      ).filter((o) => (!t.issued || o.due >= t.issued) && !reported.has(`${t.id}:${o.key}`));
      for (const o of owed) {
        group(t.unitId).missing.push({
          taskId: t.id,
          ref: t.ref,
          text: t.text,
          period: o.key,
          start: o.start,
          due: o.due,
          daysOverdue: diffDays(o.due, day),
          reminders: history.get(t.id) ?? [],
        });
      }
    }
    return [...groups.values()].sort((a, b) => (a.unitId ?? Infinity) - (b.unitId ?? Infinity));
  }

  /**
   * Every reminder planned about one task and what became of its email (sent, failed,
   * pending): the task page and the API show the office and the inspection committee that the
   * unit was warned, or that the warning never arrived.
   */
  async remindersOf(committeeId: number, taskId: number): Promise<TaskReminder[]> {
    if (!(await this.db.manager.existsBy(Task, { id: taskId, committeeId }))) throw notFound('nhiệm vụ', taskId);
    const logs = await this.db.manager.find(ReminderLog, { where: { committeeId, taskId }, order: { day: 'ASC', id: 'ASC' } });
    const mails = new Map((await this.db.manager.find(OutboxMessage, { where: { id: In([...new Set(logs.map((l) => l.outboxId))]) } })).map((o) => [o.id, o]));
    return logs.map((l) => {
      const o = mails.get(l.outboxId);
      return {
        day: l.day,
        rule: l.rule,
        label: reminderLabel(l.rule),
        due: l.due,
        unitId: l.unitId,
        outboxId: l.outboxId,
        to: o?.to ?? [],
        status: o?.status ?? null,
        sentAt: o?.sentAt ?? null,
      };
    });
  }

  private async remindersSent(committeeId: number): Promise<Map<number, ReminderSent[]>> {
    const rows = await this.db.query<{ taskId: number; day: string; rule: string; status: string }>(
      `SELECT l."taskId" AS "taskId", l.day, l.rule, o.status FROM reminder_log l JOIN outbox o ON o.id = l."outboxId"
        WHERE l."committeeId" = :committeeId AND o.status IN ('sent', 'held') ORDER BY l."taskId", l.day`,
      { committeeId },
    );
    const out = new Map<number, ReminderSent[]>();
    // A held reminder reached the office, not the unit: the inspection committee sees which.
    const label = (r: { rule: string; status: string }) =>
      r.status === 'held' ? `${reminderLabel(r.rule)} — đơn vị chưa có email, đã chuyển Văn phòng nhắc` : reminderLabel(r.rule);
    for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), { day: r.day, rule: r.rule, label: label(r) }]);
    return out;
  }
}
