import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../common/clock';
import { OverdueService } from '../compliance/overdue.service';
import { Page } from './page.guard';
import { PERIOD_CHOICES } from './office.controller';
import { PageRequest, renderPage } from './views';

/** Ủy ban Kiểm tra: every overdue task and missing report across units, with the reminders each unit got. */
@ApiExcludeController()
@Controller('inspection')
export class InspectionController {
  constructor(
    private readonly overdue: OverdueService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Page('inspection', 'office')
  async view(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const p = req.principal!;
    const today = this.clock.today();
    const groups = await this.overdue.collect(p.committeeId, today);
    renderPage(req, res, 'inspection', 'Nhiệm vụ quá hạn, báo cáo còn thiếu', {
      groups,
      today,
      nOverdue: groups.reduce((n, g) => n + g.overdue.length, 0),
      nMissing: groups.reduce((n, g) => n + g.missing.length, 0),
      periods: PERIOD_CHOICES,
    });
  }
}
