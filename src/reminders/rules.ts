import { DEADLINE_KINDS, PERIODIC_KINDS } from '../tasks/task-rules';
/**
 * What is due for whom on a day: the reminder rules. Pure.
 *
 * A sweep covers the days (from, to]: normally one day; after downtime every missed day, so
 * nothing is lost — but each task yields at most one item per sweep (the latest rule that
 * fell in the range), so a unit hears about an overdue task once, in one message.
 */
import { LocalDate, addDays, diffDays } from '../deadlines/calendar';
import type { TaskStatus } from '../tasks/task-status';
import { Occurrence, occurrences } from '../deadlines/occurrences';
import { Period, Schedule, encodePeriodDay } from '../deadlines/schedule';

export interface ReminderRules {
  beforeDays: number[];
  onDueDay: boolean;
  overdueEveryDays: number;
  reportBeforeDays: number;
  reportOverdueEveryDays: number;
  ccCoordinating: boolean;
  /** A target's yearly value is due this many days after 31 December (0 = never reminded). */
  targetResultDays: number;
  /** Then every N days while it is missing (0 = once). */
  targetOverdueEveryDays: number;
  /** "Chưa triển khai": the task's window opened this many days ago and it is not started (0 = never). */
  notStartedDays: number;
  /** "Không cập nhật": no progress for this many days on an open task due more than a month ahead (0 = never); repeated every N days. */
  noUpdateDays: number;
}

/** before_7, before_3, before_1 (days before the due date), due_day, overdue, report_before, report_overdue. */
export type RuleName = `before_${number}` | 'due_day' | 'overdue' | 'report_before' | 'report_overdue' | 'not_started' | 'no_update';

export interface SweepTask {
  id: number;
  unitId: number;
  programId: number;
  ref: string | null;
  schedule: Schedule;
  /** Open (not done, suspended or cancelled). */
  open: boolean;
  reportPeriod: Period;
  /** The day the task came into the tracker: periods that closed before it are not owed. */
  since: LocalDate;
  /** Workflow status (alerts tell "not started" from "started but silent"). */
  status?: TaskStatus;
  /** The last day the unit reported on it (progress, done, a periodic report); null: never. */
  lastProgress?: LocalDate | null;
}

export interface PlannedItem {
  taskId: number;
  unitId: number;
  rule: RuleName;
  /** The day the rule fired. */
  day: LocalDate;
  /** The deadline (or period end) the reminder refers to. */
  due: LocalDate;
  daysLeft: number;
  /** For report items: the period owed (the oldest, for an overdue-report reminder). */
  period: Occurrence | null;
  /** For overdue-report reminders: every period still owed, oldest first (the message lists them). */
  missing?: Occurrence[];
  /** Unique per reminder: task + rule + the due date it refers to (+ the day, for repeats). */
  key: string;
}

/**
 * A target's value for `year` is due `targetResultDays` after 31 December, then reminded every
 * `targetOverdueEveryDays` while missing: the latest such day within (from, to], if any.
 */
export function targetResultReminder(
  year: number,
  rules: ReminderRules,
  from: LocalDate,
  to: LocalDate,
): { rule: 'target_due' | 'target_overdue'; day: LocalDate; due: LocalDate } | null {
  if (rules.targetResultDays <= 0) return null;
  const due = addDays(`${year}-12-31`, rules.targetResultDays);
  let hit: { rule: 'target_due' | 'target_overdue'; day: LocalDate } | null = inRange(due, from, to) ? { rule: 'target_due', day: due } : null;
  if (rules.targetOverdueEveryDays > 0 && to > due) {
    const k = Math.floor(diffDays(due, to) / rules.targetOverdueEveryDays);
    const day = addDays(due, k * rules.targetOverdueEveryDays);
    if (k >= 1 && inRange(day, from, to)) hit = { rule: 'target_overdue', day };
  }
  return hit ? { ...hit, due } : null;
}

function inRange(day: LocalDate, from: LocalDate, to: LocalDate): boolean {
  return day > from && day <= to;
}

