import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Db } from '../database/db.service';
import { ParseId } from '../common/validation';
import { OutboxSender } from '../mail/outbox-sender.service';
import { ReportDto, RunSweepDto } from './dto/reminders.dto';
import { In } from 'typeorm';
import { OutboxMessage } from '../mail/outbox.entity';
import { ReminderLog } from './reminder-log.entity';
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
    private readonly db: Db,
  ) {}

  /** Office: run the sweep as of a day (what `npm run remind` does); dryRun only says what it would send. */
  @Post('reminders/run')
  @Roles('office')
  @HttpCode(200)
  async run(@CurrentPrincipal() p: Principal, @Body() dto: RunSweepDto) {
    const result = await this.sweep.runFor(p.committeeId, { date: dto.date, dryRun: dto.dryRun });
    if (!dto.dryRun) await this.sender.processDue();
    return { date: result.date, messages: result.messages.map(({ unitId: _u, ...m }) => m), written: result.written };
  }

  /** Reminders about a task and what became of each email (the inspection committee sees the unit was warned). */
  @Get('tasks/:id/reminders')
  async reminders(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    const logs = await this.db.manager.find(ReminderLog, { where: { committeeId: p.committeeId, taskId: id }, order: { day: 'ASC' } });
    const mails = new Map((await this.db.manager.find(OutboxMessage, { where: { id: In([...new Set(logs.map((l) => l.outboxId))]) } })).map((o) => [o.id, o]));
    return logs.map((l) => {
      const o = mails.get(l.outboxId);
      return { day: l.day, rule: l.rule, due: l.due, unitId: l.unitId, outboxId: l.outboxId, to: o?.to ?? [], status: o?.status ?? null, sentAt: o?.sentAt ?? null };
    });
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
