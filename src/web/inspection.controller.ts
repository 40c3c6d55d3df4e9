import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../common/clock';
import { missingByTask, remindersLine, unitTotals } from '../compliance/follow-up';
import { OverdueService } from '../compliance/overdue.service';
import { formatVi } from '../deadlines/calendar';
import { Page } from './page.guard';
import { PERIOD_CHOICES } from './office.controller';
import { PageRequest, renderPage } from './views';

/** Rows shown per unit and list before "xem tất cả": the page stays readable at a real ward's size. */
const PER_UNIT = 10;

/** Ủy ban Kiểm tra: every overdue task and missing report across units, with the reminders each unit got. */
@ApiExcludeController()
@Controller('inspection')
export class InspectionController {
  constructor(
    private readonly overdue: OverdueService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Page('inspection', 'office', 'province')
  async view(@Req() req: PageRequest, @Res() res: Response, @Query('unit') unitParam?: string): Promise<void> {
    const p = req.principal!;
    const today = this.clock.today();
    const unitId = unitParam && /^\d+$/.test(unitParam) ? Number(unitParam) : undefined;
    const groups = await this.overdue.collect(p.committeeId, today, unitId !== undefined ? { unitId } : {});
    const cap = unitId !== undefined ? Infinity : PER_UNIT;
    const day = (d: string) => formatVi(d);
    renderPage(req, res, 'inspection', 'Nhiệm vụ quá hạn, báo cáo còn thiếu', {
      totals: unitTotals(groups),
      groups: groups.map((g) => {
        const missing = missingByTask(g.missing);
        return {
          unitId: g.unitId,
          unit: g.unit,
          nOverdue: g.overdue.length,
          nMissingTasks: missing.length,
          nMissing: g.missing.length,
          overdue: g.overdue.slice(0, cap).map((o) => ({ ...o, remindersLine: remindersLine(o.reminders, day) })),
          missing: missing.slice(0, cap).map((m) => ({ ...m, periodsLine: m.periods.join(', '), remindersLine: remindersLine(m.reminders, day) })),
          more: g.overdue.length > cap || missing.length > cap,
        };
      }),
      oneUnit: unitId !== undefined,
      today,
      nOverdue: groups.reduce((n, g) => n + g.overdue.length, 0),
      nMissing: groups.reduce((n, g) => n + g.missing.length, 0),
      nMissingTasks: groups.reduce((n, g) => n + new Set(g.missing.map((m) => m.taskId)).size, 0),
      periods: PERIOD_CHOICES,
    });
  }
}
