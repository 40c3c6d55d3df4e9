/**
 * Reads a Vietnamese deadline phrase into a Schedule.
 *
 * The grammar is built from how Vietnamese administrative documents write time, not from
 * one document: a phrase is a set of temporal expressions (a day, a month, a quarter, part
 * of a year, a year, a span of years), each possibly governed by a preposition that gives
 * its role (trước/chậm nhất/đến → a due date, từ → a start, trong/vào → the window itself),
 * plus optional recurrence ("hằng quý", "định kỳ 6 tháng", "1 lần/tuần"), continuity
 * ("thường xuyên") and offsets from a named event ("10 ngày sau Đại hội").
 *
 * Honesty rule: when an expression is vague ("sớm", "kịp thời", "đầu năm") or impossible
 * (31/02/2025), the result is `unknown` with a reason; nothing is guessed.
 */
import { LocalDate, addDays, diffDays, endOfMonth, isValidYmd, maxDate, minDate, weekday, ymd } from './calendar';
import { Folded, fold, foldKey, numberToken, originalSpan, quarterNumber } from './text';
import { NamedDate, ParseContext, Period, PeriodDay, Schedule, schedule, unknown } from './schedule';
import { dueInPeriod, periodContaining } from './occurrences';

type Role = 'due' | 'before' | 'from' | 'to' | 'in';

interface Expr {
  from: number;
  to: number;
  start: LocalDate;
  end: LocalDate;
  /** true for a single day ("ngày 25/7/2025"), false for a period. */
  day: boolean;
  /** A span written as one expression ("từ năm 2025 đến năm 2027", "giai đoạn 2026-2030"). */
  span?: boolean;
  role: Role;
}

interface ExprError {
  from: number;
  to: number;
  reason: string;
}

/** How far back (days) a year-less date may fall before the issue date before we roll it forward. */
const ROLL_FORWARD_DAYS = 183;

// Punctuation that only separates words. Kept to the same length so folded indices stay valid.
function blankPunctuation(s: string): string {
  return s
    .replace(/[()[\]{}"“”'‘’«»…;:,!?*]/g, ' ')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/(?<!\d)\.(?=\d)/g, ' ');
}

const YEAR = '(\\d{4})';
const SEP = '\\s*[/.\\-]\\s*';

// Temporal expressions, compiled once (the scanner resets lastIndex before each use).
const FULL_DATE = new RegExp(`(?:ngay\\s+)?(\\d{1,2})${SEP}(\\d{1,2})${SEP}${YEAR}(?!\\d)`, 'g');
const WORDED_DATE = new RegExp(`ngay\\s+(\\d{1,2})\\s+thang\\s+(\\d{1,2})(?:\\s+nam\\s+${YEAR})?(?!\\s*[/.\\-]?\\s*\\d)`, 'g');
const YEAR_SPAN = new RegExp(
  `(?:(?:giai doan|nhiem ky|thoi ky|ke hoach)\\s+)?(?:tu\\s+(?:nam\\s+)?)?${YEAR}\\s*(?:[-–—]|den(?:\\s+nam)?)\\s*${YEAR}(?!\\d)`,
  'g',
);
// Not "ngày 20 tháng cuối năm": that is a day in the year's last month (a day in the period).
const MONTHS_OF_YEAR = new RegExp(`(?<!ngay\\s+)(?<!\\d)(\\d{1,2}|[a-z]+)\\s+thang\\s+(dau|cuoi)\\s+(?:cua\\s+)?nam(?:\\s+${YEAR})?(?!\\d)`, 'g');
const HALF_OF_YEAR = new RegExp(`nua\\s+(dau|cuoi|sau)\\s+(?:cua\\s+)?nam(?:\\s+${YEAR})?(?!\\d)`, 'g');
const QUARTER = new RegExp(`quy\\s+(iv|iii|ii|i|[1-4])(?![a-z0-9])(?:\\s*(?:[/.\\-]|nam)?\\s*${YEAR}(?!\\d))?`, 'g');
/** A list of quarters sharing one year: "quý III, IV năm 2026", "quý I và quý II/2030", "quý III - IV/2025". */
const QUARTER_LIST = new RegExp(
  `quy\\s+(iv|iii|ii|i|[1-4])(?![a-z0-9])((?:(?:\\s*(?:va|-|–|den)\\s*|\\s+)(?:quy\\s+)?(?:iv|iii|ii|i|[1-4])(?![a-z0-9]))+)(?:\\s*(?:[/.\\-]|nam)?\\s*${YEAR}(?!\\d))?`,
  'g',
);
const MONTH = new RegExp(`thang\\s+(\\d{1,2})(?:\\s*(?:[/.\\-]|nam)\\s*${YEAR})?(?![\\d/.\\-])`, 'g');
const TET = new RegExp(
  `(?<![a-z])tet(?![a-z])(?:\\s+(?:nguyen dan|am lich|co truyen))?(?:\\s+(?:giap|at|binh|dinh|mau|ky|canh|tan|nham|quy)\\s+(?:ty|suu|dan|mao|thin|ti|ngo|mui|than|dau|tuat|hoi))?(?:\\s+(?:nam\\s+)?${YEAR}(?!\\d))?`,
  'g',
);
const YEAR_ONLY = new RegExp(`nam\\s+${YEAR}(?!\\d)`, 'g');

interface Scan {
  s: string;
  taken: boolean[];
  exprs: Expr[];
  errors: ExprError[];
}

function free(scan: Scan, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (scan.taken[i]) return false;
  return true;
}

function take(scan: Scan, from: number, to: number): void {
  for (let i = from; i < to; i++) scan.taken[i] = true;
}

function eachMatch(scan: Scan, re: RegExp, fn: (m: RegExpExecArray, from: number, to: number) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(scan.s))) {
    const from = m.index;
    const to = m.index + m[0].length;
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (!free(scan, from, to)) continue;
    fn(m, from, to);
    take(scan, from, to);
  }
}

