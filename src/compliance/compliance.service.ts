import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { Db } from '../database/db.service';
import { LocalDate, addDays, diffDays } from '../deadlines/calendar';
import { occurrences } from '../deadlines/occurrences';
import { Period, ScheduleKind, schedule } from '../deadlines/schedule';
import { Program } from '../programs/program.entity';
import { Unit } from '../units/unit.entity';
import { PeriodWindow, SummaryPeriod, periodWindow, previousWindow } from './periods';

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
  reports: ReportCounts;
  rates: Rates;
  oldestOverdue: OverdueItem[];
}

export interface ComplianceSummary {
  asOf: LocalDate;
  period: { kind: SummaryPeriod; start: LocalDate; end: LocalDate; label: string };
  program: { id: number; number: string | null; title: string } | null;
  formulas: Record<string, string>;
  totals: { counts: Counts; reports: ReportCounts; rates: Rates };
  units: UnitSummary[];
  previous: { asOf: LocalDate; label: string; rates: Rates };
  change: { completionRate: number | null; onTimeRate: number | null; reportRate: number | null };
}

/** The formulas, as the report states them (also in the README). */
export const FORMULAS: Record<string, string> = {
  dueReached: 'Nhiệm vụ đến hạn = nhiệm vụ có thời hạn đến ngày báo cáo (hạn ≤ ngày báo cáo); không tính nhiệm vụ thường xuyên/định kỳ, chưa xác định thời hạn, tạm dừng/hủy',
  completionRate: 'Tỷ lệ hoàn thành = (hoàn thành đúng hạn + hoàn thành quá hạn, trong số nhiệm vụ đến hạn) / nhiệm vụ đến hạn × 100%',
  onTimeRate: 'Tỷ lệ hoàn thành đúng hạn = hoàn thành đúng hạn (trong số nhiệm vụ đến hạn) / nhiệm vụ đến hạn × 100%',
  lateRate: 'Tỷ lệ hoàn thành quá hạn = hoàn thành quá hạn / nhiệm vụ đến hạn × 100%',
  openInTimeShare: 'Chưa hoàn thành trong hạn = (đang thực hiện trong hạn + chưa đến hạn) / nhiệm vụ chưa hoàn thành có thời hạn × 100%',
  overdueShare: 'Chưa hoàn thành quá hạn = quá hạn chưa hoàn thành / nhiệm vụ chưa hoàn thành có thời hạn × 100%; trong đó quá hạn trên 30 ngày, trên 90 ngày',
  reportRate: 'Tỷ lệ báo cáo định kỳ = (báo cáo đúng hạn + báo cáo muộn) / số kỳ báo cáo phải nộp trong kỳ × 100% (nhiệm vụ thường xuyên được đánh giá theo báo cáo, không tính vào tỷ lệ hoàn thành đúng hạn)',
  reportOnTimeRate: 'Tỷ lệ báo cáo đúng hạn = báo cáo nộp không muộn hơn ngày cuối kỳ / số kỳ báo cáo phải nộp × 100%',
  change: 'Thay đổi = tỷ lệ kỳ này − tỷ lệ cùng loại kỳ trước (điểm phần trăm)',
};

