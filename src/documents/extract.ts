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
import { UnitIndex, UnitNames, words } from '../units/unit-match';
import { Owner, OwnerParse, coordinating, ownersAtStart, ownersInCell, ownersInside } from './owners';
import { Field, fieldOf, isDefinition, isGrounds, isGroupLabel, isListLabel, isPerson } from './fields';
import { cleanText } from './clean';
import { DocNode, fullText, parseStructure } from './structure';
import { TableCell, cellDeadline, findHeader, readTable } from './table';
import { DocumentHeader, bodyStart, readHeader } from './header';
import { readProse } from './prose';

export type { Owner } from './owners';

export interface ExtractedTask {
  ref: string;
  owner: Owner | null;
  coOwners: Owner[];
  text: string;
  deadline: { raw: string | null } & Schedule;
  /** Every deadline clause found in the text, in order. */
  clauses: string[];
  /** Where the row was read: numbered text, a table, OCR'd text, or sentences of prose. */
  source: TaskSource;
  /** Proposed by the prose reader: the office keeps or drops it before commit. */
  proposed: boolean;
  /** OCR confidence (0–1) of the lines the row was read from; null when not OCR'd. */
  confidence: number | null;
}

export type TaskSource = 'text' | 'table' | 'ocr' | 'prose';

/** What a file adapter hands the reader: paragraphs of text and tables, in document order. */
export type Block = { kind: 'text'; text: string } | { kind: 'table'; rows: TableCell[][] };

export interface DocumentContent {
  blocks: Block[];
  /** Text recognised by OCR: each line with its confidence (0–1). */
  ocr?: { lines: { text: string; confidence: number }[] };
}

export interface ExtractedTarget {
  ref: string;
  number: number;
  text: string;
}

export type WarningCode =
  | 'no_deadline'
  | 'unknown_deadline'
  | 'unknown_unit'
  | 'no_owner'
  | 'cleaned'
  | 'appendix'
  | 'table'
  | 'low_confidence'
  | 'proposed'
  | 'header'
  | 'before_issue'
  | 'prose';

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
  /** What the document says of itself: kind, number, title, issuing body, date and place. */
  header: DocumentHeader;
}

/** Sections that hold no tasks: purpose (MỤC ĐÍCH, YÊU CẦU), grounds (CĂN CỨ), definitions (GIẢI THÍCH TỪ NGỮ). */
function isPurposeSection(n: DocNode): boolean {
  const k = foldKey(n.text);
  return (n.kind === 'part' || n.kind === 'roman') && /^(?:muc dich|can cu|co so (?:xay dung|phap ly)|giai thich tu ngu)/.test(k);
}

/** A section of targets: chỉ tiêu, or MỤC TIÊU whose entries are goals ("100% tổ chức đảng …"). */
function isTargetSection(n: DocNode): boolean {
  if (n.children.length === 0 || n.kind === 'item' || n.children.some((c) => c.kind === 'arabic' || c.kind === 'roman')) return false;
  const k = foldKey(n.text);
  // A heading about targets ("Các chỉ tiêu chủ yếu", "MỤC TIÊU, CHỈ TIÊU"), not a task that mentions them.
  const capitals = /\p{L}/u.test(n.text) && n.text === n.text.toUpperCase();
  if (/chi tieu/.test(k) && (capitals || /^(?:(?:cac|nhom|he thong|mot so)\s+)?(?:muc tieu\W+)?chi tieu/.test(k))) return true;
  return /^muc tieu/.test(k) && n.children.every((c) => /\d/.test(c.text));
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
  // Goals written as bullets ("- 100% tổ chức đảng …"), one target each.
  if (!/\(\d{1,3}\)/.test(fullText(section)) && section.children.every((c) => c.kind === 'dash' || c.kind === 'plus' || c.kind === 'letter')) {
    return section.children.map((c, k) => ({
      ref: `${ref}-${k + 1}`,
      number: k + 1,
      text: fullText(c)
        .replace(/[;,]\s*$/, '')
        .trim(),
    }));
  }
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
  /** Read sentences as proposed tasks even when the document has numbered tasks. */
  prose?: boolean;
}

