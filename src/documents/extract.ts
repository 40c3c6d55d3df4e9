/**
 * Turns a document's tree into tasks, targets and warnings. Pure.
 *
 * Which blocks are tasks: every numbered item "(n)" (its sub-items and bullets stay in its
 * text); every numbered heading or bullet that has nothing under it (a leaf), unless it only
 * names an owner; the "+"/"-" entries under an owner line ("- Đảng ủy phường:"). Headings
 * with something under them are context. Sections of purpose (MỤC ĐÍCH, YÊU CẦU) hold no
 * tasks; a section of targets (chỉ tiêu) holds targets.
 *
 * Who owns a task: the unit(s) named at the start of the task itself ("Ban Chấp hành Đảng
 * bộ phường tổ chức …", "Giao Ủy ban Kiểm tra chủ trì, phối hợp với …"), else at the start
 * of the nearest heading above it ("1.1.1. Ban Xây dựng Đảng Đảng uỷ", "- Đảng ủy phường:").
 * The first unit named leads; the others, and units after "phối hợp với", coordinate.
 */
import { combineClauses, findDeadlines } from '../deadlines/find';
import { ParseContext, Schedule, unknown } from '../deadlines/schedule';
import { foldKey } from '../deadlines/text';
import { UnitIndex, UnitNames, Word, words } from '../units/unit-match';
import { cleanText } from './clean';
import { DocNode, fullText, parseStructure } from './structure';

export interface Owner {
  /** Unit id in the directory; null when the name matches no unit (see warnings). */
  unitId: number | null;
  name: string;
}

export interface ExtractedTask {
  ref: string;
  owner: Owner | null;
  coOwners: Owner[];
  text: string;
  deadline: { raw: string | null } & Schedule;
  /** Every deadline clause found in the text, in order. */
  clauses: string[];
}

export interface ExtractedTarget {
  ref: string;
  number: number;
  text: string;
}

export type WarningCode = 'no_deadline' | 'unknown_deadline' | 'unknown_unit' | 'no_owner' | 'cleaned';

export interface ImportWarning {
  code: WarningCode;
  ref: string | null;
  message: string;
  /** For unknown_unit: the name to add to the directory. */
  proposedUnit?: string;
}

export interface Extraction {
  tasks: ExtractedTask[];
  targets: ExtractedTarget[];
  warnings: ImportWarning[];
}

// Words that begin an organisation's name, used to read owners that are not in the directory.
const ORG_START =
  /^(?:ban|chi bo|dang bo|dang uy|uy ban|van phong|hoi dong|mat tran|trung tam|cac co quan|co quan|cac chi|cong an|hoi|doan|phong|cac ban)(?:\s|$)/;
// Words that end the subject (the owner) of a Vietnamese sentence: the predicate begins.
const PREDICATE =
  /^(?:chu tri|phoi hop|co trach nhiem|can cu|tren co so|lanh dao|chi dao|to chuc|xay dung|thuc hien|tham muu|theo|trien khai|tap trung|chu dong|co ke hoach|huong dan|cu the hoa|kiem tra|giam sat|bao cao|tong hop|de xuat|phan dau|nghien cuu|quan triet|tuyen truyen|dam bao|bao dam|tiep tuc|day manh|nang cao|ban hanh|ra soat|hoan thanh|thuong xuyen|dinh ky|duoc|se|can|phai)(?:\s|$)/;
const GENERIC_NAME = /^(?:cac )?(?:co quan|don vi|to chuc|ban nganh|dia phuong)(?: (?:lien quan|chuc nang|co lien quan))?$/;

