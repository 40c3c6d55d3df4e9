/**
 * Text folding for matching Vietnamese phrases. Documents arrive with mixed tone placement
 * (uỷ/ủy, hoà/hòa), decomposed diacritics from PDF extraction, any case and any spacing.
 * We match on a folded form: lowercase, diacritics removed (đ → d), every run of
 * whitespace or line breaks collapsed to one space. `map[i]` is the index in the source of
 * folded character i, so a match can be cut back out of the original text.
 *
 * Folding also merges hằng/hàng, which the documents use interchangeably for "every".
 */
export interface Folded {
  s: string;
  map: number[];
}

const COMBINING = /[\u0300-\u036f]/;
const SPACE = /[\s\u00a0\u200b\ufeff]/;

// Folding is the parser's hot path; each distinct character is folded once.
const FOLDED = new Map<string, string>();

function foldChar(ch: string): string {
  let f = FOLDED.get(ch);
  if (f === undefined) {
    f =
      ch === 'đ' || ch === 'Đ'
        ? 'd'
        : ch
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase();
    if (COMBINING.test(ch)) f = '';
    else if (SPACE.test(ch)) f = ' ';
    FOLDED.set(ch, f);
  }
  return f;
}

export function fold(text: string): Folded {
  let s = '';
  const map: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i]);
    if (f === '') continue; // a stray combining mark
    // NBSP, zero-width and other Unicode spaces count as whitespace.
    if (f === ' ') {
      pendingSpace = s.length > 0;
      continue;
    }
    if (pendingSpace) {
      s += ' ';
      map.push(i);
      pendingSpace = false;
    }
    for (let k = 0; k < f.length; k++) {
      s += f[k];
      map.push(i);
    }
  }
  return { s, map };
}

export function foldKey(text: string): string {
  return fold(text).s;
}

/** Maps a folded span back to the original text (trimmed, whitespace collapsed). */
export function originalSpan(text: string, f: Folded, start: number, end: number): string {
  if (start >= end) return '';
  const from = f.map[start];
  const to = f.map[end - 1] + 1;
  return collapseSpaces(text.slice(from, to));
}

export function collapseSpaces(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00a0\u200b\ufeff]+/g, ' ')
    .trim();
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

export function quarterNumber(token: string): number | null {
  const t = token.toLowerCase();
  if (t in ROMAN) return ROMAN[t];
  const n = Number(t);
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : null;
}

const NUMBER_WORDS: Record<string, number> = {
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  tu: 4,
  nam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  muoi: 10,
};

/** "02", "10", "ba", "mười" (folded) → number; null when not a number. */
export function numberToken(token: string): number | null {
  if (/^\d{1,4}$/.test(token)) return Number(token);
  return NUMBER_WORDS[token] ?? null;
}
