/**
 * Tasks proposed from prose. Pure.
 *
 * A Thông báo kết luận, or the report of a quarterly conference, states its tasks in running
 * sentences: "Tập trung lãnh đạo, chỉ đạo tổ chức thành công Đại hội …, phấn đấu hoàn thành
 * trước ngày 20/10/2025; … Công an phường đảm bảo về an ninh trật tự …; Trong quý IV/2025,
 * các phòng, ban, đơn vị … tiếp tục …". The reader splits sentences into clauses (on ";" and
 * sentence ends), keeps the clauses that direct action and drops those that report what was
 * done ("Hội nghị đã …", "ghi nhận những kết quả …"). The owner is the unit named as the
 * clause's subject, else the one that opened its sentence; the deadline is the clause's own,
 * else the period stated for its sentence ("Trong quý IV/2025, …").
 *
 * Every row is a proposal: the office keeps or drops each one before anything is written.
 */
import { findDeadlines, parseClauses } from '../deadlines/find';
import { ParseContext, Schedule, unknown } from '../deadlines/schedule';
import { fold, foldKey } from '../deadlines/text';
import { UnitIndex, UnitNames, words } from '../units/unit-match';
import type { ExtractedTask } from './extract';
import { Owner, coordinating, ownersAtStart } from './owners';

/** Verbs that direct action, as conclusions write them (folded). */
const DIRECTIVE =
  /^(?:tap trung|tiep tuc|trien khai|hoan thanh|chuan bi|nang cao|day manh|to chuc|chi dao|lanh dao|xay dung|thuc hien|ra soat|kien toan|tang cuong|quan tam|chu trong|dam bao|bao dam|phan dau|tham muu|chu dong|quan triet|kiem tra|giam sat|don doc|khan truong|nghien cuu|de xuat|phoi hop|duy tri|lam tot|quyet liet|cung co|phat huy|day nhanh|uu tien|sap xep|bo tri|ban hanh|cu the hoa|tuyen truyen|van dong|huong dan|theo doi|tong hop|bao cao|xu ly|giai quyet|khac phuc|rut kinh nghiem|nam chac|thuong xuyen|kip thoi)(?:\s|$)/;
/** A clause that reports the past or judges it. */
const PAST =
  /(?:^|\s)(?:da|duoc ghi nhan|ghi nhan|danh gia cao|bieu duong|bieu duong|bao cao tom tat|nhat tri|thong nhat danh gia|dat duoc|ket qua dat|con mot so|con han che|ton tai|han che|nguyen nhan|tuy nhien)(?:\s|$)/;
/** Openers carried by a clause before its subject. */
const OPENER =
  /^(?:dong thoi|ben canh do|ngoai ra|trong do|cu the|theo do|truoc mat|thoi gian toi|trong thoi gian toi|(?:hoi nghi |ban thuong vu |thuong truc dang uy )?(?:de nghi|yeu cau|giao|thong nhat giao|chi dao)|can|phai)\s*[,:]?\s*/;
/** Openers that make the rest an instruction ("đề nghị các cấp ủy …", "giao Văn phòng …"). */
const OBLIGING = /(?:de nghi|yeu cau|giao|chi dao|can|phai)\s*[,:]?\s*$/;
/** Narrative, not instruction: a dated account ("Ngày 03/10/2025, …"), an introduction ("Sau khi nghe …"), the closing formula. */
const NARRATIVE = /^(?:ngay\s+\d|sau khi|qua (?:\d|thao luan|bao cao)|thay mat|tham du|chu tri hoi nghi|.*\bthong bao (?:de|den)\b)/;
/** A subject that is a group, not a unit ("các phòng, ban, đơn vị …", "các cấp ủy, tổ chức đảng"). */
const GROUP_SUBJECT = /^(?:cac|moi|toan the|tung)\s/;
/** A period stated at the head of a sentence, for every clause in it. */
const GROUP_PERIOD =
  /^(?:trong|tu nay den|den het|den cuoi|truoc)\s+(?:(?:\d+|ba|sau|chin)\s+thang\s+(?:dau|cuoi)\s+nam\s+\d{4}|quy\s+(?:iv|iii|ii|i|[1-4])\s*(?:\/|nam)\s*\d{4}|thang\s+\d{1,2}\s*\/\s*\d{4}|nam\s+\d{4}|(?:6|sau)\s+thang\s+(?:dau|cuoi)\s+nam\s+\d{4})/;

export interface ProseRead {
  tasks: ExtractedTask[];
  unknownNames: { name: string; ref: string }[];
  /** More clauses would have been proposed: the document is no conference conclusion (see MAX_PROPOSALS). */
  truncated: boolean;
}

/**
 * A conclusion proposes tens of tasks, not thousands: past this many the office could not
 * review them one by one, and the document is something else (a report, a whole book).
 */
export const MAX_PROPOSALS = 300;

interface Sentence {
  text: string;
  clauses: string[];
}

