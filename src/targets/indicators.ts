/**
 * The indicator reader: a chỉ tiêu's text → the measurable goals it sets. Pure.
 *
 * A target is one sentence of the program ("Tỷ lệ lao động đã qua đào tạo đến năm 2030 đạt
 * trên 90%, trong đó … có bằng cấp, chứng chỉ đạt trên 70%"). It may set several goals, each a
 * number with a comparator and a unit, or a state to reach ("Phường không còn hộ nghèo"). The
 * reader works on the folded text (lowercase, no diacritics, one space), so "Trên 90 %",
 * "tren 90%" and a PDF's decomposed diacritics read the same; units are cut from the
 * original text so they come out as written.
 *
 * What the genre writes, and how it is read:
 * - comparators before the number: "trên" (>), "từ … trở lên", "ít nhất", "tối thiểu",
 *   "không dưới" (≥), "dưới" (<), "không quá", "tối đa" (≤), "giảm … xuống dưới" (<),
 *   "giảm … còn / xuống" (≤); after it: "trở lên" (≥), "trở xuống" (≤). A bare "đạt 100%" is
 *   exact (=); any other bare figure is a floor (≥) — a program's goals are minimums.
 * - numbers the Vietnamese way: decimal comma "17,7", thousands dot "1.200". A figure that
 *   reads two ways ("1,200": 1.2 or 1200?) or a range ("10-15%") is `unknown`, not a guess.
 * - frequency and horizon: "hằng năm", "mỗi năm", "/năm", "bình quân hằng năm" (per year);
 *   "trong nhiệm kỳ", "giai đoạn 2025-2030" alone (per term); "đến năm 2030" (by);
 *   "so với năm 2025" (baseline). A later goal of the same target inherits what an earlier
 *   one said ("Hằng năm có từ 95% hộ …; có 90% khu phố …").
 * - a clause with no figure that names a state to reach ("đạt …", "duy trì …", "không còn …",
 *   "vượt chỉ tiêu tỉnh giao") is `qualitative`, judged đạt / không đạt by the office.
 */
import { fold, originalSpan, type Folded } from '../deadlines/text';

export type Comparator = '>' | '>=' | '=' | '<' | '<=';
export type IndicatorKind = 'quantitative' | 'qualitative' | 'unknown';
export type IndicatorPer = 'year' | 'term';

export interface Indicator {
  comparator: Comparator | null;
  value: number | null;
  unit: string | null;
  per: IndicatorPer | null;
  by: number | null;
  baselineYear: number | null;
  kind: IndicatorKind;
  reason: string | null;
}

/** An indicator with the words of the target it was read from, for pages and reports. */
export interface ReadIndicator extends Indicator {
  label: string;
}

interface Context {
  per: IndicatorPer | null;
  by: number | null;
  baselineYear: number | null;
}

/** A figure in the text: where it is, what it says, and whether it reads one way only. */
interface Figure {
  start: number;
  end: number; // after the number (and "%")
  raw: string;
  value: number | null;
  percent: boolean;
  ambiguous: string | null;
}

const PER_YEAR = /\b(?:hang nam|moi nam|nam nao cung|binh quan (?:hang |moi )?nam)\b|\/ ?nam\b/;
const PER_TERM = /\b(?:nhiem ky|ca giai doan|giai doan \d{4} ?[-–] ?\d{4}|giai doan \d{4} ?den ?\d{4}|5 nam)\b/;
const BY_YEAR = /\b(?:den|toi|vao|truoc|den het|den cuoi|het) (?:nam |het nam |cuoi nam )?((?:19|20)\d{2})\b/;
const BASELINE = /\bso voi (?:nam |cuoi nam |dau nam |ket qua nam |ket qua thuc hien nam )?((?:19|20)\d{2})\b/;
const NUMBER = /\d+(?:[.,]\d+)*/g;
/** Words that end a unit: verbs, prepositions, frequency and comparator words. */
const UNIT_STOP = new Set(
  'tro duoc dat co trong hang so vao theo tai cua va la tu den tren duoi voi tang giam tro len xuong khong it nhat toi thieu toi da tham gia thuoc nam tai thi de ve nhu'.split(
    ' ',
  ),
);
const TIME_UNITS = /^ ?(?:nam|thang|ngay|tuan|quy|gio)\b/;
const GOAL_VERB =
  /\b(?:dat|duy tri|giu vung|khong con|khong de|khong co|khong xay ra|hoan thanh|duoc cong nhan|cong nhan|vuot|tro thanh|xay dung|bao dam|dam bao|nang cao|phan dau|thuc hien|chuan)\b/;
const NUMBER_WORDS =
  /\b(?:hai con so|mot con so|gap doi|gap ba|gap (?:hai|ba|bon|nam) lan|mot nua|(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) (?:phan tram|trieu|ty|nghin|ngan|tram))\b/;

