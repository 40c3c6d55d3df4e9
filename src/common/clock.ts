import { LocalDate, localDateIn, localParts } from '../deadlines/calendar';

/**
 * The one source of "now" and "today". Domain dates are calendar days in the committee's
 * zone (Asia/Ho_Chi_Minh), so "today" is read there, never from the server's zone.
 * Tests replace it with FixedClock to travel in time.
 */
export abstract class Clock {
  constructor(readonly timeZone: string) {}
  abstract now(): Date;
  today(): LocalDate {
    return localDateIn(this.now(), this.timeZone);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told otherwise. `set('2025-09-01')` means 09:00 local that day. */
export class FixedClock extends Clock {
  private instant: Date;
  constructor(at: LocalDate | Date, timeZone = 'Asia/Ho_Chi_Minh') {
    super(timeZone);
    this.instant = FixedClock.toInstant(at);
  }
  static toInstant(at: LocalDate | Date): Date {
    // 09:00 in Vietnam (UTC+7, no DST) is 02:00 UTC the same day.
    return at instanceof Date ? at : new Date(`${at}T02:00:00.000Z`);
  }
  set(at: LocalDate | Date): void {
    this.instant = FixedClock.toInstant(at);
  }
  now(): Date {
    return new Date(this.instant.getTime());
  }
}

/**
 * A clock that starts at a given instant and then runs: rehearsing a day with the service's
 * timers (claims expiring, retries coming due) working as they would.
 */
export class ShiftedClock extends Clock {
  private readonly offset: number;
  constructor(start: Date, timeZone = 'Asia/Ho_Chi_Minh') {
    super(timeZone);
    this.offset = start.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}

/** The instant a local calendar day begins in `timeZone` (zones without DST, or away from a change). */
export function startOfLocalDay(day: LocalDate, timeZone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  const p = localParts(new Date(guess), timeZone);
  const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return new Date(guess - (shown - guess));
}
