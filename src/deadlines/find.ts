/**
 * Finds the deadline clause(s) inside a task's full text.
 *
 * Where Vietnamese documents put a deadline:
 *  - a parenthesis closing a sentence: "(hoàn thành trong tháng 8/2025)", "(thực hiện thường xuyên)";
 *  - inline, governed by a completion verb: "... hoàn thành xây dựng kế hoạch ... trong tháng 8/2025";
 *  - inline with words that only ever mean a deadline: "chậm nhất ...", "trước ngày ...",
 *    "N ngày sau Đại hội", "trước khi diễn ra Đại hội ... 07 ngày";
 *  - after a label: "Thời gian: quý III/2025", "Thời hạn hoàn thành: ...".
 * What is not a deadline: the date of a cited document ("Nghị quyết số 57-NQ/TW ngày
 * 22/12/2024"), the horizon of a plan or target ("Quy hoạch ... đến năm 2030"), and adverbs
 * ("thường xuyên kiểm tra").
 */
import { Folded, fold, originalSpan } from './text';
import { cleanPhrase, parseDeadline } from './parse';
import { ParseContext, Schedule } from './schedule';
import { maxDate } from './calendar';

export interface DeadlineClause {
  /** The clause as written in the text (whitespace collapsed, outer parentheses removed). */
  raw: string;
  /** Character offsets in the original text. */
  start: number;
  end: number;
  schedule: Schedule;
}

// Words that make a parenthesis (or a labelled span) a deadline rather than an aside.
const TIME_WORDS =
  /(?:^|\s)(?:hoan thanh|thuc hien|trien khai|xong|thoi gian|thoi han|han|cham nhat|truoc|trong|den|tu|vao|thuong xuyen|lien tuc|hang|moi|dinh ky|quy|thang|nam|giai doan|nhiem ky|ngay|sau|tuan)(?:\s|$)/;
const TEMPORAL =
  /thuong xuyen|lien tuc|dinh ky|(?:hang|moi)\s+(?:ngay|tuan|thang|quy|nam)|lan\s*\/|\d{1,2}\s*[/.-]\s*\d{1,2}|thang\s+\d|quy\s+(?:i|ii|iii|iv|[1-4])(?![a-z])|nam\s+\d{4}|\d{4}\s*-\s*\d{4}|ngay\s+(?:lam viec\s+)?(?:sau|truoc)|sau\s+.*\d+\s+ngay|truoc\s+.*\d+\s+ngay/;
// A parenthesis that starts like this is an aside, a citation or a name, never a deadline.
const NOT_DEADLINE_PAREN = /^(?:giai doan\s+\d+\)?$|gom|bao gom|trong do|theo|tai|so\s|kem theo|vi du|tuc|viet tat|sau day goi|nhu|chi tieu)/;
// The date of a cited document: "<kind> số 57-NQ/TW ngày 22/12/2024", "Quyết định 368/QĐ-TTg ngày ...".
const CITATION_BEFORE =
  /(?:\d+\s*[/-]\s*[a-z]{1,6}(?:\s*[/-]\s*[a-z]{1,6})*|ban hanh|ky|nghi quyet|chi thi|quyet dinh|ket luan|quy dinh|thong tu|nghi dinh|luat|so)\s*(?:ngay\s*)?$/;

const COMPLETION_VERB = /(?:^|\s)(?:hoan thanh|hoan tat|xong|ket thuc|to chuc xong|trinh|bao cao ket qua)(?=\s)/g;
const INLINE_DEADLINE =
  /(?:^|\s)((?:hoan thanh\s+)?(?:cham nhat|muon nhat|han chot|thoi han|truoc ngay|truoc khi|truoc(?=\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}))\s[^;()]*?(?=[.;()]\s|[.;()]?$)|\d{1,3}\s+ngay(?:\s+lam viec)?\s+(?:sau|truoc|ke tu)\s[^.;(),]*)/g;
const INLINE_PERIOD =
  /(?:^|\s)((?:trong|truoc|den het|den|cham nhat|vao)\s+(?:ngay\s+\d|thang\s+\d|quy\s+(?:i|ii|iii|iv|[1-4])(?![a-z])|nam\s+\d{4}|(?:\d+|sau|ba|chin)\s+thang\s+(?:dau|cuoi)\s+nam|\d{1,2}\s*[/.-]\s*\d{1,2})[^.;(),]*)/g;
