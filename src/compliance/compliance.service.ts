import { DEADLINE_KINDS as DEADLINE_KIND_LIST, sql, sqlList } from '../tasks/task-rules';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { notFound } from '../common/errors';
import { CommitteesRepository } from '../committees/committees.repository';
import { Db } from '../database/db.service';
import { LocalDate, addDays, diffDays } from '../deadlines/calendar';
import { occurrences } from '../deadlines/occurrences';
import { Period, ScheduleKind, decodePeriodDay, schedule } from '../deadlines/schedule';
import { Program } from '../programs/program.entity';
import { Unit } from '../units/unit.entity';
import { PeriodWindow, SummaryPeriod, periodWindow, previousWindow } from './periods';
import { Shape, TALLY_METRICS, TallyVector, shapeKey } from './tally';
import { TallyService } from './tally.service';

export interface Counts {
  onTime: number;
  late: number;
  openInTime: number;
  overdue: number;
  notDue: number;
  noDeadline: number;
  suspended: number;
}

export interface ReportCounts {
  due: number;
  onTime: number;
  late: number;
  missing: number;
}

export interface Rates {
  /** Nhiệm vụ đến hạn: tasks whose deadline is on or before the report date. */
  dueReached: number;
  completionRate: number | null;
  onTimeRate: number | null;
  lateRate: number | null;
  /** Of the tasks not completed: share still in time, share overdue. */
  openInTimeShare: number | null;
  overdueShare: number | null;
  overdueOver30: number;
  overdueOver90: number;
  reportRate: number | null;
  reportOnTimeRate: number | null;
}

export interface OverdueItem {
  taskId: number;
  ref: string | null;
  text: string;
  deadlineRaw: string | null;
  due: LocalDate;
  daysOverdue: number;
}

export interface UnitSummary {
  unit: string;
  unitId: number | null;
  counts: Counts;
  /** Tasks whose due date was extended (đề nghị điều chỉnh thời hạn approved); judged by the new date. */
  extended: number;
  reports: ReportCounts;
  rates: Rates;
  oldestOverdue: OverdueItem[];
}

export interface ComplianceSummary {
  asOf: LocalDate;
  period: { kind: SummaryPeriod; start: LocalDate; end: LocalDate; label: string };
  program: { id: number; number: string | null; title: string } | null;
  formulas: Record<string, string>;
  totals: { counts: Counts; extended: number; reports: ReportCounts; rates: Rates };
  units: UnitSummary[];
  previous: { asOf: LocalDate; label: string; rates: Rates };
  change: { completionRate: number | null; onTimeRate: number | null; reportRate: number | null };
}

export interface CommitteeRef {
  id: number;
  name: string;
}

export interface CommitteeRollupRow {
  committee: CommitteeRef;
  totals: { counts: Counts; extended: number; reports: ReportCounts; rates: Rates };
  oldestOverdue: OverdueItem[];
}

/** Tổng hợp toàn tỉnh: the committees below one, each with today's figures, the lagging first. */
export interface ComplianceRollup {
  asOf: LocalDate;
  period: { kind: SummaryPeriod; start: LocalDate; end: LocalDate; label: string };
  committee: CommitteeRef;
  totals: { counts: Counts; extended: number; reports: ReportCounts; rates: Rates };
  committees: CommitteeRollupRow[];
}

/** The formulas, as the report states them (also in the README). */
export const FORMULAS: Record<string, string> = {
  dueReached:
    'Nhiệm vụ đến hạn = nhiệm vụ có thời hạn đến ngày báo cáo (hạn ≤ ngày báo cáo); không tính nhiệm vụ thường xuyên/định kỳ, chưa xác định thời hạn, tạm dừng/hủy',
  completionRate: 'Tỷ lệ hoàn thành = (hoàn thành đúng hạn + hoàn thành quá hạn, trong số nhiệm vụ đến hạn) / nhiệm vụ đến hạn × 100%',
  onTimeRate: 'Tỷ lệ hoàn thành đúng hạn = hoàn thành đúng hạn (trong số nhiệm vụ đến hạn) / nhiệm vụ đến hạn × 100%',
  lateRate: 'Tỷ lệ hoàn thành quá hạn = hoàn thành quá hạn / nhiệm vụ đến hạn × 100%',
  openInTimeShare: 'Chưa hoàn thành trong hạn = (đang thực hiện trong hạn + chưa đến hạn) / nhiệm vụ chưa hoàn thành có thời hạn × 100%',
  overdueShare: 'Chưa hoàn thành quá hạn = quá hạn chưa hoàn thành / nhiệm vụ chưa hoàn thành có thời hạn × 100%; trong đó quá hạn trên 30 ngày, trên 90 ngày',
  reportRate:
    'Tỷ lệ báo cáo định kỳ = (báo cáo đúng hạn + báo cáo muộn) / số kỳ báo cáo phải nộp trong kỳ × 100% (nhiệm vụ thường xuyên được đánh giá theo báo cáo, không tính vào tỷ lệ hoàn thành đúng hạn)',
  reportOnTimeRate: 'Tỷ lệ báo cáo đúng hạn = báo cáo nộp không muộn hơn ngày cuối kỳ / số kỳ báo cáo phải nộp × 100%',
  change: 'Thay đổi = tỷ lệ kỳ này − tỷ lệ cùng loại kỳ trước (điểm phần trăm)',
  extended:
    'Được điều chỉnh thời hạn = nhiệm vụ có đề nghị điều chỉnh thời hạn đã được duyệt; đúng hạn, quá hạn của các nhiệm vụ này tính theo thời hạn đã duyệt (thời hạn ban đầu vẫn được lưu và hiển thị)',
};

