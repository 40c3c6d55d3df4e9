import { stringify } from 'csv-stringify/sync';
import { formatVi } from '../deadlines/calendar';
import type { ComplianceSummary } from './compliance.service';

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

/** CSV in UTF-8 with a BOM (so Excel shows Vietnamese), one row per unit and a total row. */
export function complianceCsv(s: ComplianceSummary): string {
  const num = (v: number | null) => (v === null ? '' : String(v));
  const row = (name: string, x: Pick<ComplianceSummary['totals'], 'counts' | 'reports' | 'rates'>) => [
    name,
    x.counts.onTime,
    x.counts.late,
    x.counts.openInTime,
    x.counts.overdue,
    x.counts.notDue,
    x.counts.noDeadline,
    x.counts.suspended,
    x.rates.dueReached,
    num(x.rates.completionRate),
    num(x.rates.onTimeRate),
    num(x.rates.lateRate),
    x.rates.overdueOver30,
    x.rates.overdueOver90,
    x.reports.due,
    x.reports.onTime,
    x.reports.late,
    x.reports.missing,
  ];
  const title = [[`Tổng hợp kết quả thực hiện nhiệm vụ — ${s.period.label} (từ ${formatVi(s.period.start)} đến ${formatVi(s.period.end)})${s.program ? ` — ${s.program.number ?? ''} ${s.program.title}` : ''}`]];
  const body = [CSV_HEADER, ...s.units.map((u) => row(u.unit, u)), row('Tổng cộng', s.totals)];
  return '\ufeff' + stringify([...title, ...body], { record_delimiter: '\r\n' });
}
