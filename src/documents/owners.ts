/**
 * Who a task belongs to, as Vietnamese documents write it. Pure.
 *
 * The owner is the subject of the sentence: the unit(s) named at its start ("Giao Ban Xây
 * dựng Đảng, Văn phòng Đảng ủy chủ trì …"), up to the predicate. Units after "phối hợp với"
 * coordinate. In a table the owner is a whole cell ("Ban Xây dựng Đảng; Văn phòng Đảng ủy").
 */
import { UnitIndex, UnitNames, Word, words } from '../units/unit-match';

export interface Owner {
  /** Unit id in the directory; null when the name matches no unit (see warnings). */
  unitId: number | null;
  name: string;
}

// Words that begin an organisation's name, used to read owners that are not in the directory.
const ORG_START =
  /^(?:ban|chi bo|dang bo|dang uy|uy ban|van phong|hoi dong|mat tran|trung tam|cac co quan|co quan|cac chi|cong an|hoi|doan|phong|cac ban)(?:\s|$)/;
// Words that end the subject (the owner) of a Vietnamese sentence: the predicate begins.
const PREDICATE =
  /^(?:chu tri|phoi hop|co trach nhiem|can cu|tren co so|lanh dao|chi dao|to chuc|xay dung|thuc hien|tham muu|theo|trien khai|tap trung|chu dong|co ke hoach|huong dan|cu the hoa|kiem tra|giam sat|bao cao|tong hop|de xuat|phan dau|nghien cuu|quan triet|tuyen truyen|dam bao|bao dam|tiep tuc|day manh|nang cao|ban hanh|ra soat|hoan thanh|thuong xuyen|dinh ky|duoc|se|can|phai)(?:\s|$)/;
const GENERIC_NAME = /^(?:cac )?(?:co quan|don vi|to chuc|ban nganh|dia phuong)(?: (?:lien quan|chuc nang|co lien quan))?$/;

export interface OwnerParse {
  owners: Owner[];
  /** Index of the first word after the owners. */
  next: number;
  unknownNames: string[];
}

function joinKeys(ws: Word[], from: number, to: number): string {
  return ws
    .slice(from, to)
    .map((w) => w.key)
    .join(' ');
}

// What a document writes before a unit's name: "Cơ quan Ủy ban MTTQ phường", "Đồng chí Chủ
// tịch UBND phường", "Đ/c Bí thư Chi bộ …" — a person's office names the unit they answer for.
const ROLE = /^(?:pho )?(?:chu tich|bi thu|truong ban|truong|chu nhiem|chanh van phong|chanh|giam doc|thu truong)(?:\s|$)/;

function skipTitle<T extends UnitNames>(index: UnitIndex<T>, ws: Word[], i: number): number {
  if (ws[i]?.key === 'co' && ws[i + 1]?.key === 'quan' && index.prefixAt(ws, i + 2)) return i + 2;
  let j = i;
  if ((ws[j]?.key === 'dong' && ws[j + 1]?.key === 'chi') || ws[j]?.key === 'dc') j += ws[j].key === 'dc' ? 1 : 2;
  const role = ROLE.exec(joinKeys(ws, j, j + 3));
  if (!role) return i;
  const after = j + role[0].trim().split(' ').length;
  return index.prefixAt(ws, after) || ORG_START.test(joinKeys(ws, after, after + 3)) ? after : i;
}

/**
 * The units listed in a table cell ("Ban Xây dựng Đảng; Văn phòng Đảng ủy", "Đảng ủy UBND
 * phường và các chi bộ"): the whole cell is a list of names, so a name not in the directory
 * needs no predicate to end it, only a separator, a line break or "và" before another name.
 */
export function ownersInCell<T extends UnitNames>(index: UnitIndex<T>, cell: string): { owners: Owner[]; unknownNames: string[] } {
  const owners: Owner[] = [];
  const unknownNames: string[] = [];
  for (const part of cell.split(/[;\n]|,\s*(?=\p{Lu})|\s+[-–+•]\s+|^[-–+•]\s*/u)) {
    const text = part?.replace(/^\s*[-–+•]\s*/, '').trim();
    if (!text) continue;
    const parsed = ownersAtStart(index, text);
    const ws = words(text);
    for (const o of parsed.owners) if (!owners.some((x) => (o.unitId !== null ? x.unitId === o.unitId : x.name === o.name))) owners.push(o);
    unknownNames.push(...parsed.unknownNames);
    // A cell that names no unit the reader knows is still a name (the column says so), unless
    // it is generic ("các cơ quan liên quan") or not a name at all ("theo chức năng").
    if (
      parsed.owners.length === 0 &&
      ws.length >= 2 &&
      ws.length <= 12 &&
      !GENERIC_NAME.test(joinKeys(ws, 0, ws.length)) &&
      !PREDICATE.test(joinKeys(ws, 0, 3))
    ) {
      const name = text
        .replace(/^(?:giao|và|cùng)\s+/i, '')
        .replace(/[,;:.]+$/, '')
        .trim();
      const proper = name.charAt(0).toUpperCase() + name.slice(1);
      if (!owners.some((x) => x.name === proper)) {
        owners.push({ unitId: null, name: proper });
        unknownNames.push(proper);
      }
    }
  }
  return { owners, unknownNames };
}