/** OCR rows under this confidence are flagged for review in the preview. */
export const LOW_CONFIDENCE = 0.75;

const APPENDIX = /^\s*(?:PHỤ LỤC|PHU LUC|Phụ lục)(?:\s+(?:[IVX]+|\d+|số\s*\d+))?\s*[.:]?\s*$/mu;

/** Reads a document — its text, or its blocks of text and tables — into tasks, targets and warnings. */
export function extractDocument(input: string | DocumentContent, opts: ExtractOptions): Extraction {
  const content: DocumentContent = typeof input === 'string' ? { blocks: [{ kind: 'text', text: input }] } : input;
  const index = new UnitIndex(opts.units);
  const textSource: TaskSource = content.ocr ? 'ocr' : 'text';

  // Tables whose header says what their columns hold are read as tables; any other table (the
  // two-column heading block of a party document, a signature block) is read as text.
  const lines: string[] = [];
  const tables: { rows: TableCell[][]; header: NonNullable<ReturnType<typeof findHeader>>; appendix: boolean }[] = [];
  const unreadTables: number[] = [];
  let appendix = false;
  let lastBlockWasTable = false;
  for (const b of content.blocks) {
    const wasTable = lastBlockWasTable;
    lastBlockWasTable = b.kind === 'table';
    if (b.kind === 'text') {
      // Between two pages of one table there is only the page number (and furniture).
      if (wasTable && /^\s*(?:\d{1,3}|--\s*\d+\s+of\s+\d+\s*--)?\s*$/.test(b.text)) {
        lastBlockWasTable = true;
        continue;
      }
      lines.push(b.text);
      if (APPENDIX.test(b.text)) appendix = true;
      continue;
    }
    const header = findHeader(b.rows);
    const previous = tables[tables.length - 1];
    if (header) tables.push({ rows: b.rows, header, appendix });
    else if (previous && wasTable && b.rows[0]?.length === previous.rows[previous.header.row].length) {
      // The table goes on over a page (a PDF gives each page its own grid): same columns, no header.
      previous.rows = [...previous.rows, ...b.rows];
    } else {
      if (b.rows.length >= 3 && b.rows[0].length >= 3) unreadTables.push(b.rows.length);
      for (const row of b.rows)
        lines.push(
          row
            .filter((c) => !c.merged && c.text.trim())
            .map((c) => c.text)
            .join('\n'),
        );
    }
  }

  // The document's own date anchors year-less dates and "kể từ ngày ban hành" when the office gave none.
  const header = readHeader(lines.join('\n'));
  const ctx: ParseContext = { ...opts.context, issued: opts.context?.issued ?? header.issuedDate };
  const fromText = extractText(lines.join('\n'), index, ctx, textSource);
  const warnings = fromText.warnings;
  // Prose: asked for, or the document has no task structure at all (a Thông báo kết luận).
  const noStructure = fromText.tasks.length === 0 && fromText.targets.length === 0 && tables.length === 0;
  const tasks = opts.prose || noStructure ? [] : fromText.tasks;
  const proposed = opts.prose || noStructure ? new Map<string, Set<string>>() : fromText.proposed;
  if (opts.prose || noStructure) {
    const body = fromText.lines;
    const start = bodyStart(body);
    const end = body.findIndex((l, i) => i >= start && /^(?:Nơi nhận|Nơi gửi)\s*:?/i.test(l));
    const read = readProse(body.slice(start, end < 0 ? undefined : end), index, ctx);
    tasks.push(...read.tasks);
    for (const u of read.unknownNames) proposed.set(u.name, (proposed.get(u.name) ?? new Set<string>()).add(u.ref));
    if (read.truncated)
      warnings.push({
        code: 'prose',
        ref: null,
        message: `Chỉ đề xuất ${read.tasks.length} câu đầu: văn bản quá dài để đọc thành từng câu, có lẽ không phải thông báo kết luận`,
      });
    if (noStructure && !opts.prose && read.tasks.length)
      warnings.push({
        code: 'prose',
        ref: null,
        message: `Văn bản không có mục đánh số hay bảng phân công: đã đề xuất ${read.tasks.length} nhiệm vụ từ các câu văn, hãy giữ hoặc bỏ từng dòng`,
      });
  }

  const appendixTables = tables.filter((t) => t.appendix).length;
  let pl = 0;
  let body = 0;
  for (const t of tables) {
    const prefix = t.appendix ? (appendixTables > 1 ? `PL${++pl}` : 'PL') : tables.length - appendixTables > 1 || tasks.length > 0 ? `B${++body}` : '';
    const read = readTable(t.rows, t.header, { index, context: ctx, prefix });
    tasks.push(...read.tasks);
    for (const u of read.unknownNames) proposed.set(u.name, (proposed.get(u.name) ?? new Set<string>()).add(u.ref));
  }
  if (unreadTables.length && tasks.length === 0) {
    warnings.push({
      code: 'table',
      ref: null,
      message: `Có ${unreadTables.length} bảng nhưng không nhận ra dòng tiêu đề (cần các cột như "Nội dung", "Đơn vị chủ trì", "Thời gian hoàn thành")`,
    });
  }
  if (fromText.appendixUnread && !tables.some((t) => t.appendix)) {
    warnings.push({
      code: 'appendix',
      ref: null,
      message: 'Văn bản có PHỤ LỤC sau phần nơi nhận nhưng không đọc được nhiệm vụ trong đó: hãy kiểm tra và nhập bổ sung',
    });
  }

  uniqueRefs(tasks);
  if (content.ocr) applyConfidence(tasks, content.ocr.lines);
  for (const t of tasks) warnings.push(...rowWarnings(t, ctx.issued ?? null));
  for (const [name, refs] of proposed) {
    warnings.push({
      code: 'unknown_unit',
      ref: [...refs][0],
      message: `Đơn vị "${name}" chưa có trong danh mục (${[...refs].join(', ')}): đề xuất thêm đơn vị mới`,
      proposedUnit: name,
    });
  }
  return { tasks, targets: fromText.targets, warnings, header };
}

