import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createDataSource } from './options';

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
/**
 * The one SQL helper: a raw query with named parameters (:name, :...list) in a given manager
 * (a transaction), for code that holds a manager but not the Db service.
 */
export function queryIn<T = Record<string, unknown>>(m: EntityManager, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const [text, values] = m.connection.driver.escapeQueryWithParameters(sql, params, {});
  return m.query(text, values);
}

/**
 * node-sqlite3 hands every statement to libuv's thread pool (4 threads) at once; statements of
 * one connection then wait inside the pool for the connection's mutex, holding threads. Under
 * twenty concurrent readers the pool filled with blocked reads and each statement of a write
 * transaction queued behind them (a write: 50 ms alone, 850 ms among the reads). In serialized
 * mode a connection keeps its own queue and gives the pool one statement at a time: at most
 * three reads and the write run in the pool's four threads, and a write's turn comes at once.
 */
function oneStatementAtATime(ds: DataSource): void {
  (ds.driver as unknown as { databaseConnection: { serialize: () => void } }).databaseConnection.serialize();
}

/** SQLite read connections (the data source's own included): the thread pool runs 4 at once. */
const READ_CONNECTIONS = 3;

/** Keys of the advisory locks dondoc takes (PostgreSQL): one per kind of start-up work. */
export const ADVISORY = { migrate: 0x646f6e01, seed: 0x646f6e02, jobs: 0x646f6e03 } as const;

@Injectable()
export class Db implements OnModuleInit, OnModuleDestroy {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly sqlite: boolean;
  /**
   * SQLite: the connection write transactions run on, apart from the one reads use. On one
   * shared connection a read arriving while a write transaction was open ran inside it (and
   * could see rows then rolled back), and every write queued behind the reads before it. In
   * WAL mode a reader on its own connection sees the last commit and never waits for a writer.
   */
  private writer: DataSource | null = null;
  /**
   * SQLite: more read connections beside the data source's own. The driver runs one statement
   * at a time per connection; readers taken in turn run side by side on the thread pool.
   */
  private readers: DataSource[] = [];
  private turn = 0;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type === 'sqlite';
  }

  /**
   * In WAL mode synchronous=NORMAL is safe against corruption and a crashed process loses
   * nothing; only a power cut may drop the last commits (the outbox then re-sends, counted as
   * ambiguous). It spares an fsync per commit, which bounds how fast mail can be marked sent.
   */
  async onModuleInit(): Promise<void> {
    if (!this.sqlite) {
      // One instance migrates, all in one transaction (never a half-migrated schema); the
      // others wait for the lock, then find nothing left to run.
      await this.withAdvisoryLock(ADVISORY.migrate, () => this.dataSource.runMigrations({ transaction: 'all' }));
      return;
    }
    await this.dataSource.query('PRAGMA synchronous = NORMAL');
    // A 12 MB page cache (the default is 2 MB) keeps the task indexes of a large committee in
    // memory between the scans that summaries and sweeps make.
    await this.dataSource.query('PRAGMA cache_size = -12000');
    await this.optimize();
    const path = (this.dataSource.options as { database: string }).database;
    if (path !== ':memory:') {
      this.writer = await this.connectAgain('PRAGMA synchronous = NORMAL');
      for (let i = 1; i < READ_CONNECTIONS; i++) this.readers.push(await this.connectAgain('PRAGMA cache_size = -12000'));
    }
    for (const ds of [this.dataSource, ...this.readers, ...(this.writer ? [this.writer] : [])]) oneStatementAtATime(ds);
  }

  /** Another connection to the same SQLite file (already migrated), with its own PRAGMA. */
  private async connectAgain(pragma: string): Promise<DataSource> {
    const ds = createDataSource({ ...this.dataSource.options, migrationsRun: false } as typeof this.dataSource.options);
    await ds.initialize();
    await ds.query(pragma);
    return ds;
  }

  async onModuleDestroy(): Promise<void> {
    // After the queued writes: a write still running finishes on its connection first.
    await this.tail;
    await this.writer?.destroy();
    this.writer = null;
    const readers = this.readers;
    this.readers = [];
    await Promise.all(readers.map((r) => r.destroy()));
  }

  /**
   * Planner statistics. SQLite never gathers them by itself: without them text search walked
   * the (committee, unit, due) index out of order and the summary started from all tasks
   * instead of the far smaller reports table. `PRAGMA optimize` analyses only what changed
   * enough, with a bounded sample (cheap at start-up and daily). PostgreSQL's autovacuum
   * analyses by itself; a daily ANALYZE costs little and covers a bulk load's first day.
   */
  async optimize(): Promise<void> {
    if (this.sqlite) {
      await this.dataSource.query('PRAGMA analysis_limit = 1000');
      await this.dataSource.query('PRAGMA optimize = 0x10002');
    } else await this.dataSource.query('ANALYZE');
  }

  /**
   * Runs `fn` while holding a PostgreSQL session advisory lock: one instance at a time, across
   * processes (first-start seeding, migrations). On SQLite it just runs `fn` (one machine; the
   * seed's writes take the file's write lock).
   */
  async withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T> {
    if (this.sqlite) return fn();
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn();
      } finally {
        await qr.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      await qr.release();
    }
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.sqlite ? 'sqlite' : 'postgres';
  }

  /** For reads: one of the read connections, in turn (SQLite), or the pool (PostgreSQL). */
  get manager(): EntityManager {
    if (this.readers.length === 0) return this.dataSource.manager;
    const i = this.turn++ % (this.readers.length + 1);
    return i === 0 ? this.dataSource.manager : this.readers[i - 1].manager;
  }

  /** A raw query with named parameters (:name, :...list), portable across the drivers. */
  query<T = Record<string, unknown>>(sql: string, params: Record<string, unknown> = {}, m: EntityManager = this.manager): Promise<T[]> {
    return queryIn(m, sql, params);
  }

  /**
   * Locks rows for the rest of the write transaction `m`, so a read-check-write on them cannot
   * interleave with another transaction's (two status changes from the same starting state).
   * PostgreSQL: SELECT … FOR UPDATE. SQLite: nothing to do — a write transaction already holds
   * the database's write lock (BEGIN IMMEDIATE) and writes are queued in this process.
   */
  async lockRows(m: EntityManager, table: 'tasks' | 'import_previews' | 'users' | 'task_reports', ids: number[]): Promise<void> {
    if (this.sqlite || ids.length === 0) return;
    await queryIn(m, `SELECT id FROM ${table} WHERE id IN (:...ids) ORDER BY id FOR UPDATE`, { ids });
  }

  write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (!this.sqlite) return this.dataSource.transaction(fn);
    const run = this.tail.then(() => this.immediate(fn));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async immediate<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const qr = (this.writer ?? this.dataSource).createQueryRunner();
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
