/**
 * How the inspection committee reads follow-up at a real ward's size: one line per task (its
 * missing periods listed on it, not one line per period), the reminders as a count and the
 * last one, totals first. Pure.
 */
import { periodLabel } from '../deadlines/occurrences';
import type { MissingReport, ReminderSent, UnitFollowUp } from './overdue.service';

export interface MissingByTask {
  taskId: number;
  ref: string | null;
  text: string;
  /** Period labels, oldest first ("Quý III/2025, Quý IV/2025"). */
  periods: string[];
  /** The oldest missing period's end, and days since. */
  due: string;
  daysOverdue: number;
  reminders: ReminderSent[];
}

export function missingByTask(missing: MissingReport[]): MissingByTask[] {
  const byTask = new Map<number, MissingByTask>();
  for (const m of [...missing].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))) {
    const row = byTask.get(m.taskId);
    if (row) {
      row.periods.push(periodLabel(m.period));
      for (const r of m.reminders) if (!row.reminders.some((x) => x.day === r.day && x.rule === r.rule)) row.reminders.push(r);
    } else
      byTask.set(m.taskId, {
        taskId: m.taskId,
        ref: m.ref,
        text: m.text,
        periods: [periodLabel(m.period)],
        due: m.due,
        daysOverdue: m.daysOverdue,
        reminders: [...m.reminders],
      });
  }
  return [...byTask.values()].sort((a, b) => b.daysOverdue - a.daysOverdue || a.taskId - b.taskId);
}

/** "3 lần, gần nhất 01/12/2026 (nhắc quá hạn)" — or null when none was sent. */
export function remindersLine(reminders: ReminderSent[], formatDay: (d: string) => string): string | null {
  if (!reminders.length) return null;
  const last = [...reminders].sort((a, b) => (a.day < b.day ? 1 : -1))[0];
  return reminders.length === 1 ? `${formatDay(last.day)} (${last.label})` : `${reminders.length} lần, gần nhất ${formatDay(last.day)} (${last.label})`;
}

export interface UnitTotals {
  unitId: number | null;
  unit: string;
  overdue: number;
  /** Tasks with at least one missing report, and the periods missing in all. */
  missingTasks: number;
  missingPeriods: number;
  oldestDays: number;
}

/** One line per unit, the units most behind first. */
export function unitTotals(groups: UnitFollowUp[]): UnitTotals[] {
  return groups
    .map((g) => ({
      unitId: g.unitId,
      unit: g.unit,
      overdue: g.overdue.length,
      missingTasks: new Set(g.missing.map((m) => m.taskId)).size,
      missingPeriods: g.missing.length,
      oldestDays: Math.max(0, ...g.overdue.map((o) => o.daysOverdue), ...g.missing.map((m) => m.daysOverdue)),
    }))
    .sort((a, b) => b.overdue + b.missingTasks - (a.overdue + a.missingTasks) || a.unit.localeCompare(b.unit, 'vi'));
}
