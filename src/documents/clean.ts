/**
 * Cleans text extracted from PDF/Word before its structure is read. Pure.
 *
 * PDF text of Vietnamese administrative documents comes with: lines broken anywhere, blank
 * lines between every line, page numbers alone on a line, a footer repeated at every page
 * end (e.g. "Tài liệu này thuộc sở hữu của các cơ quan Đảng…"), spaces before punctuation,
 * decomposed diacritics and odd spaces. The result keeps one physical line per line (the
 * structure reader needs line starts) minus the noise.
 */

import { needsRepair, repairSyllables, vocabulary } from './syllables';

const PAGE_NUMBER = /^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*(?:\/|of|trên)\s*\d{1,3})?(?:\s*-)?$/i;
const STRUCTURAL = /^(?:\(\w{1,3}\)|[A-H]\s*[-.–]\s|[IVX]{1,4}\s*[-.–]\s|\d{1,3}(?:\.\d{1,3})*\.|[-+•–]\s)/;
const PAGE_SEPARATOR = /^--\s*\d+\s+of\s+\d+\s*--$/i;

export interface CleanResult {
  lines: string[];
  /** What was removed, for the import preview's warnings. */
  removed: { pageNumbers: number; footerLines: number; footers: string[] };
}

/**
 * Emphasis as text arrives from Markdown or a converted Word file ("trước **ngày 20/8/2025**",
 * "*trước ngày 15/8/2025.*", "__chậm nhất ngày 30/9/2025__"): the markers carry no meaning for
 * the reader and would split a deadline from its words. A bullet ("* Nội dung") and a word with
 * an underscore (an address, a file name) are not emphasis and stay. A span is at most 300
 * characters, so an unclosed marker costs a bounded look-ahead (the reader stays linear).
 */
export function stripEmphasis(line: string): string {
  return line
    .replace(/(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, '$1$2')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]{1,300}?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1$2');
}

function normaliseLine(line: string, known: ReadonlySet<string>): string {
  return repairSyllables(stripEmphasis(line.normalize('NFC')), known)
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\t]/g, ' ')
    .replace(/\s+([,.;:!?)\]”])/g, '$1')
    .replace(/([([“])\s+/g, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Page furniture: a line that recurs at page boundaries (next to a page number, a page
 * separator, or the start or end of the text). Body text may repeat a line verbatim (the
 * same citation broken the same way), but not at every page break.
 */
function furniture(lines: string[]): Set<string> {
  const nonEmpty = lines.map((l, i) => ({ l, i })).filter((x) => x.l !== '');
  const boundary = new Set<number>(); // indices into nonEmpty that sit next to a page break
  nonEmpty.forEach((x, k) => {
    if (PAGE_NUMBER.test(x.l) || PAGE_SEPARATOR.test(x.l)) for (let d = -3; d <= 3; d++) boundary.add(k + d);
  });
  for (let d = 0; d < 3; d++) {
    boundary.add(d);
    boundary.add(nonEmpty.length - 1 - d);
  }
  const seen = new Map<string, { total: number; atBoundary: number }>();
  nonEmpty.forEach((x, k) => {
    // A numbered line ("(2) Triển khai …", "4.3. Chi bộ …") is structure, never furniture.
    if (x.l.length < 12 || PAGE_NUMBER.test(x.l) || STRUCTURAL.test(x.l)) return;
    const c = seen.get(x.l) ?? { total: 0, atBoundary: 0 };
    c.total++;
    if (boundary.has(k)) c.atBoundary++;
    seen.set(x.l, c);
  });
  const out = new Set<string>();
  for (const [l, c] of seen) if (c.total >= 2 && c.atBoundary >= 2 && c.atBoundary >= c.total - 1) out.add(l);
  return out;
}

export function cleanText(raw: string): CleanResult {
  // The document's own words decide where run-together words split (syllables.ts).
  const known = needsRepair(raw) ? vocabulary(raw) : new Set<string>();
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => normaliseLine(l, known));
  const footers = furniture(lines);
  const out: string[] = [];
  let pageNumbers = 0;
  let footerLines = 0;
  for (const l of lines) {
    if (l === '') continue;
    if (PAGE_NUMBER.test(l) || PAGE_SEPARATOR.test(l)) {
      pageNumbers++;
      continue;
    }
    if (footers.has(l)) {
      footerLines++;
      continue;
    }
    out.push(l);
  }
  return { lines: out, removed: { pageNumbers, footerLines, footers: [...footers] } };
}

/**
 * Numbering as OCR misreads it at a line start: the Roman "I" as "|" or "l" ("|. NỘI DUNG",
 * "ll. TỔ CHỨC"), the dot after a number as a comma ("5, Văn phòng …"). Only for OCR'd text:
 * typed text means what it says.
 */
export function repairOcrMarkers(line: string): string {
  return line
    .replace(/^([|lI1]{1,3})\s*([.\-–])\s+(?=\p{Lu}{2,}[\p{Lu}\d\s,.\-/]*$)/u, (_, ones: string, mark: string) => `${'I'.repeat(ones.length)}${mark} `)
    .replace(/^(\d{1,3}(?:\.\d{1,3})*),\s+(?=\p{Lu})/u, '$1. ');
}