/** Reads a target's text into its indicators; never an empty list. */
export function readIndicators(text: string): ReadIndicator[] {
  const f = fold(text.normalize('NFC'));
  if (!/[a-z0-9]/.test(f.s)) return [unknownOf('', 'Chỉ tiêu không có nội dung')];
  const out: ReadIndicator[] = [];
  let ctx: Context = { per: null, by: null, baselineYear: null };
  for (const clause of clauses(text, f)) {
    const segs = segments(f.s, clause.start, clause.end);
    for (const seg of segs) {
      const here = contextOf(f.s.slice(seg.start, seg.end));
      ctx = {
        per: here.per ?? ctx.per,
        by: here.by ?? ctx.by,
        baselineYear: here.baselineYear ?? (here.by !== null ? null : ctx.baselineYear),
      };
      out.push(...readSegment(text, f, seg.start, seg.end, ctx));
    }
  }
  return out.length > 0 ? out : [unknownOf(originalSpan(text, f, 0, f.s.length), 'Không thấy mức cần đạt')];
}

/** The public shape of an indicator, without the label. */
export function indicatorView(i: Indicator): Indicator {
  return {
    comparator: i.comparator,
    value: i.value,
    unit: i.unit,
    per: i.per,
    by: i.by,
    baselineYear: i.baselineYear,
    kind: i.kind,
    reason: i.reason,
  };
}

interface Span {
  start: number;
  end: number;
}

/** Clauses: split at ";", at a sentence's end, and before "trong đó" (a sub-goal). */
function clauses(text: string, f: Folded): Span[] {
  const s = f.s;
  const cuts: number[] = [];
  const re = /;|\.(?=\s|$)|,?\s(?=trong do\b)|,?\s(?=rieng\b)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const at = m.index + m[0].length;
    // "trong đó" (of which) opens a sub-goal; "trong độ tuổi" folds alike and does not.
    if (s.startsWith('trong do', at) && !/^trong (?:đó|do)$/i.test(words(text, f, at, at + 8).normalize('NFC'))) continue;
    cuts.push(m.index, at);
  }
  const spans: Span[] = [];
  let at = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    spans.push({ start: at, end: cuts[k] });
    at = cuts[k + 1];
  }
  spans.push({ start: at, end: s.length });
  return spans.map(trimSpan(s)).filter((x) => x.end > x.start);
}

function trimSpan(s: string) {
  return (x: Span): Span => {
    let { start, end } = x;
    while (start < end && /[\s,:\-–]/.test(s[start])) start++;
    while (end > start && /[\s,:\-–]/.test(s[end - 1])) end--;
    return { start, end };
  };
}

/**
 * A clause with two goal figures is two goals ("… được 46 đảng viên/năm, trong nhiệm kỳ …
 * 230 đảng viên trở lên"): it is cut at the last comma (or "và") between the figures, so
 * each keeps its own frequency and horizon.
 */
function segments(s: string, start: number, end: number): Span[] {
  const figures = goalFigures(s, start, end);
  if (figures.length < 2) return [{ start, end }];
  const spans: Span[] = [];
  let at = start;
  for (let k = 1; k < figures.length; k++) {
    const between = s.slice(figures[k - 1].end, figures[k].start);
    const comma = Math.max(between.lastIndexOf(','), between.lastIndexOf(' va '));
    if (comma < 0) continue; // "từ 10 đến 15%": one goal, read as a range below
    const cut = figures[k - 1].end + comma;
    spans.push({ start: at, end: cut });
    at = cut + (s.startsWith(' va ', cut) ? 4 : 1);
  }
  spans.push({ start: at, end });
  return spans.map(trimSpan(s)).filter((x) => x.end > x.start);
}

function contextOf(seg: string): Context {
  const by = BY_YEAR.exec(seg);
  const base = BASELINE.exec(seg);
  const per: IndicatorPer | null = PER_YEAR.test(seg) ? 'year' : PER_TERM.test(seg) ? 'term' : null;
  return { per, by: by ? Number(by[1]) : null, baselineYear: base ? Number(base[1]) : null };
}