/** The latest reminder day of a deadline within (from, to], if any. */
function deadlineItem(t: SweepTask, rules: ReminderRules, from: LocalDate, to: LocalDate): PlannedItem | null {
  const due = t.schedule.due!;
  const candidates: { rule: RuleName; day: LocalDate }[] = [];
  for (const d of rules.beforeDays) if (d > 0) candidates.push({ rule: `before_${d}`, day: addDays(due, -d) });
  if (rules.onDueDay) candidates.push({ rule: 'due_day', day: due });
  if (rules.overdueEveryDays > 0 && to > due) {
    // Overdue reminders fall on due + k·N; the latest one not after `to`.
    const k = Math.floor(diffDays(due, to) / rules.overdueEveryDays);
    if (k >= 1) candidates.push({ rule: 'overdue', day: addDays(due, k * rules.overdueEveryDays) });
  }
  const hit = candidates.filter((c) => inRange(c.day, from, to)).sort((a, b) => (a.day < b.day ? 1 : -1))[0];
  if (!hit) return null;
  const key = hit.rule === 'overdue' ? `${t.id}:overdue:${due}:${hit.day}` : `${t.id}:${hit.rule}:${due}`;
  return { taskId: t.id, unitId: t.unitId, rule: hit.rule, day: hit.day, due, daysLeft: diffDays(to, due), period: null, key };
}

/** The latest report reminder within (from, to] for the periods this task still owes. */
type PeriodCache = Map<string, Occurrence[]>;

function reportItem(
  t: SweepTask,
  rules: ReminderRules,
  from: LocalDate,
  to: LocalDate,
  reported: (taskId: number, periodKey: string) => boolean,
  cache: PeriodCache,
): PlannedItem | null {
  // Periods that close soon enough to be reminded before, or that closed and are still owed.
  // Most tasks share a schedule shape, so the periods are computed once per shape.
  const windowStart = addDays(from, -366);
  const until = addDays(to, rules.reportBeforeDays);
  const shape = `${t.schedule.kind}|${t.schedule.every}|${t.schedule.start}|${t.schedule.due}|${encodePeriodDay(t.schedule.at)}|${t.reportPeriod}|${until}`;
  let periods = cache.get(shape);
  if (!periods) {
    periods = occurrences(t.schedule, windowStart, until, t.reportPeriod);
    cache.set(shape, periods);
  }
  let best: PlannedItem | null = null;
  const owed = periods.filter((p) => p.due >= t.since && !reported(t.id, p.key));
  // Periods about to close: one reminder some days before each.
  for (const p of owed) {
    const day = addDays(p.due, -rules.reportBeforeDays);
    if (!inRange(day, from, to)) continue;
    if (!best || day > best.day || (day === best.day && p.due < best.due)) {
      best = {
        taskId: t.id,
        unitId: t.unitId,
        rule: 'report_before',
        day,
        due: p.due,
        daysLeft: diffDays(to, p.due),
        period: p,
        key: `${t.id}:report_before:${p.key}`,
      };
    }
  }
  // Periods closed and still owed: one reminder every N days for the task, whatever the number
  // of periods, on a cycle anchored at the day reports began to be owed — each period with a
  // cycle of its own would remind a unit on several days of the same week.
  const closed = owed.filter((p) => p.due < to);
  if (closed.length && rules.reportOverdueEveryDays > 0) {
    const n = rules.reportOverdueEveryDays;
    const day = addDays(t.since, Math.floor(diffDays(t.since, to) / n) * n);
    if (day > closed[0].due && inRange(day, from, to) && (!best || day >= best.day)) {
      best = {
        taskId: t.id,
        unitId: t.unitId,
        rule: 'report_overdue',
        day,
        due: closed[0].due,
        daysLeft: diffDays(to, closed[0].due),
        period: closed[0],
        missing: closed,
        key: `${t.id}:report_overdue:${day}`,
      };
    }
  }
  return best;
}

/**
 * Reminder items for the days (from, to]. `rulesFor` gives each program's rules; `reported`
 * says whether a periodic report is in.
 */
export function planReminders(
  tasks: Iterable<SweepTask>,
  from: LocalDate,
  to: LocalDate,
  rulesFor: (programId: number) => ReminderRules,
  reported: (taskId: number, periodKey: string) => boolean,
): PlannedItem[] {
  const out: PlannedItem[] = [];
  const cache: PeriodCache = new Map();
  for (const t of tasks) {
    if (!t.open) continue;
    const rules = rulesFor(t.programId);
    const k = t.schedule.kind;
    let item: PlannedItem | null = null;
    if (DEADLINE_KINDS.includes(k) && t.schedule.due) item = deadlineItem(t, rules, from, to);
    else if (PERIODIC_KINDS.includes(k)) item = reportItem(t, rules, from, to, reported, cache);
    if (item) out.push(item);
  }
  return out;
}

