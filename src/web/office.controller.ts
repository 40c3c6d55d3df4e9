import { Body, Controller, Get, HttpException, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { diffDays } from '../deadlines/calendar';
import { validateDto } from '../common/validation';
import { ComplianceService } from '../compliance/compliance.service';
import { ClosePeriodDto, ComplianceQuery } from '../compliance/dto/compliance.dto';
import { OutboxService } from '../mail/outbox.service';
import { ListTasksQuery } from '../tasks/dto/task.dto';
import { TasksService } from '../tasks/tasks.service';
import { unitOfKind } from '../units/unit-match';
import { UnitsService } from '../units/units.service';
import { Page, messageOf, setFlash } from './page.guard';
import { field } from './forms';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { ClosingService } from '../compliance/closing.service';
import { PageRequest, renderPage } from './views';
import { ExtensionsService } from '../tasks/extensions.service';
import { AlertsService } from '../reminders/alerts.service';
import { CommitteeSettingsService } from '../committees/committee-settings.service';

export const PERIOD_CHOICES = [
  { value: 'month', label: 'Tháng' },
  { value: 'quarter', label: 'Quý' },
  { value: 'half', label: '6 tháng' },
  { value: 'nine_months', label: '9 tháng' },
  { value: 'year', label: 'Năm' },
];

/** Văn phòng's dashboard: compliance per unit, what is overdue, what still needs a deadline, mail that failed. */
@ApiExcludeController()
@Controller('office')
export class OfficeController {
  constructor(
    private readonly settings: CommitteeSettingsService,
    private readonly compliance: ComplianceService,
    private readonly tasks: TasksService,
    private readonly outbox: OutboxService,
    private readonly units: UnitsService,
    private readonly extensions: ExtensionsService,
    private readonly alerts: AlertsService,
    private readonly closing: ClosingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Chốt kỳ báo cáo from the dashboard: the period containing the day given, once it has ended. */
  @Post('close')
  @Page('office')
  async close(@Req() req: PageRequest, @Res() res: Response, @Body() b: Record<string, unknown>): Promise<void> {
    try {
      const dto = await validateDto(ClosePeriodDto, {
        period: field.text(b.period),
        asOf: field.date(b.asOf),
        ...(field.text(b.signerName)?.trim() ? { signerName: field.text(b.signerName)!.trim() } : {}),
      });
      const r = await this.closing.close(req.principal!, dto);
      setFlash(res, this.config, { kind: 'ok', text: `Đã chốt kỳ ${r.start} – ${r.end}: báo cáo ${r.number}, SHA-256 ${r.sha256.slice(0, 16)}…` });
      res.redirect(303, `/office?period=${dto.period}#close`);
    } catch (e) {
      if (!(e instanceof HttpException) || e.getStatus() >= 500) throw e;
      setFlash(res, this.config, { kind: 'error', text: `Chưa chốt được: ${messageOf(e)}` });
      res.redirect(303, '/office#close');
    }
  }

  @Get()
  @Page('office')
  async dashboard(@Req() req: PageRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const p = req.principal!;
    const today = await this.settings.today(p.committeeId);
    const q = await validateDto(ComplianceQuery, { period: typeof raw.period === 'string' && raw.period ? raw.period : 'quarter' });
    const [summary, needs, failed, stats, units, waiting, extensions, alerts] = await Promise.all([
      this.compliance.summary(p.committeeId, { asOf: today, period: q.period }),
      this.tasks.list(p, await validateDto(ListTasksQuery, { needsDeadline: true, pageSize: 10 })),
      this.outbox.undelivered(p.committeeId, 20),
      this.outbox.stats(p.committeeId),
      this.units.list(p.committeeId),
      // The office's daily work: confirm or return what units reported done, oldest first.
      this.tasks.list(p, await validateDto(ListTasksQuery, { status: 'pending_confirmation', sort: 'oldest_change', pageSize: 20 })),
      this.extensions.pending(p.committeeId),
      this.alerts.forDashboard(p),
    ]);
    // Who receives the summaries and digests is found by unit kind: say so when nobody does.
    const warnings: string[] = [];
    const office = unitOfKind(units, 'office');
    const inspection = unitOfKind(units, 'inspection');
    if (!office) warnings.push('Chưa có đơn vị nào thuộc loại "Văn phòng" (kind: office): báo cáo tổng hợp hằng tháng và thư chuyển nhắc không gửi được.');
    else if (!office.emails.length) warnings.push(`${office.name} chưa có địa chỉ email: báo cáo tổng hợp hằng tháng và thư chuyển nhắc không gửi được.`);
    if (!inspection) warnings.push('Chưa có đơn vị nào thuộc loại "Ủy ban Kiểm tra" (kind: inspection): bản tổng hợp quá hạn hằng tuần không gửi được.');
    else if (!inspection.emails.length) warnings.push(`${inspection.name} chưa có địa chỉ email: bản tổng hợp quá hạn hằng tuần không gửi được.`);
    // The summary already holds each unit's oldest overdue tasks (an index scan, not a list of
    // every overdue task): enough for a dashboard, with the full list one click away.
    const overdue = summary.units
      .flatMap((u) => u.oldestOverdue.map((t) => ({ ...t, unit: u.unit })))
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.taskId - b.taskId);
    const missing = summary.totals.reports.missing;
    renderPage(req, res, 'office', 'Tổng quan', {
      summary,
      period: q.period,
      periods: PERIOD_CHOICES,
      chartQuery: `period=${q.period}&asOf=${today}`,
      extensions,
      alerts,
      overdue: overdue.slice(0, 30),
      overdueTotal: summary.totals.counts.overdue,
      missing,
      needs: needs.items,
      needsTotal: needs.total,
      failed,
      failedTotal: (stats.byStatus.failed ?? 0) + (stats.byStatus.held ?? 0),
      heldTotal: stats.byStatus.held ?? 0,
      warnings,
      waiting: waiting.items.map((t) => ({ ...t, waitingDays: t.completedOn ? Math.max(0, diffDays(t.completedOn, today)) : null })),
      waitingTotal: waiting.total,
      pendingMail: (stats.byStatus.pending ?? 0) + (stats.byStatus.sending ?? 0),
    });
  }
}
