/**
 * Lines that label a task rather than state one. Pure.
 *
 * Plans often write a task as a title followed by labelled lines — "- Cơ quan chủ trì: …",
 * "- Cơ quan phối hợp: …", "- Thời gian thực hiện: …", "- Đối tượng: …", "- Thành phần: …",
 * "- Địa điểm làm việc: …" — which belong to the task above them. Group labels ("Về kiểm
 * tra: 03 cuộc", "- Về giám sát") head what follows and are no tasks either, nor are
 * definitions ("“Đa số ý kiến”: Sử dụng khi …").
 */
import { foldKey } from '../deadlines/text';

export type FieldKind = 'lead' | 'co' | 'time' | 'subject' | 'place' | 'participants' | 'product' | 'other';

export interface Field {
  kind: FieldKind;
  /** The label as written ("Cơ quan chủ trì, thực hiện"). */
  label: string;
  value: string;
}

const LABELLED = /^([\p{L}][\p{L} ,/]{1,60}?)\s*:\s*(.*)$/u;

function kindOf(label: string): FieldKind | null {
  const k = foldKey(label)
    .replace(/[^a-z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (k.split(' ').length > 7) return null;
  if (/thoi gian|thoi han|tien do|moc thoi gian|han hoan thanh/.test(k)) return 'time';
  if (/phoi hop/.test(k)) return 'co';
  if (/chu tri|phu trach|chiu trach nhiem|(?:co quan|don vi|bo phan) (?:thuc hien|tham muu|trien khai)|^thuc hien$|^giao$/.test(k)) return 'lead';
  if (/doi tuong|(?:don vi|to chuc|dia ban) duoc (?:kiem tra|giam sat)/.test(k)) return 'subject';
  if (/dia diem/.test(k)) return 'place';
  if (/thanh phan|tham du|doan (?:kiem tra|giam sat)/.test(k)) return 'participants';
  if (/san pham|ket qua du kien/.test(k)) return 'product';
  if (/^(?:noi dung|hinh thuc|phuong phap|kinh phi|yeu cau|muc dich|ghi chu)/.test(k)) return 'other';
  return null;
}

/** A labelled line ("Cơ quan chủ trì: Ban Xây dựng Đảng"); null when the line is not one. */
export function fieldOf(text: string): Field | null {
  const m = LABELLED.exec(text.trim());
  if (!m) return null;
  const kind = kindOf(m[1]);
  return kind ? { kind, label: m[1].trim(), value: m[2].replace(/[.;,]+$/, '').trim() } : null;
}

/** "Về giám sát", "Về kiểm tra: 03 cuộc", "Kiểm tra: 02 cuộc": a group's label, not a task. */
export function isGroupLabel(text: string): boolean {
  const t = text.trim().replace(/[.;:]+$/, '');
  const k = foldKey(t);
  if (k.split(' ').length > 8) return false;
  return /^ve [a-z ,]+(?::\s*\d{1,3}\s*(?:cuoc|lan|dot|chuyen de|noi dung)?)?$/.test(k) || /^[a-z ,]+:\s*\d{1,3}\s*(?:cuoc|lan|dot|chuyen de)$/.test(k);
}

/** "“Đa số ý kiến”: Sử dụng khi …": a definition in a list of terms. */
export function isDefinition(text: string): boolean {
  return /^["“][^"”]{1,80}["”]\s*:/.test(text.trim());
}

/** A line of preamble that cites the grounds of the document ("Căn cứ …"): never a task. */
export function isGrounds(text: string): boolean {
  return /^(?:căn cứ|can cu)\s/i.test(text.trim());
}

/** A person in a list of members ("Đồng chí Nguyễn Văn A, Phó Bí thư …"): no task. */
export function isPerson(text: string): boolean {
  return /^(?:đồng chí|đ\/c|ông|bà)\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4}\s*[,–-]/iu.test(text.trim());
}

/** A heading that only labels a list ("Thành phần đoàn kiểm tra:", "Địa điểm:", "Đối tượng kiểm tra:"): what is under it is no task. */
export function isListLabel(text: string): boolean {
  const f = fieldOf(`${text.trim().replace(/:$/, '')}: x`);
  return f !== null && ['participants', 'place', 'subject'].includes(f.kind) && text.trim().split(/\s+/).length <= 8;
}
