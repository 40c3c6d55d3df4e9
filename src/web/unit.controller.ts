import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { validateDto } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { addDays } from '../deadlines/calendar';
import { ProgramsService } from '../programs/programs.service';
import { ReportsService } from '../reminders/reports.service';
import { programRules } from '../reminders/rules';
import { ListTasksQuery } from '../tasks/dto/task.dto';
import { OPEN_STATUSES } from '../tasks/task-status';
import { TaskView, TasksService } from '../tasks/tasks.service';
import { CalendarsService } from '../calendars/calendars.service';
import { submitForm } from './forms';
import { Page } from './page.guard';
import { PageRequest, renderPage } from './views';
import { CommitteeSettingsService } from '../committees/committee-settings.service';

/** "Việc của tôi": a unit's tasks, most urgent first. */
@ApiExcludeController()
@Controller('unit')
export class UnitController {
  constructor(
    private readonly settings: CommitteeSettingsService,
    private readonly tasks: TasksService,
    private readonly reports: ReportsService,
    private readonly programs: ProgramsService,
    private readonly calendars: CalendarsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Page('unit')
  async mine(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const p = req.principal!;
    const today = await this.settings.today(p.committeeId);
    const all = await this.tasks.list(p, await validateDto(ListTasksQuery, { unit: p.unitId, includeCoordinating: true, pageSize: 500 }));
    const led = all.items.filter((t) => t.leadUnit?.id === p.unitId);
    const coordinating = all.items.filter((t) => t.leadUnit?.id !== p.unitId);
    const open = (t: TaskView) => OPEN_STATUSES.includes(t.status);
    // A report is owed for a closed period not yet reported, and for the current one from the
    // day its reminder goes out (the program's reportBeforeDays).
    const programs = new Map((await this.programs.list(p.committeeId)).map((x) => [x.id, x.number]));
    const { defaults, programs: overrides } = this.config.reminders;
    const owed: { task: TaskView; periods: { key: string; due: string; late: boolean }[] }[] = [];
    for (const t of led.filter((x) => open(x) && (x.deadline.kind === 'continuous' || x.deadline.kind === 'recurring'))) {
      const ahead = addDays(today, programRules(defaults, overrides, t.programId, programs.get(t.programId)).reportBeforeDays);
      const periods = (await this.reports.periods(p, t.id)).filter((x) => !x.reported && x.due <= ahead);
      if (periods.length) owed.push({ task: t, periods: periods.map((x) => ({ key: x.key, due: x.due, late: x.due < today })) });
    }
    const owedIds = new Set(owed.map((o) => o.task.id));
    const overdue = led.filter((t) => t.timeliness === 'overdue');
    const dueSoon = led.filter((t) => t.timeliness === 'due_soon');
    const others = led.filter((t) => open(t) && t.timeliness !== 'overdue' && t.timeliness !== 'due_soon' && !owedIds.has(t.id));
    const waiting = led.filter((t) => t.status === 'pending_confirmation');
    const finished = led.filter((t) => t.status === 'done' || t.status === 'suspended' || t.status === 'cancelled');
    const calendarUrl = p.unitId !== null ? await this.calendars.currentUrl(p.committeeId, p.unitId) : null;
    renderPage(req, res, 'unit', 'Việc của tôi', { unitName: p.name, overdue, dueSoon, owed, others, waiting, finished, coordinating, today, calendarUrl });
  }

  /** A new private calendar link (the old one stops working). */
  @Post('calendar')
  @Page('unit')
  async calendar(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await submitForm(
      res,
      this.config,
      () => this.calendars.issue(req.principal!, req.principal!.unitId!),
      {
        redirect: '/unit#calendar',
        flash: 'Đã tạo đường dẫn lịch mới; đường dẫn cũ (nếu có) không dùng được nữa.',
      },
      async () => this.mine(req, res),
    );
  }

  @Post('calendar/revoke')
  @Page('unit')
  async revokeCalendar(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await submitForm(
      res,
      this.config,
      () => this.calendars.revoke(req.principal!, req.principal!.unitId!),
      {
        redirect: '/unit#calendar',
        flash: 'Đã thu hồi đường dẫn lịch.',
      },
      async () => this.mine(req, res),
    );
  }
}