/** Resolves a year-less month/day against the issue date (rolls forward past ~6 months back). */
function inferYear(month: number, day: number | null, ctx: ParseContext): number | null {
  if (!ctx.issued) return null;
  const issuedYear = Number(ctx.issued.slice(0, 4));
  const lastDay = day ?? Number(endOfMonth(issuedYear, month).slice(8));
  if (!isValidYmd(issuedYear, month, Math.min(lastDay, 28)) && day === null) return null;
  const candidate = ymd(issuedYear, month, Math.min(lastDay, 28));
  return diffDays(candidate, ctx.issued) > ROLL_FORWARD_DAYS ? issuedYear + 1 : issuedYear;
}

function pushDay(scan: Scan, from: number, to: number, d: number, m: number, y: number | null, ctx: ParseContext): void {
  const year = y ?? inferYear(m, d, ctx);
  const written = `${d}/${m}${y ? '/' + y : ''}`;
  if (year === null) {
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
      scan.errors.push({ from, to, reason: `ngày ${written} không ghi năm và văn bản chưa có ngày ban hành để suy ra năm` });
    } else {
      scan.errors.push({ from, to, reason: `ngày ${written} không tồn tại` });
    }
    return;
  }
  if (!isValidYmd(year, m, d)) {
    scan.errors.push({ from, to, reason: `ngày ${written} không tồn tại` });
    return;
  }
  const date = ymd(year, m, d);
  scan.exprs.push({ from, to, start: date, end: date, day: true, role: 'in' });
}

function pushPeriod(scan: Scan, from: number, to: number, start: LocalDate, end: LocalDate): void {
  scan.exprs.push({ from, to, start, end, day: false, role: 'in' });
}

function pushMonth(scan: Scan, from: number, to: number, m: number, y: number | null, ctx: ParseContext, written: string): void {
  if (m < 1 || m > 12) {
    scan.errors.push({ from, to, reason: `tháng ${written} không tồn tại` });
    return;
  }
  const year = y ?? inferYear(m, null, ctx);
  if (year === null) {
    scan.errors.push({ from, to, reason: `tháng ${written} không ghi năm và văn bản chưa có ngày ban hành để suy ra năm` });
    return;
  }
  pushPeriod(scan, from, to, ymd(year, m, 1), endOfMonth(year, m));
}

function yearOrIssued(y: string | undefined, ctx: ParseContext): number | null {
  if (y) return Number(y);
  return ctx.issued ? Number(ctx.issued.slice(0, 4)) : null;
}

