/**
 * A task's contribution to the compliance counts as a function of the report date, written as
 * a few dated steps, so that counts kept per unit and day answer the summary for any date:
 * the counts as of D are the sum of every step dated on or before D. Pure.
 *
 * The contribution follows the summary's rules exactly: the category of task-rules.ts as of D,
 * read on the task as it stood at the end of D (history by date: a later change is undone by
 * its `from` values, as compliance.service.ts's tasksAsOf reads them), and how far its due date
 * lies behind D (reached, over 30 days, over 90 days).
 */
import { LocalDate, addDays } from '../deadlines/calendar';
import type { ScheduleKind } from '../deadlines/schedule';
import { INACTIVE_STATUSES, complianceCategory, isPeriodic } from '../tasks/task-rules';
import type { TaskStatus } from '../tasks/task-status';

/** The kept counts, in this order everywhere (columns of the tally tables). */
export const TALLY_METRICS = ['onTime', 'late', 'openInTime', 'overdue', 'notDue', 'noDeadline', 'suspended', 'onTimeReached', 'over30', 'over90'] as const;
export type TallyMetric = (typeof TALLY_METRICS)[number];
export type TallyVector = number[];

/** Before every real date: the step that holds a task's contribution from the beginning. */
export const ORIGIN: LocalDate = '0000-01-01';

export interface TallyTask {
  status: TaskStatus;
  scheduleKind: ScheduleKind;
  startDate: LocalDate | null;
  dueDate: LocalDate | null;
  completedOn: LocalDate | null;
  /** The schedule of a periodic task (its reports owed): period and day in the period. */
  every?: string | null;
  periodDay?: string | null;
}

/** A row of task_changes, as far as the state before it matters. */
export interface TallyChange {
  id: number;
  kind: 'status' | 'deadline';
  on: LocalDate;
  fromStatus: TaskStatus | null;
  fromCompletedOn: LocalDate | null;
  fromDue: LocalDate | null;
}

/** [day, vector]: add `vector` to the counts of every date from `day` on. */
export type TallyStep = [LocalDate, TallyVector];

const zero = (): TallyVector => TALLY_METRICS.map(() => 0);
const index = Object.fromEntries(TALLY_METRICS.map((m, i) => [m, i])) as Record<TallyMetric, number>;

/** `day` minus n days, remembered: a fold asks the same few hundred days for every task. */
const earlier = new Map<string, LocalDate>();
function daysBefore(day: LocalDate, n: number): LocalDate {
  const key = `${day}-${n}`;
  let d = earlier.get(key);
  if (d === undefined) {
    if (earlier.size > 50_000) earlier.clear();
    earlier.set(key, (d = addDays(day, -n)));
  }
  return d;
}

/** The task as it stood at the end of `day` (the reading of tasksAsOf). */
export function stateAsOf(task: TallyTask, changes: TallyChange[], day: LocalDate): TallyTask {
  let first: TallyChange | null = null;
  let firstDeadline: TallyChange | null = null;
  for (const c of changes) {
    if (c.on <= day) continue;
    if (!first || c.id < first.id) first = c;
    if (c.kind === 'deadline' && (!firstDeadline || c.id < firstDeadline.id)) firstDeadline = c;
  }
  if (!first) return task;
  return {
    ...task,
    status: first.fromStatus ?? 'not_started',
    completedOn: first.fromCompletedOn,
    dueDate: firstDeadline ? (firstDeadline.fromDue ?? task.dueDate) : task.dueDate,
  };
}

/** The task's contribution to the counts as of `day`. */
export function contribution(task: TallyTask, changes: TallyChange[], day: LocalDate): TallyVector {
  const t = stateAsOf(task, changes, day);
  const v = zero();
  const category = complianceCategory(t, day);
  if (category === 'periodic') return v; // judged by its reports
  v[index[category]] = 1;
  // How far the (raw) due date lies behind the day, as the summary's SQL buckets it.
  const behind =
    t.dueDate === null || day === ORIGIN ? 0 : t.dueDate < daysBefore(day, 90) ? 3 : t.dueDate < daysBefore(day, 30) ? 2 : t.dueDate <= day ? 1 : 0;
  if (category === 'onTime' && behind >= 1) v[index.onTimeReached] = 1;
  if (category === 'overdue' && behind >= 2) v[index.over30] = 1;
  if (category === 'overdue' && behind >= 3) v[index.over90] = 1;
  return v;
}