const DEADLINE_KINDS = sqlList(DEADLINE_KIND_LIST);

const emptyCounts = (): Counts => ({ onTime: 0, late: 0, openInTime: 0, overdue: 0, notDue: 0, noDeadline: 0, suspended: 0 });
const emptyReports = (): ReportCounts => ({ due: 0, onTime: 0, late: 0, missing: 0 });
const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

interface Partial {
  counts: Counts;
  reports: ReportCounts;
  onTimeReached: number;
  over30: number;
  over90: number;
}

/**
 * Tổng hợp kết quả thực hiện: counts per lead unit by derived timeliness as of a date, the
 * periodic reports owed and made in the period, the rates, and the oldest overdue items.
 * Everything is counted by SQL aggregates; only report periods (a handful of schedule shapes)
 * are expanded in code. The API, the file exports, the CLI and the emails all call this.
 */
@Injectable()
export class ComplianceService {
  private readonly tree: CommitteesRepository;

  constructor(
    private readonly db: Db,
    private readonly tallies: TallyService,
  ) {
    this.tree = new CommitteesRepository(db);
  }

  async summary(committeeId: number, opts: { asOf: LocalDate; period?: SummaryPeriod; programId?: number }): Promise<ComplianceSummary> {
    const window = periodWindow(opts.period ?? 'quarter', opts.asOf);
    let program: ComplianceSummary['program'] = null;
    if (opts.programId !== undefined) {
      const p = await this.db.manager.findOneBy(Program, { id: opts.programId, committeeId });
      if (!p) throw notFound('văn bản', opts.programId);
      program = { id: p.id, number: p.number, title: p.title };
    }
    const units = new Map((await this.db.manager.find(Unit, { where: { committeeId } })).map((u) => [u.id, u.name]));
    const prevWindow = previousWindow(window);
    const [current, previous] = await this.aggregate(committeeId, [window, prevWindow], opts.programId);
    const oldest = await this.oldestOverdue(committeeId, window.asOf, opts.programId);
    const extended = await this.extended(committeeId, opts.programId);

    const unitIds = [...current.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
    const unitRows: UnitSummary[] = unitIds.map((id) => {
      const p = current.get(id)!;
      return {
        unit: id === null ? 'Chưa giao đơn vị' : (units.get(id) ?? `#${id}`),
        unitId: id,
        counts: p.counts,
        extended: extended.get(id) ?? 0,
        reports: p.reports,
        rates: rates(p),
        oldestOverdue: oldest.get(id) ?? [],
      };
    });
    const totals = sum([...current.values()]);
    const prevTotals = sum([...previous.values()]);
    const now = rates(totals);
    const before = rates(prevTotals);
    const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 10) / 10);
    return {
      asOf: window.asOf,
      period: { kind: window.kind, start: window.start, end: window.asOf, label: window.label },
      program,
      formulas: FORMULAS,
      totals: { counts: totals.counts, extended: [...extended.values()].reduce((a, n) => a + n, 0), reports: totals.reports, rates: now },
      units: unitRows,
      previous: { asOf: prevWindow.asOf, label: prevWindow.label, rates: before },
      change: {
        completionRate: delta(now.completionRate, before.completionRate),
        onTimeRate: delta(now.onTimeRate, before.onTimeRate),
        reportRate: delta(now.reportRate, before.reportRate),
      },
    };
  }

  /** Tasks with an approved extension, per lead unit (a partial index holds just them). */
  private async extended(committeeId: number, programId?: number): Promise<Map<number | null, number>> {
    const rows = await this.db.query<{ unitId: number | null; n: number }>(
      `SELECT t."leadUnitId" AS "unitId", COUNT(*) AS n FROM tasks t
        WHERE t."committeeId" = :committeeId AND t."extendedDue" IS NOT NULL${programId !== undefined ? ' AND t."programId" = :programId' : ''}
        GROUP BY t."leadUnitId"`,
      { committeeId, programId },
    );
    return new Map(rows.map((r) => [r.unitId === null ? null : Number(r.unitId), Number(r.n)]));
  }

  /** Tasks with an approved extension, per committee (the same partial index). */
  private async extendedByCommittee(committeeIds: number[]): Promise<Map<number, number>> {
    const rows = await this.db.query<{ committeeId: number; n: number }>(
      `SELECT t."committeeId" AS "committeeId", COUNT(*) AS n FROM tasks t
        WHERE t."committeeId" IN (:...committeeIds) AND t."extendedDue" IS NOT NULL
        GROUP BY t."committeeId"`,
      { committeeIds },
    );
    return new Map(rows.map((r) => [Number(r.committeeId), Number(r.n)]));
  }

  /**
   * The roll-up of a committee: every committee below it (any depth) with the counts, rates
   * and formulas of summary(), its three oldest overdue tasks, and the total of them all;
   * the committee's own tasks are a row too when it has any. Lagging committees come first:
   * lowest completion rate, then most overdue.
   */
  async rollup(committeeId: number, opts: { asOf: LocalDate; period?: SummaryPeriod }): Promise<ComplianceRollup> {
    const window = periodWindow(opts.period ?? 'quarter', opts.asOf);
    const nodes = await this.tree.descendants(committeeId);
    if (!nodes.length) throw notFound('đảng bộ', committeeId);
    const ids = nodes.map((n) => n.id);
    const [current] = await this.aggregateOver({ by: 'committee', committeeIds: ids }, [window]);
    const oldest = await this.oldestOverdueByCommittee(ids, window.asOf);
    const extended = await this.extendedByCommittee(ids);
    const rows: CommitteeRollupRow[] = nodes
      .filter((n) => n.depth > 0 || current.has(n.id))
      .map((n) => {
        const p = current.get(n.id) ?? sum([]);
        return {
          committee: { id: n.id, name: n.name },
          totals: { counts: p.counts, extended: extended.get(n.id) ?? 0, reports: p.reports, rates: rates(p) },
          oldestOverdue: oldest.get(n.id) ?? [],
        };
      });
    rows.sort(
      (a, b) =>
        (a.totals.rates.completionRate ?? Infinity) - (b.totals.rates.completionRate ?? Infinity) ||
        b.totals.counts.overdue - a.totals.counts.overdue ||
        a.committee.name.localeCompare(b.committee.name, 'vi'),
    );
    const total = sum([...current.values()]);
    return {
      asOf: window.asOf,
      period: { kind: window.kind, start: window.start, end: window.asOf, label: window.label },
      committee: { id: nodes[0].id, name: nodes[0].name },
      totals: { counts: total.counts, extended: [...extended.values()].reduce((a, x) => a + x, 0), reports: total.reports, rates: rates(total) },
      committees: rows,
    };
  }

  /** The completion rate of each committee below one over the last `count` periods (one scan). */
  async rollupTrend(
    committeeId: number,
    opts: { asOf: LocalDate; period?: SummaryPeriod; count?: number },
  ): Promise<{ committee: CommitteeRef; points: { label: string; asOf: LocalDate; rate: number | null }[] }[]> {
    const windows: PeriodWindow[] = [periodWindow(opts.period ?? 'quarter', opts.asOf)];
    while (windows.length < (opts.count ?? 6)) windows.unshift(previousWindow(windows[0]));
    const nodes = await this.tree.descendants(committeeId);
    if (!nodes.length) throw notFound('đảng bộ', committeeId);
    const maps = await this.aggregateOver({ by: 'committee', committeeIds: nodes.map((n) => n.id) }, windows);
    return nodes
      .filter((n) => n.depth > 0 || maps.some((m) => m.has(n.id)))
      .map((n) => ({
        committee: { id: n.id, name: n.name },
        points: windows.map((w, i) => ({ label: w.label, asOf: w.asOf, rate: rates(maps[i].get(n.id) ?? sum([])).completionRate })),
      }));
  }

  /**
   * Counts for several windows (the period and the one before) in one scan of the tasks:
   * each row gets its category as of each window's date, then rows are grouped.
   */
  /** The completion rate over the last `count` periods of a kind, ending with the one of `asOf` (one scan). */
  async trend(
    committeeId: number,
    opts: { asOf: LocalDate; period?: SummaryPeriod; programId?: number; count?: number },
  ): Promise<{ label: string; asOf: LocalDate; rate: number | null }[]> {
    const windows: PeriodWindow[] = [periodWindow(opts.period ?? 'quarter', opts.asOf)];
    while (windows.length < (opts.count ?? 6)) windows.unshift(previousWindow(windows[0]));
    const maps = await this.aggregate(committeeId, windows, opts.programId);
    return windows.map((w, i) => ({ label: w.label, asOf: w.asOf, rate: rates(sum([...maps[i].values()])).completionRate }));
  }

  private async aggregate(committeeId: number, windows: PeriodWindow[], programId?: number): Promise<Map<number | null, Partial>[]> {
    return this.aggregateOver({ by: 'unit', committeeIds: [committeeId] }, windows, programId);
  }

  /**
   * The counts of `windows` grouped by lead unit (one committee) or by committee (a roll-up
   * over several): the same formulas either way, only the grouping key differs.
   */
  private async aggregateOver(
    scope: Scope,
    windows: PeriodWindow[],
    programId?: number,
    opts: { scan?: boolean } = {},
  ): Promise<Map<number | null, Partial>[]> {
    const programFilter = programId !== undefined ? ' AND t."programId" = :programId' : '';
    const { where, key, params } = scopeSql(scope);
    params.programId = programId;
    // The timeliness of each task as of a report date (the rule of src/tasks/timeliness.ts):
    // a completion after that date does not count yet.
    const category = (i: number) => {
      params[`asOf${i}`] = windows[i].asOf;
      return sql.complianceCategory('t', `:asOf${i}`);
    };
    // Per window two keys per task: its category and how far its due date lies behind the
    // report date (0: not reached or none, 1: reached, 2: over 30 days, 3: over 90 days).
    // Grouping by the keys alone computes each CASE once per row; the figures come from the groups.
    const windowKey = (i: number) => {
      params[`d30_${i}`] = addDays(windows[i].asOf, -30);
      params[`d90_${i}`] = addDays(windows[i].asOf, -90);
      return `${category(i)} AS c${i}, CASE WHEN t."dueDate" IS NULL THEN 0 WHEN t."dueDate" < :d90_${i} THEN 3 WHEN t."dueDate" < :d30_${i} THEN 2 WHEN t."dueDate" <= :asOf${i} THEN 1 ELSE 0 END AS b${i}`;
    };
    const maps = windows.map(() => new Map<number | null, Partial>());
    const getter = (i: number) => (id: number | null) => {
      let p = maps[i].get(id);
      if (!p) maps[i].set(id, (p = { counts: emptyCounts(), reports: emptyReports(), onTimeReached: 0, over30: 0, over90: 0 }));
      return p;
    };
    const add = (r: Record<string, number | string | null>, i: number) => {
      const n = Number(r.n);
      const p = getter(i)(r.unitId as number | null);
      const cat = r[`c${i}`] as keyof Counts | 'periodic';
      const behind = Number(r[`b${i}`]);
      if (cat === 'periodic') return; // judged by its reports below
      p.counts[cat] += n;
      if (cat === 'onTime' && behind >= 1) p.onTimeReached += n;
      if (cat === 'overdue' && behind >= 2) p.over30 += n;
      if (cat === 'overdue' && behind >= 3) p.over90 += n;
    };
    const latest = windows.reduce((a, w) => (w.asOf > a ? w.asOf : a), windows[0].asOf);
    if (!opts.scan) {
      // The counts kept per unit (or committee) and day (tally.service.ts): a few rows per unit
      // and month, whatever the number of tasks.
      const kept = await this.tallies.read(
        scope.by === 'unit' ? { by: 'unit', committeeId: scope.committeeIds[0], programId } : { by: 'committee', committeeIds: scope.committeeIds },
        windows,
        new Map([...(await this.programsOf(scope))].map(([id, p]) => [id, programKey(p)])),
        owedIn(),
      );
      const id = (k: number) => (scope.by === 'unit' && k === 0 ? null : k);
      kept.counts.forEach((byKey, i) => {
        // A unit whose every task moved away keeps rows that sum to nothing: not a row.
        for (const [k, v] of byKey) if (v.some((x) => x !== 0)) addVector(getter(i)(id(k)), v);
      });
      const due = kept.due.map((byKey) => new Map([...byKey].map(([k, n]) => [id(k), n])));
      const made = kept.made.map((byKey) => [...byKey].map(([k, m]) => ({ unitId: id(k), ...m })));
      owedAndMade(
        windows,
        due,
        made,
        windows.map((_, i) => getter(i)),
      );
      return maps;
    }
    const earliest = windows.reduce((a, w) => (w.asOf < a ? w.asOf : a), windows[0].asOf);
    const history = await this.changedSince(scope, earliest);
    if (!history) {
      // Nothing changed after the report dates: today's rows are the rows as they stood, and one
      // scan of the covering index answers every window.
      const rows = await this.db.query<Record<string, number | string | null>>(
        `SELECT ${key} AS "unitId", ${windows.map((_, i) => windowKey(i)).join(', ')}, COUNT(*) AS n FROM tasks t WHERE ${where}${programFilter}
          GROUP BY ${key}, ${windows.map((_, i) => `c${i}, b${i}`).join(', ')}`,
        params,
      );
      for (const r of rows) windows.forEach((_, i) => add(r, i));
    } else {
      // History by date: each window reads the tasks as they stood at the end of its report date.
      for (let i = 0; i < windows.length; i++) {
        const rows = await this.db.query<Record<string, number | string | null>>(
          `SELECT ${key} AS "unitId", ${windowKey(i)}, COUNT(*) AS n FROM ${tasksAsOf(`:asOf${i}`, where)} t WHERE ${where}${programFilter}
            GROUP BY ${key}, c${i}, b${i}`,
          params,
        );
        for (const r of rows) add(r, i);
      }
    }
    // Reports owed and made: judged on the tasks as they stood at the latest report date.
    await this.reports(
      scope,
      windows,
      programId,
      windows.map((_, i) => getter(i)),
      history ? { from: `${tasksAsOf(':asOfLatest', scopeSql(scope).where)}`, asOf: latest } : null,
    );
    return maps;
  }

  /**
   * The kept counts (tally.service.ts) against a scan of the tasks as of each date, per lead
   * unit of one committee, or per committee of a list: every difference (none when they agree).
   * The tests run it after every kind of change; an operator can run it on a live database.
   */
  async checkTallies(
    scope: { committeeId: number } | { committeeIds: number[] },
    dates: LocalDate[],
  ): Promise<{ asOf: LocalDate; id: number | null; metric: string; kept: number; scanned: number }[]> {
    const windows = dates.map((d) => periodWindow('quarter', d));
    const s: Scope = 'committeeId' in scope ? { by: 'unit', committeeIds: [scope.committeeId] } : { by: 'committee', committeeIds: scope.committeeIds };
    const kept = await this.aggregateOver(s, windows);
    const scanned = await this.aggregateOver(s, windows, undefined, { scan: true });
    const out: { asOf: LocalDate; id: number | null; metric: string; kept: number; scanned: number }[] = [];
    const figures = (p: Partial): Record<string, number> => ({
      ...p.counts,
      onTimeReached: p.onTimeReached,
      over30: p.over30,
      over90: p.over90,
      reportsDue: p.reports.due,
      reportsOnTime: p.reports.onTime,
      reportsLate: p.reports.late,
    });
    windows.forEach((w, i) => {
      for (const id of new Set([...kept[i].keys(), ...scanned[i].keys()])) {
        const [fa, fb] = [figures(kept[i].get(id) ?? sum([])), figures(scanned[i].get(id) ?? sum([]))];
        for (const metric of Object.keys(fa)) if (fa[metric] !== fb[metric]) out.push({ asOf: w.asOf, id, metric, kept: fa[metric], scanned: fb[metric] });
      }
    });
    return out;
  }

  /** Whether any task in scope changed after `day` (then past figures need the history). */
  private async changedSince(scope: Scope, day: LocalDate): Promise<boolean> {
    const rows = await this.db.query<{ one: number }>(
      `SELECT 1 AS one FROM task_changes c WHERE c."committeeId" IN (:...committeeIds) AND c."on" > :day LIMIT 1`,
      { committeeIds: scope.committeeIds, day },
    );
    return rows.length > 0;
  }

  /**
   * Reports owed in each window: each continuous or recurring task owes one per period that
   * closes within it (counted per schedule shape), from its program's issue date.
   */
  private async reports(
    scope: Scope,
    windows: PeriodWindow[],
    programId: number | undefined,
    get: ((id: number | null) => Partial)[],
    past: { from: string; asOf: LocalDate } | null,
  ): Promise<void> {
    const programFilter = programId !== undefined ? ' AND t."programId" = :programId' : '';
    const tasks = past ? past.from : 'tasks';
    const { where, key } = scopeSql(scope);
    const programs = await this.programsOf(scope);
    // Grouped in the order of the covering index (IDX_tasks_timeliness), so no sort is needed.
    const shapes = await this.db.query<{
      unitId: number | null;
      kind: ScheduleKind;
      every: Period | null;
      programId: number;
      startDate: string | null;
      dueDate: string | null;
      periodDay: string | null;
      n: number;
    }>(
      `SELECT ${key} AS "unitId", t."scheduleKind" AS kind, t.every, t."programId" AS "programId", t."startDate" AS "startDate", t."dueDate" AS "dueDate", t."periodDay" AS "periodDay", COUNT(*) AS n
         FROM ${tasks} t
        WHERE ${where}${programFilter} AND ${sql.isPeriodic('t')} AND NOT ${sql.isInactive('t')}
        GROUP BY ${key}, t."scheduleKind", t.status, t."programId", t."dueDate", t."startDate", t."completedOn", t.every, t."periodDay"`,
      { ...scopeSql(scope).params, programId, asOfLatest: past?.asOf },
    );
    const params: Record<string, unknown> = { ...scopeSql(scope).params, programId, asOfLatest: past?.asOf };
    const sums = windows
      .map((w, i) => {
        params[`start${i}`] = w.start;
        params[`asOf${i}`] = w.asOf;
        const inWindow = `r."periodEnd" >= :start${i} AND r."periodEnd" <= :asOf${i} AND r."reportedOn" <= :asOf${i}`;
        return `SUM(CASE WHEN ${inWindow} AND r."reportedOn" <= r."periodEnd" THEN 1 ELSE 0 END) AS "onTime${i}",
                SUM(CASE WHEN ${inWindow} AND r."reportedOn" > r."periodEnd" THEN 1 ELSE 0 END) AS "late${i}"`;
      })
      .join(', ');
    const made = await this.db.query<Record<string, number | null>>(
      `SELECT ${key} AS "unitId", ${sums}
         FROM task_reports r JOIN ${tasks} t ON t.id = r."taskId"
        WHERE ${where}${programFilter} AND t.status NOT IN ('suspended', 'cancelled')
        GROUP BY ${key}`,
      params,
    );
    const owed = owedIn();
    const due = windows.map((w) => {
      const byUnit = new Map<number | null, number>();
      for (const r of shapes) {
        const id = r.unitId === null ? null : Number(r.unitId);
        const shape = { kind: r.kind, every: r.every, startDate: r.startDate ?? null, dueDate: r.dueDate ?? null, periodDay: r.periodDay ?? null };
        byUnit.set(id, (byUnit.get(id) ?? 0) + owed(programKey(programs.get(Number(r.programId))), shape, w) * Number(r.n));
      }
      return byUnit;
    });
    owedAndMade(
      windows,
      due,
      windows.map((_, i) =>
        made.map((m) => ({ unitId: m.unitId === null ? null : Number(m.unitId), onTime: Number(m[`onTime${i}`] ?? 0), late: Number(m[`late${i}`] ?? 0) })),
      ),
      get,
    );
  }

  private async programsOf(scope: Scope): Promise<Map<number, Program>> {
    return new Map((await this.db.manager.find(Program, { where: { committeeId: In(scope.committeeIds) } })).map((p) => [p.id, p]));
  }

  /**
   * The three oldest overdue tasks of each unit, as of the report date: per unit an index
   * range scan in due-date order that stops after three, not a sort of every overdue task.
   */
  private async oldestOverdue(committeeId: number, asOf: LocalDate, programId?: number): Promise<Map<number | null, OverdueItem[]>> {
    const programFilter = programId !== undefined ? ' AND t2."programId" = :programId' : '';
    const overdue = (condition: string, select = 't2.id') => overdueSql(`t2."committeeId" = :committeeId AND ${condition}`, select, programFilter);
    // Per unit: SQLite runs the correlated IN once per unit, down the index; PostgreSQL would
    // plan it as a join of every task with every unit (minutes at 100k tasks): LATERAL there.
    const perUnit =
      this.db.dialect === 'postgres'
        ? `SELECT ${OVERDUE_COLUMNS}, t."leadUnitId" AS "groupId" FROM units u CROSS JOIN LATERAL (${overdue('t2."leadUnitId" = u.id', 't2.*')}) t WHERE u."committeeId" = :committeeId`
        : `SELECT ${OVERDUE_COLUMNS}, t."leadUnitId" AS "groupId" FROM units u JOIN tasks t ON t.id IN (${overdue('t2."leadUnitId" = u.id')}) WHERE u."committeeId" = :committeeId`;
    return this.overdueItems(
      `${perUnit}
       UNION ALL
       SELECT ${OVERDUE_COLUMNS}, t."leadUnitId" AS "groupId" FROM tasks t WHERE t.id IN (${overdue('t2."leadUnitId" IS NULL')})`,
      { asOf, committeeId, programId },
      asOf,
    );
  }

  /** The three oldest overdue tasks of each committee of a roll-up: one index range scan each. */
  private async oldestOverdueByCommittee(committeeIds: number[], asOf: LocalDate): Promise<Map<number | null, OverdueItem[]>> {
    const overdue = (select: string) => overdueSql('t2."committeeId" = c.id', select, '');
    return this.overdueItems(
      this.db.dialect === 'postgres'
        ? `SELECT ${OVERDUE_COLUMNS}, t."committeeId" AS "groupId" FROM committees c CROSS JOIN LATERAL (${overdue('t2.*')}) t WHERE c.id IN (:...committeeIds)`
        : `SELECT ${OVERDUE_COLUMNS}, t."committeeId" AS "groupId" FROM committees c JOIN tasks t ON t.id IN (${overdue('t2.id')}) WHERE c.id IN (:...committeeIds)`,
      { asOf, committeeIds },
      asOf,
    );
  }

  private async overdueItems(query: string, params: Record<string, unknown>, asOf: LocalDate): Promise<Map<number | null, OverdueItem[]>> {
    const rows = await this.db.query<{ id: number; ref: string | null; text: string; deadlineRaw: string | null; groupId: number | null; dueDate: string }>(
      query,
      params,
    );
    const group = (r: { groupId: number | null }) => (r.groupId === null ? null : Number(r.groupId));
    rows.sort((a, b) => (group(a) ?? 0) - (group(b) ?? 0) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id));
    const out = new Map<number | null, OverdueItem[]>();
    for (const r of rows) {
      const item = { taskId: Number(r.id), ref: r.ref, text: r.text, deadlineRaw: r.deadlineRaw, due: r.dueDate, daysOverdue: diffDays(r.dueDate, asOf) };
      out.set(group(r), [...(out.get(group(r)) ?? []), item]);
    }
    return out;
  }
}