/** Finds every temporal expression, most specific first; later patterns skip taken text. */
function scanExpressions(s: string, ctx: ParseContext): Scan {
  const scan: Scan = { s, taken: new Array(s.length).fill(false), exprs: [], errors: [] };

  // Full dates: 25/7/2025, 05-01-2026, 5.1.2026, ngày 5 tháng 1 năm 2026.
  eachMatch(scan, FULL_DATE, (m, a, b) => pushDay(scan, a, b, +m[1], +m[2], +m[3], ctx));
  eachMatch(scan, WORDED_DATE, (m, a, b) => pushDay(scan, a, b, +m[1], +m[2], m[3] ? +m[3] : null, ctx));
  // Year-less day only when introduced by "ngày" (a bare 25/7 is too often something else).
  eachMatch(scan, /ngay\s+(\d{1,2})\s*[/-]\s*(\d{1,2})(?![/.-]?\d)/g, (m, a, b) => pushDay(scan, a, b, +m[1], +m[2], null, ctx));

  // Spans of years: giai đoạn 2026 - 2030, nhiệm kỳ 2025-2030, 2026 đến 2030.
  eachMatch(scan, YEAR_SPAN, (m, a, b) => {
    const y1 = +m[1];
    const y2 = +m[2];
    if (y2 < y1) scan.errors.push({ from: a, to: b, reason: `khoảng năm ${y1}-${y2} bị ngược` });
    else scan.exprs.push({ from: a, to: b, start: ymd(y1, 1, 1), end: ymd(y2, 12, 31), day: false, span: true, role: 'in' });
  });

  // Part of a year: 6 tháng đầu năm 2026, 3 tháng cuối năm, 9 tháng đầu năm, nửa đầu năm.
  eachMatch(scan, MONTHS_OF_YEAR, (m, a, b) => {
    const n = numberToken(m[1]);
    const y = yearOrIssued(m[3], ctx);
    if (n === null || n < 1 || n > 12) {
      scan.errors.push({ from: a, to: b, reason: `không hiểu "${m[0]}"` });
      return;
    }
    if (y === null) {
      scan.errors.push({ from: a, to: b, reason: `"${m[0]}" không ghi năm và văn bản chưa có ngày ban hành` });
      return;
    }
    if (m[2] === 'dau') pushPeriod(scan, a, b, ymd(y, 1, 1), endOfMonth(y, n));
    else pushPeriod(scan, a, b, ymd(y, 13 - n, 1), ymd(y, 12, 31));
  });
  eachMatch(scan, HALF_OF_YEAR, (m, a, b) => {
    const y = yearOrIssued(m[2], ctx);
    if (y === null) return void scan.errors.push({ from: a, to: b, reason: `"${m[0]}" không ghi năm` });
    if (m[1] === 'dau') pushPeriod(scan, a, b, ymd(y, 1, 1), ymd(y, 6, 30));
    else pushPeriod(scan, a, b, ymd(y, 7, 1), ymd(y, 12, 31));
  });

  // A list of quarters: the year written once at the end is every quarter's year.
  eachMatch(scan, QUARTER_LIST, (m, a, b) => {
    const qs = [m[1], ...m[2].split(/\s|va|quy|den|[-–]/).filter(Boolean)].map(quarterNumber);
    if (qs.some((q) => q === null)) return;
    const first = Math.min(...(qs as number[]));
    const last = Math.max(...(qs as number[]));
    const y = m[3] ? +m[3] : inferYear(last * 3, null, ctx);
    if (y === null) return void scan.errors.push({ from: a, to: b, reason: `"${m[0]}" không ghi năm và văn bản chưa có ngày ban hành` });
    pushPeriod(scan, a, b, ymd(y, first * 3 - 2, 1), endOfMonth(y, last * 3));
  });

  // Quarters: quý IV/2025, quý III năm 2025, quý 2-2026, quý I.
  eachMatch(scan, QUARTER, (m, a, b) => {
    const q = quarterNumber(m[1]);
    if (q === null) return;
    let y = m[2] ? +m[2] : null;
    if (y === null) y = inferYear(q * 3, null, ctx);
    if (y === null) return void scan.errors.push({ from: a, to: b, reason: `quý ${m[1].toUpperCase()} không ghi năm và văn bản chưa có ngày ban hành` });
    pushPeriod(scan, a, b, ymd(y, q * 3 - 2, 1), endOfMonth(y, q * 3));
  });

  // Months: tháng 8/2025, tháng 8 năm 2025, tháng 08-2025, tháng 8.
  eachMatch(scan, MONTH, (m, a, b) => pushMonth(scan, a, b, +m[1], m[2] ? +m[2] : null, ctx, m[2] ? `${m[1]}/${m[2]}` : m[1]));

  // Tết Nguyên đán: from the table of Tết dates, never computed. "trước Tết" is the day before.
  eachMatch(scan, TET, (m, a, b) => {
    let year = m[1] ? +m[1] : null;
    const table = ctx.lunarNewYear ?? {};
    if (year === null && ctx.issued) {
      // The next Tết after the issue date.
      const y = Number(ctx.issued.slice(0, 4));
      year = table[y] && table[y] >= ctx.issued ? y : y + 1;
    }
    if (year === null) return void scan.errors.push({ from: a, to: b, reason: 'Tết không ghi năm và văn bản chưa có ngày ban hành' });
    const date = table[year];
    if (!date) return void scan.errors.push({ from: a, to: b, reason: `chưa có ngày Tết Nguyên đán năm ${year} trong bảng ngày lễ (config/holidays.yaml)` });
    pushPeriod(scan, a, b, date, date);
  });

  // Years: năm 2025.
  eachMatch(scan, YEAR_ONLY, (m, a, b) => pushPeriod(scan, a, b, ymd(+m[1], 1, 1), ymd(+m[1], 12, 31)));

  assignRoles(scan);
  scan.exprs.sort((x, y) => x.from - y.from);
  return scan;
}

