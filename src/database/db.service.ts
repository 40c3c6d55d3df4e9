import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Write transactions.
 *
 * SQLite: TypeORM's driver runs every query of a data source on one connection, so two
 * overlapping transactions collide ("cannot start a transaction within a transaction"): we
 * queue write transactions one after another in this process. Across processes (several
 * instances on one file) the transaction starts with BEGIN IMMEDIATE: it takes the write lock
 * up front and waits for it (busy timeout) — a deferred transaction that reads first and
 * writes later would fail at once with SQLITE_BUSY when another writer got in between.
 *
 * PostgreSQL runs them concurrently.
 */
@Injectable()
export class Db {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly sqlite: boolean;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type === 'sqlite';
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (!this.sqlite) return this.dataSource.transaction(fn);
    const run = this.tail.then(() => this.immediate(fn));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async immediate<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    const state = qr as unknown as { isTransactionActive: boolean };
    await qr.query('BEGIN IMMEDIATE');
    state.isTransactionActive = true;
    try {
      const result = await fn(qr.manager);
      await qr.query('COMMIT');
      return result;
    } catch (e) {
      await qr.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      state.isTransactionActive = false;
      await qr.release();
    }
  }
}
