import { stringify } from 'csv-stringify/sync';
import { formatVi } from '../deadlines/calendar';
import type { Term } from '../targets/results';
import { targetRows, type TargetInput } from '../targets/table';
import type { ComplianceRollup, ComplianceSummary } from './compliance.service';

/** A program's targets as the reports take them (TargetsService.reports). */
export interface ProgramTargets {
  program: { id: number; number: string | null; title: string };
  term: Term;
  year: number;
  targets: TargetInput[];
}

export const CSV_HEADER = [
  'Đơn vị chủ trì',
  'Hoàn thành đúng hạn',
  'Hoàn thành quá hạn',
  'Đang thực hiện trong hạn',
  'Quá hạn chưa hoàn thành',
  'Chưa đến hạn',
  'Chưa xác định thời hạn',
  'Tạm dừng/hủy',
  'Nhiệm vụ đến hạn',
  'Tỷ lệ hoàn thành (%)',
  'Đúng hạn (%)',
  'Quá hạn (%)',
  'Quá hạn trên 30 ngày',
  'Quá hạn trên 90 ngày',
  'Báo cáo định kỳ phải nộp',
  'Báo cáo đúng hạn',
  'Báo cáo muộn',
  'Báo cáo còn thiếu',
];

type Figures = Pick<ComplianceSummary['totals'], 'counts' | 'reports' | 'rates'>;

/** One row of the summary table, in CSV_HEADER's order (rates may be null: no denominator). */
function summaryRow(name: string, x: Figures): (string | number | null)[] {
  return [
    name,
    x.counts.onTime,
    x.counts.late,
    x.counts.openInTime,
    x.counts.overdue,
    x.counts.notDue,
    x.counts.noDeadline,
    x.counts.suspended,
    x.rates.dueReached,
    x.rates.completionRate,
    x.rates.onTimeRate,
    x.rates.lateRate,
    x.rates.overdueOver30,
    x.rates.overdueOver90,
    x.reports.due,
    x.reports.onTime,
    x.reports.late,
    x.reports.missing,
  ];
}

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return
 * first) gets a leading apostrophe, as OWASP advises: unit names and titles come from users
 * and from imported documents. Numbers stay numbers.
 */
