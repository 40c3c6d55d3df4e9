/**
 * Reads a phân công table into tasks. Pure.
 *
 * Plans put their tasks in a table as often as in numbered text, often in a Phụ lục:
 * "TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành". The
 * column names vary from one office to the next, so a column is known by what its header
 * means, not by its exact words. Rows are of three kinds:
 *  - group rows ("I. CÔNG TÁC CHUẨN BỊ" across the table, or "I" in the TT column with the
 *    group's name beside it): headings whose numeral prefixes the refs below, never tasks;
 *  - task rows: one task each, the owner and coordinating units from their columns (a cell
 *    may list several units), the deadline from the time column through the deadline grammar;
 *  - continuation rows (no number of their own in a numbered table, text that carries on
 *    the row above or bullets under it): appended to the task above.
 * A header row repeated where the table continues on a new page is skipped, as is the row of
 * column numbers "(1) (2) (3)" some tables print under the header.
 */
import { findDeadlines, parseClauses } from '../deadlines/find';
import { ParseContext, Schedule, unknown } from '../deadlines/schedule';
import { foldKey } from '../deadlines/text';
import { UnitIndex, UnitNames } from '../units/unit-match';
import type { ExtractedTask } from './extract';
import { Owner, coordinating, ownersInCell } from './owners';

export interface TableCell {
  text: string;
  /** The slot is covered by a merged cell whose text sits in the slot to the left ('col') or above ('row'). */
  merged?: 'row' | 'col';
}

export type ColumnRole = 'ref' | 'content' | 'lead' | 'co' | 'time' | 'start' | 'product' | 'note';

/** What a header cell means; null for a column the reader has no use for. */
export function columnRole(header: string): ColumnRole | null {
  const k = foldKey(header)
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!k) return null;
  if (/^(?:s?tt|so tt|so thu tu|thu tu|so)$/.test(k)) return 'ref';
  if (/ghi chu/.test(k)) return 'note';
  if (/phoi hop/.test(k)) return 'co';
  if (/chu tri|phu trach|chiu trach nhiem/.test(k)) return 'lead';
  if (/^(?:bat dau|tu ngay|thoi gian bat dau|ngay bat dau)/.test(k)) return 'start';
  if (/thoi gian|thoi han|tien do|hoan thanh|ket thuc|moc|han chot/.test(k)) return 'time';
  if (/san pham|ket qua du kien|hinh thuc/.test(k)) return 'product';
  if (/noi dung|nhiem vu|cong viec|hoat dong|giai phap|ten (?:de an|chuong trinh)/.test(k)) return 'content';
  if (/(?:don vi|co quan|bo phan|to chuc)(?: thuc hien| trien khai)?$|^thuc hien$|trach nhiem/.test(k)) return 'lead';
  return null;
}

export interface TableHeader {
  /** Index of the header row (the last one when the header takes two rows). */
  row: number;
  roles: (ColumnRole | null)[];
}

/**
 * The header row: within the first rows, the one that names a content column and at least
 * one of owner or time. A second header row under merged header cells ("Thời gian" over
 * "Bắt đầu | Hoàn thành") refines the roles of the columns it names.
 */
export function findHeader(rows: TableCell[][]): TableHeader | null {
  for (let r = 0; r < Math.min(rows.length, 6); r++) {
    const roles = rows[r].map((c) => (c.merged === 'col' ? null : columnRole(c.text)));
    // A merged header cell covers several columns: each inherits its meaning.
    for (let c = 1; c < roles.length; c++) if (rows[r][c].merged === 'col' && roles[c] === null) roles[c] = roles[c - 1];
    const has = (role: ColumnRole) => roles.includes(role);
    if (!has('content') || !(has('lead') || has('time') || has('co'))) continue;
    const next = rows[r + 1];
    let row = r;
    if (next && !isNumbered(cellOf(next, roles.indexOf('ref')))) {
      const sub = next.map((c) => (c.merged ? null : columnRole(c.text)));
      if (sub.some((x) => x !== null) && next.every((c, i) => c.merged || !c.text.trim() || sub[i] !== null)) {
        sub.forEach((x, i) => {
          if (x) roles[i] = x;
        });
        row = r + 1;
      }
    }
    // Two columns read as the same role: the first wins ("Đơn vị thực hiện" then "Ghi chú"…).
    const seen = new Set<ColumnRole>();
    return {
      row,
      roles: roles.map((x) => {
        if (!x || seen.has(x)) return null;
        seen.add(x);
        return x;
      }),
    };
  }
  return null;
}

