/**
 * Report periods of recurring and continuous tasks: the scheduler asks "which periods close
 * between these two days?" and reminds units about the reports they owe for them.
 */
import { LocalDate, addDays, endOfMonth, parts, weekday, ymd } from './calendar';
import { Period, PeriodDay, Schedule } from './schedule';

export interface Occurrence {
  /** First day of the period. */
  start: LocalDate;
  /** Last day of the period: the day its report is due. */
  due: LocalDate;
  /** Stable label of the period, e.g. 2025-Q3, 2025-H2, 2025-08, 2025-W35, 2025. */
  key: string;
}

/** The period of `every` that contains `date`. */
export function periodContaining(date: LocalDate, every: Period): Occurrence {
  const [y, m] = parts(date);
  switch (every) {
    case 'week': {
      // ISO weeks: Monday to Sunday.
      const start = addDays(date, -((weekday(date) + 6) % 7));
      const due = addDays(start, 6);
      return { start, due, key: isoWeekKey(start) };
    }
    case 'month':
      return { start: ymd(y, m, 1), due: endOfMonth(y, m), key: `${y}-${String(m).padStart(2, '0')}` };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      return { start: ymd(y, q * 3 - 2, 1), due: endOfMonth(y, q * 3), key: `${y}-Q${q}` };
    }
    case 'half_year':
      return m <= 6 ? { start: ymd(y, 1, 1), due: ymd(y, 6, 30), key: `${y}-H1` } : { start: ymd(y, 7, 1), due: ymd(y, 12, 31), key: `${y}-H2` };
    case 'year':
      return { start: ymd(y, 1, 1), due: ymd(y, 12, 31), key: `${y}` };
  }
}

/**
 * The deadline of a period whose deadline falls on a day in it (`at`): day `at.day` of its
 * only month (monthly), of its first or last month, or of the month after it ("tháng đầu quý
 * sau"). A day past the month's end is the month's last day.
 */
export function dueInPeriod(p: { start: LocalDate; due: LocalDate }, every: Period, at: PeriodDay): LocalDate {
  const [sy, sm] = parts(p.start);
  const [ey, em] = parts(p.due);
  let [y, m] = every === 'month' || at.month === 'first' ? [sy, sm] : [ey, em];
  if (at.month === 'next') [y, m] = em === 12 ? [ey + 1, 1] : [ey, em + 1];
  const last = Number(endOfMonth(y, m).slice(8));
  return ymd(y, m, Math.min(at.day, last));
}

function isoWeekKey(monday: LocalDate): string {
  // The ISO year is the year of the week's Thursday.
  const thursday = addDays(monday, 3);
  const [ty] = parts(thursday);
  const jan4 = ymd(ty, 1, 4);
  const week1Monday = addDays(jan4, -((weekday(jan4) + 6) % 7));
  const week = Math.round((Date.parse(monday) - Date.parse(week1Monday)) / (7 * 86_400_000)) + 1;
  return `${ty}-W${String(week).padStart(2, '0')}`;
}

/**
 * Periods whose due day falls within [from, to], for a recurring or continuous schedule.
 * Continuous schedules and recurring ones that name no period use `reportPeriod`
 * (the program's, quarterly by default). Periods outside the schedule's own start/due
 * bounds are left out. Other kinds have no periods.
 */
export function occurrences(sched: Schedule, from: LocalDate, to: LocalDate, reportPeriod: Period = 'quarter'): Occurrence[] {
  if (sched.kind !== 'recurring' && sched.kind !== 'continuous') return [];
  const every = (sched.kind === 'recurring' && sched.every) || reportPeriod;
  const at = sched.kind === 'recurring' && every !== 'week' ? sched.at : undefined;
  const out: Occurrence[] = [];
  // A deadline after its period ("tháng đầu quý sau") belongs to the period before `from`'s.
  let p = periodContaining(at?.month === 'next' ? addDays(periodContaining(from, every).start, -1) : from, every);
  for (;;) {
    const due = at ? dueInPeriod(p, every, at) : p.due;
    if (due > to) break;
    // With a day in the period, `sched.due` is the first deadline, not the end of the recurrence.
    const inBounds = at ? !sched.due || due >= sched.due : (!sched.start || p.due >= sched.start) && (!sched.due || p.start <= sched.due);
    if (due >= from && inBounds) out.push({ start: p.start, due, key: p.key });
    p = periodContaining(addDays(p.due, 1), every);
  }
  return out;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * How a person reads a period key: "2025-Q4" → "Quý IV/2025", "2026-H1" → "6 tháng đầu năm
 * 2026", "2026-11" → "Tháng 11/2026", "2025-W35" → "Tuần 35/2025", "2026" → "Năm 2026".
 * Keys stay in URLs and JSON; pages and emails show this. Unknown shapes are shown as given.
 */
export function periodLabel(key: string): string {
  let m: RegExpMatchArray | null;
  if ((m = key.match(/^(\d{4})-Q([1-4])$/))) return `Quý ${ROMAN[Number(m[2]) - 1]}/${m[1]}`;
  if ((m = key.match(/^(\d{4})-H([12])$/))) return `6 tháng ${m[2] === '1' ? 'đầu' : 'cuối'} năm ${m[1]}`;
  if ((m = key.match(/^(\d{4})-(\d{2})$/))) return `Tháng ${Number(m[2])}/${m[1]}`;
  if ((m = key.match(/^(\d{4})-W(\d{1,2})$/))) return `Tuần ${Number(m[2])}/${m[1]}`;
  if ((m = key.match(/^(\d{4})$/))) return `Năm ${m[1]}`;
  return key;
}
