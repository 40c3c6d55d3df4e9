/**
 * Backups and restores, usable without the application running (the restore CLI must run
 * with the service stopped). SQLite: `VACUUM INTO` through a second connection gives a
 * consistent snapshot while the service keeps writing (WAL readers see one committed state),
 * packed with the outbox files into one .tar.gz. PostgreSQL: `pg_dump -Fc`.
 */
import { execFile } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, cpSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join, resolve } from 'path';
import * as tar from 'tar';
import type { AppConfig } from '../config/configuration';
import { localParts } from '../deadlines/calendar';

export interface BackupResult {
  file: string;
  bytes: number;
}

const DB_ENTRY = 'dondoc.sqlite';
const OUTBOX_ENTRY = 'outbox';
const MANIFEST = 'manifest.json';

/** "20261202-233000" in the committee's time zone: a file name sorts by when it was taken. */
export function stamp(now: Date, timeZone: string): string {
  const p = localParts(now, timeZone);
  return `${p.year}${p.month}${p.day}-${p.hour}${p.minute}${p.second}`;
}

function sqliteOpen(path: string, mode: number): Promise<import('sqlite3').Database> {
  const sqlite3 = require('sqlite3') as typeof import('sqlite3');
  return new Promise((ok, fail) => {
    const db = new sqlite3.Database(path, mode, (e) => (e ? fail(e) : ok(db)));
  });
}

function run(db: import('sqlite3').Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((ok, fail) => db.run(sql, params, (e) => (e ? fail(e) : ok())));
}

function all<T>(db: import('sqlite3').Database, sql: string): Promise<T[]> {
  return new Promise((ok, fail) => db.all(sql, (e, rows) => (e ? fail(e) : ok(rows as T[]))));
}

function close(db: import('sqlite3').Database): Promise<void> {
  return new Promise((ok) => db.close(() => ok()));
}

