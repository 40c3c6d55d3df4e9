import { formatVi, parts } from '../deadlines/calendar';
import { render } from '../mail/templates';
import type { ComplianceSummary } from './compliance.service';
import { targetRows, targetsChart } from '../targets/table';
import { timelinessChart, trendChart } from './charts';
import type { ReportHeading } from './closing.service';
import type { ProgramTargets } from './exports';

/** The printable report (HTML with a print stylesheet) in the shape of a Vietnamese báo cáo. */
export function complianceReportHtml(
  s: ComplianceSummary,
  committeeName: string,
  today: string,
  trend: { label: string; rate: number | null }[],
  targets: ProgramTargets[] = [],
  official: (ReportHeading & { at: string; by: string; sha256: string }) | null = null,
): string {
  const [y, m, d] = parts(today);
  const overdue = s.units.flatMap((u) =>
    u.oldestOverdue.map((o) => ({
      unit: u.unit,
      ref: o.ref ?? `#${o.taskId}`,
      excerpt: o.text.length > 200 ? `${o.text.slice(0, 199)}…` : o.text,
      deadlineRaw: o.deadlineRaw ?? '',
      dueVi: formatVi(o.due),
      daysOverdue: o.daysOverdue,
    })),
  );
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue);
  const chart = timelinessChart(s.units, `Tiến độ theo đơn vị — ${s.period.label}`) + trendChart(trend, 'Tỷ lệ hoàn thành qua các kỳ');
  const targetTables = targets.map((p) => {
    const t = targetRows(p.targets, p.term, p.year);
    const title = `${p.program.number ?? ''} ${p.program.title}`.trim();
    return { title, years: t.years, rows: t.rows, chart: targetsChart(t.rows, `Mức đạt so với mục tiêu — ${title}`) };
  });
  return render(
    'report',
    'html',
    {
      ...s,
      committeeName,
      today: { d, m, y },
      startVi: formatVi(s.period.start),
      endVi: formatVi(s.period.end),
      overdue,
      chart,
      targetTables,
      official: official && {
        ...official,
        // "Móng Cái 1, ngày 05 tháng 10 năm 2025": day and month with two digits, as 36-HD/VPTW writes them.
        dateLine: `${official.place}, ngày ${official.date.slice(8, 10)} tháng ${official.date.slice(5, 7)} năm ${official.date.slice(0, 4)}`,
        closedAtVi: formatVi(official.at.slice(0, 10)),
      },
    },
    'compliance',
  );
}
