/**
 * The document's own header block. Pure.
 *
 * Party documents (Hướng dẫn 36-HD/VPTW) and state ones (Nghị định 30/2020/NĐ-CP) open the
 * same way: the issuing body under its superior ("ĐẢNG BỘ TỈNH QUẢNG NINH / ĐẢNG ỦY PHƯỜNG
 * MÓNG CÁI 2"), the national heading ("ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
 * VIỆT NAM"), the number and symbol ("Số 02-KH/ĐU" — the symbol names the kind), place and
 * date ("Móng Cái 2, ngày 03 tháng 7 năm 2025"), then the kind in capitals ("KẾ HOẠCH") and
 * the trích yếu on the next lines. In a .docx the first two columns are a table, in a PDF
 * they may share a line; the reader looks at the first lines whatever their order.
 *
 * A document without that block (an extract that starts at its preamble) still says what it
 * is in its first sentence ("… Ban Chấp hành Đảng bộ phường Móng Cái 1 xây dựng Chương
 * trình hành động thực hiện Nghị quyết Đại hội …"): kind and title come from there, the rest
 * is left null for the office to fill in.
 */
import { isValidYmd, LocalDate, ymd } from '../deadlines/calendar';

export type HeaderKind = 'chuong_trinh_hanh_dong' | 'ke_hoach' | 'nghi_quyet' | 'ket_luan' | 'other';

export interface DocumentHeader {
  kind: HeaderKind | null;
  /** Number and symbol as written, spaces removed: "02-KH/ĐU". */
  number: string | null;
  title: string | null;
  issuingBody: string | null;
  issuedDate: LocalDate | null;
  place: string | null;
}

/** The kind a symbol names (the part before the slash: KH, CTr, TB, KL, NQ, BC …). */
const SYMBOL_KIND: Record<string, HeaderKind> = {
  KH: 'ke_hoach',
  CTR: 'chuong_trinh_hanh_dong',
  CTRHĐ: 'chuong_trinh_hanh_dong',
  TB: 'ket_luan',
  KL: 'ket_luan',
  NQ: 'nghi_quyet',
};

/** Kind words as the document writes them under the number, in capitals. */
const KIND_WORDS: [RegExp, HeaderKind, string][] = [
  [/^CHƯƠNG TRÌNH HÀNH ĐỘNG\b/u, 'chuong_trinh_hanh_dong', 'Chương trình hành động'],
  [/^CHƯƠNG TRÌNH\b/u, 'chuong_trinh_hanh_dong', 'Chương trình'],
  [/^KẾ HOẠCH\b/u, 'ke_hoach', 'Kế hoạch'],
  [/^THÔNG BÁO KẾT LUẬN\b/u, 'ket_luan', 'Thông báo kết luận'],
  [/^THÔNG BÁO\b/u, 'ket_luan', 'Thông báo'],
  [/^KẾT LUẬN\b/u, 'ket_luan', 'Kết luận'],
  [/^NGHỊ QUYẾT\b/u, 'nghi_quyet', 'Nghị quyết'],
  [/^BÁO CÁO\b/u, 'other', 'Báo cáo'],
  [/^QUYẾT ĐỊNH\b/u, 'other', 'Quyết định'],
];

const NATIONAL = /ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc/gu;
const BODY_LINE = /^(?:ĐẢNG BỘ|ĐẢNG ỦY|ĐẢNG UỶ|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|CHI BỘ|ỦY BAN|UỶ BAN|UBND|HĐND|HỘI ĐỒNG|VĂN PHÒNG|BAN\s)/u;
const NUMBER = /Số\s*:?\s*(\d{1,4})\s*[-–]\s*([A-Za-zĐđ]{1,8}(?:\s*[-–]\s*[A-Za-zĐđ]{1,8})?)\s*\/\s*([A-ZĐ][A-Za-zĐđ]{0,8}(?:\s*[-–]\s*[A-Za-zĐđ]{1,8})*)/u;
const PLACE_DATE = /(?:^|\s)([\p{Lu}][\p{L}\d .]{0,40}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
/** Where the header ends and the body begins. */
const BODY_START = /^(?:Căn cứ|Thực hiện|Thi hành|Ngày\s+\d|Để\s|Nhằm\s|Trên cơ sở|[IVX]+\s*[-.]|[A-H]\s*[-.]\s*\p{Lu}|\d+\.\s)/u;
const RULE = /^[\s\-–—_*=.]{1,}$/;
/** Words a trích yếu keeps capitalised at its start: names, not sentence starts. */
const PROPER_START = /^(?:Đại hội|Nghị quyết|Chỉ thị|Kết luận|Quy định|Chương trình|Đảng|Ban|Ủy ban|Hội nghị|Nhân dân|Mặt trận)\b/u;

function sentenceCase(s: string): string {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters && letters === letters.toUpperCase()) s = s.toLowerCase();
  return s;
}

function joinTitle(kindLabel: string, trichYeu: string): string {
  let t = sentenceCase(trichYeu.replace(/\s+/g, ' ').trim());
  if (!PROPER_START.test(t)) t = t.charAt(0).toLowerCase() + t.slice(1);
  return `${kindLabel} ${t}`.trim();
}

