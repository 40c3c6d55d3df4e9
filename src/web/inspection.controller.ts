import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../common/clock';
import { OverdueService } from '../compliance/overdue.service';
import { Page } from './page.guard';
import { PERIOD_CHOICES } from './office.controller';
import { PageRequest, renderPage } from './views';

/** Rows shown per unit and list before "xem tất cả" (a ward has far fewer; a stress set has thousands). */
const PER_UNIT = 50;

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
  async view(@Req() req: PageRequest, @Res() res: Response, @Query('unit') unitParam?: string): Promise<void> {
    const p = req.principal!;
    const today = this.clock.today();
    const unitId = unitParam && /^\d+$/.test(unitParam) ? Number(unitParam) : undefined;
    const groups = await this.overdue.collect(p.committeeId, today, unitId !== undefined ? { unitId } : {});
    const cap = unitId !== undefined ? Infinity : PER_UNIT;
    renderPage(req, res, 'inspection', 'Nhiệm vụ quá hạn, báo cáo còn thiếu', {
      groups: groups.map((g) => ({
        ...g,
        nOverdue: g.overdue.length,
        nMissing: g.missing.length,
        overdue: g.overdue.slice(0, cap),
        missing: g.missing.slice(0, cap),
        more: g.overdue.length > cap || g.missing.length > cap,
      })),
      oneUnit: unitId !== undefined,
      today,
      nOverdue: groups.reduce((n, g) => n + g.overdue.length, 0),
      nMissing: groups.reduce((n, g) => n + g.missing.length, 0),
      periods: PERIOD_CHOICES,
    });
  }
}