const DUE_WORDS =
  /(?:(?:cham nhat|muon nhat)(?:\s+la)?(?:\s+trong)?|han chot|thoi han|khong qua|khong muon hon|xong truoc|truoc|den(?:\s+het)?|toi|hoan thanh(?:\s+vao)?)\s+(?:(?:trong\s+)?(?:ngay|ky|dip)\s+)?(?:la\s+)?$/;
// "từ đầu năm 2026": from the start of the period (its first day), unlike a bare "đầu năm".
const FROM_WORDS = /(?:tu|bat dau(?:\s+tu)?|ke tu)\s+(?:ngay\s+|dau\s+)?$/;

/** Gives each expression its role from the words just before it. */
function assignRoles(scan: Scan): void {
  for (const e of scan.exprs) {
    const before = scan.s.slice(Math.max(0, e.from - 40), e.from);
    const head = scan.s.slice(e.from, Math.min(scan.s.length, e.from + 6));
    if (e.span) {
      e.role = 'in';
      continue;
    }
    if (/^tu\s/.test(head)) {
      e.role = 'from';
      continue;
    }
    if (FROM_WORDS.test(before)) e.role = 'from';
    else if (/(?:^|\s)(?:den(?:\s+het)?|toi)\s+(?:ngay\s+)?$/.test(before)) e.role = 'to';
    else if (/(?:^|\s)truoc\s+(?:ngay\s+)?$/.test(before) && !e.day) e.role = 'before';
    else if (DUE_WORDS.test(before)) e.role = 'due';
    else e.role = 'in';
  }
}

// ---------------------------------------------------------------- recurrence & continuity

const UNIT_PERIOD: Record<string, Period> = { tuan: 'week', thang: 'month', quy: 'quarter', nam: 'year' };

function periodFromMonths(n: number): Period | null {
  return ({ 1: 'month', 3: 'quarter', 6: 'half_year', 12: 'year' } as Record<number, Period>)[n] ?? null;
}

/** n times per m units, e.g. 1 lần/1 tuần, 2 lần/năm, 1 lần/6 tháng. */
function periodFromFrequency(times: number, count: number, unit: string): Period | null {
  if (times < 1 || count < 1) return null;
  if (unit === 'tuan') return times === 1 && count === 1 ? 'week' : null;
  const months = (unit === 'nam' ? 12 : unit === 'quy' ? 3 : 1) * count;
  if (months % times !== 0) return null;
  return periodFromMonths(months / times);
}

interface Recurrence {
  every: Period | null;
  reason?: string;
}

