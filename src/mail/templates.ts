import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

/**
 * Email templates (Handlebars). HTML bodies escape every value ({{x}}): task text can contain
 * anything. Plain-text bodies are compiled without HTML escaping.
 */
/** A feature's templates folder, from the sources (ts-node, tests) or beside the build (dist). */
export function templatesDir(feature: string): string {
  const candidates = [resolve(__dirname, '..', feature, 'templates'), resolve(__dirname, '../../../src', feature, 'templates'), resolve('src', feature, 'templates')];
  return candidates.find((d) => existsSync(d)) ?? candidates[0];
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function render(name: string, format: 'html' | 'txt', data: object, feature = 'mail'): string {
  const key = `${feature}/${name}.${format}`;
  let t = cache.get(key);
  if (!t) {
    const source = readFileSync(join(templatesDir(feature), `${name}.${format}.hbs`), 'utf8');
    t = Handlebars.create().compile(source, { noEscape: format === 'txt', strict: false });
    cache.set(key, t);
  }
  return t(data);
}