/** What the row rules look at, in an extracted task and in a preview row alike. */
export interface RowState {
  /** A lead unit is known (in the directory or proposed by name). */
  owned: boolean;
  deadline: { raw: string | null } & Pick<Schedule, 'kind' | 'due' | 'reason'>;
  confidence: number | null | undefined;
  proposed: boolean;
  /** The office has acted on the row (kept, dropped or fixed it). */
  decided: boolean;
}

/**
 * A row's own problems, what the office must fill in or check before commit — one set of rules
 * for the reader's warnings, the preview's warnings and its review filter. Messages leave the
 * ref out: it is a field of its own. `issued` null leaves out the check against the issue date.
 */
export function rowProblems(r: RowState, issued: string | null): { code: WarningCode; message: string }[] {
  const out: { code: WarningCode; message: string }[] = [];
  if (!r.owned) out.push({ code: 'no_owner', message: 'chưa xác định đơn vị chủ trì' });
  if (!r.deadline.raw) out.push({ code: 'no_deadline', message: 'cần xác định thời hạn' });
  else if (r.deadline.kind === 'unknown')
    out.push({ code: 'unknown_deadline', message: `không đọc được thời hạn "${r.deadline.raw}"${r.deadline.reason ? ` (${r.deadline.reason})` : ''}` });
  else if (issued && r.deadline.due && r.deadline.due < issued && r.deadline.kind !== 'recurring')
    out.push({ code: 'before_issue', message: `thời hạn "${r.deadline.raw}" trước ngày ban hành văn bản (${issued}): có thể ghi nhầm năm` });
  if (r.confidence !== null && r.confidence !== undefined && r.confidence < LOW_CONFIDENCE && !r.decided)
    out.push({ code: 'low_confidence', message: `chữ nhận dạng (OCR) không chắc chắn (${Math.round(r.confidence * 100)}%), cần đối chiếu bản gốc` });
  // A sentence proposed from prose waits for the office to keep it or drop it.
  if (r.proposed && !r.decided) out.push({ code: 'proposed', message: 'đề xuất từ câu văn: giữ hoặc bỏ' });
  return out;
}

