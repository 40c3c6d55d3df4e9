import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { Db } from '../database/db.service';
import { OutboxMessage, OutboxStatus, bodies } from './outbox.entity';

const STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'failed'];

export type OutboxRow = Omit<OutboxMessage, 'data' | 'attachments'>;

/** What the office and admin read of the outbox: messages by status, counts, one message as sent. */
@Injectable()
export class OutboxService {
  constructor(private readonly db: Db) {}

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

  async previewHtml(committeeId: number, id: number): Promise<string> {
    const msg = await this.db.manager.findOneBy(OutboxMessage, { id, committeeId });
    if (!msg) throw notFound('thư', id);
    return bodies(msg).html;
  }
}