const ROMAN = /^(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
const GROUP_MARK = /^((?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})|[A-H])\s*[-.–/)]\s*(\S.*)$/u;
const ARABIC_MARK = /^(\d{1,3}(?:\.\d{1,3})*)\s*[.)/-]?\s+(\S.*)$/u;

function cellOf(row: TableCell[], i: number): string {
  return i >= 0 && i < row.length ? row[i].text.replace(/\s+/g, ' ').trim() : '';
}

function isNumbered(ref: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3})*\.?$/.test(ref);
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

export interface TableReadOptions<T extends UnitNames> {
  index: UnitIndex<T>;
  context: ParseContext;
  /** Ref prefix of every row ("PL" for a table in the Phụ lục); '' for none. */
  prefix: string;
}

export interface TableRead {
  tasks: ExtractedTask[];
  /** Names in owner cells that match no unit, with the refs that name them. */
  unknownNames: { name: string; ref: string }[];
}

interface Draft {
  ref: string;
  text: string;
  lead: string;
  co: string;
  time: string;
  start: string;
}

/** Reads the rows under `header` into tasks. */
export function readTable<T extends UnitNames>(rows: TableCell[][], header: TableHeader, opts: TableReadOptions<T>): TableRead {
  const col = (role: ColumnRole) => header.roles.indexOf(role);
  const [refCol, contentCol, leadCol, coCol, timeCol, startCol] = (['ref', 'content', 'lead', 'co', 'time', 'start'] as const).map(col);
  const headerKey = rows[header.row].map((c) => foldKey(c.text).trim()).join('|');
  const numberedTable = rows.slice(header.row + 1).some((r) => isNumbered(cellOf(r, refCol)));

  const drafts: Draft[] = [];
  let group = '';
  let subgroup = '';
  let groups = 0;
  let running = 0;
  const withPrefix = (ref: string) => [opts.prefix, group, ref].filter(Boolean).join('.');

  for (let r = header.row + 1; r < rows.length; r++) {
    const row = rows[r];
    const own = row.map((c) => (c.merged ? '' : c.text.replace(/\s+/g, ' ').trim()));
    const texts = own.filter(Boolean);
    if (texts.length === 0) continue;
    // The header again (the table goes on over a page) or the column numbers "(1) (2) (3)".
    if (row.map((c) => foldKey(c.text).trim()).join('|') === headerKey) continue;
    if (texts.every((t) => /^\(?\d{1,2}\)?$/.test(t)) && texts.length >= 3) continue;

    const ref = cellOf(row, refCol).replace(/\.$/, '');
    const content = cellOf(row, contentCol);
    // A group row: one text across the row (a merged cell, a numbered or capitalised title),
    // or a Roman numeral / part letter in the TT column with the group's name beside it.
    const single = texts.length === 1 ? texts[0] : null;
    const groupMark = ROMAN.test(ref) || /^[A-H]$/.test(ref) ? { label: ref, title: content } : null;
    const spansRow = row.some((c) => c.merged === 'col');
    const isGroup = groupMark !== null || (single !== null && (spansRow || GROUP_MARK.test(single) || isCapitals(single)) && !isNumbered(ref));
    if (isGroup) {
      const title = groupMark ? groupMark.title : single!;
      const mark = groupMark ? null : GROUP_MARK.exec(title);
      const sub = groupMark || mark ? null : ARABIC_MARK.exec(title);
      if (sub && group) {
        subgroup = sub[1];
        running = 0;
      } else {
        groups++;
        group = groupMark?.label ?? mark?.[1] ?? toRoman(groups);
        subgroup = '';
        running = 0;
      }
      continue;
    }
    if (!content && !own[leadCol] && !own[timeCol]) continue;

    const prev = drafts[drafts.length - 1];
    const continues =
      prev &&
      !ref &&
      numberedTable &&
      (/^[\p{Ll}\-–+•]/u.test(content) || (!own[leadCol] && !own[timeCol] && !own[coCol])) &&
      // A row whose owner or time differs from the row above stands on its own.
      (!own[leadCol] || own[leadCol] === prev.lead) &&
      (!own[timeCol] || own[timeCol] === prev.time);
    if (continues) {
      prev.text = [prev.text, content].filter(Boolean).join(' ');
      if (!prev.lead) prev.lead = cellOf(row, leadCol);
      if (!prev.co) prev.co = cellOf(row, coCol);
      if (!prev.time) prev.time = cellOf(row, timeCol);
      continue;
    }
    running++;
    const label = ref && isNumbered(ref) ? ref : subgroup ? `${subgroup}.${running}` : String(running);
    drafts.push({
      ref: withPrefix(label),
      text: content,
      lead: cellOf(row, leadCol),
      co: cellOf(row, coCol),
      time: cellOf(row, timeCol),
      start: cellOf(row, startCol),
    });
  }

  const tasks: ExtractedTask[] = [];
  const unknownNames: { name: string; ref: string }[] = [];
  for (const d of drafts) {
    const lead = ownersInCell(opts.index, d.lead);
    const co = ownersInCell(opts.index, d.co);
    for (const name of [...lead.unknownNames, ...co.unknownNames]) unknownNames.push({ name, ref: d.ref });
    const owner: Owner | null = lead.owners[0] ?? null;
    const coOwners: Owner[] = [];
    const addCo = (o: Owner) => {
      if ((o.unitId !== null && o.unitId === owner?.unitId) || (o.unitId === null && o.name === owner?.name)) return;
      if (!coOwners.some((x) => (o.unitId !== null ? x.unitId === o.unitId : x.name === o.name))) coOwners.push(o);
    };
    lead.owners.slice(1).forEach(addCo);
    co.owners.forEach(addCo);
    coordinating(opts.index, d.text).forEach(addCo);

    const timeText = d.start && d.time && d.start !== d.time ? `từ ${d.start} đến ${d.time}` : d.time || d.start;
    const { raw, schedule, clauses } = cellDeadline(timeText, d.text, opts.context);
    tasks.push({ ref: d.ref, owner, coOwners, text: d.text, deadline: { raw, ...schedule }, clauses, source: 'table', proposed: false, confidence: null });
  }
  return { tasks, unknownNames };
}

function isCapitals(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && letters === letters.toUpperCase();
}

/**
 * The deadline of a table row: the time cell is the deadline, whole ("Quý I/2026", "Hàng
 * quý", "Tháng 8/2025"), so it is parsed as a phrase; clauses found inside it or, with an
 * empty cell, inside the task's text come next.
 */
export function cellDeadline(cell: string, text: string, ctx: ParseContext): { raw: string | null; schedule: Schedule; clauses: string[] } {
  const clausesIn = (t: string) => {
    const found = findDeadlines(t, ctx);
    if (!found.length) return null;
    const raw = found.map((c) => c.raw).join('; ');
    return { raw, schedule: parseClauses(raw, ctx), clauses: found.map((c) => c.raw) };
  };
  if (cell) {
    const whole = parseClauses(cell, ctx);
    if (whole.kind !== 'unknown') return { raw: cell, schedule: whole, clauses: [cell] };
    return clausesIn(cell) ?? { raw: cell, schedule: whole, clauses: [cell] };
  }
  return clausesIn(text) ?? { raw: null, schedule: unknown('cần xác định thời hạn'), clauses: [] };
}