/** The reader's warnings about one task, each message led by its ref (the CLI prints them alone). */
export function rowWarnings(t: Pick<ExtractedTask, 'ref' | 'owner' | 'deadline' | 'confidence' | 'proposed'>, issued: string | null = null): ImportWarning[] {
  const state = { owned: t.owner !== null, deadline: t.deadline, confidence: t.confidence, proposed: t.proposed, decided: false };
  return rowProblems(state, issued).map((p) => ({ code: p.code, ref: t.ref, message: `${t.ref}: ${p.message}` }));
}

/**
 * Refs are unique within a document, so a re-import pairs rows with tasks: a ref that
 * repeats (a document that numbers two sections alike) gets "#2", "#3" in order.
 */
function uniqueRefs(tasks: ExtractedTask[]): void {
  const seen = new Map<string, number>();
  const all = new Set(tasks.map((t) => t.ref));
  for (const t of tasks) {
    const n = (seen.get(t.ref) ?? 0) + 1;
    seen.set(t.ref, n);
    if (n === 1) continue;
    let k = n;
    while (all.has(`${t.ref}#${k}`)) k++;
    t.ref = `${t.ref}#${k}`;
    all.add(t.ref);
  }
}

/**
 * The OCR confidence of a row: the lowest of the recognised lines its text holds. A line is
 * found in a row by its words (spacing and line breaks differ after cleaning).
 */
function applyConfidence(tasks: ExtractedTask[], lines: { text: string; confidence: number }[]): void {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  // A row's text has no numbering: match lines without theirs ("2. Ban …" → "Ban …").
  const marker = /^(?:(?:[A-H]|[IVX]{1,4}|\d{1,3}(?:\.\d{1,3})*)\s*[.\-–)]|\(\w{1,3}\)|[a-zđ]\)|[-+•–])\s*/u;
  const usable = lines.map((l) => ({ text: norm(l.text).replace(marker, ''), confidence: l.confidence })).filter((l) => l.text.length >= 6);
  for (const t of tasks) {
    const text = norm(t.text);
    let min: number | null = null;
    for (const l of usable) if (text.includes(l.text)) min = min === null ? l.confidence : Math.min(min, l.confidence);
    t.confidence = min ?? (usable.length ? usable.reduce((s, l) => s + l.confidence, 0) / usable.length : null);
  }
}

