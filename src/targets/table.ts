/**
 * The targets table of pages, the XLSX sheet "Chỉ tiêu" and the báo cáo, and its chart: one row
 * per indicator, its goal, each year's value and status, and the projection. Pure.
 */
import type { Indicator, ReadIndicator } from './indicators';
import { PROJECTION_LABELS, STATUS_LABELS, formatNumberVi, goalText, type Projection, type ResultStatus, type Term } from './results';

export interface TargetInput {
  id: number;
  ref: string | null;
  text: string;
  unitId: number | null;
  readings: ReadIndicator[];
  results: { year: number; indicator: number; value: number | boolean | null; status: ResultStatus }[];
  projections: { indicator: number; projection: Projection | null }[];
}

export interface TargetCell {
  year: number;
  value: number | boolean | null;
  text: string;
  status: ResultStatus;
  statusLabel: string;
}

export interface TargetRow {
  targetId: number;
  ref: string;
  /** The first row of a target carries its text (tables span it over its indicators). */
  first: boolean;
  span: number;
  text: string;
  index: number;
  label: string;
  kind: Indicator['kind'];
  goal: string;
  reason: string | null;
  cells: TargetCell[];
  latest: TargetCell | null;
  projection: Projection | null;
  projectionLabel: string;
  /** Share of the goal reached by the last value (a total: by the sum so far), for the chart. */
  progress: number | null;
}

export function targetRows(targets: TargetInput[], term: Term, year: number): { years: number[]; rows: TargetRow[] } {
  const years: number[] = [];
  for (let y = term.start; y <= Math.min(term.end, year); y++) years.push(y);
  const rows: TargetRow[] = [];
  for (const t of targets) {
    t.readings.forEach((ind, i) => {
      const cells = years.map((y): TargetCell => {
        const r = t.results.find((x) => x.indicator === i && x.year === y);
        const value = r?.value ?? null;
        const status: ResultStatus = r?.status ?? 'no_data';
        return { year: y, value, text: valueText(value, ind), status, statusLabel: STATUS_LABELS[status] };
      });
      const recorded = cells.filter((c) => c.value !== null);
      const projection = t.projections.find((p) => p.indicator === i)?.projection ?? null;
      rows.push({
        targetId: t.id,
        ref: t.ref ?? `#${t.id}`,
        first: i === 0,
        span: t.readings.length,
        text: t.text,
        index: i,
        label: ind.label,
        kind: ind.kind,
        goal: ind.kind === 'unknown' ? `Chưa đọc được: ${ind.reason}` : goalText(ind),
        reason: ind.reason,
        cells,
        latest: recorded[recorded.length - 1] ?? null,
        projection,
        projectionLabel: projection ? PROJECTION_LABELS[projection] : '—',
        progress: progressOf(ind, recorded),
      });
    });
  }
  return { years, rows };
}

function valueText(v: number | boolean | null, ind: Indicator): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'Đạt' : 'Không đạt';
  return `${formatNumberVi(v)}${ind.unit === '%' ? '%' : ''}`;
}

function progressOf(ind: Indicator, recorded: TargetCell[]): number | null {
  if (ind.kind !== 'quantitative' || ind.value === null || ind.comparator === null || recorded.length === 0) return null;
  const nums = recorded.map((c) => c.value).filter((v): v is number => typeof v === 'number');
  if (nums.length === 0) return null;
  const reached = ind.per === 'term' ? nums.reduce((a, v) => a + v, 0) : nums[nums.length - 1];
  if (ind.comparator === '<' || ind.comparator === '<=') return reached <= 0 ? 100 : Math.round((ind.value / reached) * 1000) / 10;
  return ind.value === 0 ? 100 : Math.round((reached / ind.value) * 1000) / 10;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Progress toward each quantitative goal: one bar per indicator with values, the share of the
 * goal its last value (or a total so far) reaches, a line at 100%. Green when the last year
 * was đạt or vượt, red when chưa đạt.
 */
export function targetsChart(rows: TargetRow[], title: string): string {
  const bars = rows.filter((r) => r.progress !== null);
  const labelW = 300;
  const barW = 380;
  const rowH = 26;
  const top = 56;
  const max = 150;
  const height = top + Math.max(1, bars.length) * rowH + 40;
  const x = (p: number) => labelW + (Math.min(p, max) / max) * barW;
  const body = bars
    .map((r, i) => {
      const y = top + i * rowH;
      const ok = r.latest?.status === 'met' || r.latest?.status === 'exceeded';
      const name = `${r.ref} ${r.label}`;
      return (
        `<text x="${labelW - 8}" y="${y + rowH / 2 + 5}" text-anchor="end">${esc(name.length > 44 ? name.slice(0, 43) + '…' : name)}<title>${esc(name)}</title></text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${(x(r.progress!) - labelW).toFixed(1)}" height="${rowH - 8}" fill="${ok ? '#2e7d32' : '#c62828'}"><title>${esc(`${r.goal}: ${r.latest?.text ?? ''} (${r.progress}%)`)}</title></rect>` +
        `<text x="${(x(r.progress!) + 6).toFixed(1)}" y="${y + rowH / 2 + 5}" fill="#333">${r.progress}%</text>`
      );
    })
    .join('');
  const line = `<line x1="${x(100)}" x2="${x(100)}" y1="${top - 6}" y2="${top + Math.max(1, bars.length) * rowH}" stroke="#333" stroke-dasharray="4 3"/><text x="${x(100)}" y="${top - 10}" text-anchor="middle">100% mục tiêu</text>`;
  const empty = bars.length === 0 ? `<text x="20" y="${top + 18}">Chưa có số liệu của chỉ tiêu định lượng nào.</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}" viewBox="0 0 760 ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(title)}"><rect width="760" height="${height}" fill="#fff"/><text x="20" y="28" font-size="15" font-weight="bold">${esc(title)}</text>${bars.length ? line : ''}${body}${empty}</svg>`;
}