/** Reads the owner(s) written at the start of `text` ("Giao X, Y và Z chủ trì …"). */
export function ownersAtStart<T extends UnitNames>(index: UnitIndex<T>, text: string): OwnerParse {
  const ws = words(text);
  let i = 0;
  if (ws[0]?.key === 'giao') i = 1;
  i = skipTitle(index, ws, i);
  const owners: Owner[] = [];
  const unknownNames: string[] = [];
  while (i < ws.length) {
    const known = index.prefixAt(ws, i);
    if (known) {
      if (!owners.some((o) => o.unitId === known.unit.id)) owners.push({ unitId: known.unit.id, name: known.unit.name });
      i = known.next;
    } else if (ORG_START.test(joinKeys(ws, i, i + 3)) && !PREDICATE.test(joinKeys(ws, i, i + 3))) {
      // A name not in the directory: up to the predicate or a separator, at most 10 words.
      let j = i;
      while (j < ws.length && j - i < 10 && !(j > i && PREDICATE.test(joinKeys(ws, j, j + 3)))) {
        j++;
        if (ws[j - 1].sep) break;
      }
      const name = text
        .slice(ws[i].start, ws[j - 1].end)
        .replace(/[,;:.]+$/, '')
        .trim();
      const key = joinKeys(ws, i, j);
      if (j - i >= 10 || j - i < 2 || GENERIC_NAME.test(key)) break;
      owners.push({ unitId: null, name: name.charAt(0).toUpperCase() + name.slice(1) });
      unknownNames.push(name.charAt(0).toUpperCase() + name.slice(1));
      i = j;
    } else break;
    // Another owner follows after "," ";" or "và".
    if (ws[i - 1]?.sep === ',' || ws[i - 1]?.sep === ';') continue;
    if (ws[i]?.key === 'va' && (index.prefixAt(ws, i + 1) || ORG_START.test(joinKeys(ws, i + 1, i + 4)))) {
      i++;
      continue;
    }
    break;
  }
  return { owners, next: i, unknownNames };
}

/** Known units named after "phối hợp với" (coordinating units). */
export function coordinating<T extends UnitNames>(index: UnitIndex<T>, text: string): Owner[] {
  const out: Owner[] = [];
  const ws = words(text);
  for (let i = 0; i + 1 < ws.length; i++) {
    if (ws[i].key !== 'phoi' || ws[i + 1].key !== 'hop') continue;
    let j = i + 2;
    if (ws[j]?.key === 'voi' || ws[j]?.key === 'cung') j++;
    while (j < ws.length) {
      const m = index.prefixAt(ws, j);
      if (!m) break;
      if (!out.some((o) => o.unitId === m.unit.id)) out.push({ unitId: m.unit.id, name: m.unit.name });
      j = m.next;
      if (ws[j - 1]?.sep === ',') continue;
      if (ws[j]?.key === 'va') {
        j++;
        continue;
      }
      break;
    }
  }
  return out;
}

/**
 * An owner stated inside a task's text rather than at its start: "(Giao Ban Xây dựng Đảng chủ
 * trì, tham mưu trong quý II/2026)", "… Văn phòng Đảng ủy chủ trì, hoàn thành …", "Cơ quan
 * chủ trì, thực hiện: Ủy ban Kiểm tra". Only units of the directory count here: a name found
 * mid-sentence is too often the object of the verb, not its subject.
 */
export function ownersInside<T extends UnitNames>(index: UnitIndex<T>, text: string): Owner[] {
  const label = /(?:cơ quan|đơn vị|bộ phận)\s+(?:chủ trì|thực hiện|tham mưu)(?:\s*,\s*(?:thực hiện|tham mưu))?\s*:\s*([^.;\n]+)/iu.exec(text);
  if (label) {
    const found = ownersInCell(index, label[1]).owners.filter((o) => o.unitId !== null);
    if (found.length) return found;
  }
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    const giao = ws[i].key === 'giao';
    const m = index.prefixAt(ws, giao ? i + 1 : i);
    if (!m) continue;
    const next = joinKeys(ws, m.next, m.next + 2);
    if (giao || next === 'chu tri' || (next === 'phu trach' && !ws[i - 1]?.key.match(/^(?:cua|voi|tai)$/))) {
      const owners: Owner[] = [{ unitId: m.unit.id, name: m.unit.name }];
      // "Giao X và Y chủ trì"
      let j = m.next;
      while (ws[j - 1]?.sep === ',' || ws[j]?.key === 'va') {
        const more = index.prefixAt(ws, ws[j]?.key === 'va' ? j + 1 : j);
        if (!more) break;
        if (!owners.some((o) => o.unitId === more.unit.id)) owners.push({ unitId: more.unit.id, name: more.unit.name });
        j = more.next;
      }
      return owners;
    }
  }
  return [];
}
