/**
 * The rules about tasks that lists, sweeps and aggregates all apply — each written once here,
 * with the SQL that applies it generated from the same definition. A rule copied as SQL text
 * into a query drifts (a task "thực hiện từ năm 2025" was once counted nowhere); tests compare
 * every SQL form with its TypeScript form over generated combinations. Pure.
 */
import type { LocalDate } from '../deadlines/calendar';
import type { ScheduleKind } from '../deadlines/schedule';
import type { TaskStatus } from './task-status';

/** Being worked on: reminded, counted as open. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['not_started', 'in_progress', 'returned'];
/** Reported done (confirmed or waiting for the office): judged by the completion date. */
export const FINISHED_STATUSES: readonly TaskStatus[] = ['done', 'pending_confirmation'];
/** Out of the count: suspended or cancelled. */
export const INACTIVE_STATUSES: readonly TaskStatus[] = ['suspended', 'cancelled'];

/** Kinds whose due date is a deadline (for the others a due date is at most a bound). */
export const DEADLINE_KINDS: readonly ScheduleKind[] = ['date', 'window', 'relative'];
/** Kinds judged by periodic reports instead of a deadline (thường xuyên, định kỳ). */
export const PERIODIC_KINDS: readonly ScheduleKind[] = ['continuous', 'recurring'];

export interface RuleInput {
  status: TaskStatus;
  scheduleKind: ScheduleKind;
  startDate: LocalDate | null;
  dueDate: LocalDate | null;
  completedOn: LocalDate | null;
}

export const isOpen = (t: Pick<RuleInput, 'status'>) => OPEN_STATUSES.includes(t.status);
export const isPeriodic = (t: Pick<RuleInput, 'scheduleKind'>) => PERIODIC_KINDS.includes(t.scheduleKind);
export const deadlineOf = (t: Pick<RuleInput, 'scheduleKind' | 'dueDate'>): LocalDate | null => (DEADLINE_KINDS.includes(t.scheduleKind) ? t.dueDate : null);

/** The office must set a deadline: none could be read, or it waits for an event's date. */
export const needsDeadline = (t: Pick<RuleInput, 'status' | 'scheduleKind' | 'dueDate'>) =>
  !['cancelled', 'done'].includes(t.status) && (t.scheduleKind === 'unknown' || (t.scheduleKind === 'relative' && t.dueDate === null));

/** The compliance summary's category of a task as of a report date. */
export type ComplianceCategory = 'suspended' | 'periodic' | 'onTime' | 'late' | 'noDeadline' | 'overdue' | 'notDue' | 'openInTime';

/**
 * A completion after the report date does not count yet; periodic tasks are judged by their
 * reports, not counted here; every other task has exactly one category.
 */
export function complianceCategory(t: RuleInput, asOf: LocalDate): ComplianceCategory {
  if (INACTIVE_STATUSES.includes(t.status)) return 'suspended';
  if (isPeriodic(t)) return 'periodic';
  const due = deadlineOf(t);
  if (FINISHED_STATUSES.includes(t.status) && t.completedOn !== null && t.completedOn <= asOf) return due === null || t.completedOn <= due ? 'onTime' : 'late';
  if (due === null) return 'noDeadline';
  if (due < asOf) return 'overdue';
  if (t.startDate !== null && t.startDate > asOf) return 'notDue';
  return 'openInTime';
}

// ---------------------------------------------------------------------------------- SQL

