/**
 * Charts of the compliance summary as SVG (for pages and the printable report) and PNG (for
 * email, where mail clients show images but not SVG). SVG is written here; PNG is rendered
 * by resvg with DejaVu Sans for the Vietnamese text.
 */
import { existsSync } from 'fs';
import type { Counts, UnitSummary } from './compliance.service';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const SERIES: { key: keyof Counts; label: string; color: string }[] = [
  { key: 'onTime', label: 'Hoàn thành đúng hạn', color: '#2e7d32' },
  { key: 'late', label: 'Hoàn thành quá hạn', color: '#9ccc65' },
  { key: 'openInTime', label: 'Đang thực hiện trong hạn', color: '#1e88e5' },
  { key: 'notDue', label: 'Chưa đến hạn', color: '#90caf9' },
  { key: 'overdue', label: 'Quá hạn chưa hoàn thành', color: '#c62828' },
  { key: 'noDeadline', label: 'Chưa xác định thời hạn', color: '#9e9e9e' },
];

/** Horizontal stacked bars: one per unit, segments by timeliness. */
export function timelinessChart(units: Pick<UnitSummary, 'unit' | 'counts'>[], title: string): string {
  const rows = units.filter((u) => SERIES.some((s) => u.counts[s.key] > 0));
  const labelW = 260;
  const barW = 420;
  const rowH = 26;
  const top = 56;
  const height = top + rows.length * rowH + 70;
  const max = Math.max(1, ...rows.map((u) => SERIES.reduce((n, s) => n + u.counts[s.key], 0)));
  const bars = rows
    .map((u, i) => {
      const y = top + i * rowH;
      let x = labelW;
      const segs = SERIES.map((s) => {
        const w = (u.counts[s.key] / max) * barW;
        const seg =
          w > 0
            ? `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${s.color}"><title>${esc(s.label)}: ${u.counts[s.key]}</title></rect>`
            : '';
        x += w;
        return seg;
      }).join('');
      const total = SERIES.reduce((n, s) => n + u.counts[s.key], 0);
      return `<text x="${labelW - 8}" y="${y + rowH / 2 + 5}" text-anchor="end">${esc(u.unit.length > 38 ? u.unit.slice(0, 37) + '…' : u.unit)}</text>${segs}<text x="${(x + 6).toFixed(1)}" y="${y + rowH / 2 + 5}" fill="#333">${total}</text>`;
    })
    .join('');
  const legendY = top + rows.length * rowH + 24;
  const legend = SERIES.map((s, i) => {
    const x = 20 + (i % 3) * 240;
    const y = legendY + Math.floor(i / 3) * 20;
    return `<rect x="${x}" y="${y - 11}" width="12" height="12" fill="${s.color}"/><text x="${x + 18}" y="${y}">${esc(s.label)}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}" viewBox="0 0 760 ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(title)}"><rect width="760" height="${height}" fill="#fff"/><text x="20" y="28" font-size="15" font-weight="bold">${esc(title)}</text>${bars}${legend}</svg>`;
}

/** The completion rate over consecutive periods, as a line. */
export function trendChart(points: { label: string; rate: number | null }[], title: string): string {
  const w = 760;
  const h = 300;
  // Room for the first and last period labels, centred on their points.
  const left = 80;
  const right = 70;
  const top = 50;
  const bottom = 60;
  const step = points.length > 1 ? (w - left - right) / (points.length - 1) : 0;
  const y = (r: number) => top + (1 - r / 100) * (h - top - bottom);
  const grid = [0, 25, 50, 75, 100]
    .map(
      (r) =>
        `<line x1="${left}" x2="${w - right}" y1="${y(r)}" y2="${y(r)}" stroke="#ddd"/><text x="${left - 6}" y="${y(r) + 4}" text-anchor="end">${r}%</text>`,
    )
    .join('');
  const known = points.map((p, i) => ({ ...p, x: left + i * step })).filter((p) => p.rate !== null) as { label: string; rate: number; x: number }[];
  const line =
    known.length > 1
      ? `<polyline fill="none" stroke="#1e88e5" stroke-width="3" points="${known.map((p) => `${p.x.toFixed(1)},${y(p.rate).toFixed(1)}`).join(' ')}"/>`
      : '';
  const dots = known
    .map(
      (p) =>
        `<circle cx="${p.x.toFixed(1)}" cy="${y(p.rate).toFixed(1)}" r="4" fill="#1e88e5"/><text x="${p.x.toFixed(1)}" y="${(y(p.rate) - 10).toFixed(1)}" text-anchor="middle">${p.rate}%</text>`,
    )
    .join('');
  const labels = points.map((p, i) => `<text x="${(left + i * step).toFixed(1)}" y="${h - bottom + 20}" text-anchor="middle">${esc(p.label)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(title)}"><rect width="${w}" height="${h}" fill="#fff"/><text x="20" y="28" font-size="15" font-weight="bold">${esc(title)}</text>${grid}${line}${dots}${labels}</svg>`;
}

const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'];

/** PNG for email. Uses DejaVu Sans when installed (Debian: fonts-dejavu-core), else the system fonts. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const fontFiles = FONT_CANDIDATES.filter((f) => existsSync(f));
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 1.5 },
    font: { loadSystemFonts: fontFiles.length === 0, fontFiles, defaultFontFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