function findRecurrence(s: string): Recurrence | null {
  let m = /(\d+|mot|hai)\s*lan\s*(?:\/|tren|trong|moi|mot|each)\s*(\d+|mot)?\s*(tuan|thang|quy|nam)/.exec(s);
  if (m) {
    const times = numberToken(m[1]) ?? 1;
    const count = m[2] ? (numberToken(m[2]) ?? 1) : 1;
    const every = periodFromFrequency(times, count, m[3]);
    return every ? { every } : { every: null, reason: `tần suất "${m[0]}" chưa được hỗ trợ` };
  }
  m = /(?:dinh ky\s+)?(\d{1,2}|ba|sau|mot)\s+thang\s*(?:\/\s*|mot\s+)lan/.exec(s) ?? /dinh ky\s+(\d{1,2}|ba|sau|mot)\s+thang/.exec(s);
  if (m) {
    const every = periodFromMonths(numberToken(m[1]) ?? 0);
    return every ? { every } : { every: null, reason: `chu kỳ "${m[0]}" chưa được hỗ trợ` };
  }
  m = /(?:hang|moi)\s+(tuan|thang|quy|nam)(?!\s+\d{4})/.exec(s) ?? /dinh ky\s+(?:hang\s+|moi\s+)?(tuan|thang|quy|nam)(?!\s+\d{4})/.exec(s);
  if (m) return { every: UNIT_PERIOD[m[1]] };
  if (/(?:hang|moi)\s+(?:6|sau)\s+thang/.test(s)) return { every: 'half_year' };
  if (/dinh ky/.test(s)) return { every: null };
  return null;
}

// ---------------------------------------------------------------- day in the period

/** "ngày 20 (của) tháng cuối quý", "ngày 15 tháng đầu quý sau", "ngày 20 tháng cuối năm". */
const DAY_OF_PERIOD_MONTH = /(?:^|\s)ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+(cuoi|dau)\s+(?:cua\s+)?(quy|nam|ky)(\s+(?:sau|tiep theo|ke tiep))?(?=\s|$)/;
/** A bare "ngày 20" beside a monthly recurrence ("hằng tháng, trước ngày 20", "trước ngày 10 hằng tháng"). */
const DAY_OF_MONTH = /(?:^|\s)ngay\s+(\d{1,2})(?!\s*[/.-]\s*\d)(?!\s+thang\s+\d)(?=\s|$)/;

interface PeriodDayFound {
  at: PeriodDay;
  /** The period the words imply ("tháng cuối quý" → quarter); null when only the recurrence says. */
  every: Period | null;
}

function findPeriodDay(s: string): PeriodDayFound | null {
  let m = DAY_OF_PERIOD_MONTH.exec(s);
  if (m) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) return null;
    const every: Period | null = m[3] === 'quy' ? 'quarter' : m[3] === 'nam' ? 'year' : null;
    return { at: { day, month: m[4] ? 'next' : m[2] === 'cuoi' ? 'last' : 'first' }, every };
  }
  m = DAY_OF_MONTH.exec(s);
  if (m) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) return null;
    return { at: { day, month: null }, every: null };
  }
  return null;
}

/** The first deadline on or after `from` of a recurrence that falls on `at` in each period. */
export function firstDueOnOrAfter(from: LocalDate, every: Period, at: PeriodDay): LocalDate {
  let p = periodContaining(from, every);
  for (let k = 0; k < 4; k++) {
    const due = dueInPeriod(p, every, at);
    if (due >= from) return due;
    p = periodContaining(addDays(p.due, 1), every);
  }
  return dueInPeriod(p, every, at);
}

const CONTINUOUS = /thuong xuyen|lien tuc|hang ngay|moi ngay|suot nhiem ky|ca nhiem ky/;
const VAGUE: [RegExp, string][] = [
  [/(?:^|\s)(?:som|ngay lap tuc|lap tuc|khan truong)(?:\s|$)/, 'chỉ nói "sớm/ngay" mà không có ngày cụ thể'],
  [/kip thoi/, '"kịp thời" không chỉ ra ngày cụ thể'],
  [
    /khi co yeu cau|theo yeu cau|theo chi dao|khi can thiet|theo ke hoach|theo quy dinh|theo lo trinh/,
    'thời hạn phụ thuộc yêu cầu/kế hoạch khác, không có ngày cụ thể',
  ],
  [/(?:^|\s)dau\s+(?:thang|nam|quy)|giua\s+(?:thang|nam|quy)/, '"đầu/giữa kỳ" không có ngày kết thúc xác định'],
];

