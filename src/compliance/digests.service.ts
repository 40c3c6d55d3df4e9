import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Committee } from '../committees/committee.entity';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { LocalDate, addDays, diffDays, formatVi, parts, weekday } from '../deadlines/calendar';
import { occurrences, periodContaining } from '../deadlines/occurrences';
import { Period, ScheduleKind, schedule } from '../deadlines/schedule';
import { OutboxMessage, enqueue } from '../mail/outbox.entity';
import { Unit } from '../units/unit.entity';
import { matchUnit } from '../units/unit-match';
import { svgToPng, timelinessChart } from './charts';
import { ComplianceService } from './compliance.service';
import { complianceXlsx } from './exports';
import { SUMMARY_PERIODS, SummaryPeriod } from './periods';

/**
 * The emailed digests: the monthly compliance summary to the office (chart inline, XLSX
 * attached) and the weekly overdue digest to the inspection committee (every overdue task and
 * missing report, grouped by unit, with the reminders the unit already got). Both go through
 * the outbox with one key per recipient and period, so a rerun never sends them twice.
 */
@Injectable()
export class DigestsService {
  private readonly log = new Logger('digests');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly compliance: ComplianceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Plans the digests whose day falls in (from, to]: the scheduler passes the days its sweep covered. */
  async run(from: LocalDate, to: LocalDate): Promise<number> {
    let written = 0;
    const cfg = this.config.reminders.digests;
    for (const c of await this.db.manager.find(Committee)) {
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
        if (cfg.summaryDay > 0 && Number(d.slice(8)) === cfg.summaryDay) written += (await this.monthlySummary(c.id, d)) ? 1 : 0;
        if (weekday(d) === cfg.inspectionWeekday) written += (await this.inspectionDigest(c.id, d)) ? 1 : 0;
      }
    }
    return written;
  }

  /** The summary of the period that ended the day before `day` (the month just closed, by default). */
  async monthlySummary(committeeId: number, day: LocalDate): Promise<boolean> {
    const office = await this.unit(committeeId, 'Văn phòng Đảng ủy');
    if (!office) return false;
    const asOf = addDays(day, -1);
    const kind = (SUMMARY_PERIODS as readonly string[]).includes(this.config.reminders.digests.summaryPeriod) ? (this.config.reminders.digests.summaryPeriod as SummaryPeriod) : 'month';
    const key = `summary:${committeeId}:${kind}:${asOf}`;
    if (await this.db.manager.exists(OutboxMessage, { where: { idempotencyKey: key } })) return false;
    const s = await this.compliance.summary(committeeId, { asOf, period: kind });
    const png = await svgToPng(timelinessChart(s.units, `Tiến độ theo đơn vị — ${s.period.label}`));
    const xlsx = await complianceXlsx(s);
    const subject = `[dondoc] Tổng hợp kết quả thực hiện nhiệm vụ ${s.period.label}: hoàn thành ${s.totals.rates.completionRate ?? '—'}%, ${s.totals.counts.overdue} quá hạn`;
    return this.enqueue({
      committeeId,
      idempotencyKey: key,
      kind: 'summary',
      unitId: office.id,
      forDate: day,
      to: office.emails,
      cc: [],
      subject,
      template: 'compliance/summary',
      data: { ...s, subject, unitName: office.name, startVi: formatVi(s.period.start), endVi: formatVi(s.period.end) },
      items: [],
      attachments: [
        { filename: 'bieu-do.png', contentType: 'image/png', base64: png.toString('base64'), cid: 'chart' },
        { filename: `tong-hop-${asOf}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: xlsx.toString('base64') },
      ],
    });
  }

  /** Every overdue task and missing periodic report as of `day`, grouped by unit, with the reminders already sent. */
  async inspectionDigest(committeeId: number, day: LocalDate): Promise<boolean> {
    const ubkt = await this.unit(committeeId, 'Ủy ban Kiểm tra Đảng ủy');
    if (!ubkt) return false;
    const [y] = parts(day);
    const week = periodContaining(day, 'week').key;
    const key = `inspection:${committeeId}:${week}`;
    if (await this.db.manager.exists(OutboxMessage, { where: { idempotencyKey: key } })) return false;
    const units = new Map((await this.db.manager.find(Unit, { where: { committeeId } })).map((u) => [u.id, u.name]));
    const link = (id: number) => `${this.config.publicUrl}/api/tasks/${id}`;
    const history = await this.reminderHistory(committeeId);
    const excerpt = (t: string) => (t.length > 220 ? `${t.slice(0, 219)}…` : t);

    const overdue = await this.db.query<{ id: number; ref: string | null; text: string; deadlineRaw: string | null; unitId: number | null; dueDate: string }>(
      `SELECT t.id, t.ref, t.text, t."deadlineRaw" AS "deadlineRaw", t."leadUnitId" AS "unitId", t."dueDate" AS "dueDate" FROM tasks t
        WHERE t."committeeId" = :committeeId AND t."scheduleKind" IN ('date', 'window', 'relative') AND t."dueDate" < :day
          AND t.status IN ('not_started', 'in_progress', 'returned')
        ORDER BY t."leadUnitId", t."dueDate", t.id`,
      { committeeId, day },
    );
    const periodic = await this.db.query<{ id: number; ref: string | null; text: string; unitId: number | null; kind: ScheduleKind; every: Period | null; startDate: string | null; dueDate: string | null; reportPeriod: Period; issued: string | null }>(
      `SELECT t.id, t.ref, t.text, t."leadUnitId" AS "unitId", t."scheduleKind" AS kind, t.every, t."startDate" AS "startDate", t."dueDate" AS "dueDate", p."reportPeriod" AS "reportPeriod", p."issuedDate" AS issued
         FROM tasks t JOIN programs p ON p.id = t."programId"
        WHERE t."committeeId" = :committeeId AND t."scheduleKind" IN ('continuous', 'recurring') AND t.status IN ('not_started', 'in_progress', 'returned')`,
      { committeeId },
    );
    const reported = new Set((await this.db.query<{ k: string }>(`SELECT "taskId" || ':' || "periodKey" AS k FROM task_reports WHERE "committeeId" = :committeeId`, { committeeId })).map((r) => r.k));
    const groups = new Map<number | null, { overdue: object[]; missing: object[] }>();
    const group = (id: number | null) => groups.get(id) ?? (groups.set(id, { overdue: [], missing: [] }), groups.get(id)!);
    for (const t of overdue) {
      group(t.unitId).overdue.push({ ref: t.ref ?? `#${t.id}`, excerpt: excerpt(t.text), deadlineRaw: t.deadlineRaw ?? '', dueVi: formatVi(t.dueDate), daysOverdue: diffDays(t.dueDate, day), reminders: history.get(t.id) ?? [], link: link(t.id) });
    }
    for (const t of periodic) {
      const periods = occurrences(schedule(t.kind, { every: t.every, start: t.startDate, due: t.dueDate }), addDays(day, -366), addDays(day, -1), t.reportPeriod).filter((o) => (!t.issued || o.due >= t.issued) && !reported.has(`${t.id}:${o.key}`));
      for (const o of periods) {
        group(t.unitId).missing.push({ ref: t.ref ?? `#${t.id}`, excerpt: excerpt(t.text), period: o.key, dueVi: formatVi(o.due), daysOverdue: diffDays(o.due, day), reminders: history.get(t.id) ?? [], link: link(t.id) });
      }
    }
    if (groups.size === 0) return false;
    const list = [...groups.entries()]
      .sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))
      .map(([id, g]) => ({ unit: id === null ? 'Chưa giao đơn vị' : (units.get(id) ?? `#${id}`), ...g }));
    const nOverdue = list.reduce((n, g) => n + g.overdue.length, 0);
    const nMissing = list.reduce((n, g) => n + g.missing.length, 0);
    const subject = `[dondoc] ${ubkt.name}: ${nOverdue} nhiệm vụ quá hạn, ${nMissing} báo cáo còn thiếu (tuần ${week.slice(6)}/${y})`;
    return this.enqueue({
      committeeId,
      idempotencyKey: key,
      kind: 'inspection',
      unitId: ubkt.id,
      forDate: day,
      to: ubkt.emails,
      cc: [],
      subject,
      template: 'compliance/inspection',
      data: { subject, unitName: ubkt.name, dateVi: formatVi(day), units: list },
      items: overdue.map((t) => ({ taskId: t.id, ref: t.ref, rule: 'overdue', due: t.dueDate, key: `inspection:${t.id}` })),
      attachments: null,
    });
  }

  /** For each task, the reminders that actually went out: "08/08/2025 (còn 7 ngày)". */
  private async reminderHistory(committeeId: number): Promise<Map<number, string[]>> {
    const rows = await this.db.query<{ taskId: number; day: string; rule: string }>(
      `SELECT l."taskId" AS "taskId", l.day, l.rule FROM reminder_log l JOIN outbox o ON o.id = l."outboxId"
        WHERE l."committeeId" = :committeeId AND o.status = 'sent' ORDER BY l."taskId", l.day`,
      { committeeId },
    );
    const label = (rule: string) => (rule === 'overdue' ? 'nhắc quá hạn' : rule === 'due_day' ? 'nhắc đến hạn' : rule.startsWith('before_') ? `nhắc trước ${rule.slice(7)} ngày` : rule === 'report_before' ? 'nhắc báo cáo' : 'nhắc báo cáo quá hạn');
    const out = new Map<number, string[]>();
    for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), `${formatVi(r.day)} (${label(r.rule)})`]);
    return out;
  }

  private async unit(committeeId: number, name: string): Promise<Unit | null> {
    const u = matchUnit(await this.db.manager.find(Unit, { where: { committeeId, active: true } }), name);
    if (!u || u.emails.length === 0) {
      this.log.warn(`no email for ${name}: digest not sent`);
      return null;
    }
    return u;
  }

  private async enqueue(msg: Partial<OutboxMessage>): Promise<boolean> {
    const now = this.clock.now().toISOString();
    return this.db.write(async (m) => (await enqueue(m, msg, now)) !== null);
  }
}