/** Days a due date must lie ahead for "không cập nhật" (nearer ones have their deadline reminders). */
export const NO_UPDATE_HORIZON_DAYS = 30;

/** The day a task's window opened: its start, else the program's issue (or the task's entry) day. */
export function windowStart(t: Pick<SweepTask, 'schedule' | 'since'>): LocalDate {
  return t.schedule.start ?? t.since;
}

/** The day silence counts from: the last report, but never before the task's window opened. */
export function silentSince(t: SweepTask): LocalDate {
  const last = t.lastProgress ?? t.since;
  const opened = windowStart(t);
  return last > opened ? last : opened;
}

/**
 * The alerts practice expects, as of `day`: "chưa triển khai" — the window opened
 * `notStartedDays` ago (or more) and the task is not started, its due date not yet passed (an
 * overdue task has its own reminders); "không cập nhật" — open, due more than a month ahead,
 * and nothing reported for `noUpdateDays` since the window opened. Only tasks with a readable
 * deadline: one without goes to the office's weekly list, a continuous one is followed by its
 * periodic reports.
 */
export function alertOf(t: SweepTask, rules: ReminderRules, day: LocalDate): 'not_started' | 'no_update' | null {
  if (!t.open || !t.status) return null;
  const due = DEADLINE_KINDS.includes(t.schedule.kind) ? t.schedule.due : null;
  if (!due) return null;
  if (t.status === 'not_started' && rules.notStartedDays > 0 && due >= day && diffDays(windowStart(t), day) >= rules.notStartedDays) return 'not_started';
  if (rules.noUpdateDays > 0 && diffDays(day, due) > NO_UPDATE_HORIZON_DAYS && diffDays(silentSince(t), day) >= rules.noUpdateDays) return 'no_update';
  return null;
}

/**
 * Alert items for the days (from, to]: "chưa triển khai" once, on the day the window has been
 * open `notStartedDays`; "không cập nhật" on every `noUpdateDays`-th day of silence while the
 * due date is more than a month ahead. At most one item per task.
 */
export function planAlerts(tasks: Iterable<SweepTask>, from: LocalDate, to: LocalDate, rulesFor: (programId: number) => ReminderRules): PlannedItem[] {
  const out: PlannedItem[] = [];
  for (const t of tasks) {
    if (!t.open || !t.status) continue;
    const due = DEADLINE_KINDS.includes(t.schedule.kind) ? t.schedule.due : null;
    if (!due) continue;
    const rules = rulesFor(t.programId);
    const base = { taskId: t.id, unitId: t.unitId, due, daysLeft: diffDays(to, due), period: null };
    if (t.status === 'not_started' && rules.notStartedDays > 0) {
      const opened = windowStart(t);
      const day = addDays(opened, rules.notStartedDays);
      if (inRange(day, from, to) && due >= day) {
        out.push({ ...base, rule: 'not_started', day, key: `${t.id}:not_started:${opened}` });
        continue;
      }
    }
    if (rules.noUpdateDays > 0) {
      const last = silentSince(t);
      const n = rules.noUpdateDays;
      const k = Math.floor(diffDays(last, to) / n);
      const day = addDays(last, k * n);
      if (k >= 1 && inRange(day, from, to) && diffDays(day, due) > NO_UPDATE_HORIZON_DAYS)
        out.push({ ...base, rule: 'no_update', day, key: `${t.id}:no_update:${day}` });
    }
  }
  return out;
}

export type ItemGroup = 'overdue' | 'due_soon' | 'reports' | 'alerts';

export function groupOf(rule: RuleName): ItemGroup {
  if (rule === 'overdue') return 'overdue';
  if (rule === 'not_started' || rule === 'no_update') return 'alerts';
  if (rule.startsWith('before_') || rule === 'due_day') return 'due_soon';
  return 'reports';
}

/** A program's reminder rules: the defaults, overridden by its id, then by its number ("15-KH/ĐU"). */
export function programRules(
  defaults: ReminderRules,
  overrides: Record<string, Partial<ReminderRules>>,
  programId: number,
  number: string | null | undefined,
): ReminderRules {
  return { ...defaults, ...(overrides[String(programId)] ?? {}), ...(number ? (overrides[number] ?? {}) : {}) };
}