const DEADLINE_KINDS = "('date', 'window', 'relative')";

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
  constructor(private readonly db: Db) {}

  async summary(committeeId: number, opts: { asOf: LocalDate; period?: SummaryPeriod; programId?: number }): Promise<ComplianceSummary> {
    const window = periodWindow(opts.period ?? 'quarter', opts.asOf);
    let program: ComplianceSummary['program'] = null;
    if (opts.programId !== undefined) {
      const p = await this.db.manager.findOneBy(Program, { id: opts.programId, committeeId });
      if (!p) throw notFound('văn bản', opts.programId);
      program = { id: p.id, number: p.number, title: p.title };
    }
    const units = new Map((await this.db.manager.find(Unit, { where: { committeeId } })).map((u) => [u.id, u.name]));
    const current = await this.aggregate(committeeId, window, opts.programId);
    const prevWindow = previousWindow(window);
    const previous = await this.aggregate(committeeId, prevWindow, opts.programId);
    const oldest = await this.oldestOverdue(committeeId, window.asOf, opts.programId);

    const unitIds = [...current.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
    const unitRows: UnitSummary[] = unitIds.map((id) => {
      const p = current.get(id)!;
      return { unit: id === null ? 'Chưa giao đơn vị' : (units.get(id) ?? `#${id}`), unitId: id, counts: p.counts, reports: p.reports, rates: rates(p), oldestOverdue: oldest.get(id) ?? [] };
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
      totals: { counts: totals.counts, reports: totals.reports, rates: now },
      units: unitRows,
      previous: { asOf: prevWindow.asOf, label: prevWindow.label, rates: before },
      change: { completionRate: delta(now.completionRate, before.completionRate), onTimeRate: delta(now.onTimeRate, before.onTimeRate), reportRate: delta(now.reportRate, before.reportRate) },
    };
  }

  private async aggregate(committeeId: number, w: PeriodWindow, programId?: number): Promise<Map<number | null, Partial>> {
    const asOf = w.asOf;
    const programFilter = programId !== undefined ? ' AND t."programId" = :programId' : '';
    // The timeliness of each task as of the report date (the rule of src/tasks/timeliness.ts):
    // a completion after that date does not count yet.
    const category = `CASE
      WHEN t.status IN ('suspended', 'cancelled') THEN 'suspended'
      WHEN t."scheduleKind" IN ('continuous', 'recurring', 'from') THEN 'periodic'
      WHEN t.status IN ('done', 'pending_confirmation') AND t."completedOn" IS NOT NULL AND t."completedOn" <= :asOf THEN
        CASE WHEN t."scheduleKind" NOT IN ${DEADLINE_KINDS} OR t."dueDate" IS NULL OR t."completedOn" <= t."dueDate" THEN 'onTime' ELSE 'late' END
      WHEN t."scheduleKind" NOT IN ${DEADLINE_KINDS} OR t."dueDate" IS NULL THEN 'noDeadline'
      WHEN t."dueDate" < :asOf THEN 'overdue'
      WHEN t."startDate" IS NOT NULL AND t."startDate" > :asOf THEN 'notDue'
      ELSE 'openInTime' END`;
    const rows = await this.db.query<{ unitId: number | null; cat: string; n: number; reached: number; over30: number; over90: number }>(
      `SELECT "unitId", cat, COUNT(*) AS n,
              SUM(CASE WHEN "dueDate" <= :asOf THEN 1 ELSE 0 END) AS reached,
              SUM(CASE WHEN cat = 'overdue' AND "dueDate" < :d30 THEN 1 ELSE 0 END) AS over30,
              SUM(CASE WHEN cat = 'overdue' AND "dueDate" < :d90 THEN 1 ELSE 0 END) AS over90
         FROM (SELECT t."leadUnitId" AS "unitId", t."dueDate", ${category} AS cat
                 FROM tasks t WHERE t."committeeId" = :committeeId${programFilter}) x
        GROUP BY "unitId", cat`,
      { asOf, d30: addDays(asOf, -30), d90: addDays(asOf, -90), committeeId, programId },
    );
    const out = new Map<number | null, Partial>();
    const get = (id: number | null) => {
      let p = out.get(id);
      if (!p) out.set(id, (p = { counts: emptyCounts(), reports: emptyReports(), onTimeReached: 0, over30: 0, over90: 0 }));
      return p;
    };
    for (const r of rows) {
      const p = get(r.unitId);
      if (r.cat === 'periodic') continue; // judged by its reports below
      p.counts[r.cat as keyof Counts] += Number(r.n);
      if (r.cat === 'onTime') p.onTimeReached += Number(r.reached);
      p.over30 += Number(r.over30);
      p.over90 += Number(r.over90);
    }
    await this.reports(committeeId, w, programId, get);
    return out;
  }

  /**
   * Reports owed in the period: each continuous or recurring task owes one per period that
   * closes within it (counted per schedule shape), from its program's issue date.
   */
  private async reports(committeeId: number, w: PeriodWindow, programId: number | undefined, get: (id: number | null) => Partial): Promise<void> {
    const programFilter = programId !== undefined ? ' AND t."programId" = :programId' : '';
    const shapes = await this.db.query<{ unitId: number | null; kind: ScheduleKind; every: Period | null; reportPeriod: Period; startDate: string | null; dueDate: string | null; issued: string | null; n: number }>(
      `SELECT t."leadUnitId" AS "unitId", t."scheduleKind" AS kind, t.every, p."reportPeriod" AS "reportPeriod", t."startDate" AS "startDate", t."dueDate" AS "dueDate", p."issuedDate" AS issued, COUNT(*) AS n
         FROM tasks t JOIN programs p ON p.id = t."programId"
        WHERE t."committeeId" = :committeeId${programFilter} AND t."scheduleKind" IN ('continuous', 'recurring') AND t.status NOT IN ('suspended', 'cancelled')
        GROUP BY t."leadUnitId", t."scheduleKind", t.every, p."reportPeriod", t."startDate", t."dueDate", p."issuedDate"`,
      { committeeId, programId },
    );
    for (const s of shapes) {
      const periods = occurrences(schedule(s.kind, { every: s.every, start: s.startDate, due: s.dueDate }), w.start, w.asOf, s.reportPeriod).filter((o) => !s.issued || o.due >= s.issued);
      get(s.unitId).reports.due += periods.length * Number(s.n);
    }
    const made = await this.db.query<{ unitId: number | null; onTime: number; late: number }>(
      `SELECT t."leadUnitId" AS "unitId",
              SUM(CASE WHEN r."reportedOn" <= r."periodEnd" THEN 1 ELSE 0 END) AS "onTime",
              SUM(CASE WHEN r."reportedOn" > r."periodEnd" THEN 1 ELSE 0 END) AS late
         FROM task_reports r JOIN tasks t ON t.id = r."taskId"
        WHERE t."committeeId" = :committeeId AND r."periodEnd" >= :start AND r."periodEnd" <= :asOf AND r."reportedOn" <= :asOf${programFilter}
          AND t.status NOT IN ('suspended', 'cancelled')
        GROUP BY t."leadUnitId"`,
      { committeeId, start: w.start, asOf: w.asOf, programId },
    );
    for (const m of made) {
      const r = get(m.unitId).reports;
      r.onTime += Number(m.onTime);
      r.late += Number(m.late);
    }
    for (const id of new Set([...shapes.map((s) => s.unitId), ...made.map((m) => m.unitId)])) {
      const r = get(id).reports;
      r.missing = Math.max(0, r.due - r.onTime - r.late);
    }
  }

  /** The three oldest overdue tasks of each unit, as of the report date. */
  private async oldestOverdue(committeeId: number, asOf: LocalDate, programId?: number): Promise<Map<number | null, OverdueItem[]>> {
    const programFilter = programId !== undefined ? ' AND t."programId" = :programId' : '';
    const rows = await this.db.query<{ id: number; ref: string | null; text: string; deadlineRaw: string | null; unitId: number | null; dueDate: string }>(
      `SELECT id, ref, text, "deadlineRaw", "unitId", "dueDate" FROM (
         SELECT t.id, t.ref, t.text, t."deadlineRaw" AS "deadlineRaw", t."leadUnitId" AS "unitId", t."dueDate" AS "dueDate",
                ROW_NUMBER() OVER (PARTITION BY t."leadUnitId" ORDER BY t."dueDate", t.id) AS rn
           FROM tasks t
          WHERE t."scheduleKind" IN ${DEADLINE_KINDS} AND t."dueDate" < :asOf AND t."committeeId" = :committeeId${programFilter}
            AND t.status NOT IN ('suspended', 'cancelled')
            AND NOT (t.status IN ('done', 'pending_confirmation') AND t."completedOn" IS NOT NULL AND t."completedOn" <= :asOf)
       ) x WHERE rn <= 3 ORDER BY "unitId", rn`,
      { asOf, committeeId, programId },
    );
    const out = new Map<number | null, OverdueItem[]>();
    for (const r of rows) {
      const item = { taskId: r.id, ref: r.ref, text: r.text, deadlineRaw: r.deadlineRaw, due: r.dueDate, daysOverdue: diffDays(r.dueDate, asOf) };
      out.set(r.unitId, [...(out.get(r.unitId) ?? []), item]);
    }
    return out;
  }
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
