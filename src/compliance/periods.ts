/**
 * Report periods of a compliance summary, as Vietnamese reports name them: tháng, quý,
 * 6 tháng, 9 tháng, năm. Pure.
 */
import { LocalDate, addDays, endOfMonth, parts, ymd } from '../deadlines/calendar';

export const SUMMARY_PERIODS = ['month', 'quarter', 'half', 'nine_months', 'year'] as const;
export type SummaryPeriod = (typeof SUMMARY_PERIODS)[number];

export interface PeriodWindow {
  kind: SummaryPeriod;
  /** First day of the period. */
  start: LocalDate;
  /** The day the summary is as of (within the period). */
  asOf: LocalDate;
  label: string;
}

/** The period of `kind` that contains `asOf`, from its first day up to `asOf`. */
export function periodWindow(kind: SummaryPeriod, asOf: LocalDate): PeriodWindow {
  const [y, m] = parts(asOf);
  switch (kind) {
    case 'month':
      return { kind, start: ymd(y, m, 1), asOf, label: `Tháng ${m}/${y}` };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      return { kind, start: ymd(y, q * 3 - 2, 1), asOf, label: `Quý ${['I', 'II', 'III', 'IV'][q - 1]}/${y}` };
    }
    case 'half':
      return m <= 6 ? { kind, start: ymd(y, 1, 1), asOf, label: `6 tháng đầu năm ${y}` } : { kind, start: ymd(y, 7, 1), asOf, label: `6 tháng cuối năm ${y}` };
    case 'nine_months':
      return { kind, start: ymd(y, 1, 1), asOf, label: `9 tháng năm ${y}` };
    case 'year':
      return { kind, start: ymd(y, 1, 1), asOf, label: `Năm ${y}` };
  }
}

/** The same kind of period before: the previous month, quarter or half; for 9 months and a year, a year earlier. */
export function previousWindow(w: PeriodWindow): PeriodWindow {
  if (w.kind === 'nine_months' || w.kind === 'year') {
    const [y, m, d] = parts(w.asOf);
    return periodWindow(w.kind, ymd(y - 1, m, Math.min(d, Number(endOfMonth(y - 1, m).slice(8)))));
  }
  return periodWindow(w.kind, addDays(w.start, -1));
}

/** The last day of the period of `kind` that starts on `start`. */
export function periodEnd(kind: SummaryPeriod, start: LocalDate): LocalDate {
  const [y, m] = parts(start);
  switch (kind) {
    case 'month':
      return endOfMonth(y, m);
    case 'quarter':
      return endOfMonth(y, m + 2);
    case 'half':
      return endOfMonth(y, m + 5);
    case 'nine_months':
      return endOfMonth(y, 9);
    case 'year':
      return endOfMonth(y, 12);
  }
}