// ---------------------------------------------------------------- relative to events

interface Relative {
  offset: number;
  workingDays: boolean;
  eventText: string;
  eventFrom: number;
}

const NUM = '(\\d{1,3}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)';
const UNIT = '(ngay(?:\\s+lam viec)?|tuan)';
const EVENT_LEAD = '(?:khi\\s+)?(?:(?:ket thuc|dien ra|to chuc|khai mac|be mac|ban hanh|co)\\s+)?';
const EVENT_STOP = /\s+(?:hoan thanh|cham nhat|truoc ngay|va\s|nhung|song)|$/;

const N_AFTER_EVENT = new RegExp(`${NUM}\\s+${UNIT}\\s+(?:sau|ke tu|tinh tu)\\s+(?:ngay\\s+)?${EVENT_LEAD}(.+)`);
const N_BEFORE_EVENT = new RegExp(`${NUM}\\s+${UNIT}\\s+truoc\\s+(?:ngay\\s+)?${EVENT_LEAD}(.+)`);
const BEFORE_EVENT_N = new RegExp(`truoc\\s+${EVENT_LEAD}(.+?)\\s+${NUM}\\s+${UNIT}(?!\\s*(?:sau|truoc))`);
const AFTER_EVENT_N = new RegExp(`sau\\s+${EVENT_LEAD}(.+?)\\s+${NUM}\\s+${UNIT}(?!\\s*(?:sau|truoc))`);

function offsetOf(numTok: string, unit: string): { days: number; working: boolean } | null {
  const n = numberToken(numTok);
  if (n === null) return null;
  if (unit === 'tuan') return { days: 7 * n, working: false };
  return { days: n, working: unit.includes('lam viec') };
}

function findRelative(s: string): Relative | null {
  // Every offset is counted in ngày or tuần: skip the four patterns when neither occurs.
  if (!s.includes('ngay') && !s.includes('tuan')) return null;
  const after = N_AFTER_EVENT.exec(s);
  const beforeA = N_BEFORE_EVENT.exec(s);
  const beforeB = BEFORE_EVENT_N.exec(s);
  const afterB = AFTER_EVENT_N.exec(s);
  let rel: Relative | null = null;
  if (after) {
    const o = offsetOf(after[1], after[2]);
    if (o) rel = { offset: o.days, workingDays: o.working, eventText: after[3], eventFrom: after.index + after[0].length - after[3].length };
  } else if (beforeA) {
    const o = offsetOf(beforeA[1], beforeA[2]);
    if (o) rel = { offset: -o.days, workingDays: o.working, eventText: beforeA[3], eventFrom: beforeA.index + beforeA[0].length - beforeA[3].length };
  } else if (beforeB) {
    const o = offsetOf(beforeB[2], beforeB[3]);
    if (o) rel = { offset: -o.days, workingDays: o.working, eventText: beforeB[1], eventFrom: s.indexOf(beforeB[1], beforeB.index) };
  } else if (afterB) {
    const o = offsetOf(afterB[2], afterB[3]);
    if (o) rel = { offset: o.days, workingDays: o.working, eventText: afterB[1], eventFrom: s.indexOf(afterB[1], afterB.index) };
  }
  if (!rel) return null;
  const stop = EVENT_STOP.exec(rel.eventText);
  rel.eventText = rel.eventText.slice(0, stop ? stop.index : undefined).trim();
  return rel.eventText ? rel : null;
}

/** The event is the document itself being issued or signed: "ban hành Kế hoạch", "ký", "ban hành", "ban hành văn bản này". */
const DOCUMENT_EVENT =
  /^(?:ngay\s+)?(?:(?:ban hanh|ky(?: ban hanh)?)(?:\s+(?:ke hoach|chuong trinh|van ban|thong bao|ket luan|huong dan))?(?:\s+nay)?|(?:ke hoach|chuong trinh|van ban|thong bao|ket luan|huong dan)(?:\s+nay)?|ky)$/;

