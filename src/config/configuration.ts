import { readFileSync, existsSync } from 'fs';
import { join, resolve } from 'path';
import { parse as parseYaml } from 'yaml';
import { LocalDate, expandHolidays, isLocalDate } from '../deadlines/calendar';
import { PERIODS, Period } from '../deadlines/schedule';
import type { ReminderRules } from '../reminders/rules';

export type DbType = 'sqlite' | 'postgres';

export interface AppConfig {
  port: number;
  /** Address to listen on (HOST); empty = every interface. */
  host: string;
  /** Express 'trust proxy' (TRUST_PROXY): behind a reverse proxy, whose X-Forwarded-For to believe. */
  trustProxy: string;
  /** Swagger UI at /api/docs (API_DOCS); off by default when NODE_ENV=production. */
  apiDocs: boolean;
  /** Logs: LOG_LEVEL (info | debug) and LOG_FORMAT (text | json). */
  log: { level: 'info' | 'debug'; format: 'text' | 'json' };
  timeZone: string;
  /** sqlLog: a file every statement is appended to (DONDOC_SQL_LOG; benchmarks), or ''. */
  database: { type: DbType; path: string; url: string; busyTimeoutMs: number; sqlLog: string; poolSize: number };
  auth: { secret: string; secretFile: string; tokenTtlHours: number; linkTtlDays: number };
  /** retention: a sent message keeps its record; its body and attachments go after `days` (run daily at `cron`). */
  mail: { smtpUrl: string; from: string; retention: { days: number; cron: string } };
  committee: { name: string };
  tasks: { dueSoonDays: number; reportPeriod: Period };
  limits: { textMax: number };
  /** Uploads: size limit, and the reader child's heap (MB) and time limit (seconds). */
  imports: {
    maxFileMb: number;
    readerHeapMb: number;
    readerTimeoutSeconds: number;
    /** Pages of a PDF or scan read at most. */
    maxPages: number;
    /** One external tool run (an OCR page, a .doc conversion): time and address space. */
    toolTimeoutSeconds: number;
    toolMemoryMb: number;
    /** How long an upload waits for its preview before answering with a job to follow (202). */
    waitSeconds: number;
  };
  /** Where links in emails point (PUBLIC_URL). */
  publicUrl: string;
  /** PUBLIC_URL was set (env or yaml) rather than derived from PORT. */
  publicUrlGiven: boolean;
  /** Cron jobs and the outbox sender run in this process (BACKGROUND_JOBS=false turns them off). */
  backgroundJobs: boolean;
  /** Where messages go as .eml files when no SMTP_URL is set. */
  outboxDir: string;
  reminders: RemindersConfig;
  demo: boolean;
  /** /health/ready fails below this much free disk (HEALTH_MIN_FREE_MB). */
  health: { minFreeMb: number };
  /** Backups: directory, days kept, daily time (BACKUP_DIR, BACKUP_KEEP_DAYS, BACKUP_CRON). */
  backup: { dir: string; keepDays: number; cron: string };
  /** Minh chứng: files stored outside the database, content-addressed (EVIDENCE_DIR, EVIDENCE_MAX_MB). */
  evidence: { dir: string; maxFileMb: number; maxFiles: number };
  /** Directory holding default.yaml, units.yaml, holidays.yaml. */
  configDir: string;
}

