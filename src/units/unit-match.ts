/**
 * Tolerant matching of unit names as documents write them: any case, uỷ/ủy, with or without
 * diacritics, extra spaces and trailing punctuation. Pure.
 */
import { foldKey } from '../deadlines/text';

export interface UnitNames {
  id: number;
  name: string;
  aliases: string[];
}

export function unitKey(name: string): string {
  return foldKey(name).replace(/[.,:;()"“”]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The unit whose name or alias equals `name` (folded); null if none or ambiguous. */
export function matchUnit<T extends UnitNames>(units: T[], name: string): T | null {
  const key = unitKey(name);
  if (!key) return null;
  const hits = units.filter((u) => unitKey(u.name) === key || u.aliases.some((a) => unitKey(a) === key));
  return hits.length === 1 ? hits[0] : null;
}
