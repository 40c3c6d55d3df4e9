/**
 * Tolerant matching of unit names as documents write them. Pure.
 *
 * Names are compared as word sequences, folded (any case, with or without diacritics, uỷ/ủy),
 * with the usual abbreviations expanded (UBND, HĐND, MTTQ, UBKT, BCH, BTV, XDĐ, VPĐU…) and
 * the qualifiers documents add or drop at the end ("… Đảng ủy", "… phường") made optional:
 * "Ban Xây dựng Đảng Đảng uỷ", "Uỷ ban kiểm tra Đảng uỷ" and "Chi bộ cơ quan UBMTTQ" find
 * "Ban Xây dựng Đảng", "Ủy ban Kiểm tra Đảng ủy" and "Chi bộ cơ quan Ủy ban MTTQ phường".
 */
import { foldKey } from '../deadlines/text';

export interface UnitNames {
  id: number;
  name: string;
  aliases: string[];
}

const ABBREVIATIONS: Record<string, string[]> = {
  ubnd: ['uy', 'ban', 'nhan', 'dan'],
  hdnd: ['hoi', 'dong', 'nhan', 'dan'],
  mttq: ['mat', 'tran', 'to', 'quoc'],
  ubmttq: ['uy', 'ban', 'mat', 'tran', 'to', 'quoc'],
  ubkt: ['uy', 'ban', 'kiem', 'tra'],
  bch: ['ban', 'chap', 'hanh'],
  btv: ['ban', 'thuong', 'vu'],
  xdd: ['xay', 'dung', 'dang'],
  vpdu: ['van', 'phong', 'dang', 'uy'],
  du: ['dang', 'uy'],
  db: ['dang', 'bo'],
  cb: ['chi', 'bo'],
  cq: ['co', 'quan'],
};

/** Trailing qualifiers a document may add to or drop from a unit's name. */
const QUALIFIERS = [['dang', 'uy', 'phuong'], ['dang', 'uy'], ['phuong']];

export interface Word {
  key: string;
  /** Character span of the written word in the source text. */
  start: number;
  end: number;
  /** The written word ends with a separator (, ; :). */
  sep: string | null;
}

/** Words of a text with their positions; abbreviations expand into several words at the same span. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  const re = /[^\s]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const raw = m[0];
    const sepMatch = /([,;:])[)"”]*$/.exec(raw);
    const key = foldKey(raw).replace(/[^a-z0-9]/g, '');
    if (!key) {
      if (sepMatch && out.length) out[out.length - 1].sep = sepMatch[1];
      continue;
    }
    // "Mặt trận Tổ quốc Việt Nam phường": the country in an organisation's full official name
    // is not part of how the directory names it.
    if (key === 'nam' && out.length && out[out.length - 1].key === 'viet' && !sepMatch) {
      out.pop();
      continue;
    }
    const expanded = ABBREVIATIONS[key] ?? [key];
    expanded.forEach((k, idx) =>
      out.push({ key: k, start: m!.index, end: m!.index + raw.length, sep: idx === expanded.length - 1 && sepMatch ? sepMatch[1] : null }),
    );
  }
  return out;
}

function stripQualifiers(keys: string[]): string[] {
  for (const q of QUALIFIERS) {
    if (keys.length - q.length >= 2 && q.every((k, i) => keys[keys.length - q.length + i] === k)) return stripQualifiers(keys.slice(0, keys.length - q.length));
  }
  return keys;
}

/** The canonical key of a name: folded words, abbreviations expanded, end qualifiers dropped. */
export function unitKey(name: string): string {
  return stripQualifiers(words(name).map((w) => w.key)).join(' ');
}

/** The unit whose name or alias equals `name`; null if none or ambiguous. */
export function matchUnit<T extends UnitNames>(units: T[], name: string): T | null {
  const key = unitKey(name);
  if (!key) return null;
  const hits = units.filter((u) => unitKey(u.name) === key || u.aliases.some((a) => unitKey(a) === key));
  return hits.length === 1 ? hits[0] : null;
}

export interface PrefixMatch<T> {
  unit: T;
  /** Index of the first word after the name (and its qualifiers). */
  next: number;
}

/** Precomputed keys for prefix matching many texts against one directory. */
export class UnitIndex<T extends UnitNames> {
  private readonly keys: { unit: T; key: string[] }[] = [];

  constructor(readonly units: T[]) {
    for (const u of units) {
      for (const n of [u.name, ...u.aliases]) {
        const key = unitKey(n).split(' ').filter(Boolean);
        if (key.length) this.keys.push({ unit: u, key });
      }
    }
    this.keys.sort((a, b) => b.key.length - a.key.length);
  }

  /** The longest unit name written at word `i`, then any trailing qualifiers (not across a separator). */
  prefixAt(ws: Word[], i: number): PrefixMatch<T> | null {
    for (const { unit, key } of this.keys) {
      if (i + key.length > ws.length) continue;
      let ok = true;
      for (let k = 0; k < key.length && ok; k++) {
        if (ws[i + k].key !== key[k]) ok = false;
        // A separator inside the written name must be in the name too ("Các chi, đảng bộ …").
      }
      if (!ok) continue;
      let next = i + key.length;
      for (let again = true; again;) {
        again = false;
        if (ws[next - 1]?.sep) break;
        for (const q of QUALIFIERS) {
          if (q.every((k, j) => ws[next + j]?.key === k) && !q.slice(0, -1).some((_, j) => ws[next + j].sep)) {
            next += q.length;
            again = true;
            break;
          }
        }
      }
      return { unit, next };
    }
    return null;
  }
}

/**
 * The unit that plays a role for the committee — the office (Văn phòng Đảng ủy) or the
 * inspection committee — found by its kind, not its name: renaming it changes nothing.
 * With several, the first by id.
 */
export function unitOfKind<T extends { id: number; kind: string; active: boolean }>(units: T[], kind: 'office' | 'inspection'): T | null {
  return units.filter((u) => u.kind === kind && u.active).sort((a, b) => a.id - b.id)[0] ?? null;
}