/** Reads the header of a document from its first lines. */
export function readHeader(text: string): DocumentHeader {
  // The header is at the top: the first 60 lines, each at most 300 characters (a text without
  // line breaks must not be searched whole).
  const head = text
    .slice(0, 20_000)
    .split(/\r?\n/)
    .slice(0, 60)
    .map((l) => l.slice(0, 300))
    .flatMap((l) => l.split(NATIONAL))
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '');
  const out: DocumentHeader = { kind: null, number: null, title: null, issuingBody: null, issuedDate: null, place: null };

  let kindAt = -1;
  const bodies: string[] = [];
  for (let i = 0; i < Math.min(head.length, 30); i++) {
    const line = head[i];
    const num = NUMBER.exec(line);
    if (num && !out.number) {
      out.number = `${num[1]}-${num[2]}/${num[3]}`.replace(/\s+/g, '');
      out.kind = SYMBOL_KIND[num[2].replace(/[\s–-]/g, '').toUpperCase()] ?? null;
    }
    const pd = PLACE_DATE.exec(line);
    if (pd && !out.issuedDate) {
      const [d, m, y] = [Number(pd[2]), Number(pd[3]), Number(pd[4])];
      if (isValidYmd(y, m, d)) {
        out.issuedDate = ymd(y, m, d);
        out.place = pd[1].trim();
      }
    }
    // The body lines: capitals, before the kind word, the lowest (most specific) last.
    const beforeNumber = line.replace(NUMBER, '').trim();
    if (kindAt < 0 && BODY_LINE.test(beforeNumber) && beforeNumber === beforeNumber.toUpperCase() && !KIND_WORDS.some(([re]) => re.test(beforeNumber))) {
      bodies.push(beforeNumber.replace(/[*\s]+$/, ''));
      out.issuingBody = bodies.slice(-2).join(' / ');
    }
    if (kindAt < 0 && (out.number || out.issuedDate || out.issuingBody)) {
      const k = KIND_WORDS.find(([re]) => re.test(line));
      if (k && line === line.toUpperCase()) {
        kindAt = i;
        out.kind = out.kind ?? k[1];
        // The trích yếu: the rest of the kind line and the lines after it, up to a rule or the body.
        const parts = [line.replace(k[0], '').trim()];
        for (let j = i + 1; j < head.length && j < i + 6; j++) {
          const l = head[j];
          if (RULE.test(l) || BODY_START.test(l) || NUMBER.test(l) || PLACE_DATE.test(l)) break;
          parts.push(l);
          if (/[.:]$/.test(l)) break;
        }
        const trich = parts.filter(Boolean).join(' ');
        out.title = trich ? joinTitle(k[2], trich) : k[2];
      }
    }
  }
  if (out.kind || out.title || out.number) return out;
  return fromPreamble(text.slice(0, 2000));
}

/**
 * The index of the first line of the body: after the kind line ("THÔNG BÁO") and its trích
 * yếu, up to a rule ("-----") or a line that opens the body ("Căn cứ …", "Ngày 15/9/2025, …").
 * 0 when the document has no header block.
 */
export function bodyStart(lines: string[]): number {
  const limit = Math.min(lines.length, 30);
  let seenHead = false;
  for (let i = 0; i < limit; i++) {
    const line = lines[i].slice(0, 300).replace(/\s+/g, ' ').trim();
    if (NUMBER.test(line) || PLACE_DATE.test(line) || NATIONAL.test(line)) seenHead = true;
    NATIONAL.lastIndex = 0;
    const k = KIND_WORDS.find(([re]) => re.test(line));
    if (!seenHead || !k || line !== line.toUpperCase()) continue;
    let j = i + 1;
    while (j < lines.length && j < i + 6) {
      const l = lines[j].slice(0, 300).trim();
      if (RULE.test(l)) return j + 1;
      if (BODY_START.test(l) || /^Ngày\s+\d/u.test(l)) return j;
      j++;
      if (/[.:]$/.test(l)) return j;
    }
    return j;
  }
  return 0;
}

/** "… Ban Chấp hành Đảng bộ phường Móng Cái 1 xây dựng Chương trình hành động thực hiện Nghị quyết Đại hội …" */
function fromPreamble(text: string): DocumentHeader {
  const s = text.replace(/\s+/g, ' ');
  const m =
    /(?:xây dựng|ban hành)\s+(Chương trình hành động|Chương trình|Kế hoạch)\s+((?:thực hiện|triển khai|tổ chức)[^.:;]*?)(?:,\s*cụ thể|\s+như sau|:|\.|;|$)/u.exec(
      s,
    );
  if (!m) return { kind: null, number: null, title: null, issuingBody: null, issuedDate: null, place: null };
  const kind: HeaderKind = /^Kế hoạch/u.test(m[1]) ? 'ke_hoach' : 'chuong_trinh_hanh_dong';
  const by = /((?:Ban Chấp hành|Ban Thường vụ|Đảng ủy|Đảng uỷ)\s+(?:Đảng bộ\s+)?[^,;.]*?)\s+(?:xây dựng|ban hành)\s/u.exec(s);
  // The resolution the program carries out, with its term, from the sentence before ("Thực
  // hiện Nghị quyết Đại hội đại biểu Đảng bộ phường … lần thứ I, nhiệm kỳ 2025 - 2030").
  const what = /Thực hiện\s+(Nghị quyết [^;]*?nhiệm kỳ \d{4}\s*[-–]\s*\d{4})/u.exec(s);
  const title = /Nghị quyết Đại hội\s*$/u.test(m[2].trim()) && what ? `${m[1]} thực hiện ${what[1]}` : `${m[1]} ${m[2].trim()}`;
  return { kind, number: null, title: title.replace(/\s+/g, ' '), issuingBody: by ? by[1].trim() : null, issuedDate: null, place: null };
}
