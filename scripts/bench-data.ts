/**
 * Data shared by the benchmarks: one program and many units (each with an email), and tasks
 * written in bulk through the one SQL helper (named parameters), so the same code loads
 * SQLite and PostgreSQL.
 */
import type { Db } from '../src/database/db.service';
import { addDays } from '../src/deadlines/calendar';

/** A numeric command-line option of a benchmark: `--tasks 100000`. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A text command-line option: `--db postgres`. */
export function textArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? String(process.argv[i + 1]) : fallback;
}

/** Multi-row VALUES with named parameters: (:p0_0, :p0_1, …), (:p1_0, …). */
function values(rows: unknown[][]): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const sql = rows.map((r, i) => `(${r.map((v, j) => ((params[`p${i}_${j}`] = v), `:p${i}_${j}`)).join(', ')})`).join(', ');
  return { sql, params };
}

export async function seedBenchDirectory(db: Db, committeeId: number, units: number): Promise<{ programId: number; unitIds: number[] }> {
  await db.write(async (m) => {
    await db.query(
      `INSERT INTO programs ("committeeId", kind, title, "issuedDate", "reportPeriod") VALUES (:committeeId, 'chuong_trinh_hanh_dong', 'Bench', '2025-01-01', 'quarter')`,
      { committeeId },
      m,
    );
    for (let u = 0; u < units; u += 100) {
      const rows = Array.from({ length: Math.min(100, units - u) }, (_, k) => u + k);
      const v = values(rows.map((n) => [committeeId, `Đơn vị ${n}`, 'other', '[]', JSON.stringify([`donvi${n}@example.vn`]), true]));
      await db.query(`INSERT INTO units ("committeeId", name, kind, aliases, emails, active) VALUES ${v.sql}`, v.params, m);
    }
  });
  const [{ pid }] = await db.query<{ pid: number }>('SELECT MAX(id) AS pid FROM programs WHERE "committeeId" = :committeeId', { committeeId });
  const rows = await db.query<{ id: number }>(`SELECT id FROM units WHERE "committeeId" = :committeeId AND name LIKE 'Đơn vị %' ORDER BY id`, { committeeId });
  return { programId: Number(pid), unitIds: rows.map((r) => Number(r.id)) };
}

/** A small deterministic generator (mulberry32): the same data on every run and database. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: number, weighted: [T, number][]): T {
  let acc = 0;
  for (const [v, w] of weighted) if (r < (acc += w)) return v;
  return weighted[weighted.length - 1][0];
}

/** Schedule kinds and statuses drawn independently, in proportions like a ward's real plans. */
const KINDS: [string, number][] = [
  ['date', 0.45],
  ['window', 0.2],
  ['continuous', 0.12],
  ['recurring', 0.08],
  ['relative', 0.05],
  ['unknown', 0.1],
];
const STATUSES: [string, number][] = [
  ['not_started', 0.2],
  ['in_progress', 0.3],
  ['done', 0.3],
  ['pending_confirmation', 0.05],
  ['returned', 0.05],
  ['suspended', 0.05],
  ['cancelled', 0.05],
];

/**
 * `count` tasks spread over the units, due dates from 120 days before `asOf` to 60 after,
 * folded search text with a few distinct words, and a Q3 report for a third of the
 * continuous ones.
 */
export async function seedBenchTasks(db: Db, committeeId: number, programId: number, unitIds: number[], count: number, asOf: string): Promise<void> {
  const rnd = random(20250930);
  const topics = [
    'chuyen doi so',
    'kiem tra giam sat',
    'cong tac can bo',
    'dan van',
    'an ninh trat tu',
    'tuyen truyen',
    'phat trien dang vien',
    'cai cach hanh chinh',
  ];
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) => i + k).map((n) => {
      const kind = pick(rnd(), KINDS);
      const status = pick(rnd(), STATUSES);
      const due = kind === 'continuous' || kind === 'unknown' || (kind === 'relative' && rnd() < 0.5) ? null : addDays(asOf, Math.floor(rnd() * 181) - 120);
      const completed = status === 'done' || status === 'pending_confirmation' ? addDays(due ?? asOf, Math.floor(rnd() * 21) - 10) : null;
      const topic = topics[Math.floor(rnd() * topics.length)];
      return [
        committeeId,
        programId,
        `B.${n}`,
        n,
        `Nhiệm vụ ${n}: ${topic}`,
        `nhiem vu ${n} ${topic}`,
        unitIds[Math.floor(rnd() * unitIds.length)],
        kind,
        kind === 'window' && due ? addDays(due, -30) : null,
        due,
        kind === 'recurring' ? 'month' : null,
        status,
        completed,
        1,
      ];
    });
    const v = values(rows);
    await db.write((m) =>
      db.query(
        `INSERT INTO tasks ("committeeId", "programId", ref, position, text, "searchText", "leadUnitId", "scheduleKind", "startDate", "dueDate", every, status, "completedOn", version) VALUES ${v.sql}`,
        v.params,
        m,
      ),
    );
  }
  await db.write((m) =>
    db.query(
      `INSERT INTO task_reports ("committeeId", "taskId", "unitId", "periodKey", "periodStart", "periodEnd", text, "reportedOn", "reportedBy")
       SELECT "committeeId", id, "leadUnitId", '2025-Q3', '2025-07-01', '2025-09-30', 'Báo cáo', '2025-09-28', 'bench' FROM tasks WHERE "committeeId" = :committeeId AND "scheduleKind" = 'continuous' AND id % 3 = 0`,
      { committeeId },
      m,
    ),
  );
  await db.optimize();
}

/**
 * The database of a benchmark (`--db sqlite|postgres`): a file in `dir`, or for PostgreSQL
 * `--url postgres://…` (an empty database) or else a throwaway cluster from Debian's server
 * binaries, as the tests start one. Returns the environment naming it and how to stop it.
 */
export async function benchDatabase(dir: string): Promise<{ db: 'sqlite' | 'postgres'; env: Record<string, string>; stop: () => void }> {
  // --file: a SQLite file of its own (kept, or kept before: --reuse), else one in the temp folder.
  if (textArg('db', 'sqlite') !== 'postgres') return { db: 'sqlite', env: { DB_PATH: textArg('file', '') || `${dir}/bench.sqlite` }, stop: () => undefined };
  const url = textArg('url', '');
  const base = { DB_TYPE: 'postgres', AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123' };
  if (url) return { db: 'postgres', env: { ...base, DATABASE_URL: url }, stop: () => undefined };
  const { startPg } = await import('../test/support/postgres');
  const cluster = await startPg();
  return { db: 'postgres', env: { ...base, DATABASE_URL: await cluster.createDatabase('bench') }, stop: cluster.stop };
}
