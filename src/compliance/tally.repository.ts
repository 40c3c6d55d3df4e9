import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import { Db, queryIn } from '../database/db.service';
import { KeyedStep, TALLY_METRICS, TallyChange, TallyReport, TallyStep, TallyTask, TallyVector } from './tally';

/** The SQL of the kept counts (tally.service.ts): the queue, the marks and the tally rows. */

export interface QueuedTask extends TallyTask {
  id: number;
  committeeId: number;
  leadUnitId: number | null;
  programId: number;
}

/** What a task added, under the keys it had then. */
export interface Mark {
  taskId: number;
  committeeId: number;
  unitId: number;
  programId: number;
  counts: TallyStep[];
  shapes: KeyedStep[];
  reports: KeyedStep[];
}

/** Changes to add, each summed per row key already. */
export interface TallyDeltas {
  counts: { committeeId: number; unitId: number; programId: number; day: LocalDate; v: TallyVector }[];
  shapes: { committeeId: number; unitId: number; programId: number; shape: string; day: LocalDate; n: number }[];
  reports: { committeeId: number; unitId: number; programId: number; periodEnd: LocalDate; reportedOn: LocalDate; day: LocalDate; n: number }[];
}

/** Whose counts: the lead units of one committee, or each committee of a list. */
export type TallyScope = { by: 'unit'; committeeId: number; programId?: number } | { by: 'committee'; committeeIds: number[] };

const METRIC_COLUMNS = TALLY_METRICS.map((m) => `"${m}"`).join(', ');
/** Rows per multi-row statement: SQLite allows 32,766 parameters, PostgreSQL 65,535. */
const CHUNK = 200;

export class TallyRepository {
  constructor(private readonly db: Db) {}

  /** Committees of `ids` with tasks waiting to be folded (one index probe each). */
  async queuedCommittees(ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await this.db.query<{ committeeId: number }>(
      `SELECT c.id AS "committeeId" FROM committees c WHERE c.id IN (:...ids) AND EXISTS (SELECT 1 FROM tally_queue q WHERE q."committeeId" = c.id)`,
      { ids },
    );
    return rows.map((r) => Number(r.committeeId));
  }

  /** Committees with tasks waiting to be folded. */
  async allQueued(): Promise<number[]> {
    return (await this.db.query<{ committeeId: number }>(`SELECT DISTINCT "committeeId" FROM tally_queue`)).map((r) => Number(r.committeeId));
  }

  /**
   * Takes the committee's fold lock for the rest of the transaction: the row update waits for
   * another instance's fold of the same committee (PostgreSQL); SQLite's writes are serial.
   */
  async lock(m: EntityManager, committeeId: number): Promise<void> {
    await queryIn(m, `INSERT INTO tally_state ("committeeId", folds) VALUES (:committeeId, 0) ON CONFLICT ("committeeId") DO NOTHING`, { committeeId });
    await queryIn(m, `UPDATE tally_state SET folds = folds + 1 WHERE "committeeId" = :committeeId`, { committeeId });
  }

  async queued(m: EntityManager, committeeId: number, limit: number): Promise<{ id: number; taskId: number }[]> {
    const rows = await queryIn<{ id: number; taskId: number }>(
      m,
      `SELECT id, "taskId" FROM tally_queue WHERE "committeeId" = :committeeId ORDER BY id LIMIT ${Number(limit)}`,
      { committeeId },
    );
    return rows.map((r) => ({ id: Number(r.id), taskId: Number(r.taskId) }));
  }

