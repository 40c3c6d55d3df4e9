import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

/**
 * Email templates (Handlebars). HTML bodies escape every value ({{x}}): task text can contain
 * anything. Plain-text bodies are compiled without HTML escaping.
 */
/** A feature's templates folder, from the sources (ts-node, tests) or beside the build (dist). */
export function templatesDir(feature: string): string {
  const candidates = [
    resolve(__dirname, '..', feature, 'templates'),
    resolve(__dirname, '../../../src', feature, 'templates'),
    resolve('src', feature, 'templates'),
  ];
  return candidates.find((d) => existsSync(d)) ?? candidates[0];
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Formatting helpers shared by the templates (values stay escaped). */
const hbs = Handlebars.create();
hbs.registerHelper('pct', (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${String(v).replace('.', ',')}%`));
hbs.registerHelper('signed', (v: number | null | undefined) =>
  v === null || v === undefined
    ? 'chưa có số liệu so sánh'
    : `${v > 0 ? 'tăng' : v < 0 ? 'giảm' : 'không đổi'}${v !== 0 ? ` ${String(Math.abs(v)).replace('.', ',')} điểm %` : ''}`,
);
hbs.registerHelper('madeReports', (r: { due: number; onTime: number; late: number }) => `${r.onTime + r.late}/${r.due}`);

export function render(name: string, format: 'html' | 'txt', data: object, feature = 'mail'): string {
  const key = `${feature}/${name}.${format}`;
  let t = cache.get(key);
  if (!t) {
    const source = readFileSync(join(templatesDir(feature), `${name}.${format}.hbs`), 'utf8');
    t = hbs.compile(source, { noEscape: format === 'txt', strict: false });
    cache.set(key, t);
  }
  return t(data);
}