function eventList(ctx: ParseContext): NamedDate[] {
  if (!ctx.events) return [];
  if (Array.isArray(ctx.events)) return ctx.events;
  return Object.entries(ctx.events).map(([name, date]) => ({ name, date }));
}

/**
 * The context event the phrase refers to: the longest event name found in the phrase wins;
 * failing that, a generic mention ("đại hội") that begins exactly one event's name.
 */
function matchEvent(s: string, eventText: string, ctx: ParseContext): NamedDate | null {
  const events = eventList(ctx)
    .map((e) => ({ e, key: foldKey(e.name) }))
    .filter((x) => x.key.length > 0);
  let best: { e: NamedDate; key: string } | null = null;
  for (const x of events) {
    if (s.includes(x.key) && (!best || x.key.length > best.key.length)) best = x;
  }
  if (best) return best.e;
  const mention = eventText.trim();
  const prefixed = events.filter((x) => x.key.startsWith(mention) || mention.startsWith(x.key));
  return prefixed.length === 1 ? prefixed[0].e : null;
}

function addWorkingDays(date: LocalDate, n: number, holidays: Set<LocalDate>): LocalDate {
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = date;
  while (left > 0) {
    d = addDays(d, step);
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6 && !holidays.has(d)) left--;
  }
  return d;
}

export function applyOffset(date: LocalDate, event: { offsetDays: number; workingDays?: boolean }, holidays: Iterable<LocalDate> = []): LocalDate {
  return event.workingDays ? addWorkingDays(date, event.offsetDays, new Set(holidays)) : addDays(date, event.offsetDays);
}

// ---------------------------------------------------------------- assembly

function latest(dates: LocalDate[]): LocalDate | null {
  return dates.reduce<LocalDate | null>((acc, d) => maxDate(acc, d), null);
}

function earliest(dates: LocalDate[]): LocalDate | null {
  return dates.reduce<LocalDate | null>((acc, d) => minDate(acc, d), null);
}

interface Bounds {
  start: LocalDate | null;
  due: LocalDate | null;
}

/** Start/due implied by the expressions: từ X → start, đến/trước/chậm nhất Y → due, spans → both. */
function boundsOf(exprs: Expr[]): Bounds {
  const starts: LocalDate[] = [];
  const dues: LocalDate[] = [];
  for (const e of exprs) {
    if (e.role === 'from') starts.push(e.start);
    else if (e.role === 'before') dues.push(addDays(e.start, -1));
    else if (e.role === 'due' || e.role === 'to') dues.push(e.end);
    else {
      starts.push(e.start);
      dues.push(e.end);
    }
  }
  return { start: earliest(starts), due: latest(dues) };
}

function fromDates(exprs: Expr[]): Schedule {
  const ranged = exprs.some((e) => e.role === 'from') && exprs.some((e) => e.role === 'to' || e.role === 'due' || e.role === 'before');
  if (ranged) {
    const b = boundsOf(exprs);
    if (b.start && b.due && b.due < b.start) return unknown('ngày kết thúc trước ngày bắt đầu');
    return schedule('window', b);
  }
  if (exprs.every((e) => e.role === 'from')) return schedule('from', { start: earliest(exprs.map((e) => e.start)) });

  const deadlines = exprs.filter((e) => e.role !== 'in' || e.day);
  const windows = exprs.filter((e) => e.role === 'in' && !e.day);
  if (deadlines.length > 0) {
    // Several clauses in one phrase: the task is due at the latest one.
    const due = latest(deadlines.map((e) => (e.role === 'before' ? addDays(e.start, -1) : e.end)));
    const start = windows.length > 0 ? earliest(windows.map((e) => e.start)) : null;
    if (start && due && start <= due) return schedule('window', { start, due });
    return schedule('date', { due });
  }
  return schedule('window', { start: earliest(windows.map((e) => e.start)), due: latest(windows.map((e) => e.end)) });
}

export function cleanPhrase(phrase: string): { text: string; folded: Folded; s: string } {
  const text = phrase ?? '';
  const folded = fold(text);
  return { text, folded, s: blankPunctuation(folded.s) };
}