  /** Removes exactly the queue rows folded (a row queued meanwhile stays for the next fold). */
  async dequeue(m: EntityManager, ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) await queryIn(m, `DELETE FROM tally_queue WHERE id IN (:...ids)`, { ids: ids.slice(i, i + 1000) });
  }

  async tasks(m: EntityManager, ids: number[]): Promise<QueuedTask[]> {
    const rows = await queryIn<Record<string, unknown>>(
      m,
      `SELECT id, "committeeId", "leadUnitId", "programId", status, "scheduleKind", "startDate", "dueDate", "completedOn", every, "periodDay" FROM tasks WHERE id IN (:...ids)`,
      { ids },
    );
    const text = (x: unknown) => (x === null || x === undefined ? null : String(x));
    return rows.map((r) => ({
      id: Number(r.id),
      committeeId: Number(r.committeeId),
      leadUnitId: r.leadUnitId === null ? null : Number(r.leadUnitId),
      programId: Number(r.programId),
      status: r.status as QueuedTask['status'],
      scheduleKind: r.scheduleKind as QueuedTask['scheduleKind'],
      startDate: text(r.startDate),
      dueDate: text(r.dueDate),
      completedOn: text(r.completedOn),
      every: text(r.every),
      periodDay: text(r.periodDay),
    }));
  }

  async changes(m: EntityManager, taskIds: number[]): Promise<Map<number, TallyChange[]>> {
    const rows = await queryIn<Record<string, unknown>>(
      m,
      `SELECT id, "taskId", kind, "on", "fromStatus", "fromCompletedOn", "fromDue" FROM task_changes WHERE "taskId" IN (:...taskIds)`,
      { taskIds },
    );
    return group(rows, (r) => ({
      id: Number(r.id),
      kind: r.kind as TallyChange['kind'],
      on: r.on as LocalDate,
      fromStatus: (r.fromStatus as TallyChange['fromStatus']) ?? null,
      fromCompletedOn: (r.fromCompletedOn as string | null) ?? null,
      fromDue: (r.fromDue as string | null) ?? null,
    }));
  }

  async reports(m: EntityManager, taskIds: number[]): Promise<Map<number, TallyReport[]>> {
    const rows = await queryIn<Record<string, unknown>>(m, `SELECT "taskId", "periodEnd", "reportedOn" FROM task_reports WHERE "taskId" IN (:...taskIds)`, {
      taskIds,
    });
    return group(rows, (r) => ({ periodEnd: r.periodEnd as LocalDate, reportedOn: r.reportedOn as LocalDate }));
  }

  async marks(m: EntityManager, taskIds: number[]): Promise<Map<number, Mark>> {
    const rows = await queryIn<Record<string, unknown>>(
      m,
      `SELECT "taskId", "committeeId", "unitId", "programId", steps FROM tally_marks WHERE "taskId" IN (:...taskIds)`,
      {
        taskIds,
      },
    );
    return new Map(
      rows.map((r) => {
        const steps = JSON.parse(r.steps as string) as Pick<Mark, 'counts' | 'shapes' | 'reports'>;
        return [
          Number(r.taskId),
          { taskId: Number(r.taskId), committeeId: Number(r.committeeId), unitId: Number(r.unitId), programId: Number(r.programId), ...steps },
        ];
      }),
    );
  }

  async replaceMarks(m: EntityManager, taskIds: number[], marks: Mark[]): Promise<void> {
    await queryIn(m, `DELETE FROM tally_marks WHERE "taskId" IN (:...taskIds)`, { taskIds });
    await insert(m, 'tally_marks', ['taskId', 'committeeId', 'unitId', 'programId', 'steps'], marks, (k) => [
      k.taskId,
      k.committeeId,
      k.unitId,
      k.programId,
      JSON.stringify({ counts: k.counts, shapes: k.shapes, reports: k.reports }),
    ]);
  }

  /** Adds the deltas to the tally rows (by day and month, per unit and per committee), creating rows as needed. */
  async add(m: EntityManager, d: TallyDeltas): Promise<void> {
    // The day rows' deltas summed by month, and per committee by day and by month: one pass.
    const months = new Map<string, { committeeId: number; month: string; unitId: number; programId: number; v: TallyVector }>();
    const committeeDays = new Map<string, { committeeId: number; day: LocalDate; v: TallyVector }>();
    const committeeMonths = new Map<string, { committeeId: number; month: string; v: TallyVector }>();
    const into = <R extends { v: TallyVector }>(rows: Map<string, R>, key: string, make: () => Omit<R, 'v'>, v: TallyVector) => {
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { ...make(), v: TALLY_METRICS.map(() => 0) } as R));
      v.forEach((x, i) => (row.v[i] += x));
    };
    for (const r of d.counts) {
      const { committeeId, unitId, programId, day } = r;
      const month = day.slice(0, 7);
      into(months, `${committeeId}|${month}|${unitId}|${programId}`, () => ({ committeeId, month, unitId, programId }), r.v);
      into(committeeDays, `${committeeId}|${day}`, () => ({ committeeId, day }), r.v);
      into(committeeMonths, `${committeeId}|${month}`, () => ({ committeeId, month }), r.v);
    }
    const nonZero = <R extends { v: TallyVector }>(rows: Iterable<R>) => [...rows].filter((r) => r.v.some((x) => x !== 0));
    const metrics = (r: { v: TallyVector }) => r.v;
    const days = nonZero(d.counts);
    await upsert(m, 'tally_days', ['committeeId', 'day', 'unitId', 'programId'], days, (r) => [r.committeeId, r.day, r.unitId, r.programId], metrics);
    await upsert(
      m,
      'tally_months',
      ['committeeId', 'month', 'unitId', 'programId'],
      nonZero(months.values()),
      (r) => [r.committeeId, r.month, r.unitId, r.programId],
      metrics,
    );
    await upsert(m, 'committee_tally_days', ['committeeId', 'day'], nonZero(committeeDays.values()), (r) => [r.committeeId, r.day], metrics);
    await upsert(m, 'committee_tally_months', ['committeeId', 'month'], nonZero(committeeMonths.values()), (r) => [r.committeeId, r.month], metrics);
    const n = (r: { n: number }) => [r.n];
    await upsert(
      m,
      'tally_shapes',
      ['committeeId', 'unitId', 'programId', 'shape', 'day'],
      d.shapes.filter((r) => r.n !== 0),
      (r) => [r.committeeId, r.unitId, r.programId, r.shape, r.day],
      n,
      ['n'],
    );
    await upsert(
      m,
      'tally_reports',
      ['committeeId', 'periodEnd', 'unitId', 'programId', 'reportedOn', 'day'],
      d.reports.filter((r) => r.n !== 0),
      (r) => [r.committeeId, r.periodEnd, r.unitId, r.programId, r.reportedOn, r.day],
      n,
      ['n'],
    );
  }

  /**
   * The counts as of a date, per lead unit (0: none) or per committee: the month rows before
   * the date's month and the day rows of its month up to the date.
   */
  async counts(scope: TallyScope, asOf: LocalDate): Promise<Map<number, TallyVector>> {
    const params: Record<string, unknown> = { asOf, month: asOf.slice(0, 7), monthStart: `${asOf.slice(0, 7)}-01` };
    const sums = TALLY_METRICS.map((c) => `SUM(x."${c}") AS "${c}"`).join(', ');
    let sql: string;
    if (scope.by === 'unit') {
      Object.assign(params, { committeeId: scope.committeeId, programId: scope.programId });
      const program = scope.programId !== undefined ? ' AND "programId" = :programId' : '';
      sql = `SELECT x."unitId" AS id, ${sums} FROM (
               SELECT "unitId", ${METRIC_COLUMNS} FROM tally_months WHERE "committeeId" = :committeeId AND month < :month${program}
               UNION ALL
               SELECT "unitId", ${METRIC_COLUMNS} FROM tally_days WHERE "committeeId" = :committeeId AND day >= :monthStart AND day <= :asOf${program}
             ) x GROUP BY x."unitId"`;
    } else {
      params.committeeIds = scope.committeeIds;
      sql = `SELECT x."committeeId" AS id, ${sums} FROM (
               SELECT "committeeId", ${METRIC_COLUMNS} FROM committee_tally_months WHERE "committeeId" IN (:...committeeIds) AND month < :month
               UNION ALL
               SELECT "committeeId", ${METRIC_COLUMNS} FROM committee_tally_days WHERE "committeeId" IN (:...committeeIds) AND day >= :monthStart AND day <= :asOf
             ) x GROUP BY x."committeeId"`;
    }
    const rows = await this.db.query<Record<string, number | null>>(sql, params);
    return new Map(rows.map((r) => [Number(r.id), TALLY_METRICS.map((c) => Number(r[c] ?? 0))]));
  }

  /** The schedule shapes periodic tasks in scope have had (one index scan). */
  async shapeKeys(scope: TallyScope): Promise<string[]> {
    const { where, params } = scopeSql(scope);
    return (await this.db.query<{ shape: string }>(`SELECT DISTINCT shape FROM tally_shapes WHERE ${where}`, params)).map((r) => r.shape);
  }

  /**
   * Reports owed in each window per unit (or committee): the active periodic tasks as of
   * `asOf` of each shape times what that shape owes in the window. What a shape owes depends on
   * its program only through the program's class (issue date, report period): both are given
   * as small tables — programs → class, (class, shape) → owed per window — and the products
   * summed in SQL, a row per unit (or committee) back.
   */
  async owed(
    scope: TallyScope,
    asOf: LocalDate,
    classes: { programId: number; cls: number }[],
    owed: { cls: number; shape: string; owed: number[] }[],
    windows: number,
  ): Promise<Map<number, number>[]> {
    const out = Array.from({ length: windows }, () => new Map<number, number>());
    const owing = owed.filter((s) => s.owed.some((n) => n > 0));
    if (!owing.length || !classes.length) return out;
    const { where, key, params } = scopeSql(scope, 't.');
    params.asOf = asOf;
    const int = (name: string, value: number) => ((params[name] = value), `CAST(:${name} AS integer)`);
    const pc = classes.map((c, j) => `(${int(`pp${j}`, c.programId)}, ${int(`pc${j}`, c.cls)})`);
    const o = owing.map((s, j) => {
      params[`os${j}`] = s.shape;
      return `(${int(`oc${j}`, s.cls)}, CAST(:os${j} AS varchar(120)), ${s.owed.map((n, w) => int(`o${j}_${w}`, n)).join(', ')})`;
    });
    const owedColumns = Array.from({ length: windows }, (_, w) => `o${w}`);
    const rows = await this.db.query<Record<string, number | null>>(
      `WITH pc("programId", cls) AS (VALUES ${pc.join(', ')}),
            o(cls, shape, ${owedColumns.join(', ')}) AS (VALUES ${o.join(', ')})
       SELECT ${key} AS id, ${owedColumns.map((c) => `SUM(t.n * o.${c}) AS ${c}`).join(', ')}
         FROM tally_shapes t JOIN pc ON pc."programId" = t."programId" JOIN o ON o.cls = pc.cls AND o.shape = t.shape
        WHERE ${where} AND t.day <= :asOf
        GROUP BY ${key}`,
      params,
    );
    for (const r of rows) out.forEach((m, w) => m.set(Number(r.id), Number(r[`o${w}`] ?? 0)));
    return out;
  }

  /**
   * Reports made in each window (period end within it, reported by its date), on time or late,
   * by unit (or committee): of tasks active as of the latest date, as the summary counts them.
   */
  async made(scope: TallyScope, windows: { start: LocalDate; asOf: LocalDate }[]): Promise<Map<number, { onTime: number; late: number }>[]> {
    const { where, key, params } = scopeSql(scope);
    params.latest = windows.reduce((a, w) => (w.asOf > a ? w.asOf : a), windows[0].asOf);
    params.earliest = windows.reduce((a, w) => (w.start < a ? w.start : a), windows[0].start);
    const columns = windows
      .map((w, i) => {
        Object.assign(params, { [`start${i}`]: w.start, [`asOf${i}`]: w.asOf });
        const inWindow = `"periodEnd" >= :start${i} AND "periodEnd" <= :asOf${i} AND "reportedOn" <= :asOf${i}`;
        return `SUM(CASE WHEN ${inWindow} AND "reportedOn" <= "periodEnd" THEN n ELSE 0 END) AS "onTime${i}",
                SUM(CASE WHEN ${inWindow} AND "reportedOn" > "periodEnd" THEN n ELSE 0 END) AS "late${i}"`;
      })
      .join(', ');
    const rows = await this.db.query<Record<string, number | null>>(
      `SELECT ${key} AS id, ${columns} FROM tally_reports
        WHERE ${where} AND "periodEnd" >= :earliest AND "periodEnd" <= :latest AND day <= :latest
        GROUP BY ${key}`,
      params,
    );
    return windows.map((_, i) => new Map(rows.map((r) => [Number(r.id), { onTime: Number(r[`onTime${i}`] ?? 0), late: Number(r[`late${i}`] ?? 0) }])));
  }

  /** Forgets a committee's tallies and queues every task of it again: the next fold recomputes them all. */
  async requeueAll(m: EntityManager, committeeId: number): Promise<void> {
    for (const table of ['tally_days', 'tally_months', 'committee_tally_days', 'committee_tally_months', 'tally_shapes', 'tally_reports', 'tally_marks'])
      await queryIn(m, `DELETE FROM ${table} WHERE "committeeId" = :committeeId`, { committeeId });
    await queryIn(m, `INSERT INTO tally_queue ("committeeId", "taskId") SELECT "committeeId", id FROM tasks WHERE "committeeId" = :committeeId ORDER BY id`, {
      committeeId,
    });
  }
}

