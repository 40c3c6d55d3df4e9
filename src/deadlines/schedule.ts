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

/**
 * The day in each period a recurring deadline falls on: "trước ngày 20 hằng tháng" (day 20),
 * "chậm nhất ngày 20 của tháng cuối quý" (day 20 of the quarter's last month), "trước ngày
 * 15 tháng đầu quý sau" (day 15 of the next period's first month). A day past a month's end
 * is that month's last day.
 */
export interface PeriodDay {
  day: number;
  /** Which month of the period: its first, its last, or the first of the next period; null for a monthly period. */
  month: 'first' | 'last' | 'next' | null;
}

/** What a deadline phrase means. Every key but `at` is always present; null where it does not apply. */
export interface Schedule {
  kind: ScheduleKind;
  start: LocalDate | null;
  due: LocalDate | null;
  /** Recurring period; null for a recurring phrase that names no period (use the program's). */
  every: Period | null;
  event: ScheduleEvent | null;
  reason: string | null;
  /**
   * Recurring only: the day in each period the deadline falls on. With it, `due` is the
   * first deadline on or after the issue date (not an end of the recurrence).
   */
  at?: PeriodDay;
}

/** The stored form of a PeriodDay: "20", "last:20", "first:15", "next:15". */
export function encodePeriodDay(at: PeriodDay | undefined | null): string | null {
  if (!at) return null;
  return at.month ? `${at.month}:${at.day}` : String(at.day);
}

export function decodePeriodDay(s: string | null | undefined): PeriodDay | undefined {
  const m = s ? /^(?:(first|last|next):)?(\d{1,2})$/.exec(s) : null;
  if (!m) return undefined;
  return { day: Number(m[2]), month: (m[1] as PeriodDay['month']) ?? null };
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
  /** Mùng 1 Tết Nguyên đán by year, from the holiday table ("trước Tết Nguyên đán 2026"); never computed. */
  lunarNewYear?: Record<number, LocalDate>;
}

export function schedule(kind: ScheduleKind, fields: Partial<Omit<Schedule, 'kind'>> = {}): Schedule {
  return {
    kind,
    start: fields.start ?? null,
    due: fields.due ?? null,
    every: fields.every ?? null,
    event: fields.event ?? null,
    reason: fields.reason ?? null,
    ...(fields.at ? { at: fields.at } : {}),
  };
}

export function unknown(reason: string): Schedule {
  return schedule('unknown', { reason });
}
