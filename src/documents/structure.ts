/**
 * Reads the numbering of a Vietnamese administrative document into a tree. Pure.
 *
 * Numbering, from the outside in: Part letters ("A-", "B.", "C."), Roman sections ("I-",
 * "II."), arabic headings ("1.", "1.1.", "1.1.1." — the depth is the number of parts),
 * items "(1)", sub-items "(i1)", bullets "-" and "+". A marker counts only at the start of a
 * line; text that follows on later lines without a marker continues the current block
 * (PDF extraction breaks lines anywhere). A "-" that continues a broken sentence
 * ("nhiệm kỳ 2025\n- 2030 và …") is not a bullet: a bullet follows the end of a clause or
 * starts with a capital letter.
 */

export type NodeKind = 'root' | 'part' | 'roman' | 'arabic' | 'letter' | 'item' | 'subitem' | 'dash' | 'plus';

export interface DocNode {
  kind: NodeKind;
  /** The number as written, normalised: "B", "III", "1.1.1", "3", "i2"; bullets get their index. */
  label: string;
  /** The block's own text, lines joined, marker removed. */
  text: string;
  children: DocNode[];
  /** Line index of the marker in the cleaned lines (for messages). */
  line: number;
}

const ROMAN = '(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})';
const PART_RE = /^([A-H])\s*[-.–)]\s*(.*)$/;
const ROMAN_RE = new RegExp(`^(${ROMAN})\\s*[-.–)]\\s*(.*)$`);
// "1." "1.1." "1.1.1." and also "1.1.Tăng cường" (no space after the dot) and "1.1 Tăng" (no final dot, depth ≥ 2).
// Up to three digits: long plans number items 100 and up at one level.
const ARABIC_RE = /^(\d{1,3}(?:\.\d{1,3})*)\.(?!\d)\s*(.*)$|^(\d{1,3}(?:\.\d{1,3})+)\s+(\p{Lu}.*)$/u;
const ITEM_RE = /^\((\d{1,3})\)\s*(.*)$/;
// Lettered points "a)", "b)", "đ)" as Vietnamese documents number them under an arabic heading.
const LETTER_RE = /^([a-zđ])\)\s+(\p{Lu}.*|.{3,})$/u;
const SUBITEM_RE = /^\(([a-zđ]\d{1,2}|[a-zđ])\)\s*(.*)$/;
const DASH_RE = /^[-–—•]\s*(.*)$/;
const PLUS_RE = /^\+\s*(.*)$/;