const OVERDUE_COLUMNS = 't.id, t.ref, t.text, t."deadlineRaw" AS "deadlineRaw", t."dueDate" AS "dueDate"';

/** Overdue as of :asOf (the rule of timeliness.ts), oldest first, three at most, down the open-deadlines index. */
function overdueSql(condition: string, select: string, programFilter: string): string {
  return `SELECT ${select} FROM tasks t2
          WHERE ${condition} AND t2."dueDate" < :asOf AND t2."scheduleKind" IN ${DEADLINE_KINDS}${programFilter}
            AND t2.status NOT IN ('suspended', 'cancelled')
            AND NOT (t2.status IN ('done', 'pending_confirmation') AND t2."completedOn" IS NOT NULL AND t2."completedOn" <= :asOf)
          ORDER BY t2."dueDate", t2.id LIMIT 3`;
}

interface Scope {
  by: 'unit' | 'committee';
  committeeIds: number[];
}

/** The WHERE and GROUP BY key of a scope. One committee keeps the plain equality its indexes were planned for. */
/**
 * The tasks as they stood at the end of the day `asOf` (a named parameter): a task changed
 * after it takes its status, completion date and due date from just before its first later
 * change (task_changes). A task entered after that day counts as it was entered (not started):
 * its program set it before dondoc knew of it. Same columns as tasks.
 */
