import { LocalDate } from './calendar';

export const SCHEDULE_KINDS = ['date', 'window', 'from', 'recurring', 'continuous', 'relative', 'unknown'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export const PERIODS = ['week', 'month', 'quarter', 'half_year', 'year'] as const;
export type Period = (typeof PERIODS)[number];

export interface ScheduleEvent {
  name: string;
  offsetDays: number;
  /** true when the offset counts working days (Mon–Fri minus holidays). */
  workingDays?: boolean;
}

/** What a deadline phrase means. Every key is always present; null where it does not apply. */
export interface Schedule {
  kind: ScheduleKind;
  start: LocalDate | null;
  due: LocalDate | null;
  /** Recurring period; null for a recurring phrase that names no period (use the program's). */
  every: Period | null;
  event: ScheduleEvent | null;
  reason: string | null;
}

export interface NamedDate {
  name: string;
  date: LocalDate | null;
}

export interface ParseContext {
  /** The document's issued date; gives the year to dates written without one. */
  issued?: LocalDate | null;
  /** Named events of the program (e.g. "Đại hội Đảng bộ phường" = 2025-08-20). */
  events?: NamedDate[] | Record<string, LocalDate | null>;
  /** Public holidays (YYYY-MM-DD) skipped when counting "ngày làm việc". */
  holidays?: Iterable<LocalDate>;
}

export function schedule(kind: ScheduleKind, fields: Partial<Omit<Schedule, 'kind'>> = {}): Schedule {
  return {
    kind,
    start: fields.start ?? null,
    due: fields.due ?? null,
    every: fields.every ?? null,
    event: fields.event ?? null,
    reason: fields.reason ?? null,
  };
}

export function unknown(reason: string): Schedule {
  return schedule('unknown', { reason });
}