/**
 * The steps of a task: its contribution from the beginning, then a step on each day it
 * changes. The contribution can change only on a day some date of the task names: a change's
 * day, a start, a completion, a due date, the day after it and 31 and 91 days after it.
 */
export function tallySteps(task: TallyTask, changes: TallyChange[]): TallyStep[] {
  const days = new Set<LocalDate>();
  const dated = (d: LocalDate | null) => {
    if (!d) return;
    days.add(d);
  };
  const states = [task, ...changes.map((c) => ({ ...task, completedOn: c.fromCompletedOn, dueDate: c.fromDue ?? task.dueDate }))];
  for (const c of changes) dated(c.on);
  for (const s of states) {
    dated(s.startDate);
    dated(s.completedOn);
    if (s.dueDate) for (const n of [0, -1, -31, -91]) dated(n ? daysBefore(s.dueDate, n) : s.dueDate);
  }
  const steps: TallyStep[] = [];
  let before = contribution(task, changes, ORIGIN);
  if (before.some((x) => x !== 0)) steps.push([ORIGIN, before]);
  for (const day of [...days].sort()) {
    const now = contribution(task, changes, day);
    const delta = now.map((x, i) => x - before[i]);
    if (delta.some((x) => x !== 0)) steps.push([day, delta]);
    before = now;
  }
  return steps;
}

/** The counts as of `day` from steps (what the tally tables sum in SQL). */
export function countsAsOf(steps: TallyStep[], day: LocalDate): TallyVector {
  const v = zero();
  for (const [d, delta] of steps) if (d <= day) delta.forEach((x, i) => (v[i] += x));
  return v;
}

/**
 * [day, key, delta]: from `day` on, add `delta` to the row of `key`. For what a task adds
 * under a key that can change with the date: its schedule's shape, its reports.
 */
export type KeyedStep = [LocalDate, string, number];

/** Keyed counts of a task at each change day (the only days these can change on), as steps. */
function keyedSteps(changes: TallyChange[], at: (day: LocalDate) => Map<string, number>): KeyedStep[] {
  const steps: KeyedStep[] = [];
  let before = new Map<string, number>();
  for (const day of [ORIGIN, ...[...new Set(changes.map((c) => c.on))].sort()]) {
    const now = at(day);
    for (const key of new Set([...before.keys(), ...now.keys()])) {
      const delta = (now.get(key) ?? 0) - (before.get(key) ?? 0);
      if (delta !== 0) steps.push([day, key, delta]);
    }
    before = now;
  }
  return steps;
}

/** The key of a periodic schedule's shape: what the reports it owes in a period depend on. */
export interface Shape {
  kind: ScheduleKind;
  every: string | null;
  startDate: LocalDate | null;
  dueDate: LocalDate | null;
  periodDay: string | null;
}
export const shapeKey = (s: Shape) => JSON.stringify([s.kind, s.every, s.startDate, s.dueDate, s.periodDay]);
export const shapeOf = (key: string): Shape => {
  const [kind, every, startDate, dueDate, periodDay] = JSON.parse(key) as [ScheduleKind, string | null, string | null, string | null, string | null];
  return { kind, every, startDate, dueDate, periodDay };
};

const active = (t: TallyTask) => !INACTIVE_STATUSES.includes(t.status);

/** A periodic task owes reports while active (not suspended or cancelled), by its schedule's shape then. */
export function shapeSteps(task: TallyTask, changes: TallyChange[]): KeyedStep[] {
  if (!isPeriodic(task)) return [];
  return keyedSteps(changes, (day) => {
    const t = stateAsOf(task, changes, day);
    if (!active(t)) return new Map();
    return new Map([
      [shapeKey({ kind: t.scheduleKind, every: t.every ?? null, startDate: t.startDate, dueDate: t.dueDate, periodDay: t.periodDay ?? null }), 1],
    ]);
  });
}

/** A report made, as the summary counts it: its period's end and the day it came. */
export interface TallyReport {
  periodEnd: LocalDate;
  reportedOn: LocalDate;
}
export const reportKey = (r: TallyReport) => `${r.periodEnd}|${r.reportedOn}`;

/** A task's reports count while the task is active (a suspended task's reports are not counted). */
export function reportSteps(task: TallyTask, changes: TallyChange[], reports: TallyReport[]): KeyedStep[] {
  if (!reports.length) return [];
  const all = new Map<string, number>();
  for (const r of reports) all.set(reportKey(r), (all.get(reportKey(r)) ?? 0) + 1);
  return keyedSteps(changes, (day) => (active(stateAsOf(task, changes, day)) ? all : new Map()));
}