/** The numbered text of a document: tasks, targets, and the names it proposes as new units. */
function extractText(
  raw: string,
  index: UnitIndex<UnitNames>,
  ctx: ParseContext,
  source: TaskSource,
): {
  tasks: ExtractedTask[];
  targets: ExtractedTarget[];
  warnings: ImportWarning[];
  proposed: Map<string, Set<string>>;
  appendixUnread: boolean;
  /** The cleaned lines, for the prose reader. */
  lines: string[];
} {
  const cleaned = cleanText(raw);
  const { root, appendix } = parseStructure(cleaned.lines);
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

  const addTask = (node: DocNode, path: DocNode[], inherited: OwnerParse | null, fields: Field[] = []): void => {
    const ref = refOf(path);
    const body = fullText(node);
    // Labelled lines stay in the text (what, where, who takes part) but are read as fields.
    const text = [body, ...fields.map((f) => `${f.label}: ${f.value}`)].join('; ');
    const own = ownersAtStart(index, node.text);
    propose(own.unknownNames, ref);
    // Who leads: the subject of the task, else a "chủ trì" field, else a unit named as
    // leading inside the text ("(Giao … chủ trì …)"), else the heading's.
    const leadField = fields.filter((f) => f.kind === 'lead').flatMap((f) => ownersInCell(index, f.value).owners);
    for (const f of fields) if (f.kind === 'lead' || f.kind === 'co') propose(ownersInCell(index, f.value).unknownNames, ref);
    const inside = own.owners.length || leadField.length ? [] : ownersInside(index, body);
    const owners = own.owners.length ? own.owners : leadField.length ? leadField : inside.length ? inside : (inherited?.owners ?? []);
    const owner = owners[0] ?? null;
    const co = [...owners.slice(1)];
    const addCo = (c: Owner) => {
      if ((c.unitId !== null && c.unitId === owner?.unitId) || (c.unitId === null && c.name === owner?.name)) return;
      if (!co.some((x) => (c.unitId !== null ? x.unitId === c.unitId : x.name === c.name))) co.push(c);
    };
    for (const f of fields) if (f.kind === 'co') ownersInCell(index, f.value).owners.forEach(addCo);
    coordinating(index, body).forEach(addCo);
    const time = fields.find((f) => f.kind === 'time');
    if (time) {
      const d = cellDeadline(time.value, body, ctx);
      tasks.push({ ref, owner, coOwners: co, text, deadline: { raw: d.raw, ...d.schedule }, clauses: d.clauses, source, proposed: false, confidence: null });
      return;
    }
    const clauses = findDeadlines(body, ctx);
    const sched = combineClauses(clauses) ?? unknown('cần xác định thời hạn');
    const raw = clauses.length ? clauses.map((c) => c.raw).join('; ') : null;
    tasks.push({ ref, owner, coOwners: co, text, deadline: { raw, ...sched }, clauses: clauses.map((c) => c.raw), source, proposed: false, confidence: null });
  };

  /** Moves a node's labelled lines into fields and drops its group labels; what remains are its real children. */
  const absorbFields = (node: DocNode): Field[] => {
    const fields: Field[] = [];
    node.children = node.children.filter((c) => {
      if ((c.kind !== 'dash' && c.kind !== 'plus') || c.children.length > 0) return true;
      const f = fieldOf(c.text);
      if (f) fields.push(f);
      return !f && !isGroupLabel(c.text);
    });
    return fields;
  };

  const visit = (node: DocNode, path: DocNode[], inherited: OwnerParse | null): void => {
    if (isPurposeSection(node)) return;
    // "Thành phần đoàn kiểm tra:" and the members under it; "Địa điểm:" …
    if (node.kind !== 'root' && node.children.length > 0 && isListLabel(node.text)) return;
    splitInlineItems(node);
    const here = [...path, node];
    const fields = node.kind === 'root' ? [] : absorbFields(node);
    if (isTargetSection(node)) {
      targets.push(...splitTargets(node, refOf(here)));
      return;
    }
    const own = node.kind === 'root' ? null : ownersAtStart(index, node.text);
    propose(own?.unknownNames ?? [], refOf(here));
    const leadField = fields.filter((f) => f.kind === 'lead').flatMap((f) => ownersInCell(index, f.value).owners);
    const context = own && own.owners.length ? own : leadField.length ? { owners: leadField, next: 0, unknownNames: [] } : inherited;

    if (node.kind === 'item') return addTask(node, here, inherited, fields);
    if (node.kind === 'root' || node.children.length > 0) {
      for (const c of node.children) visit(c, here, context);
      return;
    }
    if (node.kind === 'part' || node.kind === 'roman' || node.kind === 'subitem') return;
    // Not tasks: a group's label, a definition, a line citing the grounds.
    if (isGroupLabel(node.text) || isDefinition(node.text) || isGrounds(node.text) || isPerson(node.text)) return;
    // A leaf heading or bullet is a task, unless it only names an owner ("4.3. Chi bộ Quân sự phường").
    const rest = own ? words(node.text).slice(own.next) : [];
    if (own && own.owners.length && rest.length === 0 && fields.length === 0) return;
    addTask(node, here, inherited, fields);
  };
  visit(root, [], null);
  const appendixUnread = appendix !== null && !tasks.some((t) => t.ref.startsWith('PL'));
  return { tasks, targets, warnings, proposed, appendixUnread, lines: cleaned.lines };
}
