import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ComplianceService } from '../compliance/compliance.service';
import { SUMMARY_PERIODS, SummaryPeriod } from '../compliance/periods';
import { formatVi } from '../deadlines/calendar';
import { PERIOD_CHOICES } from './office.controller';
import { Page } from './page.guard';
import { PageRequest, renderPage } from './views';
import { CommitteeSettingsService } from '../committees/committee-settings.service';

/**
 * Văn phòng / Ủy ban Kiểm tra Tỉnh ủy: every committee below, the lagging first, with a bar
 * per committee and a way into each one's summary and overdue list (read-only).
 */
@ApiExcludeController()
@Controller('province')
export class ProvinceController {
  constructor(
    private readonly settings: CommitteeSettingsService,
    private readonly compliance: ComplianceService,
  ) {}

  @Get()
  @Page('province', 'office', 'inspection')
  async view(@Req() req: PageRequest, @Res() res: Response, @Query('period') periodParam?: string): Promise<void> {
    const p = req.principal!;
    const period: SummaryPeriod = (SUMMARY_PERIODS as readonly string[]).includes(periodParam ?? '') ? (periodParam as SummaryPeriod) : 'quarter';
    const r = await this.compliance.rollup(p.committeeId, { asOf: await this.settings.today(p.committeeId), period });
    const drill = p.role === 'province';
    renderPage(req, res, 'province', `Các đảng bộ trực thuộc ${r.committee.name}`, {
      rollup: r,
      rows: r.committees.map((c) => ({
        ...c,
        oldest: c.oldestOverdue.map((o) => ({ ...o, dueVi: formatVi(o.due) })),
        reportLink: drill ? `/api/compliance/report.html?committee=${c.committee.id}&period=${period}` : null,
        overdueLink: drill ? `/inspection?committee=${c.committee.id}` : null,
      })),
      period,
      periods: PERIOD_CHOICES.map((x) => ({ ...x, selected: x.value === period })),
      startVi: formatVi(r.period.start),
      endVi: formatVi(r.period.end),
    });
  }
}