function tasksAsOf(asOf: string, where: string): string {
  // Only the changes after the day are read (the index on committee and day), one row per task
  // that changed; every other task is joined to nothing and stands as it is today.
  const inScope = where.replace(/t\."committeeId"/g, 'c."committeeId"');
  return `(SELECT t.id, t."committeeId", t."programId", t."leadUnitId", t."scheduleKind", t."startDate", t.every, t."periodDay",
            CASE WHEN h.id IS NULL THEN t.status ELSE COALESCE(h."fromStatus", 'not_started') END AS status,
            CASE WHEN h.id IS NULL THEN t."completedOn" ELSE h."fromCompletedOn" END AS "completedOn",
            COALESCE(d."fromDue", t."dueDate") AS "dueDate"
       FROM tasks t
       LEFT JOIN (SELECT c."taskId" AS "taskId", MIN(c.id) AS "firstId", MIN(CASE WHEN c.kind = 'deadline' THEN c.id END) AS "firstDeadlineId"
                    FROM task_changes c WHERE ${inScope} AND c."on" > ${asOf}
                   GROUP BY c."taskId") f ON f."taskId" = t.id
       LEFT JOIN task_changes h ON h.id = f."firstId"
       LEFT JOIN task_changes d ON d.id = f."firstDeadlineId"
      WHERE ${where})`;
}

