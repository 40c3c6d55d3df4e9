import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseId, validateDto } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { ProgramEventDto, UpdateProgramDto } from '../programs/dto/program.dto';
import { PROGRAM_KINDS } from '../programs/program.entity';
import { ProgramsService } from '../programs/programs.service';
import { ListTasksQuery } from '../tasks/dto/task.dto';
import { TasksService } from '../tasks/tasks.service';
import { AssignTargetDto, TargetResultDto } from '../programs/dto/target.dto';
import { TargetsService } from '../programs/targets.service';
import { vietnameseNumber } from '../targets/indicators';
import { targetRows, targetsChart } from '../targets/table';
import { UnitsService } from '../units/units.service';
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
    private readonly targetsService: TargetsService,
    private readonly units: UnitsService,
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

  /** "Bắt buộc minh chứng": units report a task of this program done only with a file attached. */
  @Post(':id/evidence-rule')
  @Page('office')
  async evidenceRule(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    const requireEvidence = b.requireEvidence === 'true';
    await submitForm(
      res,
      this.config,
      async () => this.programs.update(req.principal!, id, await validateDto(UpdateProgramDto, { requireEvidence })),
      {
        redirect: `/programs/${id}`,
        flash: requireEvidence ? 'Văn bản này bắt buộc minh chứng khi báo cáo hoàn thành.' : 'Đã bỏ yêu cầu bắt buộc minh chứng.',
      },
      (status, error) => this.render(req, res, id, status, error),
    );
  }

  /** The program's chỉ tiêu: goals, yearly values and status, a chart; forms to record and assign. */
  @Get(':id/targets')
  @Page('office', 'inspection', 'unit')
  targets(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number): Promise<void> {
    return this.renderTargets(req, res, id);
  }

  @Post(':id/targets/:targetId/results')
  @Page('office', 'unit')
  async recordResult(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', ParseId()) id: number,
    @Param('targetId', ParseId('targetId')) targetId: number,
    @Body() b: Record<string, unknown>,
  ): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () =>
        this.targetsService.record(
          req.principal!,
          targetId,
          await validateDto(TargetResultDto, {
            year: field.idOrNull(b.year) ?? undefined,
            indicator: field.idOrNull(b.indicator) ?? undefined,
            value: formValue(b.value),
            note: field.text(b.note) || undefined,
          }),
        ),
      { redirect: `/programs/${id}/targets`, flash: 'Đã lưu kết quả chỉ tiêu.' },
      (status, error) => this.renderTargets(req, res, id, status, error, targetId),
    );
  }

  @Post(':id/targets/:targetId/unit')
  @Page('office')
  async assignTarget(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', ParseId()) id: number,
    @Param('targetId', ParseId('targetId')) targetId: number,
    @Body() b: Record<string, unknown>,
  ): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () => this.targetsService.assign(req.principal!, targetId, await validateDto(AssignTargetDto, { unitId: field.idOrNull(b.unitId) })),
      { redirect: `/programs/${id}/targets`, flash: 'Đã giao đơn vị chủ trì chỉ tiêu.' },
      (status, error) => this.renderTargets(req, res, id, status, error),
    );
  }

  private async renderTargets(req: PageRequest, res: Response, id: number, status = 200, error?: string, openTarget?: number): Promise<void> {
    const p = req.principal!;
    const [report, units] = await Promise.all([this.targetsService.report(p.committeeId, id), this.units.list(p.committeeId)]);
    const names = new Map(units.map((u) => [u.id, u.name]));
    const { years, rows } = targetRows(report.targets, report.term, report.year);
    const byId = new Map(report.targets.map((t) => [t.id, t]));
    renderPage(
      req,
      res,
      'targets',
      `Chỉ tiêu — ${report.program.number ?? report.program.title}`,
      {
        program: report.program,
        term: report.term,
        year: report.year,
        years,
        colspan: years.length + 4,
        rows: rows.map((r) => {
          const unitId = byId.get(r.targetId)!.unitId;
          return {
            ...r,
            unitName: unitId !== null ? names.get(unitId) : null,
            canRecord: r.kind !== 'unknown' && years.length > 0 && (p.role === 'office' || (p.role === 'unit' && unitId !== null && unitId === p.unitId)),
            open: r.targetId === openTarget,
          };
        }),
        targets: report.targets.map((t) => ({ id: t.id, ref: t.ref ?? `#${t.id}`, unitId: t.unitId })),
        units: units.filter((u) => u.active),
        chart: targetsChart(rows, 'Mức đạt so với mục tiêu (giá trị năm gần nhất; chỉ tiêu cả nhiệm kỳ: tổng đến nay)'),
        canAssign: p.role === 'office',
        canExport: p.role === 'office' || p.role === 'inspection',
        error,
      },
      status,
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

/**
 * A value typed in the form: "92,5", "1.200" (the Vietnamese way) become numbers; "đạt" / "không
 * đạt" stay words for a qualitative indicator; anything else goes on as typed, for the
 * service to refuse by name.
 */
function formValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim().replace(/\s*%$/, '');
  if (/^\d+(?:[.,]\d+)*$/.test(s)) {
    const n = vietnameseNumber(s);
    if (n.value !== null) return n.value;
  }
  return v.trim();
}