function scopeSql(scope: TallyScope, alias = ''): { where: string; key: string; params: Record<string, unknown> } {
  if (scope.by === 'committee')
    return { where: `${alias}"committeeId" IN (:...committeeIds)`, key: `${alias}"committeeId"`, params: { committeeIds: scope.committeeIds } };
  return {
    where: `${alias}"committeeId" = :committeeId${scope.programId !== undefined ? ` AND ${alias}"programId" = :programId` : ''}`,
    key: `${alias}"unitId"`,
    params: { committeeId: scope.committeeId, programId: scope.programId },
  };
}

function group<T>(rows: Record<string, unknown>[], make: (r: Record<string, unknown>) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const id = Number(r.taskId);
    const list = out.get(id);
    if (list) list.push(make(r));
    else out.set(id, [make(r)]);
  }
  return out;
}

async function insert<R>(m: EntityManager, table: string, columns: string[], rows: R[], values: (r: R) => unknown[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const params: Record<string, unknown> = {};
    const tuples = rows.slice(i, i + CHUNK).map(
      (r, j) =>
        `(${values(r)
          .map((x, k) => ((params[`v${j}_${k}`] = x), `:v${j}_${k}`))
          .join(', ')})`,
    );
    await queryIn(m, `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** INSERT … ON CONFLICT DO UPDATE adding to the counters: the same statement on both databases. */
async function upsert<R>(
  m: EntityManager,
  table: string,
  keys: string[],
  rows: R[],
  keyOf: (r: R) => unknown[],
  counters: (r: R) => number[],
  counterColumns: readonly string[] = TALLY_METRICS,
): Promise<void> {
  const quoted = (cs: readonly string[]) => cs.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const params: Record<string, unknown> = {};
    const tuples = rows
      .slice(i, i + CHUNK)
      .map((r, j) => `(${[...keyOf(r), ...counters(r)].map((x, k) => ((params[`v${j}_${k}`] = x), `:v${j}_${k}`)).join(', ')})`);
    await queryIn(
      m,
      `INSERT INTO ${table} (${quoted(keys)}, ${quoted(counterColumns)}) VALUES ${tuples.join(', ')}
       ON CONFLICT (${quoted(keys)}) DO UPDATE SET ${counterColumns.map((c) => `"${c}" = ${table}."${c}" + excluded."${c}"`).join(', ')}`,
      params,
    );
  }
}