function scopeSql(scope: Scope): { where: string; key: string; params: Record<string, unknown> } {
  if (scope.by === 'unit') return { where: 't."committeeId" = :committeeId', key: 't."leadUnitId"', params: { committeeId: scope.committeeIds[0] } };
  return { where: 't."committeeId" IN (:...committeeIds)', key: 't."committeeId"', params: { committeeIds: scope.committeeIds } };
}

/** What a program's reports owed depend on: its issue date and report period. */
const programKey = (p: Program | undefined) => JSON.stringify([p?.issuedDate ?? null, p?.reportPeriod ?? 'quarter']);

/**
 * Reports a periodic schedule owes in a window: one per period that closes within it, from its
 * program's issue date (a program key). Remembered: many tasks, and a province's many
 * programs, share a few keys and shapes.
 */
function owedIn(): (key: string, shape: Shape, w: PeriodWindow) => number {
  const cache = new Map<string, number>();
  return (key, s, w) => {
    const memo = `${key}|${shapeKey(s)}|${w.start}|${w.asOf}`;
    let owed = cache.get(memo);
    if (owed === undefined) {
      const [issued, reportPeriod] = JSON.parse(key) as [string | null, Period];
      owed = occurrences(
        schedule(s.kind, { every: s.every as Period | null, start: s.startDate, due: s.dueDate, at: decodePeriodDay(s.periodDay) }),
        w.start,
        w.asOf,
        reportPeriod,
      ).filter((o) => !issued || o.due >= issued).length;
      cache.set(memo, owed);
    }
    return owed;
  };
}

