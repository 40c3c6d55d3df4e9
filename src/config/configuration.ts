import { readFileSync, existsSync } from 'fs';
import { join, resolve } from 'path';
import { parse as parseYaml } from 'yaml';
import { LocalDate, addDays, isLocalDate } from '../deadlines/calendar';
import { PERIODS, Period } from '../deadlines/schedule';

export type DbType = 'sqlite' | 'postgres';

export interface AppConfig {
  port: number;
  timeZone: string;
  database: { type: DbType; path: string; url: string; busyTimeoutMs: number };
  auth: { secret: string; tokenTtlHours: number; linkTtlDays: number };
  mail: { smtpUrl: string; from: string };
  committee: { name: string };
  tasks: { dueSoonDays: number; reportPeriod: Period };
  limits: { textMax: number };
  imports: { maxFileMb: number };
  demo: boolean;
  /** Directory holding default.yaml, units.yaml, holidays.yaml. */
  configDir: string;
}

export const APP_CONFIG = 'app';

/** The project's config/ folder, found from the working directory or this file. */
export function configDir(): string {
  if (process.env.CONFIG_DIR) return resolve(process.env.CONFIG_DIR);
  const candidates = [resolve('config'), resolve(__dirname, '../../config'), resolve(__dirname, '../../../config')];
  return candidates.find((c) => existsSync(join(c, 'default.yaml'))) ?? candidates[0];
}

export function readYaml<T>(file: string): T {
  return parseYaml(readFileSync(file, 'utf8')) as T;
}

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
}

/** Reads config/default.yaml and applies environment overrides. Fails fast on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dir = configDir();
  const y = readYaml<any>(join(dir, 'default.yaml')) ?? {};
  const dbType = (env.DB_TYPE || y.database?.type || 'sqlite') as DbType;
  if (dbType !== 'sqlite' && dbType !== 'postgres') throw new Error(`DB_TYPE must be sqlite or postgres, got "${dbType}"`);
  const reportPeriod = (y.tasks?.reportPeriod ?? 'quarter') as Period;
  if (!PERIODS.includes(reportPeriod)) throw new Error(`tasks.reportPeriod must be one of ${PERIODS.join(', ')}`);
  return {
    port: envInt('PORT', y.port ?? 3000),
    timeZone: env.TZ_DOMAIN || y.timeZone || 'Asia/Ho_Chi_Minh',
    database: {
      type: dbType,
      path: env.DB_PATH || y.database?.path || './data/dondoc.sqlite',
      url: env.DATABASE_URL || y.database?.url || '',
      busyTimeoutMs: y.database?.busyTimeoutMs ?? 5000,
    },
    auth: {
      secret: env.AUTH_SECRET || y.auth?.secret || '',
      tokenTtlHours: envInt('AUTH_TOKEN_TTL_HOURS', y.auth?.tokenTtlHours ?? 12),
      linkTtlDays: envInt('AUTH_LINK_TTL_DAYS', y.auth?.linkTtlDays ?? 14),
    },
    mail: { smtpUrl: env.SMTP_URL || y.mail?.smtpUrl || '', from: env.MAIL_FROM || y.mail?.from || 'dondoc <dondoc@localhost>' },
    committee: { name: env.COMMITTEE_NAME || y.committee?.name || 'Đảng bộ phường' },
    tasks: { dueSoonDays: y.tasks?.dueSoonDays ?? 3, reportPeriod },
    limits: { textMax: y.limits?.textMax ?? 10000 },
    imports: { maxFileMb: envInt('IMPORT_MAX_MB', y.imports?.maxFileMb ?? 20) },
    demo: env.DEMO !== undefined ? env.DEMO !== 'false' && env.DEMO !== '0' : y.demo !== false,
    configDir: dir,
  };
}

/** The holiday table (config/holidays.yaml), expanded to single days. */
export function loadHolidays(dir: string = configDir()): LocalDate[] {
  const file = join(dir, 'holidays.yaml');
  if (!existsSync(file)) return [];
  const y = readYaml<{ holidays?: (string | { from: string; to: string })[] }>(file);
  const days: LocalDate[] = [];
  for (const h of y?.holidays ?? []) {
    const item = typeof h === 'string' ? { from: h, to: h } : { from: String(h.from), to: String(h.to) };
    if (!isLocalDate(item.from) || !isLocalDate(item.to)) throw new Error(`holidays.yaml: bad entry ${JSON.stringify(h)}`);
    for (let d = item.from; d <= item.to; d = addDays(d, 1)) days.push(d);
  }
  return days;
}