const UPPER_START = /^["“(]?\p{Lu}/u;

/** Where the body of the document ends: the list of recipients and the signature. */
const END_OF_BODY = /^(?:Nơi nhận|Nơi gửi)\s*:?/i;
/** The closing formula of a document ("Trong quá trình triển khai thực hiện, nếu có …"). */
const CLOSING_FORMULA = /^Trong quá trình (?:triển khai |tổ chức )*thực hiện(?: kế hoạch| chương trình)?[^,]*,\s*(?:nếu|trường hợp)/i;

function rank(kind: NodeKind, label: string): number {
  switch (kind) {
    case 'root':
      return 0;
    case 'part':
      return 1;
    case 'roman':
      return 2;
    case 'arabic':
      return 2 + label.split('.').length;
    case 'letter':
      return 19;
    case 'item':
      return 20;
    case 'subitem':
      return 21;
    case 'dash':
      return 22;
    case 'plus':
      return 23;
  }
}

interface Marker {
  kind: NodeKind;
  label: string;
  rest: string;
}

function isRomanLabel(s: string): boolean {
  return s.length > 0 && new RegExp(`^${ROMAN}$`).test(s);
}

function markerOf(line: string, prevText: string, current: DocNode, lastPart: string | null, prevWasMarker = false): Marker | null {
  let m: RegExpExecArray | null;
  if ((m = ROMAN_RE.exec(line)) && isRomanLabel(m[1]) && UPPER_START.test(m[2])) return { kind: 'roman', label: m[1], rest: m[2] };
  if ((m = PART_RE.exec(line)) && /^\p{Lu}/u.test(m[2]) && m[2].length > 0) {
    // Part headings are written in capitals ("B- NỘI DUNG", "C. TỔ CHỨC THỰC HIỆN"), or at
    // least come in order (A, then B, …).
    const letters = m[2].replace(/[^\p{L}]/gu, '');
    const inOrder = lastPart === null ? m[1] === 'A' : m[1].charCodeAt(0) === lastPart.charCodeAt(0) + 1;
    if (letters.length > 0 && (letters === letters.toUpperCase() || inOrder)) return { kind: 'part', label: m[1], rest: m[2] };
  }
  if ((m = ARABIC_RE.exec(line))) {
    const label = m[1] ?? m[3];
    const rest = m[2] ?? m[4];
    // "2025 - 2030" or "1.200 lượt" are numbers in running text, not headings.
    if (rest.length > 0 && !/^[-–%,;]/.test(rest)) return { kind: 'arabic', label, rest };
  }
  if ((m = ITEM_RE.exec(line))) return { kind: 'item', label: m[1], rest: m[2] };
  if ((m = LETTER_RE.exec(line))) return { kind: 'letter', label: m[1], rest: m[2] };
  if ((m = SUBITEM_RE.exec(line))) return { kind: 'subitem', label: m[1], rest: m[2] };
  if ((m = PLUS_RE.exec(line))) return { kind: 'plus', label: '', rest: m[1] };
  if ((m = DASH_RE.exec(line))) {
    const endsClause = /[:.;!?]$/.test(prevText.trim()) || prevText.trim() === '';
    // Right under a heading line ("II. MỤC TIÊU" then "- 100% tổ chức đảng …"), a dash is a bullet.
    const capitals = (t: string) => /\p{L}/u.test(t) && t === t.toUpperCase();
    const headingJustBefore =
      current.kind !== 'root' && (current.text === prevText || (prevWasMarker && capitals(current.text))) && current.kind !== 'dash' && current.kind !== 'plus';
    if (UPPER_START.test(m[1]) || endsClause || headingJustBefore) return { kind: 'dash', label: '', rest: m[1] };
  }
  return null;
}

export interface ParsedDocument {
  root: DocNode;
  /** Text before the first marker: the document's heading block. */
  preamble: string;
  /** The PHỤ LỤC after the signature, read as a part labelled "PL"; null when there is none. */
  appendix: DocNode | null;
}

/** A Phụ lục heading on a line of its own, after the signature ("PHỤ LỤC", "PHỤ LỤC I", "Phụ lục số 2"). */
const APPENDIX_LINE = /^(?:PHỤ LỤC|PHU LUC|Phụ lục)(?:\s+(?:[IVX]+|\d+|số\s*\d+))?\s*[.:]?\s*$/u;

export function parseStructure(lines: string[]): ParsedDocument {
  const root: DocNode = { kind: 'root', label: '', text: '', children: [], line: -1 };
  const stack: DocNode[] = [root];
  let current = root;
  let prevLine = '';
  const preamble: string[] = [];
  let lastPart: string | null = null;
  let appendix: DocNode | null = null;
  let markerLine = -2;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (END_OF_BODY.test(line) || (CLOSING_FORMULA.test(line) && /[.;:]$/.test(prevLine.trim()))) {
      // The body ends here; a Phụ lục after the signature still belongs to the document.
      const at = lines.findIndex((l, k) => k > i && APPENDIX_LINE.test(l.trim()));
      if (at < 0 || appendix) break;
      appendix = { kind: 'part', label: 'PL', text: lines[at].trim(), children: [], line: at };
      root.children.push(appendix);
      stack.length = 1;
      stack.push(appendix);
      current = appendix;
      lastPart = null;
      prevLine = lines[at];
      i = at;
      continue;
    }
    const marker = markerOf(line, prevLine, current, lastPart, markerLine === i - 1);
    if (!marker) {
      if (current === root) preamble.push(line);
      else current.text = current.text ? `${current.text} ${line}` : line;
      prevLine = line;
      continue;
    }
    const node: DocNode = { kind: marker.kind, label: marker.label, text: marker.rest, children: [], line: i };
    if (node.kind === 'part') lastPart = node.label;
    const r = rank(node.kind, node.label);
    while (stack.length > 1 && rank(stack[stack.length - 1].kind, stack[stack.length - 1].label) >= r) stack.pop();
    const parent = stack[stack.length - 1];
    if (node.kind === 'dash' || node.kind === 'plus') node.label = String(parent.children.filter((c) => c.kind === node.kind).length + 1);
    parent.children.push(node);
    stack.push(node);
    current = node;
    prevLine = line;
    markerLine = i;
  }
  for (const n of walk(root)) n.text = n.text.replace(/\s+/g, ' ').trim();
  return { root, preamble: preamble.join(' '), appendix };
}

export function* walk(n: DocNode): Generator<DocNode> {
  yield n;
  for (const c of n.children) yield* walk(c);
}

/** A block with everything under it, as one text (sub-items and bullets stay with their item). */
export function fullText(n: DocNode): string {
  const parts = [n.text];
  for (const c of n.children) {
    const mark =
      c.kind === 'item' || c.kind === 'subitem'
        ? `(${c.label}) `
        : c.kind === 'letter'
          ? `${c.label}) `
          : c.kind === 'dash'
            ? '- '
            : c.kind === 'plus'
              ? '+ '
              : `${c.label}. `;
    parts.push(mark + fullText(c));
  }
  return parts.filter(Boolean).join(' ').trim();
}