// Recurrence written inline ("định kỳ hằng tháng báo cáo …", "báo cáo hằng quý"). A bare
// "hằng năm" is left out: in prose it mostly describes targets ("phấn đấu hằng năm …").
const INLINE_RECURRENCE =
  /(?:^|\s)((?:dinh ky\s+)?(?:hang|moi)\s+(?:tuan|thang|quy)|dinh ky\s+(?:hang|moi)\s+nam|dinh ky\s+\d{1,2}\s+thang(?:\s*\/\s*lan)?|dinh ky\s*\(?\s*\d{1,2}\s*lan\s*\/\s*\d{0,2}\s*(?:tuan|thang|quy|nam)\s*\)?)(?=[\s,.;]|$)/g;
const INLINE_RANGE =
  /(?:^|\s)(tu\s+(?:ngay\s+|dau\s+)?(?:thang\s+\d|quy\s+(?:i|ii|iii|iv|[1-4])(?![a-z])|nam\s+\d{4}|\d{1,2}\s*[/.-]\s*\d{1,2})[^.;()]{0,60}?\s(?:den|toi)(?:\s+het)?\s+(?:ngay\s+\d|thang\s+\d|quy\s+(?:i|ii|iii|iv|[1-4])(?![a-z])|nam\s+\d{4}|\d{1,2}\s*[/.-]\s*\d{1,2})[^.;(),]{0,20})/g;
const TRAILING_TIME =
  /[.;:]\s+((?:(?:trong|vao|truoc|den|cham nhat)\s+)?(?:quy\s+(?:i|ii|iii|iv|[1-4])(?![a-z])[^.;()]{0,12}|thang\s+\d{1,2}\s*[/.-]\s*\d{4}|nam\s+\d{4}|(?:hang|moi)\s+(?:tuan|thang|quy|nam)|thuong xuyen|dinh ky[^.;()]{0,20}))\s*\.?\s*$/;
const LABEL = /(?:^|\s)thoi (?:gian|han)(?:\s+(?:thuc hien|hoan thanh|trien khai))?\s*:\s*([^.;()]+)/g;

interface Span {
  from: number;
  to: number;
}

/** Accepted spans, kept sorted and disjoint, so a check is a binary search (long texts hold thousands). */
class Spans {
  private readonly list: Span[] = [];
  /** Index of the first span ending after `from`. */
  private firstEndingAfter(from: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid].to <= from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  overlaps(from: number, to: number): boolean {
    const i = this.firstEndingAfter(from);
    return i < this.list.length && this.list[i].from < to;
  }
  add(from: number, to: number): void {
    this.list.splice(this.firstEndingAfter(from), 0, { from, to });
  }
}

/** How far back a completion verb may govern a period: one sentence, not the whole text. */
const SENTENCE_LOOKBACK = 600;

function trimToTemporalEnd(s: string, from: number, to: number): number {
  // Stop an inline clause at the end of its last temporal expression, so trailing words
  // ("... trong tháng 8/2025 để triển khai") stay in the task text.
  const seg = s.slice(from, to);
  const re =
    /\d{4}|\d{1,2}\s*[/.-]\s*\d{1,2}|quy\s+(?:iv|iii|ii|i|[1-4])(?![a-z])|thang\s+\d{1,2}|nam\s+\d{4}|ngay(?:\s+lam viec)?\s+(?:sau|truoc)\s+[^,]*|dai hoi[^,]*|(?:hang|moi)\s+(?:tuan|thang|quy|nam)/g;
  let end = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(seg))) end = m.index + m[0].length;
  return end < 0 ? to : from + end;
}