/** `('a', 'b')` from constants of this file (never from user input). */
export const sqlList = (values: readonly string[]) => `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;

const col = (alias: string, c: string) => `${alias}."${c}"`;

/** Open tasks with a deadline kind: what can be overdue. */
const openDeadlines = (a: string | null) => {
  const c = (name: string) => (a ? col(a, name) : `"${name}"`);
  return `${c('scheduleKind')} IN ${sqlList(DEADLINE_KINDS)} AND ${c('status')} NOT IN ${sqlList(['cancelled', 'suspended', ...FINISHED_STATUSES])}`;
};

/**
 * The condition of the partial index on (committee, due date) of open deadline tasks
 * (task.entity.ts): counting a committee's overdue tasks reads only that index, no rows.
 * Queries must repeat these terms exactly (sql.isOverdue does) for the planner to use it.
 */
export const OPEN_DEADLINES_WHERE = openDeadlines(null);

export const sql = {
  isOpen: (a: string) => `${col(a, 'status')} IN ${sqlList(OPEN_STATUSES)}`,
  isInactive: (a: string) => `${col(a, 'status')} IN ${sqlList(INACTIVE_STATUSES)}`,
  isPeriodic: (a: string) => `${col(a, 'scheduleKind')} IN ${sqlList(PERIODIC_KINDS)}`,
  hasDeadlineKind: (a: string) => `${col(a, 'scheduleKind')} IN ${sqlList(DEADLINE_KINDS)}`,
  /**
   * timeliness = 'overdue' as plain comparisons: the terms of the partial index on open
   * deadlines (OPEN_DEADLINES_WHERE, the same text) and a range on its dueDate; needs :today.
   */
  isOverdue: (a: string) => `(${openDeadlines(a)} AND ${col(a, 'dueDate')} < :today)`,
  /**
   * The task's folded text contains :q (a LIKE pattern), answered by the search index:
   * SQLite's FTS5 trigram table, PostgreSQL's trigram index on the column itself.
   */
  textSearch: (a: string, dialect: 'sqlite' | 'postgres') =>
    dialect === 'sqlite' ? `${col(a, 'id')} IN (SELECT rowid FROM tasks_fts WHERE tasks_fts."searchText" LIKE :q)` : `${col(a, 'searchText')} LIKE :q`,
  /**
   * The same test on the row itself, no index: for a phrase so common that walking the list
   * in its own order finds a page of matches within a few rows (tasks.service.ts list()).
   */
  // Concatenating '' keeps PostgreSQL's planner off the trigram index, which would gather every
  // match in the database (a common phrase's hundred thousand) before the first page.
  textMatch: (a: string) => `(${col(a, 'searchText')} || '') LIKE :q`,
  /**
   * How many tasks of the whole database contain :q, counting at most `limit` (SQLite: off the
   * search index alone, stopping at the limit).
   */
  textMatches: (dialect: 'sqlite' | 'postgres', limit: number) =>
    dialect === 'sqlite'
      ? `SELECT COUNT(*) AS n FROM (SELECT rowid FROM tasks_fts WHERE tasks_fts."searchText" LIKE :q LIMIT ${Number(limit)}) m`
      : `SELECT COUNT(*) AS n FROM (SELECT 1 FROM tasks WHERE "searchText" LIKE :q LIMIT ${Number(limit)}) m`,
  /** The deadline, or NULL. */
  deadline: (a: string) => `(CASE WHEN ${col(a, 'scheduleKind')} IN ${sqlList(DEADLINE_KINDS)} THEN ${col(a, 'dueDate')} END)`,
  needsDeadline: (a: string) =>
    `(${col(a, 'status')} NOT IN ('cancelled', 'done') AND (${col(a, 'scheduleKind')} = 'unknown' OR (${col(a, 'scheduleKind')} = 'relative' AND ${col(a, 'dueDate')} IS NULL)))`,
  /** complianceCategory as of the parameter `asOf` (a named parameter, e.g. ':asOf0'). */
  complianceCategory: (a: string, asOf: string) => {
    const due = sql.deadline(a);
    return `CASE
      WHEN ${sql.isInactive(a)} THEN 'suspended'
      WHEN ${sql.isPeriodic(a)} THEN 'periodic'
      WHEN ${col(a, 'status')} IN ${sqlList(FINISHED_STATUSES)} AND ${col(a, 'completedOn')} IS NOT NULL AND ${col(a, 'completedOn')} <= ${asOf} THEN
        CASE WHEN ${due} IS NULL OR ${col(a, 'completedOn')} <= ${due} THEN 'onTime' ELSE 'late' END
      WHEN ${due} IS NULL THEN 'noDeadline'
      WHEN ${due} < ${asOf} THEN 'overdue'
      WHEN ${col(a, 'startDate')} IS NOT NULL AND ${col(a, 'startDate')} > ${asOf} THEN 'notDue'
      ELSE 'openInTime' END`;
  },
};
