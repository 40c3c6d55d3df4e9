/**
 * Timeliness (tiến độ) is derived from status, dates and "today", never typed in.
 * Names follow Vietnamese reporting practice (QĐ 42/2014/QĐ-TTg and provincial rules):
 *   done_on_time  đã hoàn thành đúng hạn      done_late   đã hoàn thành quá hạn
 *   in_time       chưa hoàn thành, trong hạn   due_soon    sắp đến hạn (≤ dueSoonDays)
 *   overdue       chưa hoàn thành, quá hạn     not_due     chưa đến hạn (its window has not opened)
 *   no_deadline   không có hạn (continuous, recurring, or deadline not yet set)
 *   suspended     tạm hoãn                     cancelled   hủy
 * A unit's reported completion (chờ xác nhận) is judged by the completion date it reported.
 * Pure: the same rule exists as SQL (timelinessSql) so lists and aggregates filter in the
 * database; a test keeps the two in step.
 */
import { LocalDate, addDays } from '../deadlines/calendar';
import type { ScheduleKind } from '../deadlines/schedule';
import type { TaskStatus } from './task-status';
import { deadlineOf, sql } from './task-rules';

export const TIMELINESS = ['done_on_time', 'done_late', 'in_time', 'due_soon', 'overdue', 'not_due', 'no_deadline', 'suspended', 'cancelled'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

export const TIMELINESS_LABELS: Record<Timeliness, string> = {
  done_on_time: 'Đã hoàn thành đúng hạn',
  done_late: 'Đã hoàn thành quá hạn',
  in_time: 'Chưa hoàn thành, trong hạn',
  due_soon: 'Sắp đến hạn',
  overdue: 'Chưa hoàn thành, quá hạn',
  not_due: 'Chưa đến hạn',
  no_deadline: 'Không có hạn',
  suspended: 'Tạm hoãn',
  cancelled: 'Hủy',
};

export interface TimelinessInput {
  status: TaskStatus;
  scheduleKind: ScheduleKind;
  startDate: LocalDate | null;
  dueDate: LocalDate | null;
  completedOn: LocalDate | null;
}

export { deadlineOf };

export function timelinessOf(t: TimelinessInput, today: LocalDate, dueSoonDays: number): Timeliness {
  if (t.status === 'cancelled') return 'cancelled';
  if (t.status === 'suspended') return 'suspended';
  const due = deadlineOf(t);
  if (t.status === 'done' || t.status === 'pending_confirmation') {
    return due === null || (t.completedOn !== null && t.completedOn <= due) ? 'done_on_time' : 'done_late';
  }
  if (due === null) return 'no_deadline';
  if (due < today) return 'overdue';
  if (t.startDate !== null && t.startDate > today) return 'not_due';
  if (due <= addDays(today, dueSoonDays)) return 'due_soon';
  return 'in_time';
}

/**
 * The same rule as an SQL expression over a tasks alias. Dates are stored as YYYY-MM-DD
 * text, so string comparison is date comparison on both SQLite and PostgreSQL.
 * Parameters :today and :soon must be bound by the caller.
 */
export function timelinessSql(alias: string): string {
  const a = (c: string) => `${alias}."${c}"`;
  const due = sql.deadline(alias);
  return `(CASE
    WHEN ${a('status')} = 'cancelled' THEN 'cancelled'
    WHEN ${a('status')} = 'suspended' THEN 'suspended'
    WHEN ${a('status')} IN ('done', 'pending_confirmation') THEN
      CASE WHEN ${due} IS NULL OR (${a('completedOn')} IS NOT NULL AND ${a('completedOn')} <= ${due}) THEN 'done_on_time' ELSE 'done_late' END
    WHEN ${due} IS NULL THEN 'no_deadline'
    WHEN ${due} < :today THEN 'overdue'
    WHEN ${a('startDate')} IS NOT NULL AND ${a('startDate')} > :today THEN 'not_due'
    WHEN ${due} <= :soon THEN 'due_soon'
    ELSE 'in_time' END)`;
}
