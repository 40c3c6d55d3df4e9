/** Data shared by the benchmarks: one program and many units (each with an email), written in bulk. */
import type { Db } from '../src/database/db.service';

export async function seedBenchDirectory(db: Db, committeeId: number, units: number): Promise<{ programId: number; unitIds: number[] }> {
  await db.write(async (m) => {
    await m.query(`INSERT INTO programs ("committeeId", kind, title, "issuedDate", "reportPeriod") VALUES (?, 'chuong_trinh_hanh_dong', 'Bench', '2025-01-01', 'quarter')`, [committeeId]);
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
