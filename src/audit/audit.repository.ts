import { Db } from '../database/db.service';
import { AuditEvent } from './audit-event.entity';

export interface AuditFilter {
  entity?: AuditEvent['entity'];
  entityId?: number;
  action?: string;
  /** Part of the actor's name, any case. */
  actor?: string;
  /** Instants bounding `at` (the caller turns local days into them). */
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** The audit trail's reads: newest first, filtered, paged (query builder, both databases). */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async list(committeeId: number, f: AuditFilter): Promise<{ items: AuditEvent[]; total: number }> {
    const q = this.db.manager.createQueryBuilder(AuditEvent, 'a').where('a.committeeId = :committeeId', { committeeId });
    if (f.entity) q.andWhere('a.entity = :entity', { entity: f.entity });
    if (f.entityId) q.andWhere('a.entityId = :entityId', { entityId: f.entityId });
    if (f.action) q.andWhere('a.action = :action', { action: f.action });
    if (f.actor) q.andWhere('a.actorName LIKE :actor', { actor: `%${f.actor.replace(/[%_]/g, '')}%` });
    if (f.from) q.andWhere('a.at >= :from', { from: f.from });
    if (f.to) q.andWhere('a.at < :to', { to: f.to });
    const [items, total] = await q
      .orderBy('a.id', 'DESC')
      .skip((f.page - 1) * f.pageSize)
      .take(f.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async actions(committeeId: number): Promise<string[]> {
    const rows = await this.db.query<{ action: string }>('SELECT DISTINCT action FROM audit_events WHERE "committeeId" = :committeeId ORDER BY action', {
      committeeId,
    });
    return rows.map((r) => r.action);
  }
}
