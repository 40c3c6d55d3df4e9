import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { OutboxSender } from '../mail/outbox-sender.service';
import { ReportDto, RunSweepDto } from './dto/reminders.dto';
import { OverdueService } from '../compliance/overdue.service';
import { ReportsService } from './reports.service';
import { SweepService } from './sweep.service';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('api')
export class RemindersController {
  constructor(
    private readonly sweep: SweepService,
    private readonly sender: OutboxSender,
    private readonly reports: ReportsService,
    private readonly overdue: OverdueService,
  ) {}

  /** Office: run the sweep as of a day (what `npm run remind` does); dryRun only says what it would send. */
  @Post('reminders/run')
  @Roles('office')
  @HttpCode(200)
  async run(@CurrentPrincipal() p: Principal, @Body() dto: RunSweepDto) {
    const result = await this.sweep.runFor(p.committeeId, { date: dto.date, dryRun: dto.dryRun });
    if (!dto.dryRun) await this.sender.processDue();
    return {
      date: result.date,
      messages: result.messages.map(({ unitId: _u, ...m }) => m),
      written: result.written,
      ...(result.skipped ? { skipped: result.skipped } : {}),
    };
  }

  /** Reminders about a task and what became of each email (the inspection committee sees the unit was warned). */
  @Get('tasks/:id/reminders')
  reminders(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.overdue.remindersOf(p.committeeId, id);
  }

  @Get('tasks/:id/reports')
  list(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.reports.list(p, id);
  }

  @Get('tasks/:id/report-periods')
  periods(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.reports.periods(p, id);
  }

  /** Lead unit or office: submit the periodic report of a continuous or recurring task. */
  @Post('tasks/:id/reports')
  submit(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: ReportDto) {
    return this.reports.submit(p, id, dto);
  }
}
