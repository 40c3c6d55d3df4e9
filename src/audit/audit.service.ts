import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Principal } from '../auth/principal';
import { startOfLocalDay } from '../common/clock';
import { Page } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { LocalDate, addDays } from '../deadlines/calendar';
import { AuditRepository } from './audit.repository';
import { AuditEvent } from './audit-event.entity';

export type Actor = Pick<Principal, 'userId' | 'name' | 'committeeId'>;

export const SYSTEM_ACTOR = (committeeId: number): Actor => ({ userId: null, name: 'Hệ thống', committeeId });

export interface AuditQuery {
  entity?: AuditEvent['entity'];
  entityId?: number;
  action?: string;
  actor?: string;
  /** Local calendar days (YYYY-MM-DD), both included. */
  from?: LocalDate;
  to?: LocalDate;
  page: number;
  pageSize: number;
}

@Injectable()
export class AuditService {
  private readonly repo: AuditRepository;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.repo = new AuditRepository(db);
  }

  /** The committee's audit trail, newest first; days are read in the committee's time zone. */
  async list(committeeId: number, q: AuditQuery): Promise<Page<AuditEvent>> {
    const { items, total } = await this.repo.list(committeeId, {
      ...q,
      from: q.from ? startOfLocalDay(q.from, this.config.timeZone) : undefined,
      to: q.to ? startOfLocalDay(addDays(q.to, 1), this.config.timeZone) : undefined,
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  actions(committeeId: number): Promise<string[]> {
    return this.repo.actions(committeeId);
  }

  /** Written inside the caller's transaction, so a change and its audit row land together. */
  async record(
    m: EntityManager,
    actor: Actor,
    entity: AuditEvent['entity'],
    entityId: number,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    note: string | null = null,
  ): Promise<void> {
    // An insert that reads nothing back (save() re-selects the id and time it never uses): one
    // round trip less inside every audited write transaction.
    await m
      .createQueryBuilder()
      .insert()
      .into(AuditEvent)
      // TypeORM's deep-partial type cannot express a JSON column of unknown values: the row is an
      // AuditEvent, said once here.
      .values(
        m.create(AuditEvent, {
          committeeId: actor.committeeId,
          entity,
          entityId,
          action,
          actorId: actor.userId,
          actorName: actor.name,
          before,
          after,
          note,
        }) as QueryDeepPartialEntity<AuditEvent>,
      )
      .updateEntity(false)
      .execute();
  }

  history(committeeId: number, entity: AuditEvent['entity'], entityId: number): Promise<AuditEvent[]> {
    return this.db.manager.find(AuditEvent, { where: { committeeId, entity, entityId }, order: { id: 'ASC' } });
  }
}

/** The fields that differ between two snapshots, as {before, after}; null when nothing changed. */
export function diff<T extends object>(before: T, after: T, keys: (keyof T)[]): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k as string] = before[k];
      a[k as string] = after[k];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
