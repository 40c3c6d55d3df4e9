import { queryIn } from '../database/db.service';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { notFound } from '../common/errors';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { OutboxMessage, OutboxStatus, bodies } from './outbox.entity';

const STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'failed', 'held'];

/** What a pruned message's data becomes (simple-json text). */
const PRUNED_DATA = JSON.stringify({ pruned: true });

function isPruned(msg: Pick<OutboxMessage, 'data'>): boolean {
  return (msg.data as { pruned?: boolean } | null)?.pruned === true;
}

export type OutboxRow = Omit<OutboxMessage, 'data' | 'attachments'>;

/** What the office and admin read of the outbox: messages by status, counts, one message as sent. */
@Injectable()
export class OutboxService {
  private readonly log = new Logger('outbox');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Retention: a message sent more than `mail.retention.days` ago keeps its record (who, when,
   * what subject, which items) but loses its rendered data and attachments — a monthly summary
   * with its chart and workbook is ~140 kB, which a province would otherwise keep forever.
   * In batches, each its own short transaction. Returns how many messages were emptied.
   */
  async prune(batch = 500): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.mail.retention.days * 86_400_000).toISOString();
    let total = 0;
    for (;;) {
      const n = await this.db.write(async (m) => {
        const ids = (
          await queryIn<{ id: number }>(
            m,
            `SELECT id FROM outbox WHERE status = 'sent' AND "sentAt" < :cutoff AND (attachments IS NOT NULL OR data <> :pruned) ORDER BY id LIMIT ${batch}`,
            { cutoff, pruned: PRUNED_DATA },
          )
        ).map((r) => r.id);
        if (ids.length) await queryIn(m, `UPDATE outbox SET data = :pruned, attachments = NULL WHERE id IN (:...ids)`, { pruned: PRUNED_DATA, ids });
        return ids.length;
      });
      total += n;
      if (n < batch) break;
    }
    if (total) this.log.log(`retention: emptied ${total} messages sent before ${cutoff.slice(0, 10)}`);
    return total;
  }

  async list(committeeId: number, status?: string, take = 500): Promise<OutboxRow[]> {
    const where = { committeeId, ...(status && (STATUSES as readonly string[]).includes(status) ? { status: status as OutboxStatus } : {}) };
    const rows = await this.db.manager.find(OutboxMessage, { where, order: { id: 'DESC' }, take });
    return rows.map(({ data: _d, attachments: _a, ...r }) => r);
  }

  async stats(committeeId: number): Promise<{ byStatus: Record<string, number>; ambiguousResends: number }> {
    const rows: { status: string; n: number; ambiguous: number }[] = await this.db.manager
      .createQueryBuilder(OutboxMessage, 'o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(o.ambiguous)', 'ambiguous')
      .where('o.committeeId = :cid', { cid: committeeId })
      .groupBy('o.status')
      .getRawMany();
    return { byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), ambiguousResends: rows.reduce((s, r) => s + Number(r.ambiguous ?? 0), 0) };
  }

  /** Messages that did not go out: failed after every attempt, or held for want of an address. */
  async undelivered(committeeId: number, take = 20): Promise<OutboxRow[]> {
    const rows = await this.db.manager.find(OutboxMessage, { where: { committeeId, status: In(['failed', 'held']) }, order: { id: 'DESC' }, take });
    return rows.map(({ data: _d, attachments: _a, ...r }) => r);
  }

  async previewHtml(committeeId: number, id: number): Promise<string> {
    const msg = await this.db.manager.findOneBy(OutboxMessage, { id, committeeId });
    if (!msg) throw notFound('thư', id);
    if (isPruned(msg)) return `<p>Nội dung thư này đã được xoá theo thời hạn lưu trữ (${this.config.mail.retention.days} ngày); chỉ còn bản ghi gửi thư.</p>`;
    return bodies(msg).html;
  }
}

/**
 * A unit got its first email address: the reminders held for it go out now, each once (same
 * message, same idempotency key), in the caller's transaction. Returns how many were released.
 */
export async function releaseHeld(m: EntityManager, committeeId: number, unitId: number, emails: string[], now: string): Promise<number> {
  if (!emails.length) return 0;
  const run = (sql: string, params: Record<string, unknown>) => queryIn<{ n: number }>(m, sql, params);
  const where = `"committeeId" = :committeeId AND "unitId" = :unitId AND status = 'held' AND kind = 'reminder'`;
  const [{ n }] = await run(`SELECT COUNT(*) AS n FROM outbox WHERE ${where}`, { committeeId, unitId });
  if (Number(n) === 0) return 0;
  await run(`UPDATE outbox SET status = 'pending', "to" = :to, "nextAttemptAt" = :now, "lastError" = NULL WHERE ${where}`, {
    committeeId,
    unitId,
    to: JSON.stringify(emails),
    now,
  });
  return Number(n);
}