/** Figures that state a goal: not years, not durations, not document numbers or dates. */
function goalFigures(s: string, start: number, end: number): Figure[] {
  const out: Figure[] = [];
  const seg = s.slice(start, end);
  NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER.exec(seg))) {
    const at = start + m.index;
    let stop = at + m[0].length;
    const before = s.slice(Math.max(0, at - 24), at);
    const after = s.slice(stop, stop + 16);
    const pct = /^ ?(%|phan tram\b)/.exec(after);
    if (pct) stop += pct[0].length;
    else {
      if (/^\d{4}$/.test(m[0]) && Number(m[0]) >= 1900 && Number(m[0]) <= 2100) continue; // a year
      if (/(?:\bso|\bkhoa|\blan thu|\bthu|\bdieu|\bkhoan|\bmuc|\/) ?$/.test(before)) continue; // "Nghị quyết số 15", "khóa XIV"
      if (/^(?:\/\d|-\d{1,2}-\d{4})/.test(after) && /^\d{1,2}$/.test(m[0])) continue; // a date "10/8", "10-8-2025"
      if (TIME_UNITS.test(after) && !/^ ?nam (?:qua|nay|truoc)/.test(after)) continue; // "trong 5 năm": a duration
    }
    const parsed = vietnameseNumber(m[0]);
    out.push({ start: at, end: stop, raw: m[0], value: parsed.value, percent: !!pct, ambiguous: parsed.ambiguous });
  }
  return out;
}

