/**
 * Local calendar dates as 'YYYY-MM-DD' strings. Domain dates are calendar days in
 * Asia/Ho_Chi_Minh, never instants, so arithmetic is done on a UTC Date used purely as a
 * day counter: there is no time zone or DST to get wrong.
 */
export type LocalDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function ymd(y: number, m: number, d: number): LocalDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const m = ISO_RE.exec(s);
  return !!m && isValidYmd(+m[1], +m[2], +m[3]);
}

export function parts(date: LocalDate): [number, number, number] {
  const m = ISO_RE.exec(date);
  if (!m) throw new Error(`not a local date: ${date}`);
  return [+m[1], +m[2], +m[3]];
}

function toUtc(date: LocalDate): Date {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(t: Date): LocalDate {
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const t = toUtc(date);
  t.setUTCDate(t.getUTCDate() + n);
  return fromUtc(t);
}

export function addMonths(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = parts(date);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Whole days from a to b (b - a). */
export function diffDays(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return toUtc(date).getUTCDay();
}

export function minDate(a: LocalDate | null, b: LocalDate | null): LocalDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate | null, b: LocalDate | null): LocalDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

export function endOfMonth(y: number, m: number): LocalDate {
  return ymd(y, m, daysInMonth(y, m));
}

export function quarterOf(date: LocalDate): number {
  return Math.floor((parts(date)[1] - 1) / 3) + 1;
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone (formatters are cached: building one is slow). */
export function localDateIn(instant: Date, timeZone: string): LocalDate {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    FORMATTERS.set(timeZone, f);
  }
  return f.format(instant);
}

const PART_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in `timeZone`, zero-padded ("2026", "12", "02", "23", "30", "00"). */
export function localParts(instant: Date, timeZone: string): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  let f = PART_FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    PART_FORMATTERS.set(timeZone, f);
  }
  const parts = f.formatToParts(instant);
  const p = (t: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === t)!.value;
  return { year: p('year'), month: p('month'), day: p('day'), hour: p('hour'), minute: p('minute'), second: p('second') };
}

/** dd/mm/yyyy, the way Vietnamese documents and pages write dates. */
export function formatVi(date: LocalDate | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = parts(date);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

/** A holiday as config/holidays.yaml and committee settings write it: one day, or a span of days. */
export type HolidayEntry = LocalDate | { from: LocalDate; to: LocalDate };

/** Holiday entries as single days, sorted, without repeats. */
export function expandHolidays(entries: HolidayEntry[]): LocalDate[] {
  const days = new Set<LocalDate>();
  for (const h of entries) {
    const span = typeof h === 'string' ? { from: h, to: h } : h;
    for (let d = span.from; d <= span.to; d = addDays(d, 1)) days.add(d);
  }
  return [...days].sort();
}