interface OwnerParse {
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

/** Reads the owner(s) written at the start of `text` ("Giao X, Y và Z chủ trì …"). */
function ownersAtStart<T extends UnitNames>(index: UnitIndex<T>, text: string): OwnerParse {
  const ws = words(text);
  let i = 0;
  if (ws[0]?.key === 'giao') i = 1;
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
function coordinating<T extends UnitNames>(index: UnitIndex<T>, text: string): Owner[] {
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

function isPurposeSection(n: DocNode): boolean {
  const k = foldKey(n.text);
  return (n.kind === 'part' || n.kind === 'roman') && /^muc dich/.test(k);
}

function isTargetSection(n: DocNode): boolean {
  return n.children.length > 0 && n.kind !== 'item' && /chi tieu/.test(foldKey(n.text)) && !n.children.some((c) => c.kind === 'arabic' || c.kind === 'roman');
}

/** "(1) … (2) …" written on one line after an owner ("2. Văn phòng Đảng ủy: (1) … (2) …"). */
function splitInlineItems(n: DocNode): void {
  if (n.children.length > 0) return;
  const re = /(?:^|[:.;]\s*)\((\d{1,2})\)\s+/g;
  const marks: { at: number; label: number; textAt: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(n.text))) {
    const label = Number(m[1]);
    if (label === marks.length + 1) marks.push({ at: m.index, label, textAt: m.index + m[0].length });
  }
  if (marks.length < 2) return;
  const head = n.text.slice(0, marks[0].at + (n.text[marks[0].at] === '(' ? 0 : 1)).trim();
  n.children = marks.map((mk, k) => ({
    kind: 'item' as const,
    label: String(mk.label),
    text: n.text
      .slice(mk.textAt, k + 1 < marks.length ? marks[k + 1].at + 1 : undefined)
      .replace(/[;]\s*$/, '')
      .trim(),
    children: [],
    line: n.line,
  }));
  n.text = head;
}

function refOf(path: DocNode[]): string {
  let ref = '';
  let arabic = '';
  for (const n of path) {
    switch (n.kind) {
      case 'part':
      case 'roman':
        ref = ref ? `${ref}.${n.label}` : n.label;
        arabic = '';
        break;
      case 'arabic':
        arabic = arabic && !n.label.startsWith(`${arabic}.`) ? `${arabic}.${n.label}` : n.label;
        break;
      case 'letter':
        ref = `${withArabic(ref, arabic)}.${n.label}`;
        arabic = '';
        break;
      case 'item':
        ref = `${withArabic(ref, arabic)}(${n.label})`;
        arabic = '';
        break;
      case 'dash':
      case 'plus':
        ref = `${withArabic(ref, arabic)}${n.kind === 'dash' ? '-' : '+'}${n.label}`;
        arabic = '';
        break;
      default:
        break;
    }
  }
  return withArabic(ref, arabic);
}

function withArabic(ref: string, arabic: string): string {
  if (!arabic) return ref;
  return ref ? `${ref}.${arabic}` : arabic;
}

function splitTargets(section: DocNode, ref: string): ExtractedTarget[] {
  const body = fullText(section).slice(section.text.length);
  const re = /\((\d{1,3})\)\s*[-–]?\s*/g;
  const marks: { n: number; at: number; textAt: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) marks.push({ n: Number(m[1]), at: m.index, textAt: m.index + m[0].length });
  return marks.map((mk, k) => {
    const text = body
      .slice(mk.textAt, k + 1 < marks.length ? marks[k + 1].at : undefined)
      .replace(/\s[-–]\s[^;.]*:\s*$/, '') // the next group's label ("- Về kinh tế:")
      .replace(/^[-–]\s*/, '')
      .replace(/[;,]\s*$/, '')
      .trim();
    return { ref: `${ref}(${mk.n})`, number: mk.n, text };
  });
}

export interface ExtractOptions {
  units: UnitNames[];
  context?: ParseContext;
}

/** Reads a document's text into tasks, targets and warnings. */
export function extractDocument(raw: string, opts: ExtractOptions): Extraction {
  const cleaned = cleanText(raw);
  const { root } = parseStructure(cleaned.lines);
  const index = new UnitIndex(opts.units);
  const tasks: ExtractedTask[] = [];
  const targets: ExtractedTarget[] = [];
  const warnings: ImportWarning[] = [];
  const proposed = new Map<string, Set<string>>();
  const propose = (names: string[], ref: string) => {
    for (const name of names) proposed.set(name, (proposed.get(name) ?? new Set<string>()).add(ref));
  };

  if (cleaned.removed.footerLines || cleaned.removed.pageNumbers) {
    warnings.push({
      code: 'cleaned',
      ref: null,
      message: `Đã bỏ ${cleaned.removed.pageNumbers} số trang và ${cleaned.removed.footerLines} dòng chân trang lặp lại${cleaned.removed.footers.length ? `: "${cleaned.removed.footers[0]}"` : ''}`,
    });
  }

  const addTask = (node: DocNode, path: DocNode[], inherited: OwnerParse | null, textOverride?: string): void => {
    const ref = refOf(path);
    const text = textOverride ?? fullText(node);
    const own = ownersAtStart(index, node.text);
    const source = own.owners.length ? own : inherited;
    propose(own.unknownNames, ref);
    const owner = source?.owners[0] ?? null;
    const co = [...(source?.owners.slice(1) ?? [])];
    for (const c of coordinating(index, text)) if (c.unitId !== owner?.unitId && !co.some((x) => x.unitId === c.unitId)) co.push(c);
    const clauses = findDeadlines(text, opts.context ?? {});
    const sched = combineClauses(clauses) ?? unknown('cần xác định thời hạn');
    const raw = clauses.length ? clauses.map((c) => c.raw).join('; ') : null;
    tasks.push({ ref, owner, coOwners: co, text, deadline: { raw, ...sched }, clauses: clauses.map((c) => c.raw) });
    if (!owner) warnings.push({ code: 'no_owner', ref, message: `${ref}: chưa xác định đơn vị chủ trì` });
    if (!raw) warnings.push({ code: 'no_deadline', ref, message: `${ref}: cần xác định thời hạn` });
    else if (sched.kind === 'unknown') warnings.push({ code: 'unknown_deadline', ref, message: `${ref}: không đọc được thời hạn "${raw}" (${sched.reason})` });
  };

  const visit = (node: DocNode, path: DocNode[], inherited: OwnerParse | null): void => {
    if (isPurposeSection(node)) return;
    splitInlineItems(node);
    const here = [...path, node];
    if (isTargetSection(node)) {
      targets.push(...splitTargets(node, refOf(here)));
      return;
    }
    const own = node.kind === 'root' ? null : ownersAtStart(index, node.text);
    propose(own?.unknownNames ?? [], refOf(here));
    const context = own && own.owners.length ? own : inherited;

    if (node.kind === 'item') return addTask(node, here, inherited);
    if (node.kind === 'root' || node.children.length > 0) {
      for (const c of node.children) visit(c, here, context);
      return;
    }
    if (node.kind === 'part' || node.kind === 'roman' || node.kind === 'subitem') return;
    // A leaf heading or bullet is a task, unless it only names an owner ("4.3. Chi bộ Quân sự phường").
    const rest = own ? words(node.text).slice(own.next) : [];
    if (own && own.owners.length && rest.length === 0) return;
    addTask(node, here, inherited);
  };
  visit(root, [], null);

  for (const [name, refs] of proposed) {
    warnings.push({
      code: 'unknown_unit',
      ref: [...refs][0],
      message: `Đơn vị "${name}" chưa có trong danh mục (${[...refs].join(', ')}): đề xuất thêm đơn vị mới`,
      proposedUnit: name,
    });
  }
  return { tasks, targets, warnings };
}