export interface RemindersConfig {
  defaults: ReminderRules;
  programs: Record<string, Partial<ReminderRules>>;
  sweep: { cron: string; officeDigestWeekday: number };
  digests: { summaryDay: number; summaryPeriod: string; inspectionWeekday: number };
  sender: {
    intervalSeconds: number;
    batchSize: number;
    concurrency: number;
    maxAttempts: number;
    backoffSeconds: number;
    claimSeconds: number;
    timeoutSeconds: number;
  };
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

function envInt(name: string, fallback: number, min = 1): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

/** Reads config/default.yaml and applies environment overrides. Fails fast on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dir = configDir();
  const y = readYaml<any>(join(dir, 'default.yaml')) ?? {};
  const dbType = (env.DB_TYPE || y.database?.type || 'sqlite') as DbType;
  if (dbType !== 'sqlite' && dbType !== 'postgres') throw new Error(`DB_TYPE must be sqlite or postgres, got "${dbType}"`);
  const dbUrl = env.DATABASE_URL || y.database?.url || '';
  if (dbType === 'postgres') {
    // Without DATABASE_URL the driver reads libpq's variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD).
    if (!dbUrl && !env.PGHOST && !env.PGDATABASE)
      throw new Error('DB_TYPE=postgres needs DATABASE_URL (postgres://user:password@host:5432/database) or the PG* variables (PGHOST, PGDATABASE, …)');
  }
  if (dbType === 'postgres' && dbUrl) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(dbUrl);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^postgres(?:ql)?:$/.test(parsed.protocol) || !parsed.hostname || parsed.pathname.length < 2)
      throw new Error('DATABASE_URL must look like postgres://user:password@host:5432/database');
  }
  const reportPeriod = (y.tasks?.reportPeriod ?? 'quarter') as Period;
  if (!PERIODS.includes(reportPeriod)) throw new Error(`tasks.reportPeriod must be one of ${PERIODS.join(', ')}`);
  return {
    port: envInt('PORT', y.port ?? 3000),
    host: env.HOST || y.host || '',
    trustProxy: env.TRUST_PROXY || y.trustProxy || '',
    apiDocs:
      env.API_DOCS !== undefined && env.API_DOCS !== '' ? env.API_DOCS !== 'false' && env.API_DOCS !== '0' : (y.apiDocs ?? env.NODE_ENV !== 'production'),
    log: {
      level: (env.LOG_LEVEL || y.log?.level || 'info') === 'debug' ? 'debug' : 'info',
      format: (env.LOG_FORMAT || y.log?.format || 'text') === 'json' ? 'json' : 'text',
    },
    timeZone: env.TZ_DOMAIN || y.timeZone || 'Asia/Ho_Chi_Minh',
    database: {
      type: dbType,
      path: env.DB_PATH || y.database?.path || './data/dondoc.sqlite',
      url: env.DATABASE_URL || y.database?.url || '',
      busyTimeoutMs: y.database?.busyTimeoutMs ?? 5000,
      sqlLog: env.DONDOC_SQL_LOG || '',
      // PostgreSQL connections per instance: reads and writes run side by side on them.
      poolSize: envInt('DB_POOL_SIZE', y.database?.poolSize ?? 10, 1),
    },
    auth: {
      secret: env.AUTH_SECRET || y.auth?.secret || '',
      secretFile: env.AUTH_SECRET_FILE || y.auth?.secretFile || '',
      tokenTtlHours: envInt('AUTH_TOKEN_TTL_HOURS', y.auth?.tokenTtlHours ?? 12),
      linkTtlDays: envInt('AUTH_LINK_TTL_DAYS', y.auth?.linkTtlDays ?? 14),
    },
    mail: {
      smtpUrl: env.SMTP_URL || y.mail?.smtpUrl || '',
      from: env.MAIL_FROM || y.mail?.from || 'dondoc <dondoc@localhost>',
      retention: { days: envInt('OUTBOX_KEEP_DAYS', y.mail?.retention?.days ?? 90, 1), cron: y.mail?.retention?.cron || '15 3 * * *' },
    },
    committee: { name: env.COMMITTEE_NAME || y.committee?.name || 'Đảng bộ phường' },
    tasks: { dueSoonDays: y.tasks?.dueSoonDays ?? 3, reportPeriod },
    limits: { textMax: y.limits?.textMax ?? 10000 },
    imports: {
      maxFileMb: envInt('IMPORT_MAX_MB', y.imports?.maxFileMb ?? 20),
      readerHeapMb: envInt('IMPORT_READER_HEAP_MB', y.imports?.readerHeapMb ?? 512),
      readerTimeoutSeconds: envInt('IMPORT_READER_TIMEOUT_SECONDS', y.imports?.readerTimeoutSeconds ?? 60),
      maxPages: envInt('IMPORT_MAX_PAGES', y.imports?.maxPages ?? 60),
      toolTimeoutSeconds: envInt('IMPORT_TOOL_TIMEOUT_SECONDS', y.imports?.toolTimeoutSeconds ?? 120),
      toolMemoryMb: envInt('IMPORT_TOOL_MEMORY_MB', y.imports?.toolMemoryMb ?? 2048),
      waitSeconds: envInt('IMPORT_WAIT_SECONDS', y.imports?.waitSeconds ?? 8, 0),
    },
    publicUrlGiven: !!(env.PUBLIC_URL || y.publicUrl),
    publicUrl: (env.PUBLIC_URL || y.publicUrl || `http://localhost:${envInt('PORT', y.port ?? 3000)}`).replace(/\/$/, ''),
    backgroundJobs: env.BACKGROUND_JOBS !== undefined ? env.BACKGROUND_JOBS !== 'false' && env.BACKGROUND_JOBS !== '0' : y.backgroundJobs !== false,
    outboxDir: env.OUTBOX_DIR || y.mail?.outboxDir || './data/outbox',
    reminders: loadReminders(dir, env),
    demo: env.DEMO !== undefined ? env.DEMO !== 'false' && env.DEMO !== '0' : y.demo !== false,
    health: { minFreeMb: envInt('HEALTH_MIN_FREE_MB', y.health?.minFreeMb ?? 200) },
    backup: {
      dir: env.BACKUP_DIR || y.backup?.dir || './data/backups',
      keepDays: envInt('BACKUP_KEEP_DAYS', y.backup?.keepDays ?? 14),
      cron: env.BACKUP_CRON || y.backup?.cron || '30 2 * * *',
    },
    evidence: {
      dir: env.EVIDENCE_DIR || y.evidence?.dir || './data/evidence',
      maxFileMb: envInt('EVIDENCE_MAX_MB', y.evidence?.maxFileMb ?? 20),
      maxFiles: envInt('EVIDENCE_MAX_FILES', y.evidence?.maxFiles ?? 10),
    },
    configDir: dir,
  };
}

const DEFAULT_RULES: ReminderRules = {
  beforeDays: [7, 3, 1],
  onDueDay: true,
  overdueEveryDays: 7,
  reportBeforeDays: 7,
  reportOverdueEveryDays: 7,
  ccCoordinating: false,
  targetResultDays: 15,
  targetOverdueEveryDays: 30,
  notStartedDays: 15,
  noUpdateDays: 30,
};

/** config/reminders.yaml, with env overrides for the sender's timing (tests and operations). */
export function loadReminders(dir: string, env: NodeJS.ProcessEnv = process.env): RemindersConfig {
  const file = join(dir, 'reminders.yaml');
  const y = existsSync(file) ? (readYaml<any>(file) ?? {}) : {};
  const num = (name: string, v: unknown, fallback: number) => {
    const raw = env[name] ?? v;
    if (raw === undefined || raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0, got "${raw}"`);
    return n;
  };
  const defaults: ReminderRules = { ...DEFAULT_RULES, ...(y.defaults ?? {}) };
  if (!Array.isArray(defaults.beforeDays) || defaults.beforeDays.some((d) => !Number.isInteger(d) || d < 0))
    throw new Error('reminders.yaml: beforeDays must be a list of whole days');
  return {
    defaults,
    programs: y.programs ?? {},
    sweep: { cron: env.SWEEP_CRON || y.sweep?.cron || '0 7 * * *', officeDigestWeekday: y.sweep?.officeDigestWeekday ?? 1 },
    digests: {
      summaryDay: y.digests?.summaryDay ?? 1,
      summaryPeriod: y.digests?.summaryPeriod ?? 'month',
      inspectionWeekday: y.digests?.inspectionWeekday ?? 1,
    },
    sender: {
      intervalSeconds: num('SENDER_INTERVAL_SECONDS', y.sender?.intervalSeconds, 15),
      batchSize: num('SENDER_BATCH_SIZE', y.sender?.batchSize, 50),
      concurrency: num('SENDER_CONCURRENCY', y.sender?.concurrency, 8),
      maxAttempts: num('SENDER_MAX_ATTEMPTS', y.sender?.maxAttempts, 6),
      backoffSeconds: num('SENDER_BACKOFF_SECONDS', y.sender?.backoffSeconds, 60),
      claimSeconds: num('SENDER_CLAIM_SECONDS', y.sender?.claimSeconds, 120),
      timeoutSeconds: num('SMTP_TIMEOUT_SECONDS', y.sender?.timeoutSeconds, 20),
    },
  };
}

/** The holiday table (config/holidays.yaml), expanded to single days. */
/** The holiday days, with the table of Tết dates beside them (config/holidays.yaml). */
export type HolidayTable = LocalDate[] & { lunarNewYear?: Record<number, LocalDate> };

export function loadHolidays(dir: string = configDir()): HolidayTable {
  const file = join(dir, 'holidays.yaml');
  if (!existsSync(file)) return [];
  const y = readYaml<{ holidays?: (string | { from: string; to: string })[]; lunarNewYear?: Record<string, string> }>(file);
  const entries = (y?.holidays ?? []).map((h) => {
    const item = typeof h === 'string' ? { from: h, to: h } : { from: String(h.from), to: String(h.to) };
    if (!isLocalDate(item.from) || !isLocalDate(item.to)) throw new Error(`holidays.yaml: bad entry ${JSON.stringify(h)}`);
    return item;
  });
  const days = expandHolidays(entries);
  const lunarNewYear: Record<number, LocalDate> = {};
  for (const [year, date] of Object.entries(y?.lunarNewYear ?? {})) {
    const d = String(date);
    if (!/^\d{4}$/.test(year) || !isLocalDate(d) || d.slice(0, 4) !== year) throw new Error(`holidays.yaml: bad lunarNewYear entry ${year}: ${d}`);
    lunarNewYear[Number(year)] = d;
  }
  return Object.assign(days, { lunarNewYear });
}
