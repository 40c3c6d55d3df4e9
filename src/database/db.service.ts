import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Write transactions. TypeORM's SQLite driver runs every query on one connection, so two
 * overlapping transactions collide ("cannot start a transaction within a transaction").
 * On SQLite we queue write transactions one after another in this process (WAL and the busy
 * timeout handle other processes); PostgreSQL runs them concurrently.
 */
@Injectable()
export class Db {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'sqlite';
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.dataSource.transaction(fn);
    const run = this.tail.then(() => this.dataSource.transaction(fn));
    this.tail = run.catch(() => undefined);
    return run;
  }
}
