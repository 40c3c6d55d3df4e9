import { Body, Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Db } from '../database/db.service';
import { TargetsService } from '../programs/targets.service';
import { Committee } from '../committees/committee.entity';
import { ClosingService } from './closing.service';
import { ComplianceService, type ComplianceSummary } from './compliance.service';
import { ClosePeriodDto, ComplianceQuery, ReopenPeriodDto, RollupQuery } from './dto/compliance.dto';
import { complianceCsv, complianceXlsx, rollupCsv, rollupXlsx } from './exports';
import { svgToPng, timelinessChart, trendChart } from './charts';
import { complianceReportHtml } from './report';
import { CommitteeSettingsService } from '../committees/committee-settings.service';

@ApiTags('compliance')
@ApiBearerAuth()
@Roles('office', 'inspection', 'province')
@Controller('api/compliance')
export class ComplianceController {
  constructor(
    private readonly settings: CommitteeSettingsService,
    private readonly compliance: ComplianceService,
    private readonly db: Db,
    private readonly targets: TargetsService,
    private readonly closing: ClosingService,
  ) {}

  /** The summary asked for; for a closed period, the figures frozen when it was closed, marked `closed`. */
  private async summary(p: Principal, q: ComplianceQuery): Promise<ComplianceSummary & { closed?: { at: string; by: string; sha256: string } }> {
    const asOf = q.asOf ?? (await this.settings.today(p.committeeId));
    const f = await this.closing.frozen(p.committeeId, q.period ?? 'quarter', asOf, q.program);
    if (f) return { ...f.frozen.summary, closed: { at: f.closed.at, by: f.closed.by, sha256: f.closed.sha256 } };
    return this.compliance.summary(p.committeeId, { asOf, period: q.period, programId: q.program });
  }

  /** Chốt kỳ báo cáo (office): freezes an ended period's summary and overdue list. */
  @Post('close')
  @Roles('office')
  close(@CurrentPrincipal() p: Principal, @Body() dto: ClosePeriodDto) {
    return this.closing.close(p, dto);
  }

  /** Mở lại kỳ đã chốt (office, with a reason; audited). */
  @Post('reopen')
  @Roles('office')
  @HttpCode(200)
  reopen(@CurrentPrincipal() p: Principal, @Body() dto: ReopenPeriodDto) {
    return this.closing.reopen(p, dto);
  }

  /** Tổng hợp kết quả thực hiện, as of a day, for a period (quarter by default). */
  @Get()
  get(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery) {
    return this.summary(p, q);
  }

  /**
   * Tổng hợp các đảng bộ trực thuộc: every committee below the caller's (or, for a province
   * reader, below `?committee=`), the lagging first, with the total.
   */
  @Get('rollup')
  async rollup(@CurrentPrincipal() p: Principal, @Query() q: RollupQuery) {
    return this.compliance.rollup(p.committeeId, { asOf: q.asOf ?? (await this.settings.today(p.committeeId)), period: q.period });
  }

  /** The completion rate of each committee below over the last 6 periods. */
  @Get('rollup/trend')
  async rollupTrend(@CurrentPrincipal() p: Principal, @Query() q: RollupQuery) {
    return this.compliance.rollupTrend(p.committeeId, { asOf: q.asOf ?? (await this.settings.today(p.committeeId)), period: q.period });
  }

  @Get('rollup.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async rollupCsv(@CurrentPrincipal() p: Principal, @Query() q: RollupQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const r = await this.rollup(p, q);
    res.setHeader('Content-Disposition', `attachment; filename="tong-hop-dang-bo-${r.asOf}.csv"`);
    return rollupCsv(r);
  }

  @Get('rollup.xlsx')
  async rollupXlsx(@CurrentPrincipal() p: Principal, @Query() q: RollupQuery, @Res() res: Response): Promise<void> {
    const r = await this.rollup(p, q);
    res
      .set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="tong-hop-dang-bo-${r.asOf}.xlsx"`,
      })
      .send(await rollupXlsx(r));
  }

  /** Bars per committee: done on time, late, in time, overdue… (the lagging first). */
  @Get('rollup/chart.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async rollupChart(@CurrentPrincipal() p: Principal, @Query() q: RollupQuery): Promise<string> {
    const r = await this.rollup(p, q);
    return timelinessChart(
      r.committees.map((c) => ({ unit: c.committee.name, counts: c.totals.counts })),
      `Tiến độ theo đảng bộ — ${r.period.label}`,
    );
  }

  /** The completion rate of the last 6 periods of the kind asked. */
  @Get('trend')
  async trend(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery) {
    return this.compliance.trend(p.committeeId, { asOf: q.asOf ?? (await this.settings.today(p.committeeId)), period: q.period, programId: q.program });
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const s = await this.summary(p, q);
    res.setHeader('Content-Disposition', `attachment; filename="tong-hop-${s.asOf}.csv"`);
    return complianceCsv(s);
  }

  @Get('export.xlsx')
  async xlsx(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery, @Res() res: Response): Promise<void> {
    const s = await this.summary(p, q);
    res
      .set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="tong-hop-${s.asOf}.xlsx"`,
      })
      .send(await complianceXlsx(s, await this.targets.reports(p.committeeId, q.program)));
  }

  /** The printable report (báo cáo), HTML with a print stylesheet. */
  @Get('report.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async report(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery): Promise<string> {
    const s = await this.summary(p, q);
    const committee = await this.db.manager.findOneByOrFail(Committee, { id: p.committeeId });
    // A closed period prints as the official báo cáo issued for it — number, place and date,
    // signer — with everything in it as frozen: figures, trend and targets.
    const frozen = s.closed ? await this.closing.frozen(p.committeeId, s.period.kind, s.asOf) : null;
    const trend = frozen ? frozen.frozen.trend : await this.compliance.trend(p.committeeId, { asOf: s.asOf, period: s.period.kind, programId: q.program });
    const targets = frozen ? frozen.frozen.targets : await this.targets.reports(p.committeeId, q.program);
    return complianceReportHtml(
      s,
      committee.name,
      await this.settings.today(p.committeeId),
      trend,
      targets,
      frozen ? { ...frozen.frozen.heading, ...frozen.closed } : null,
    );
  }

  @Get('chart.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async chartSvg(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery): Promise<string> {
    const s = await this.summary(p, q);
    return timelinessChart(s.units, `Tiến độ theo đơn vị — ${s.period.label}`);
  }

  @Get('trend.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async trendSvg(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery): Promise<string> {
    const points = await this.compliance.trend(p.committeeId, {
      asOf: q.asOf ?? (await this.settings.today(p.committeeId)),
      period: q.period,
      programId: q.program,
    });
    return trendChart(points, 'Tỷ lệ hoàn thành qua các kỳ');
  }

  @Get('chart.png')
  async chartPng(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery, @Res() res: Response): Promise<void> {
    const s = await this.summary(p, q);
    res.set({ 'Content-Type': 'image/png' }).send(await svgToPng(timelinessChart(s.units, `Tiến độ theo đơn vị — ${s.period.label}`)));
  }
}
