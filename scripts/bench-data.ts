/** Data shared by the benchmarks: one program and many units (each with an email), written in bulk. */
import type { Db } from '../src/database/db.service';
import { addDays } from '../src/deadlines/calendar';

/** A numeric command-line option of a benchmark: `--tasks 100000`. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export async function seedBenchDirectory(db: Db, committeeId: number, units: number): Promise<{ programId: number; unitIds: number[] }> {
  await db.write(async (m) => {
    await m.query(
      `INSERT INTO programs ("committeeId", kind, title, "issuedDate", "reportPeriod") VALUES (?, 'chuong_trinh_hanh_dong', 'Bench', '2025-01-01', 'quarter')`,
      [committeeId],
    );
    for (let u = 0; u < units; u += 100) {
      const rows = Array.from({ length: Math.min(100, units - u) }, (_, k) => u + k);
      await m.query(
        `INSERT INTO units ("committeeId", name, kind, aliases, emails, active) VALUES ${rows.map(() => "(?, ?, 'other', '[]', ?, 1)").join(',')}`,
        rows.flatMap((n) => [committeeId, `Đơn vị ${n}`, JSON.stringify([`donvi${n}@example.vn`])]),
      );
    }
  });
  const [{ pid }] = await db.manager.query('SELECT MAX(id) AS pid FROM programs');
  const rows: { id: number }[] = await db.manager.query(`SELECT id FROM units WHERE name LIKE 'Đơn vị %' ORDER BY id`);
  return { programId: pid, unitIds: rows.map((r) => r.id) };
}

/**
 * `count` tasks of every schedule kind and status spread over the units, due dates from 120
 * days before `asOf` to 60 after, and a Q3 report for a third of the continuous ones.
 */
export async function seedBenchTasks(db: Db, committeeId: number, programId: number, unitIds: number[], count: number, asOf: string): Promise<void> {
  const kinds = ['date', 'window', 'continuous', 'recurring', 'relative', 'unknown', 'date', 'date'];
  const statuses = ['not_started', 'in_progress', 'done', 'done', 'pending_confirmation', 'returned', 'suspended', 'cancelled'];
  await db.write(async (m) => {
    for (let i = 0; i < count; i += 500) {
      const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) => i + k);
      await m.query(
        `INSERT INTO tasks ("committeeId", "programId", ref, position, text, "searchText", "leadUnitId", "scheduleKind", "startDate", "dueDate", every, status, "completedOn", version)
         VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)').join(',')}`,
        rows.flatMap((n) => {
          const kind = kinds[n % kinds.length];
          const due = kind === 'continuous' || kind === 'unknown' ? null : addDays(asOf, (n % 181) - 120);
          const status = statuses[(n * 7) % statuses.length];
          const completed = status === 'done' || status === 'pending_confirmation' ? addDays(due ?? asOf, (n % 21) - 10) : null;
          return [
            committeeId,
            programId,
            `B.${n}`,
            n,
            `Nhiệm vụ ${n}`,
            `nhiem vu ${n}`,
            unitIds[n % unitIds.length],
            kind,
            kind === 'window' ? addDays(due!, -30) : null,
            due,
            kind === 'recurring' ? 'month' : null,
            status,
            completed,
          ];
        }),
      );
    }
    await m.query(
      `INSERT INTO task_reports ("committeeId", "taskId", "unitId", "periodKey", "periodStart", "periodEnd", text, "reportedOn", "reportedBy")
       SELECT "committeeId", id, "leadUnitId", '2025-Q3', '2025-07-01', '2025-09-30', 'Báo cáo', '2025-09-28', 'bench' FROM tasks WHERE "scheduleKind" = 'continuous' AND id % 3 = 0`,
    );
  });
}
