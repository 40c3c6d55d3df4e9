import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseId, validateDto } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { ProgramEventDto } from '../programs/dto/program.dto';
import { PROGRAM_KINDS } from '../programs/program.entity';
import { ProgramsService } from '../programs/programs.service';
import { ListTasksQuery } from '../tasks/dto/task.dto';
import { TasksService } from '../tasks/tasks.service';
import { field, submitForm } from './forms';
import { Page } from './page.guard';
import { PageRequest, renderPage } from './views';

export const PROGRAM_KIND_LABELS: Record<(typeof PROGRAM_KINDS)[number], string> = {
  chuong_trinh_hanh_dong: 'Chương trình hành động',
  ke_hoach: 'Kế hoạch',
  nghi_quyet: 'Nghị quyết',
  ket_luan: 'Kết luận',
  other: 'Văn bản khác',
};

/** Programs (văn bản) and their events: setting the Đại hội date recomputes relative deadlines. */
@ApiExcludeController()
@Controller('programs')
export class ProgramPagesController {
  constructor(
    private readonly programs: ProgramsService,
    private readonly tasks: TasksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Page('office', 'inspection')
  async list(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const p = req.principal!;
    const [programs, counts] = await Promise.all([this.programs.list(p.committeeId), this.tasks.countsByProgram(p)]);
    renderPage(req, res, 'programs', 'Văn bản', {
      programs: programs.map((x) => ({ ...x, kindLabel: PROGRAM_KIND_LABELS[x.kind], counts: counts.get(x.id) ?? { total: 0, done: 0, overdue: 0 } })),
    });
  }

  @Get(':id')
  @Page('office', 'inspection')
  show(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number): Promise<void> {
    return this.render(req, res, id);
  }

  @Post(':id/events')
  @Page('office')
  async setEvent(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () =>
        this.programs.setEvent(req.principal!, id, await validateDto(ProgramEventDto, { name: field.text(b.name), date: field.date(b.date) || null })),
      { redirect: `/programs/${id}#events`, flash: (r) => `Đã lưu ngày sự kiện; ${(r as { recomputed: number }).recomputed} nhiệm vụ được tính lại thời hạn.` },
      (status, error) => this.render(req, res, id, status, error, b),
    );
  }

  private async render(req: PageRequest, res: Response, id: number, status = 200, error?: string, values: Record<string, unknown> = {}): Promise<void> {
    const p = req.principal!;
    const program = await this.programs.get(p.committeeId, id);
    const all = await this.tasks.list(p, await validateDto(ListTasksQuery, { program: id, pageSize: 500 }));
    const relative = all.items.filter((t) => t.deadline.kind === 'relative' || t.deadline.event !== null);
    renderPage(
      req,
      res,
      'program',
      program.number ? `${PROGRAM_KIND_LABELS[program.kind]} ${program.number}` : program.title,
      {
        program: { ...program, kindLabel: PROGRAM_KIND_LABELS[program.kind] },
        events: [...program.events].sort((a, b) => a.id - b.id),
        relative,
        total: all.total,
        error,
        values,
        canEdit: p.role === 'office',
      },
      status,
    );
  }
}