/** Sentences (ends: ". " before a capital, a paragraph break) and their clauses (";", a bullet line). */
function sentences(lines: string[]): Sentence[] {
  const out: Sentence[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const text = paragraph.join(' ').replace(/\s+/g, ' ').trim();
    paragraph = [];
    if (!text) return;
    for (const s of text.split(/(?<=[.!?…])\s+(?=["“(]?\p{Lu})/u)) {
      const clauses = s
        .split(/\s*;\s*/)
        .map((c) => c.replace(/^[-–+•]\s*/, '').trim())
        .filter(Boolean);
      if (clauses.length) out.push({ text: s, clauses });
    }
  };
  for (const l of lines) {
    // A bullet or a line after a clause end starts a new paragraph.
    if (/^[-–+•]\s/.test(l) || /^\d{1,2}[.)]\s/.test(l) || /[.:;!?]$/.test(paragraph[paragraph.length - 1] ?? '.')) flush();
    paragraph.push(l.replace(/^\d{1,2}[.)]\s+/, ''));
  }
  flush();
  return out;
}

function firstWordIndex(keys: string[], re: RegExp): number {
  for (let i = 0; i < keys.length; i++) if (re.test(keys.slice(i, i + 4).join(' '))) return i;
  return -1;
}

/** Reads the clauses of the body that direct action into proposed tasks. */
export function readProse<T extends UnitNames>(lines: string[], index: UnitIndex<T>, ctx: ParseContext): ProseRead {
  const tasks: ExtractedTask[] = [];
  const unknownNames: { name: string; ref: string }[] = [];
  let truncated = false;
  for (const s of sentences(lines)) {
    if (truncated) break;
    const head = foldKey(s.clauses[0]);
    const period = GROUP_PERIOD.exec(head);
    const groupPeriod = period ? s.clauses[0].slice(0, cutAt(s.clauses[0], period[0].length)) : null;
    let sentenceOwner: Owner[] = [];
    for (const raw of s.clauses) {
      let clause = raw;
      if (NARRATIVE.test(foldKey(raw)) || /:\s*$/.test(raw)) continue;
      // Lead-ins before the subject: a period for the group, "Đồng thời,", "đề nghị".
      if (groupPeriod && clause.startsWith(groupPeriod)) clause = clause.slice(groupPeriod.length).replace(/^\s*[,:]\s*/, '');
      let obliged = false;
      for (let k = 0; k < 3; k++) {
        const m = OPENER.exec(foldKey(clause));
        if (!m) break;
        if (OBLIGING.test(m[0])) obliged = true;
        clause = clause.slice(cutAt(clause, m[0].trimEnd().length)).replace(/^[\s,:]+/, '');
      }
      clause = clause.replace(/[.;,]+$/, '').trim();
      const keys = words(clause).map((w) => w.key);
      if (keys.length < 5) continue;

      const own = ownersAtStart(index, clause);
      const afterOwner = keys.slice(own.next);
      // The verb opens the predicate: right after the unit, or after a group named as the subject.
      const reach = own.owners.length || !GROUP_SUBJECT.test(afterOwner.join(' ')) ? 2 : 10;
      const directive = firstWordIndex(afterOwner.slice(0, reach + 4), DIRECTIVE);
      const past = firstWordIndex(afterOwner, PAST);
      if (!obliged && (directive < 0 || directive > reach)) continue;
      if (past >= 0 && (directive < 0 || past < directive)) continue;

      if (tasks.length >= MAX_PROPOSALS) {
        truncated = true;
        break;
      }
      if (own.owners.length) sentenceOwner = own.owners;
      const owners = own.owners.length ? own.owners : sentenceOwner;
      const ref = `ĐX.${tasks.length + 1}`;
      for (const name of own.unknownNames) unknownNames.push({ name, ref });
      const owner = owners[0] ?? null;
      const coOwners = owners.slice(1);
      for (const c of coordinating(index, clause)) if (c.unitId !== owner?.unitId && !coOwners.some((x) => x.unitId === c.unitId)) coOwners.push(c);

      const found = findDeadlines(clause, ctx);
      let rawDeadline: string | null = found.length ? found.map((c) => c.raw).join('; ') : null;
      if (!rawDeadline && groupPeriod) rawDeadline = groupPeriod.replace(/^\s*(?:Trong|trong)\s+/, 'trong ');
      const schedule: Schedule = rawDeadline ? parseClauses(rawDeadline, ctx) : unknown('cần xác định thời hạn');
      const text = clause.charAt(0).toUpperCase() + clause.slice(1);
      tasks.push({
        ref,
        owner,
        coOwners,
        text: `${text}.`,
        deadline: { raw: rawDeadline, ...schedule },
        clauses: found.map((c) => c.raw),
        source: 'prose',
        proposed: true,
        confidence: null,
      });
    }
  }
  return { tasks, unknownNames, truncated };
}

/** The index in `clause` just after its first `foldedLength` folded characters. */
function cutAt(clause: string, foldedLength: number): number {
  const f = fold(clause);
  const n = Math.min(foldedLength, f.s.length);
  return n === 0 ? 0 : f.map[n - 1] + 1;
}
