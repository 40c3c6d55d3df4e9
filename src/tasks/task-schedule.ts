/** Mapping between a parsed Schedule and a Task's columns, and the context a task's phrase is read in. */
import type { LocalDate } from '../deadlines/calendar';
import { NamedDate, ParseContext, Schedule, decodePeriodDay, encodePeriodDay } from '../deadlines/schedule';

export interface ScheduleColumns {
  scheduleKind: Schedule['kind'];
  startDate: LocalDate | null;
  dueDate: LocalDate | null;
  every: Schedule['every'];
  eventName: string | null;
  eventOffsetDays: number | null;
  eventWorkingDays: boolean;
  scheduleReason: string | null;
  periodDay: string | null;
}

export function scheduleColumns(s: Schedule): ScheduleColumns {
  return {
    scheduleKind: s.kind,
    startDate: s.start,
    dueDate: s.due,
    every: s.every,
    eventName: s.event?.name ?? null,
    eventOffsetDays: s.event?.offsetDays ?? null,
    eventWorkingDays: s.event?.workingDays ?? false,
    scheduleReason: s.reason,
    periodDay: encodePeriodDay(s.at),
  };
}

export function scheduleOf(t: ScheduleColumns): Schedule {
  return {
    kind: t.scheduleKind,
    start: t.startDate,
    due: t.dueDate,
    every: t.every,
    event: t.eventName !== null ? { name: t.eventName, offsetDays: t.eventOffsetDays ?? 0, ...(t.eventWorkingDays ? { workingDays: true } : {}) } : null,
    reason: t.scheduleReason,
    ...(decodePeriodDay(t.periodDay) ? { at: decodePeriodDay(t.periodDay) } : {}),
  };
}

export interface EventRow {
  name: string;
  date: LocalDate | null;
  unitId: number | null;
}

/**
 * What a task's deadline phrase is read against: the program's issue date, its events
 * (a unit's own event replaces the program-wide one of the same name), and the holidays.
 */
export function contextFor(
  issued: LocalDate | null,
  events: EventRow[],
  unitId: number | null,
  holidays: LocalDate[] & { lunarNewYear?: Record<number, LocalDate> },
): ParseContext {
  const byName = new Map<string, NamedDate>();
  for (const e of events) if (e.unitId === null) byName.set(e.name, { name: e.name, date: e.date });
  for (const e of events) if (e.unitId !== null && e.unitId === unitId) byName.set(e.name, { name: e.name, date: e.date });
  return { issued, events: [...byName.values()], holidays, lunarNewYear: holidays.lunarNewYear };
}

/**
 * The schedule columns with an approved extension applied: the approved date becomes the due
 * date, the one read from the phrase is kept as originalDue. Without one, originalDue is null.
 */
export function withExtension<T extends Pick<ScheduleColumns, 'dueDate'>>(cols: T, extendedDue: LocalDate | null): T & { originalDue: LocalDate | null } {
  if (!extendedDue || !cols.dueDate) return { ...cols, originalDue: null };
  return { ...cols, originalDue: cols.dueDate, dueDate: extendedDue };
}