/** Reports owed and made in each window, per unit (or committee); the scan and the kept counts both end here. */
function owedAndMade(
  windows: PeriodWindow[],
  due: Map<number | null, number>[],
  made: { unitId: number | null; onTime: number; late: number }[][],
  get: ((id: number | null) => Partial)[],
): void {
  windows.forEach((_, i) => {
    const touched = new Set<number | null>();
    for (const [id, n] of due[i]) {
      get[i](id).reports.due += n;
      touched.add(id);
    }
    for (const m of made[i]) {
      const r = get[i](m.unitId).reports;
      r.onTime += m.onTime;
      r.late += m.late;
      touched.add(m.unitId);
    }
    for (const id of touched) {
      const r = get[i](id).reports;
      r.missing = Math.max(0, r.due - r.onTime - r.late);
    }
  });
}

/** Adds kept counts (tally.ts's TALLY_METRICS order) to a partial. */
function addVector(p: Partial, v: TallyVector): void {
  TALLY_METRICS.forEach((metric, i) => {
    if (metric === 'onTimeReached' || metric === 'over30' || metric === 'over90') p[metric] += v[i];
    else p.counts[metric] += v[i];
  });
}

function sum(parts: Partial[]): Partial {
  const total: Partial = { counts: emptyCounts(), reports: emptyReports(), onTimeReached: 0, over30: 0, over90: 0 };
  for (const p of parts) {
    for (const k of Object.keys(total.counts) as (keyof Counts)[]) total.counts[k] += p.counts[k];
    for (const k of Object.keys(total.reports) as (keyof ReportCounts)[]) total.reports[k] += p.reports[k];
    total.onTimeReached += p.onTimeReached;
    total.over30 += p.over30;
    total.over90 += p.over90;
  }
  return total;
}

function rates(p: Partial): Rates {
  const c = p.counts;
  const dueReached = p.onTimeReached + c.late + c.overdue;
  const open = c.openInTime + c.notDue + c.overdue;
  const made = p.reports.onTime + p.reports.late;
  return {
    dueReached,
    completionRate: pct(p.onTimeReached + c.late, dueReached),
    onTimeRate: pct(p.onTimeReached, dueReached),
    lateRate: pct(c.late, dueReached),
    openInTimeShare: pct(c.openInTime + c.notDue, open),
    overdueShare: pct(c.overdue, open),
    overdueOver30: p.over30,
    overdueOver90: p.over90,
    reportRate: pct(made, p.reports.due),
    reportOnTimeRate: pct(p.reports.onTime, p.reports.due),
  };
}
