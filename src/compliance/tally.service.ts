import { Injectable, Logger } from '@nestjs/common';
import type { LocalDate } from '../deadlines/calendar';
import { Db } from '../database/db.service';
import { Shape, TALLY_METRICS, TallyVector, reportSteps, shapeOf, shapeSteps, tallySteps } from './tally';
import { Mark, TallyDeltas, TallyRepository, TallyScope } from './tally.repository';

/** Tasks folded per transaction: bounds a fold's memory and how long it holds the write lock. */
const BATCH = 1000;

/**
 * Compliance counts kept per unit, program and day (tally.ts). Triggers queue every task a
 * write touches (tally.entity.ts); a fold takes the queue in order, takes back the steps each
 * task last added (its mark) and adds its new ones, in one transaction with the dequeue — so
 * a task is counted once, whichever instance folds. Readers fold what is queued first, so the
 * counts they read include every committed change.
 */
@Injectable()
export class TallyService {
  private readonly log = new Logger('Tally');
  private readonly repo: TallyRepository;

  constructor(private readonly db: Db) {
    this.repo = new TallyRepository(db);
  }

  /** Folds every committee's queue (the background job). */
  async foldAll(): Promise<number> {
    return this.fold(await this.repo.allQueued());
  }

  /** Folds the queued tasks of the committees; returns how many tasks were folded. */
  async fold(committeeIds: number[], progress?: (folded: number) => void): Promise<number> {
    let total = 0;
    for (const committeeId of await this.repo.queuedCommittees(committeeIds)) {
      for (;;) {
        const n = await this.db.write(async (m) => {
          await this.repo.lock(m, committeeId);
          const queued = await this.repo.queued(m, committeeId, BATCH);
          if (!queued.length) return 0;
          const ids = [...new Set(queued.map((q) => q.taskId))];
          const tasks = await this.repo.tasks(m, ids);
          const [changes, reports, marks] = [await this.repo.changes(m, ids), await this.repo.reports(m, ids), await this.repo.marks(m, ids)];
          const deltas = new Deltas();
          for (const old of marks.values()) deltas.put(old, -1);
          const fresh: Mark[] = [];
          for (const t of tasks) {
            const history = changes.get(t.id) ?? [];
            const mark: Mark = {
              taskId: t.id,
              committeeId: t.committeeId,
              unitId: t.leadUnitId ?? 0,
              programId: t.programId,
              counts: tallySteps(t, history),
              shapes: shapeSteps(t, history),
              reports: reportSteps(t, history, reports.get(t.id) ?? []),
            };
            deltas.put(mark, 1);
            if (mark.counts.length || mark.shapes.length || mark.reports.length) fresh.push(mark);
          }
          await this.repo.add(m, deltas.rows());
          await this.repo.replaceMarks(m, ids, fresh);
          await this.repo.dequeue(
            m,
            queued.map((q) => q.id),
          );
          return queued.length;
        });
        total += n;
        if (n) progress?.(total);
        if (n < BATCH) break;
      }
    }
    if (total > BATCH) this.log.log(`folded ${total} queued task changes`);
    return total;
  }

  /**
   * The kept counts as of each date, per lead unit (unitId 0: none) or per committee; the
   * reports owed in each window by the active periodic tasks as of the latest date; and the
   * reports made in each window — after folding what is queued. `programs` maps each program
   * to what its reports owed depend on (its issue date and report period, as a key); `owed`
   * gives what a shape owes in a window for such a key, computed once per key and shape.
   */
  async read<W extends { start: LocalDate; asOf: LocalDate }>(
    scope: TallyScope,
    windows: W[],
    programs: Map<number, string>,
    owed: (programKey: string, shape: Shape, window: W) => number,
  ): Promise<{ counts: Map<number, TallyVector>[]; due: Map<number, number>[]; made: Map<number, { onTime: number; late: number }>[] }> {
    await this.fold(scope.by === 'unit' ? [scope.committeeId] : scope.committeeIds);
    const latest = windows.reduce((a, w) => (w.asOf > a ? w.asOf : a), windows[0].asOf);
    const counts: Map<number, TallyVector>[] = [];
    for (const w of windows) counts.push(await this.repo.counts(scope, w.asOf));
    const keys = [...new Set(programs.values())];
    const cls = new Map(keys.map((k, i) => [k, i]));
    const shapes = await this.repo.shapeKeys(scope);
    const due = await this.repo.owed(
      scope,
      latest,
      [...programs].map(([programId, key]) => ({ programId, cls: cls.get(key)! })),
      keys.flatMap((key, i) => shapes.map((shape) => ({ cls: i, shape, owed: windows.map((w) => owed(key, shapeOf(shape), w)) }))),
      windows.length,
    );
    return { counts, due, made: await this.repo.made(scope, windows) };
  }

  /** Recomputes a committee's counts from its tasks (repair after restoring a backup by hand). */
  async rebuild(committeeId: number, progress?: (folded: number) => void): Promise<number> {
    await this.db.write((m) => this.repo.requeueAll(m, committeeId));
    return this.fold([committeeId], progress);
  }
}

/** Deltas summed per row key: a task's old steps taken back, its new ones added. */
class Deltas {
  private readonly counts = new Map<string, TallyDeltas['counts'][number]>();
  private readonly shapes = new Map<string, TallyDeltas['shapes'][number]>();
  private readonly reports = new Map<string, TallyDeltas['reports'][number]>();

  put(k: Mark, sign: 1 | -1): void {
    const { committeeId, unitId, programId } = k;
    for (const [day, v] of k.counts) {
      const key = `${committeeId}|${unitId}|${programId}|${day}`;
      const row = this.counts.get(key) ?? { committeeId, unitId, programId, day, v: TALLY_METRICS.map(() => 0) };
      v.forEach((x, i) => (row.v[i] += sign * x));
      this.counts.set(key, row);
    }
    for (const [day, shape, n] of k.shapes) {
      const key = `${committeeId}|${unitId}|${programId}|${shape}|${day}`;
      const row = this.shapes.get(key) ?? { committeeId, unitId, programId, shape, day, n: 0 };
      row.n += sign * n;
      this.shapes.set(key, row);
    }
    for (const [day, report, n] of k.reports) {
      const key = `${committeeId}|${unitId}|${programId}|${report}|${day}`;
      const [periodEnd, reportedOn] = report.split('|');
      const row = this.reports.get(key) ?? { committeeId, unitId, programId, periodEnd, reportedOn, day, n: 0 };
      row.n += sign * n;
      this.reports.set(key, row);
    }
  }

  rows(): TallyDeltas {
    return { counts: [...this.counts.values()], shapes: [...this.shapes.values()], reports: [...this.reports.values()] };
  }
}