export function csvSafe(v: string | number | null): string | number {
  if (v === null) return '';
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** CSV in UTF-8 with a BOM (so Excel shows Vietnamese), one row per unit and a total row. */
export function complianceCsv(s: ComplianceSummary): string {
  const row = (name: string, x: Figures) => summaryRow(name, x).map(csvSafe);
  const title = [
    [
      csvSafe(
        `Tổng hợp kết quả thực hiện nhiệm vụ — ${s.period.label} (từ ${formatVi(s.period.start)} đến ${formatVi(s.period.end)})${s.program ? ` — ${s.program.number ?? ''} ${s.program.title}` : ''}`,
      ),
    ],
  ];
  const body = [CSV_HEADER, ...s.units.map((u) => row(u.unit, u)), row('Tổng cộng', s.totals)];
  return '\ufeff' + stringify([...title, ...body], { record_delimiter: '\r\n' });
}

const rollupTitle = (r: ComplianceRollup) =>
  `Tổng hợp kết quả thực hiện nhiệm vụ các đảng bộ trực thuộc ${r.committee.name} — ${r.period.label} (từ ${formatVi(r.period.start)} đến ${formatVi(r.period.end)})`;

/** The roll-up as CSV: one row per committee (the lagging first) and the total. */
export function rollupCsv(r: ComplianceRollup): string {
  const row = (name: string, x: Figures) => summaryRow(name, x).map(csvSafe);
  const body = [['Đảng bộ', ...CSV_HEADER.slice(1)], ...r.committees.map((c) => row(c.committee.name, c.totals)), row('Tổng cộng', r.totals)];
  return '\ufeff' + stringify([[csvSafe(rollupTitle(r))], ...body], { record_delimiter: '\r\n' });
}

/** The roll-up as XLSX: the table per committee and the oldest overdue tasks of each. */
export async function rollupXlsx(r: ComplianceRollup): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dondoc';
  wb.created = new Date(`${r.asOf}T00:00:00Z`);
  const ws = wb.addWorksheet('Tổng hợp', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([rollupTitle(r)]).font = { bold: true, size: 14 };
  const head = ws.addRow(['Đảng bộ', ...CSV_HEADER.slice(1)]);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  head.height = 45;
  for (const c of r.committees) ws.addRow(summaryRow(c.committee.name, c.totals));
  ws.addRow(summaryRow('Tổng cộng', r.totals)).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 42 : 13));
  const detail = wb.addWorksheet('Quá hạn theo đảng bộ');
  detail.addRow(['Đảng bộ', 'Số hiệu', 'Nội dung', 'Thời hạn', 'Hạn', 'Số ngày quá hạn']).font = { bold: true };
  for (const c of r.committees)
    for (const o of c.oldestOverdue) detail.addRow([c.committee.name, o.ref ?? '', o.text, o.deadlineRaw ?? '', formatVi(o.due), o.daysOverdue]);
  detail.columns = [{ width: 36 }, { width: 16 }, { width: 80 }, { width: 36 }, { width: 12 }, { width: 14 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** XLSX: a summary sheet, the overdue detail per unit, and the formulas; formatted headers. */
export async function complianceXlsx(s: ComplianceSummary, targets: ProgramTargets[] = []): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dondoc';
  wb.created = new Date(`${s.asOf}T00:00:00Z`);
  const header = (ws: import('exceljs').Worksheet, row: number) => {
    const r = ws.getRow(row);
    r.font = { bold: true };
    r.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    r.height = 45;
    r.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
      c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    });
  };

  const sum = wb.addWorksheet('Tổng hợp', { views: [{ state: 'frozen', ySplit: 3 }] });
  sum.addRow([`Tổng hợp kết quả thực hiện nhiệm vụ — ${s.period.label}${s.program ? ` — ${s.program.number ?? ''} ${s.program.title}` : ''}`]).font = {
    bold: true,
    size: 14,
  };
  sum.addRow([`Từ ngày ${formatVi(s.period.start)} đến ngày ${formatVi(s.period.end)}`]);
  sum.addRow(CSV_HEADER);
  header(sum, 3);
  for (const u of s.units) sum.addRow(summaryRow(u.unit, u));
  sum.addRow(summaryRow('Tổng cộng', s.totals)).font = { bold: true };
  sum.columns.forEach((c, i) => (c.width = i === 0 ? 42 : 13));

  const detail = wb.addWorksheet('Quá hạn theo đơn vị');
  detail.addRow(['Đơn vị chủ trì', 'Số hiệu', 'Nội dung', 'Thời hạn', 'Hạn', 'Số ngày quá hạn']);
  header(detail, 1);
  for (const u of s.units) for (const o of u.oldestOverdue) detail.addRow([u.unit, o.ref ?? '', o.text, o.deadlineRaw ?? '', formatVi(o.due), o.daysOverdue]);
  detail.columns = [{ width: 36 }, { width: 16 }, { width: 80 }, { width: 36 }, { width: 12 }, { width: 14 }];
  detail.getColumn(3).alignment = { wrapText: true, vertical: 'top' };

  addTargetsSheet(wb, targets, header);

  const f = wb.addWorksheet('Cách tính');
  for (const text of Object.values(s.formulas)) f.addRow([text]);
  f.getColumn(1).width = 140;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Sheet "Chỉ tiêu": one row per indicator of each program's targets, its goal, each year's
 * value (a number, as a number) and status, and the projection for the term.
 */
function addTargetsSheet(wb: import('exceljs').Workbook, programs: ProgramTargets[], header: (ws: import('exceljs').Worksheet, row: number) => void): void {
  const ws = wb.addWorksheet('Chỉ tiêu', { views: [{ state: 'frozen', ySplit: 1 }] });
  const allYears = [...new Set(programs.flatMap((p) => targetRows(p.targets, p.term, p.year).years))].sort();
  ws.addRow(['Văn bản', 'Số hiệu', 'Chỉ tiêu', 'Chỉ số', 'Mục tiêu', ...allYears.flatMap((y) => [`Năm ${y}`, `Đánh giá ${y}`]), 'Dự báo cuối nhiệm kỳ']);
  header(ws, 1);
  for (const p of programs) {
    const { rows } = targetRows(p.targets, p.term, p.year);
    for (const r of rows) {
      const cells = allYears.flatMap((y) => {
        const c = r.cells.find((x) => x.year === y);
        if (!c) return [null, null];
        // An empty cell for a year without a value, a number for a number (Excel sums it).
        return [typeof c.value === 'number' ? c.value : c.value === null ? null : c.text, c.statusLabel];
      });
      ws.addRow([
        csvSafe(`${p.program.number ?? ''} ${p.program.title}`.trim()),
        csvSafe(r.ref),
        csvSafe(r.text),
        csvSafe(r.label),
        r.goal,
        ...cells,
        r.projectionLabel,
      ]);
    }
  }
  if (programs.every((p) => p.targets.length === 0)) ws.addRow(['Chưa có chỉ tiêu']);
  ws.columns = [
    { width: 36 },
    { width: 12 },
    { width: 60 },
    { width: 50 },
    { width: 30 },
    ...allYears.flatMap(() => [{ width: 11 }, { width: 14 }]),
    { width: 18 },
  ];
  ws.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
}