/** Takes a backup now: `kind` daily ones are pruned after keepDays, manual ones are kept. */
export async function backup(cfg: AppConfig, opts: { now?: Date; kind?: 'daily' | 'manual'; dir?: string } = {}): Promise<BackupResult> {
  const now = opts.now ?? new Date();
  const dir = resolve(opts.dir ?? cfg.backup.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = `dondoc-${opts.kind === 'daily' ? 'daily-' : ''}${stamp(now, cfg.timeZone)}`;
  if (cfg.database.type === 'postgres') return pgDump(cfg, join(dir, `${name}.dump`));

  const work = mkdtempSync(join(tmpdir(), 'dondoc-backup-'));
  try {
    const db = await sqliteOpen(resolve(cfg.database.path), 1 /* OPEN_READONLY */);
    try {
      await run(db, 'PRAGMA busy_timeout = 10000');
      await run(db, 'VACUUM INTO ?', [join(work, DB_ENTRY)]);
    } finally {
      await close(db);
    }
    const entries = [DB_ENTRY, MANIFEST];
    const outbox = resolve(cfg.outboxDir);
    if (existsSync(outbox)) {
      cpSync(outbox, join(work, OUTBOX_ENTRY), { recursive: true });
      entries.push(OUTBOX_ENTRY);
    }
    writeFileSync(
      join(work, MANIFEST),
      JSON.stringify({ app: 'dondoc', takenAt: now.toISOString(), database: 'sqlite', entries: entries.filter((e) => e !== MANIFEST) }, null, 2),
    );
    const file = join(dir, `${name}.tar.gz`);
    const partial = `${file}.partial`;
    await tar.c({ gzip: true, file: partial, cwd: work, portable: true }, entries);
    chmodSync(partial, 0o600);
    // Renamed only when complete: a crash never leaves a truncated file that looks like a backup.
    renameSync(partial, file);
    if (opts.kind === 'daily') prune(dir, cfg.backup.keepDays, now);
    return { file, bytes: statSync(file).size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Deletes daily backups older than keepDays, always keeping the newest. */
export function prune(dir: string, keepDays: number, now: Date): string[] {
  const daily = readdirSync(dir)
    .filter((f) => /^dondoc-daily-\d{8}-\d{6}\.(tar\.gz|dump)$/.test(f))
    .sort();
  const cutoff = now.getTime() - keepDays * 86_400_000;
  const removed: string[] = [];
  for (const f of daily.slice(0, -1)) {
    if (statSync(join(dir, f)).mtimeMs < cutoff) {
      unlinkSync(join(dir, f));
      removed.push(f);
    }
  }
  return removed;
}

function pgDump(cfg: AppConfig, file: string): Promise<BackupResult> {
  return new Promise((ok, fail) => {
    execFile('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, ...(cfg.database.url ? [`--dbname=${cfg.database.url}`] : [])], (e, _out, err) => {
      if (e) return fail(new Error(`pg_dump failed: ${String(err).trim() || e.message}`));
      chmodSync(file, 0o600);
      ok({ file, bytes: statSync(file).size });
    });
  });
}

/**
 * Processes that have the database open say so with a file named by their pid in this folder
 * (removed when they stop); a restore refuses while any of them is alive.
 */
export function runDir(cfg: AppConfig): string {
  return join(dirname(resolve(cfg.database.path)), '.dondoc-run');
}

export function markRunning(cfg: AppConfig): () => void {
  if (cfg.database.type !== 'sqlite' || cfg.database.path === ':memory:') return () => undefined;
  const dir = runDir(cfg);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${process.pid}-${basename(cfg.database.path)}`);
  writeFileSync(file, new Date().toISOString(), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** Live processes using this database, other than this one. */
export function runningProcesses(cfg: AppConfig): number[] {
  const dir = runDir(cfg);
  if (!existsSync(dir)) return [];
  const live: number[] = [];
  for (const f of readdirSync(dir)) {
    const m = f.match(/^(\d+)-(.+)$/);
    if (!m || m[2] !== basename(cfg.database.path)) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      live.push(pid);
    } catch {
      rmSync(join(dir, f), { force: true });
    }
  }
  return live;
}

/** The newest backup in the backup folder (daily or on demand), or null. */
export function latestBackup(cfg: AppConfig): string | null {
  const dir = resolve(cfg.backup.dir);
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((f) => /^dondoc-(daily-)?\d{8}-\d{6}\.(tar\.gz|dump)$/.test(f))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t || (a.f < b.f ? 1 : -1));
  return files.length ? join(dir, files[0].f) : null;
}

export interface RestoreResult {
  restored: string;
  database: string;
  /** Where the database that was replaced was kept. */
  previous: string | null;
  integrity: 'ok';
  tables: Record<string, number>;
}

/** Restores a backup into a stopped service, after checking the backup's database is sound. */
export async function restore(cfg: AppConfig, file: string): Promise<RestoreResult> {
  if (cfg.database.type !== 'sqlite') throw new Error('on PostgreSQL restore with pg_restore (see README, "Backups")');
  const live = runningProcesses(cfg);
  if (live.length) throw new Error(`dondoc is running on this database (pid ${live.join(', ')}): stop the service first`);
  if (!existsSync(file)) throw new Error(`no such backup: ${file}`);
  const work = mkdtempSync(join(tmpdir(), 'dondoc-restore-'));
  try {
    await tar.x({ file, cwd: work, strict: true });
    const db = join(work, DB_ENTRY);
    if (!existsSync(db)) throw new Error(`${file} is not a dondoc backup (no ${DB_ENTRY})`);
    const check = await sqliteOpen(db, 1);
    const tables: Record<string, number> = {};
    try {
      const integrity = await all<{ integrity_check: string }>(check, 'PRAGMA integrity_check');
      if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok')
        throw new Error(
          `the backup's database is damaged: ${integrity
            .map((r) => r.integrity_check)
            .slice(0, 3)
            .join('; ')}`,
        );
      const names = (await all<{ name: string }>(check, "SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name);
      if (!names.includes('migrations') || !names.includes('tasks')) throw new Error(`${file} holds no dondoc database`);
      for (const t of ['committees', 'units', 'programs', 'tasks', 'users', 'audit_events', 'outbox']) {
        if (names.includes(t)) tables[t] = (await all<{ n: number }>(check, `SELECT COUNT(*) AS n FROM "${t}"`))[0].n;
      }
    } finally {
      await close(check);
    }
    const target = resolve(cfg.database.path);
    mkdirSync(dirname(target), { recursive: true });
    let previous: string | null = null;
    if (existsSync(target)) {
      previous = `${target}.before-restore-${stamp(new Date(), cfg.timeZone)}`;
      renameSync(target, previous);
    }
    for (const ext of ['-wal', '-shm', '-journal']) rmSync(`${target}${ext}`, { force: true });
    cpSync(db, target);
    chmodSync(target, 0o600);
    const outbox = join(work, OUTBOX_ENTRY);
    if (existsSync(outbox)) {
      const dest = resolve(cfg.outboxDir);
      if (existsSync(dest)) renameSync(dest, `${dest}.before-restore-${stamp(new Date(), cfg.timeZone)}`);
      cpSync(outbox, dest, { recursive: true });
    }
    return { restored: resolve(file), database: target, previous, integrity: 'ok', tables };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