/** Parses one deadline phrase. Pure and synchronous; never throws on user text. */
export function parseDeadline(phrase: string | null | undefined, ctx: ParseContext = {}): Schedule {
  const { text, folded, s } = cleanPhrase(phrase ?? '');
  if (s.trim() === '') return unknown('chưa ghi thời hạn');

  const rel = findRelative(s);
  const scanText = rel ? s.slice(0, rel.eventFrom) + ' '.repeat(rel.eventText.length) + s.slice(rel.eventFrom + rel.eventText.length) : s;
  const scan = scanExpressions(scanText, ctx);
  if (scan.errors.length > 0) return unknown(scan.errors[0].reason);

  if (rel) {
    // "5 ngày sau ngày 10/7/2025": the event is itself a date.
    const eventScan = scanExpressions(rel.eventText, ctx);
    const fixed = eventScan.exprs.find((e) => e.day);
    if (eventScan.errors.length > 0) return unknown(eventScan.errors[0].reason);
    if (fixed) return schedule('date', { due: applyOffset(fixed.start, { offsetDays: rel.offset, workingDays: rel.workingDays }, ctx.holidays) });

    // "kể từ ngày ban hành (Kế hoạch)", "kể từ ngày ký": the document's own issue date.
    const matched = DOCUMENT_EVENT.test(rel.eventText.trim()) ? { name: 'ngày ban hành văn bản', date: ctx.issued ?? null } : matchEvent(s, rel.eventText, ctx);
    const name = matched?.name ?? originalSpan(text, folded, rel.eventFrom, rel.eventFrom + rel.eventText.length);
    const event = rel.workingDays ? { name, offsetDays: rel.offset, workingDays: true } : { name, offsetDays: rel.offset };
    const computed = matched?.date ? applyOffset(matched.date, event, ctx.holidays) : null;
    const cap = scan.exprs.length > 0 ? boundsOf(scan.exprs).due : null;
    return schedule('relative', { due: minDate(computed, cap), event });
  }

  const periodDay = scan.exprs.length === 0 ? findPeriodDay(scanText) : null;
  const recurrence = findRecurrence(s) ?? (periodDay?.every ? { every: periodDay.every } : null);
  if (recurrence) {
    if (recurrence.reason) return unknown(recurrence.reason);
    // A day in each period: "trước ngày 10 hằng tháng", "chậm nhất ngày 20 của tháng cuối quý".
    // A bare day only fits a monthly recurrence (which month of a quarter would it be?).
    const every = recurrence.every ?? periodDay?.every ?? null;
    if (periodDay && every && every !== 'week' && (periodDay.at.month !== null || every === 'month') && !(periodDay.every && periodDay.every !== every)) {
      const due = ctx.issued ? firstDueOnOrAfter(ctx.issued, every, periodDay.at) : null;
      return schedule('recurring', { every, due, at: periodDay.at });
    }
    const b = boundsOf(scan.exprs);
    return schedule('recurring', { every: recurrence.every, start: b.start, due: b.due });
  }
  if (CONTINUOUS.test(s)) {
    const b = scan.exprs.length > 0 ? boundsOf(scan.exprs) : { start: null, due: null };
    return schedule('continuous', b);
  }
  if (scan.exprs.length > 0) {
    const vagueEdge = /(?:^|\s)(?:dau|giua)\s+$/;
    for (const e of scan.exprs) {
      if (e.role !== 'from' && vagueEdge.test(scan.s.slice(Math.max(0, e.from - 6), e.from))) return unknown('"đầu/giữa kỳ" không có ngày kết thúc xác định');
    }
    const cuoi = scan.exprs.filter((e) => /(?:^|\s)cuoi\s+$/.test(scan.s.slice(Math.max(0, e.from - 6), e.from)) && !e.day);
    if (cuoi.length > 0 && cuoi.length === scan.exprs.length) return schedule('date', { due: latest(cuoi.map((e) => e.end)) });
    return fromDates(scan.exprs);
  }
  for (const [re, reason] of VAGUE) if (re.test(s)) return unknown(reason);
  if (/\d{1,2}\s*[/.-]\s*\d{1,2}/.test(s)) return unknown('ngày ghi không đầy đủ hoặc không hợp lệ');
  return unknown('không tìm thấy ngày, tháng, quý, năm hay chu kỳ nào trong cụm từ');
}