/** "17,7" → 17.7, "1.200" → 1200, "1.234.567,5" → 1234567.5; "1,200" reads two ways. */
export function vietnameseNumber(raw: string): { value: number | null; ambiguous: string | null } {
  if (/^\d+$/.test(raw)) return { value: Number(raw), ambiguous: null };
  const dots = raw.split('.').length - 1;
  const commas = raw.split(',').length - 1;
  if (dots > 0 && commas > 0) {
    // Vietnamese: dots group thousands, a single comma starts the decimals.
    const m = /^(\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(raw);
    if (m) return { value: Number(m[1].replace(/\./g, '') + '.' + m[2]), ambiguous: null };
    const e = /^(\d{1,3}(?:,\d{3})+)\.(\d+)$/.exec(raw);
    if (e) return { value: Number(e[1].replace(/,/g, '') + '.' + e[2]), ambiguous: null }; // English, unmistakable
    return { value: null, ambiguous: 'Số viết không rõ' };
  }
  if (commas === 1) {
    const [int, dec] = raw.split(',');
    // "1,200" may be 1.2 (Vietnamese) or 1200 (English); "0,125" and "17,75" cannot be thousands.
    if (dec.length === 3 && int !== '0')
      return { value: null, ambiguous: `Số "${raw}" đọc được hai cách: ${int},${dec.replace(/0+$/, '')} hoặc ${int}.${dec}` };
    return { value: Number(`${int}.${dec}`), ambiguous: null };
  }
  if (commas > 1) {
    if (/^\d{1,3}(?:,\d{3})+$/.test(raw)) return { value: Number(raw.replace(/,/g, '')), ambiguous: null };
    return { value: null, ambiguous: 'Số viết không rõ' };
  }
  if (/^\d{1,3}(?:\.\d{3})+$/.test(raw)) return { value: Number(raw.replace(/\./g, '')), ambiguous: null };
  if (dots === 1) return { value: Number(raw), ambiguous: null }; // "2.5": a decimal point from a keyboard or OCR
  return { value: null, ambiguous: 'Số viết không rõ' };
}

function readSegment(text: string, f: Folded, start: number, end: number, ctx: Context): ReadIndicator[] {
  const s = f.s;
  const seg = s.slice(start, end);
  const label = words(text, f, start, end);
  const figures = goalFigures(s, start, end);
  if (figures.length === 0) {
    if (NUMBER_WORDS.test(seg)) return [{ ...unknownOf(label, 'Mức cần đạt viết bằng chữ'), ...ctx }];
    if (GOAL_VERB.test(seg)) return [{ ...qualitative(label), ...ctx }];
    return [{ ...unknownOf(label, 'Không thấy mức cần đạt'), ...ctx }];
  }
  const first = figures[0];
  // "từ 10 đến 15%", "10-15%", "10 - 15%": a range, not one goal.
  if (figures.length >= 2) {
    const between = s.slice(first.end, figures[1].start);
    if (/^ ?(?:%|phan tram)? ?(?:[-–]|den|toi) ?$/.test(between)) {
      return [{ ...unknownOf(label, 'Chỉ tiêu là một khoảng giá trị'), ...ctx }];
    }
  }
  if (first.ambiguous) return [{ ...unknownOf(label, first.ambiguous), ...ctx }];
  const before = s.slice(start, first.start);
  if (/\b(?:khoang|gan|xap xi|chung)\s*$/.test(before)) {
    return [{ ...unknownOf(label, 'Mức cần đạt là số ước lượng'), ...ctx }];
  }
  const unitEnd = { at: first.end };
  const unit = first.percent ? '%' : unitAfter(text, f, first.end, end, unitEnd);
  const tail = s.slice(first.percent ? first.end : unitEnd.at, end);
  const comparator = comparatorOf(before, tail, first, seg);
  const out: ReadIndicator[] = [
    {
      comparator,
      value: first.value,
      unit,
      per: ctx.per,
      by: ctx.by,
      baselineYear: ctx.baselineYear,
      kind: 'quantitative',
      reason: null,
      label,
    },
  ];
  // "… từ 10% trở lên và vượt chỉ tiêu tỉnh giao": a second, qualitative goal after the figure.
  const more = /(?:,|\bva\b|\bdong thoi\b)\s*((?:va|dong thoi)\s+)?(vuot|dat|duy tri|giu vung|khong con|khong de|duoc cong nhan)\b/.exec(tail);
  if (more) {
    const from = (first.percent ? first.end : unitEnd.at) + more.index;
    const at = from + more[0].length - more[2].length;
    const rest = s.slice(first.percent ? first.end : unitEnd.at, from);
    // Only when the figure's own phrase has ended ("trở lên", or nothing but the unit's noun).
    if (/^\s*(?:[a-z ]{0,40}?\btro (?:len|xuong))?\s*$/.test(rest)) {
      out[0].label = words(text, f, start, from);
      out.push({ ...qualitative(words(text, f, at, end)), ...ctx });
    }
  }
  return out;
}

function comparatorOf(before: string, tail: string, fig: Figure, seg: string): Comparator {
  const b = before.trimEnd() + ' ';
  // The phrase just after the figure and its noun, up to the next verb or punctuation.
  const near = /^[^,;]*?(?=\b(?:duoc|dat|va|co|la|tai|theo)\b|[,;]|$)/.exec(tail)?.[0] ?? '';
  const up = /\btro len\b/.test(near) || /^\s*(?:%\s*)?tro len\b/.test(tail);
  const down = /\btro xuong\b/.test(near) || /^\s*(?:%\s*)?tro xuong\b/.test(tail);
  if (/\bxuong (?:duoi|thap hon) $/.test(b)) return '<';
  if (/\b(?:xuong con|xuong|con|xuong muc) $/.test(b) && /\bgiam\b/.test(seg)) return '<=';
  if (/\b(?:khong qua|khong vuot qua|khong vuot|toi da|khong cao hon|khong lon hon|khong nhieu hon|nho hon hoac bang) $/.test(b)) return '<=';
  if (/\b(?:khong duoi|khong it hon|khong thap hon|it nhat|toi thieu|lon hon hoac bang) $/.test(b)) return '>=';
  if (/\b(?:duoi|thap hon|it hon|nho hon) $/.test(b)) return down ? '<=' : '<';
  if (/\b(?:tren|hon|cao hon|lon hon|nhieu hon|vuot) $/.test(b)) return '>';
  if (up) return '>=';
  if (down) return '<=';
  if (/\btu $/.test(b)) return '>=';
  if (fig.percent && fig.value === 100) return '=';
  return '>=';
}

/**
 * The unit after a figure, as written: "1.200 lượt lao động trở lên" → "lượt lao động",
 * "75 triệu đồng/người/năm" → "triệu đồng/người". Up to four words, ending at punctuation, a
 * verb or a preposition; "/năm" is the frequency, not the unit.
 */
function unitAfter(text: string, f: Folded, from: number, end: number, unitEnd: { at: number }): string | null {
  const s = f.s;
  let at = from;
  let count = 0;
  let last = from;
  const re = /\s*(\/\s*)?([a-z]+)/y;
  while (at < end && count < 5) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m || m.index + m[0].length > end) break;
    const w = m[2];
    if (m[1]) {
      if (/^(?:nam|thang|quy|nhiem)$/.test(w)) break; // "/năm": the frequency
      if (count === 0) break;
    } else if (UNIT_STOP.has(w)) break;
    // "mỗi năm" ends a unit, "đảng viên mới" does not: the two fold alike.
    else if (w === 'moi' && /^mỗi$/i.test(words(text, f, at, m.index + m[0].length).normalize('NFC'))) break;
    count++;
    at = m.index + m[0].length;
    last = at;
  }
  unitEnd.at = last;
  if (last === from) return null;
  return originalSpan(text, f, from, last)
    .replace(/^\s+/, '')
    .replace(/\s*\/\s*/g, '/');
}

/** The original words of a folded span, without the spaces at its ends. */
function words(text: string, f: Folded, start: number, end: number): string {
  while (end > start && f.s[end - 1] === ' ') end--;
  while (start < end && f.s[start] === ' ') start++;
  return originalSpan(text, f, start, end);
}

function qualitative(label: string): ReadIndicator {
  return { comparator: null, value: null, unit: null, per: null, by: null, baselineYear: null, kind: 'qualitative', reason: null, label };
}

function unknownOf(label: string, reason: string): ReadIndicator {
  return { comparator: null, value: null, unit: null, per: null, by: null, baselineYear: null, kind: 'unknown', reason, label };
}
