import { Evidence } from '../tasks/evidence.entity';
import { Task } from '../tasks/task.entity';
import { STATUS_LABELS } from '../tasks/task-status';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { In, MoreThanOrEqual } from 'typeorm';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Committee } from '../committees/committee.entity';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { LocalDate, addDays, formatVi, localDateIn, parts, weekday } from '../deadlines/calendar';
import { periodContaining } from '../deadlines/occurrences';
import { OutboxMessage, enqueue } from '../mail/outbox.entity';
import { Unit } from '../units/unit.entity';
import { unitOfKind } from '../units/unit-match';
import { missingByTask, remindersLine, unitTotals } from './follow-up';
import { svgToPng, timelinessChart } from './charts';
import { ClosedPeriod } from './closed-period.entity';
import { ClosingService } from './closing.service';
import { ComplianceService } from './compliance.service';
import { OverdueService } from './overdue.service';
import { complianceXlsx, rollupXlsx } from './exports';
import { SUMMARY_PERIODS, SummaryPeriod, periodWindow } from './periods';

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
    private readonly overdue: OverdueService,
    private readonly settings: CommitteeSettingsService,
    private readonly closing: ClosingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Plans one committee's digests whose day falls in (from, to]: the scheduler passes the days
   * its sweep of that committee covered. Per committee, so N committees cost N times one.
   */
  async runFor(committeeId: number, from: LocalDate, to: LocalDate): Promise<number> {
    let written = 0;
    const cfg = this.config.reminders.digests;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
      if (cfg.summaryDay > 0 && Number(d.slice(8)) === cfg.summaryDay) {
        written += (await this.monthlySummary(committeeId, d)) ? 1 : 0;
        written += (await this.rollupDigest(committeeId, d)) ? 1 : 0;
      }
      if (weekday(d) === cfg.inspectionWeekday) written += (await this.inspectionDigest(committeeId, d)) ? 1 : 0;
    }
    return written;
  }

  /**
   * The monthly roll-up of the committees below one, to its inspection committee (Ủy ban
   * Kiểm tra Tỉnh ủy): the lagging committees first, chart inline, XLSX attached.
   */
  async rollupDigest(committeeId: number, day: LocalDate): Promise<boolean> {
    if (!(await this.db.manager.exists(Committee, { where: { parentId: committeeId } }))) return false;
    const ubkt = await this.unit(committeeId, 'inspection');
    if (!ubkt) return false;
    const asOf = addDays(day, -1);
    const kind = this.summaryKind();
    const key = `rollup:${committeeId}:${kind}:${asOf}`;
    if (await this.db.manager.exists(OutboxMessage, { where: { idempotencyKey: key } })) return false;
    const r = await this.compliance.rollup(committeeId, { asOf, period: kind });
    if (r.committees.length === 0) return false;
    const png = await svgToPng(
      timelinessChart(
        r.committees.map((c) => ({ unit: c.committee.name, counts: c.totals.counts })),
        `Tiến độ theo đảng bộ — ${r.period.label}`,
      ),
    );
    const xlsx = await rollupXlsx(r);
    const subject = `[dondoc] Tổng hợp các đảng bộ trực thuộc ${r.period.label}: hoàn thành ${r.totals.rates.completionRate ?? '—'}%, ${r.totals.counts.overdue} quá hạn`;
    return this.enqueue({
      committeeId,
      idempotencyKey: key,
      kind: 'summary',
      unitId: ubkt.id,
      forDate: day,
      to: ubkt.emails,
      cc: [],
      subject,
      template: 'compliance/rollup',
      data: {
        ...r,
        subject,
        unitName: ubkt.name,
        nCommittees: r.committees.length,
        startVi: formatVi(r.period.start),
        endVi: formatVi(r.period.end),
        pageLink: `${this.config.publicUrl}/province`,
      },
      items: [],
      attachments: [
        { filename: 'bieu-do.png', contentType: 'image/png', base64: png.toString('base64'), cid: 'chart' },
        {
          filename: `tong-hop-dang-bo-${asOf}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          base64: xlsx.toString('base64'),
        },
      ],
    });
  }

  private summaryKind(): SummaryPeriod {
    return (SUMMARY_PERIODS as readonly string[]).includes(this.config.reminders.digests.summaryPeriod)
      ? (this.config.reminders.digests.summaryPeriod as SummaryPeriod)
      : 'month';
  }

  /** The summary of the period that ended the day before `day` (the month just closed, by default). */
  async monthlySummary(committeeId: number, day: LocalDate): Promise<boolean> {
    const office = await this.unit(committeeId, 'office');
    if (!office) return false;
    const asOf = addDays(day, -1);
    const kind = this.summaryKind();
    const key = `summary:${committeeId}:${kind}:${asOf}`;
    if (await this.db.manager.exists(OutboxMessage, { where: { idempotencyKey: key } })) return false;
    // A period already closed is sent as frozen, with where to find the báo cáo issued for it.
    const frozen = await this.closing.frozen(committeeId, kind, asOf);
    const s = frozen ? frozen.frozen.summary : await this.compliance.summary(committeeId, { asOf, period: kind });
    const closed = frozen
      ? {
          ...frozen.closed,
          closedAtVi: formatVi(frozen.closed.at.slice(0, 10)),
          reportLink: `${this.config.publicUrl}/api/compliance/report.html?period=${kind}&asOf=${asOf}`,
        }
      : null;
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
      data: { ...s, subject, unitName: office.name, startVi: formatVi(s.period.start), endVi: formatVi(s.period.end), closed },
      items: [],
      attachments: [
        { filename: 'bieu-do.png', contentType: 'image/png', base64: png.toString('base64'), cid: 'chart' },
        {
          filename: `tong-hop-${asOf}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          base64: xlsx.toString('base64'),
        },
      ],
    });
  }

  /** Every overdue task and missing periodic report as of `day`, grouped by unit, with the reminders already sent. */
  async inspectionDigest(committeeId: number, day: LocalDate): Promise<boolean> {
    const ubkt = await this.unit(committeeId, 'inspection');
    if (!ubkt) return false;
    const [y] = parts(day);
    const week = periodContaining(day, 'week').key;
    const key = `inspection:${committeeId}:${week}`;
    if (await this.db.manager.exists(OutboxMessage, { where: { idempotencyKey: key } })) return false;
    const link = (id: number) => `${this.config.publicUrl}/tasks/${id}`;
    const excerpt = (t: string) => (t.length > 160 ? `${t.slice(0, 159)}…` : t);
    const groups = await this.overdue.collect(committeeId, day);
    const evidence = await this.evidenceOfWeek(committeeId, day);
    const closedReports = await this.closedOfWeek(committeeId, day);
    if (groups.length === 0 && evidence.length === 0 && closedReports.length === 0) return false;
    // Totals first, then per unit its longest overdue tasks and the tasks missing reports (one
    // line per task, its periods listed), at most PER_UNIT of each: the rest is one link away.
    const PER_UNIT = 10;
    const list = groups.map((g) => {
      const missing = missingByTask(g.missing);
      return {
        unit: g.unit,
        nOverdue: g.overdue.length,
        nMissing: missing.length,
        overdue: g.overdue.slice(0, PER_UNIT).map((t) => ({
          ref: t.ref ?? `#${t.taskId}`,
          excerpt: excerpt(t.text),
          dueVi: formatVi(t.due),
          daysOverdue: t.daysOverdue,
          reminders: remindersLine(t.reminders, formatVi),
          link: link(t.taskId),
        })),
        missing: missing.slice(0, PER_UNIT).map((t) => ({
          ref: t.ref ?? `#${t.taskId}`,
          excerpt: excerpt(t.text),
          periods: t.periods.join(', '),
          dueVi: formatVi(t.due),
          daysOverdue: t.daysOverdue,
          reminders: remindersLine(t.reminders, formatVi),
          link: link(t.taskId),
        })),
        more: g.overdue.length > PER_UNIT || missing.length > PER_UNIT ? `${this.config.publicUrl}/inspection${g.unitId ? `?unit=${g.unitId}` : ''}` : null,
      };
    });
    const totals = unitTotals(groups);
    const nOverdue = totals.reduce((n, u) => n + u.overdue, 0);
    const nMissing = totals.reduce((n, u) => n + u.missingTasks, 0);
    const subject = `[dondoc] ${ubkt.name}: ${nOverdue} nhiệm vụ quá hạn, ${nMissing} nhiệm vụ thiếu báo cáo (tuần ${week.slice(6)}/${y})`;
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
      data: {
        subject,
        unitName: ubkt.name,
        dateVi: formatVi(day),
        units: list,
        totals,
        nOverdue,
        nMissing,
        evidence,
        closedReports,
        pageLink: `${this.config.publicUrl}/inspection`,
      },
      items: groups.flatMap((g) => g.overdue.map((t) => ({ taskId: t.taskId, ref: t.ref, rule: 'overdue', due: t.due, key: `inspection:${t.taskId}` }))),
      attachments: null,
    });
  }

  /**
   * Minh chứng the units attached in the seven days up to `day`, by task: the inspection
   * committee sees what a "done" rests on. Names and sizes only; the files stay behind sign-in.
   */
  private async evidenceOfWeek(committeeId: number, day: LocalDate) {
    const week = await this.weekTo(committeeId, day);
    const rows = (
      await this.db.manager.find(Evidence, { where: { committeeId, uploadedAt: MoreThanOrEqual(week.since) }, order: { taskId: 'ASC', id: 'ASC' } })
    ).filter((e) => week.holds(e.uploadedAt));
    if (rows.length === 0) return [];
    const tasks = new Map(
      (await this.db.manager.find(Task, { where: { committeeId, id: In([...new Set(rows.map((r) => r.taskId))]) }, relations: { leadUnit: true } })).map(
        (t) => [t.id, t],
      ),
    );
    return [...new Set(rows.map((r) => r.taskId))].map((taskId) => {
      const t = tasks.get(taskId);
      return {
        ref: t?.ref ?? `#${taskId}`,
        unit: t?.leadUnit?.name ?? '',
        status: t ? STATUS_LABELS[t.status] : '',
        files: rows.filter((r) => r.taskId === taskId).map((r) => `${r.fileName} (${Math.max(1, Math.round(r.size / 1024))} KB, ${r.uploadedBy})`),
        link: `${this.config.publicUrl}/tasks/${taskId}#evidence`,
      };
    });
  }

  /**
   * The seven local days up to `day`: an instant to bound the scan (eight days back, before any
   * zone's midnight) and the test of an ISO instant by its local day in the committee's zone.
   */
  private async weekTo(committeeId: number, day: LocalDate): Promise<{ since: string; holds: (iso: string) => boolean }> {
    const timeZone = (await this.settings.effective(committeeId)).timeZone;
    const from = addDays(day, -7);
    return {
      since: new Date(Date.parse(`${addDays(day, -8)}T00:00:00Z`)).toISOString(),
      holds: (iso) => {
        const d = localDateIn(new Date(iso), timeZone);
        return d > from && d <= day;
      },
    };
  }

  /** Periods closed in the seven days up to `day`: the inspection committee gets the link to each frozen báo cáo. */
  private async closedOfWeek(committeeId: number, day: LocalDate) {
    const week = await this.weekTo(committeeId, day);
    const rows = await this.db.manager.find(ClosedPeriod, {
      where: { committeeId, status: 'closed', closedAt: MoreThanOrEqual(week.since) },
      order: { id: 'ASC' },
    });
    return rows
      .filter((r) => week.holds(r.closedAt))
      .map((r) => ({
        number: `Số ${r.number}-BC/ĐU`,
        label: periodWindow(r.kind, r.end).label,
        sha256: r.sha256,
        link: `${this.config.publicUrl}/api/compliance/report.html?period=${r.kind}&asOf=${r.end}`,
      }));
  }

  /** The office or the inspection committee, by unit kind; null (and a warning, also on the dashboard) without one or its email. */
  private async unit(committeeId: number, kind: 'office' | 'inspection'): Promise<Unit | null> {
    const u = unitOfKind(await this.db.manager.find(Unit, { where: { committeeId, active: true } }), kind);
    if (!u || u.emails.length === 0) {
      this.log.warn(`no ${kind} unit with an email address: digest not sent`);
      return null;
    }
    return u;
  }

  private async enqueue(msg: Partial<OutboxMessage>): Promise<boolean> {
    const now = this.clock.now().toISOString();
    return this.db.write(async (m) => (await enqueue(m, msg, now)) !== null);
  }
}
