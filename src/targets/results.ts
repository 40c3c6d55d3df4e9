/**
 * Results of indicators: a year's status and the projection for the term. Pure.
 *
 * Rules (also printed under "Cách tính" in the reports):
 * - A year with no value is `no_data` (chưa có số liệu).
 * - Quantitative, per year or a level to reach (by a year, or no horizon): the year's value
 *   against the goal. Per term (a total over the term, "trong nhiệm kỳ kết nạp 230 đảng viên"):
 *   the sum of the yearly values so far against the share of the goal due by that year
 *   (goal × years elapsed ÷ years of the term).
 * - Met: `met` (đạt). Beyond what was asked — more than a floor written "từ/đạt … trở lên"
 *   or an exact figure, less than a ceiling written "không quá … / trở xuống" — `exceeded`
 *   (vượt). "Trên 90%" asks for more than 90, so 95 is đạt, not vượt. Otherwise `not_met`.
 * - Qualitative: the office records đạt (true) or không đạt (false).
 * - Projection to the term's end (or the indicator's own year): the trend of the recorded
 *   values (least squares over the years, the last value when there is one), a total
 *   projected at its yearly average; `likely` (có khả năng đạt) when it meets the goal,
 *   else `unlikely` (khó đạt); no values, no projection. A qualitative indicator is likely
 *   when its last recorded year was đạt.
 */
import type { Comparator, Indicator } from './indicators';

export type ResultStatus = 'met' | 'exceeded' | 'not_met' | 'no_data';
export type Projection = 'likely' | 'unlikely';

export const STATUS_LABELS: Record<ResultStatus, string> = {
  met: 'Đạt',
  exceeded: 'Vượt',
  not_met: 'Chưa đạt',
  no_data: 'Chưa có số liệu',
};
export const PROJECTION_LABELS: Record<Projection, string> = { likely: 'Có khả năng đạt', unlikely: 'Khó đạt' };

export interface Term {
  start: number;
  end: number;
}

/**
 * The years results are recorded for: the program's term ("nhiệm kỳ 2025 - 2030"); without one,
 * five years from the year it was issued (or entered).
 */
export function termOf(program: { termStart: number | null; termEnd: number | null; issuedDate: string | null; createdAt: Date | string }): Term {
  if (program.termStart && program.termEnd) return { start: program.termStart, end: program.termEnd };
  const start = program.termStart ?? Number((program.issuedDate ?? new Date(program.createdAt).toISOString()).slice(0, 4));
  return { start, end: program.termEnd ?? start + 5 };
}

/** A recorded yearly value: a number, or đạt / không đạt for a qualitative indicator. */
export interface YearValue {
  year: number;
  value: number | boolean;
}

export function satisfies(value: number, comparator: Comparator, goal: number): boolean {
  switch (comparator) {
    case '>':
      return value > goal;
    case '>=':
      return value >= goal;
    case '=':
      return value === goal || (goal !== 100 && value > goal); // an exact count reached or passed
    case '<':
      return value < goal;
    case '<=':
      return value <= goal;
  }
}

function judge(value: number, comparator: Comparator, goal: number): ResultStatus {
  if (!satisfies(value, comparator, goal)) return 'not_met';
  if ((comparator === '>=' || comparator === '=') && value > goal) return 'exceeded';
  if (comparator === '<=' && value < goal) return 'exceeded';
  return 'met';
}

/** The status of one year, given every recorded yearly value of the indicator. */
export function yearStatus(ind: Indicator, year: number, values: YearValue[], term: Term): ResultStatus {
  const own = values.find((v) => v.year === year);
  if (!own) return 'no_data';
  if (ind.kind === 'qualitative') return own.value === true ? 'met' : 'not_met';
  if (ind.kind !== 'quantitative' || ind.comparator === null || ind.value === null || typeof own.value !== 'number') return 'no_data';
  if (ind.per === 'term') {
    const sum = values.filter((v) => v.year >= term.start && v.year <= year && typeof v.value === 'number').reduce((a, v) => a + (v.value as number), 0);
    const share = Math.min(1, (year - term.start + 1) / (term.end - term.start + 1));
    return judge(sum, ind.comparator, round(ind.value * share));
  }
  return judge(own.value, ind.comparator, ind.value);
}

/** Where the indicator is heading at the term's end (or its own year). */
export function projection(ind: Indicator, values: YearValue[], term: Term): Projection | null {
  const sorted = [...values].sort((a, b) => a.year - b.year);
  if (sorted.length === 0) return null;
  if (ind.kind === 'qualitative') return sorted[sorted.length - 1].value === true ? 'likely' : 'unlikely';
  if (ind.kind !== 'quantitative' || ind.comparator === null || ind.value === null) return null;
  const nums = sorted.filter((v): v is { year: number; value: number } => typeof v.value === 'number');
  if (nums.length === 0) return null;
  const last = nums[nums.length - 1];
  if (ind.per === 'term') {
    const sum = nums.reduce((a, v) => a + v.value, 0);
    const remaining = Math.max(0, term.end - last.year);
    return satisfies(sum + (sum / nums.length) * remaining, ind.comparator, ind.value) ? 'likely' : 'unlikely';
  }
  const target = ind.by ?? term.end;
  let projected = trend(nums, target);
  if (ind.unit === '%' && ind.baselineYear === null) projected = Math.max(0, Math.min(100, projected)); // a share cannot pass 100%
  return satisfies(round(projected), ind.comparator, ind.value) ? 'likely' : 'unlikely';
}

/** Least squares through the (year, value) points, read at `year`; one point is its own value. */
export function trend(points: { year: number; value: number }[], year: number): number {
  if (points.length === 1) return points[0].value;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.year, 0) / n;
  const my = points.reduce((a, p) => a + p.value, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.year - mx) ** 2, 0);
  if (sxx === 0) return my;
  const slope = points.reduce((a, p) => a + (p.year - mx) * (p.value - my), 0) / sxx;
  return my + slope * (year - mx);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The goal as a phrase: "> 90 %", "≥ 1.200 lượt lao động/năm", "đạt / không đạt". */
export function goalText(ind: Indicator): string {
  if (ind.kind === 'qualitative') return 'Đạt / không đạt';
  if (ind.kind === 'unknown' || ind.comparator === null || ind.value === null) return 'Chưa đọc được';
  const sign = { '>': '>', '>=': '≥', '=': '=', '<': '<', '<=': '≤' }[ind.comparator];
  const unit = ind.unit === '%' ? '%' : ind.unit ? ` ${ind.unit}` : '';
  const when = [
    ind.per === 'year' ? '/năm' : ind.per === 'term' ? ' trong nhiệm kỳ' : '',
    ind.by ? ` đến năm ${ind.by}` : '',
    ind.baselineYear ? ` so với năm ${ind.baselineYear}` : '',
  ].join('');
  return `${sign} ${formatNumberVi(ind.value)}${unit}${when}`;
}

/** 1200 → "1.200", 17.7 → "17,7": numbers as the documents write them. */
export function formatNumberVi(n: number): string {
  const [int, dec] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0 ? '-' : ''}${grouped}${dec ? `,${dec}` : ''}`;
}
