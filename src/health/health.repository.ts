import { Db } from '../database/db.service';
import { instant } from '../database/instants';

/** The SQL of /health/ready: cheap counts a monitor can call every few seconds. */
export class HealthRepository {
  constructor(private readonly db: Db) {}

  async ping(): Promise<void> {
    await this.db.query('SELECT 1 AS ok');
  }

  async outbox(): Promise<{ backlog: number; failed: number; oldestPending: string | null }> {
    const rows = await this.db.query<{ status: string; n: number; oldest: string | Date | null }>(
      `SELECT status, COUNT(*) AS n, MIN("createdAt") AS oldest FROM outbox WHERE status IN ('pending', 'sending', 'failed') GROUP BY status`,
    );
    const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
    const oldest =
      rows
        .filter((r) => r.status !== 'failed')
        .filter((r) => r.oldest !== null)
        .map((r) => instant(r.oldest!).toISOString())
        .sort()[0] ?? null;
    return { backlog: n('pending') + n('sending'), failed: n('failed'), oldestPending: oldest };
  }

  /** The last day the reminder sweep finished, per committee. */
  async lastSweepDays(): Promise<{ committeeId: number; day: string }[]> {
    const rows = await this.db.query<{ key: string; value: string }>(`SELECT "key", value FROM settings WHERE "key" LIKE 'reminders.lastSweepDay:%'`);
    return rows.map((r) => ({ committeeId: Number(r.key.split(':')[1]), day: r.value }));
  }
}