/** Every deadline clause in `text`, in document order, each with its parsed schedule. */
export function findDeadlines(text: string, ctx: ParseContext = {}): DeadlineClause[] {
  const f: Folded = fold(text);
  const s = f.s;
  const found = new Spans();
  const clauses: DeadlineClause[] = [];

  const add = (from: number, to: number, requireKnown: boolean): void => {
    while (from < to && /[\s(]/.test(s[from])) from++;
    // A closing parenthesis stays when the clause opened it ("định kỳ (1 lần/tuần)").
    while (to > from && /[\s).,;]/.test(s[to - 1]) && !(s[to - 1] === ')' && s.slice(from, to).split('(').length > s.slice(from, to).split(')').length - 1))
      to--;
    if (to <= from || found.overlaps(from, to)) return;
    const raw = originalSpan(text, f, from, to);
    const sched = parseDeadline(raw, ctx);
    if (requireKnown && sched.kind === 'unknown') return;
    found.add(from, to);
    clauses.push({ raw, start: f.map[from], end: f.map[to - 1] + 1, schedule: sched });
  };

  // 1. Parentheses.
  const paren = /\(([^()]{2,160})\)/g;
  let m: RegExpExecArray | null;
  while ((m = paren.exec(s))) {
    const inner = m[1].trim();
    if (NOT_DEADLINE_PAREN.test(inner)) continue;
    if (!TIME_WORDS.test(' ' + cleanPhrase(inner).s + ' ') || !TEMPORAL.test(inner)) continue;
    if (CITATION_BEFORE.test(s.slice(Math.max(0, m.index - 40), m.index + 1 + inner.indexOf(inner.trim())))) continue;
    // "(i5)", "(giai đoạn 3)": numbering, not time.
    add(m.index + 1, m.index + 1 + m[1].length, false);
  }

  // 2. Labels: "Thời gian: ...".
  LABEL.lastIndex = 0;
  while ((m = LABEL.exec(s))) {
    const from = m.index + m[0].length - m[1].length;
    add(from, from + m[1].length, true);
  }

  // 3. Words that always mean a deadline.
  INLINE_DEADLINE.lastIndex = 0;
  while ((m = INLINE_DEADLINE.exec(s))) {
    const from = m.index + m[0].length - m[1].length;
    add(from, trimToTemporalEnd(s, from, from + m[1].length), true);
  }

  // 4. A period governed by a completion verb earlier in the same sentence.
  INLINE_PERIOD.lastIndex = 0;
  while ((m = INLINE_PERIOD.exec(s))) {
    const from = m.index + m[0].length - m[1].length;
    const floor = Math.max(0, from - SENTENCE_LOOKBACK);
    const window = s.slice(floor, from);
    const sentenceStart = floor + Math.max(window.lastIndexOf('.'), window.lastIndexOf(';'), window.lastIndexOf(')'), 0);
    const before = s.slice(sentenceStart, from);
    if (CITATION_BEFORE.test(before)) continue;
    COMPLETION_VERB.lastIndex = 0;
    if (!COMPLETION_VERB.test(before)) continue;
    add(from, trimToTemporalEnd(s, from, from + m[1].length), true);
  }

  // 5. A span written inline: "từ đầu năm 2026 đến hết quý II/2026", "từ tháng 9/2025 đến tháng 12/2025".
  INLINE_RANGE.lastIndex = 0;
  while ((m = INLINE_RANGE.exec(s))) {
    const from = m.index + m[0].length - m[1].length;
    const sched = parseDeadline(originalSpan(text, f, from, trimToTemporalEnd(s, from, from + m[1].length)), ctx);
    if (sched.kind === 'window' && sched.start && sched.due) add(from, trimToTemporalEnd(s, from, from + m[1].length), true);
  }

  // 6. Inline recurrence.
  INLINE_RECURRENCE.lastIndex = 0;
  while ((m = INLINE_RECURRENCE.exec(s))) {
    const from = m.index + m[0].length - m[1].length;
    add(from, from + m[1].length, true);
  }

  // 7. A last sentence that is only a time, as plans end an item: "… sơ kết. Quý I/2026.", "…; Hàng quý".
  const tail = TRAILING_TIME.exec(s);
  if (tail) {
    const from = s.indexOf(tail[1], tail.index);
    add(from, from + tail[1].length, true);
  }

  clauses.sort((a, b) => a.start - b.start);
  return clauses;
}

/**
 * The schedule of a task from its clauses: one clause is the schedule; several keep the
 * latest dated clause as the due (every clause stays visible to the caller).
 */
export function combineClauses(clauses: DeadlineClause[]): Schedule | null {
  if (clauses.length === 0) return null;
  if (clauses.length === 1) return clauses[0].schedule;
  const dated = clauses.filter(
    (c) => c.schedule.due !== null && (c.schedule.kind === 'date' || c.schedule.kind === 'window' || c.schedule.kind === 'relative'),
  );
  if (dated.length === 0) return clauses.find((c) => c.schedule.kind !== 'unknown')?.schedule ?? clauses[0].schedule;
  return dated.reduce((best, c) => (maxDate(best.schedule.due, c.schedule.due) === best.schedule.due ? best : c)).schedule;
}

/**
 * Reads a stored deadline that may hold several clauses joined by ";" (as the importer keeps
 * them): each clause is parsed and they combine as clauses found in a text do.
 */
export function parseClauses(raw: string, ctx: ParseContext = {}): Schedule {
  const parts = raw.split(/\s*;\s*/).filter((p) => p.trim() !== '');
  if (parts.length <= 1) return parseDeadline(raw, ctx);
  const clauses = parts.map((p) => ({ raw: p, start: 0, end: 0, schedule: parseDeadline(p, ctx) }));
  return combineClauses(clauses)!;
}
