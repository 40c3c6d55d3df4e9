import { Body, Controller, ForbiddenException, Get, HttpException, Inject, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuditEvent } from '../audit/audit-event.entity';
import { ACTION_LABELS } from '../audit/action-labels';
import { ParseId, validateDto } from '../common/validation';
import { OverdueService } from '../compliance/overdue.service';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { ProgramsService } from '../programs/programs.service';
import { ReportDto } from '../reminders/dto/reminders.dto';
import { ReportsService } from '../reminders/reports.service';
import { DoneDto, ListTasksQuery, NoteDto, ProgressDto, ReasonDto, UpdateTaskDto } from '../tasks/dto/task.dto';
import { STATUS_LABELS, TASK_STATUSES, Transition } from '../tasks/task-status';
import { TasksService } from '../tasks/tasks.service';
import { ApproveExtensionDto, RejectExtensionDto, RequestExtensionDto } from '../tasks/dto/extension.dto';
import { ExtensionsService } from '../tasks/extensions.service';
import { EvidenceService } from '../tasks/evidence.service';
import { EvidenceUploadInterceptor } from '../common/upload.interceptor';
import { TIMELINESS, TIMELINESS_LABELS } from '../tasks/timeliness';
import { UnitsService } from '../units/units.service';
import { field, submitForm } from './forms';
import { Page, messageOf } from './page.guard';
import { PageRequest, renderPage } from './views';
import { CommitteeSettingsService } from '../committees/committee-settings.service';

const FIELD_NAMES: Record<string, string> = {
  ref: 'số hiệu',
  text: 'nội dung',
  leadUnitId: 'đơn vị chủ trì',
  coUnitIds: 'đơn vị phối hợp',
  deadlineRaw: 'thời hạn',
  dueDate: 'hạn',
  startDate: 'ngày bắt đầu',
  scheduleKind: 'loại thời hạn',
};

/** Where the task page's forms post, and what each needs. */
type TaskForm = 'progress' | 'done' | 'report' | 'reason' | 'edit' | 'note' | 'extend' | 'decide' | 'evidence';

interface PageState {
  status?: number;
  error?: string;
  form?: TaskForm | Transition;
  values?: Record<string, unknown>;
}

/** The task list (with the API's filters) and the task page with every action its viewer may take. */
@ApiExcludeController()
@Controller('tasks')
export class TaskPagesController {
  constructor(
    private readonly settings: CommitteeSettingsService,
    private readonly tasks: TasksService,
    private readonly programs: ProgramsService,
    private readonly units: UnitsService,
    private readonly reports: ReportsService,
    private readonly overdue: OverdueService,
    private readonly extensions: ExtensionsService,
    private readonly evidence: EvidenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Page('office', 'inspection')
  async list(@Req() req: PageRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const p = req.principal!;
    // An empty form field means "any".
    const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)));
    for (const k of ['dueFrom', 'dueTo']) if (k in given) given[k] = field.date(given[k]);
    let q: ListTasksQuery;
    let error: string | null = null;
    let status = 200;
    try {
      q = await validateDto(ListTasksQuery, given);
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      error = messageOf(e);
      status = e.getStatus();
      q = await validateDto(ListTasksQuery, {});
    }
    const [page, programs, units] = await Promise.all([this.tasks.list(p, q), this.programs.list(p.committeeId), this.units.list(p.committeeId)]);
    const pages = Math.max(1, Math.ceil(page.total / q.pageSize));
    // A common phrase: "more than" the cap; pages go on while they come back full.
    const more = page.totalCapped === true;
    const link = (n: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(given)) if (k !== 'page') for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
      params.set('page', String(n));
      return `/tasks?${params.toString()}`;
    };
    renderPage(
      req,
      res,
      'tasks',
      'Danh sách nhiệm vụ',
      {
        error,
        q,
        items: page.items,
        total: page.total,
        totalLabel: page.total.toLocaleString('vi-VN'),
        more,
        page: q.page,
        pages,
        prev: q.page > 1 ? link(q.page - 1) : null,
        next: (more ? page.items.length === q.pageSize : q.page < pages) ? link(q.page + 1) : null,
        programs,
        units,
        statuses: TASK_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
        timeliness: TIMELINESS.map((s) => ({ value: s, label: TIMELINESS_LABELS[s] })),
      },
      status,
    );
  }

  @Get(':id')
  @Page()
  show(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number): Promise<void> {
    return this.render(req, res, id, {});
  }

  @Post(':id/progress')
  @Page()
  async progress(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'progress', b, 'Đã ghi nhận tiến độ.', async () =>
      this.tasks.transition(req.principal!, id, 'progress', await validateDto(ProgressDto, { note: field.text(b.note)?.trim() })),
    );
  }

  @Post(':id/done')
  @Page()
  async done(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'done', b, 'Đã báo cáo hoàn thành; chờ Văn phòng Đảng ủy xác nhận.', async () =>
      this.tasks.transition(
        req.principal!,
        id,
        'done',
        await validateDto(DoneDto, { completedOn: field.date(b.completedOn), resultNote: field.text(b.resultNote)?.trim() }),
      ),
    );
  }

  @Post(':id/report')
  @Page()
  async report(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'report', b, 'Đã nộp báo cáo định kỳ.', async () => {
      const link = field.text(b.link)?.trim();
      const dto = await validateDto(ReportDto, { period: field.text(b.period) || undefined, text: field.text(b.text), ...(link ? { link } : {}) });
      return this.reports.submit(req.principal!, id, dto);
    });
  }

  @Post(':id/confirm')
  @Page('office')
  async confirm(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'confirm', b, 'Đã xác nhận hoàn thành.', () => this.tasks.transition(req.principal!, id, 'confirm', {}));
  }

  @Post(':id/resume')
  @Page('office')
  async resume(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'resume', b, 'Nhiệm vụ được tiếp tục thực hiện.', () => this.tasks.transition(req.principal!, id, 'resume', {}));
  }

  /** Trả lại, tạm hoãn, hủy: each with a reason. */
  @Post(':id/status')
  @Page('office')
  async reasoned(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    const t = b.transition;
    const done: Record<string, string> = { return: 'Đã trả lại nhiệm vụ cho đơn vị.', suspend: 'Đã tạm hoãn nhiệm vụ.', cancel: 'Đã hủy nhiệm vụ.' };
    if (t !== 'return' && t !== 'suspend' && t !== 'cancel') return this.render(req, res, id, { status: 400, error: 'Thao tác không hợp lệ.' });
    await this.act(req, res, id, t, b, done[t], async () =>
      this.tasks.transition(req.principal!, id, t, await validateDto(ReasonDto, { reason: field.text(b.reason) })),
    );
  }

  @Post(':id/edit')
  @Page('office')
  async edit(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'edit', b, 'Đã lưu thông tin nhiệm vụ.', async () =>
      this.tasks.update(
        req.principal!,
        id,
        await validateDto(UpdateTaskDto, {
          ref: field.text(b.ref) ?? '',
          text: field.text(b.text),
          leadUnitId: field.idOrNull(b.leadUnitId),
          coUnitIds: field.ids(b.coUnitIds),
          deadline: field.text(b.deadline) ?? '',
        }),
      ),
    );
  }

  /** Lead unit or office: đề nghị điều chỉnh thời hạn. */
  @Post(':id/extensions')
  @Page('office', 'unit')
  async extend(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'extend', b, 'Đã gửi đề nghị điều chỉnh thời hạn; chờ Văn phòng Đảng ủy duyệt.', async () =>
      this.extensions.request(
        req.principal!,
        id,
        await validateDto(RequestExtensionDto, { proposedDue: field.date(b.proposedDue), reason: field.text(b.reason)?.trim() }),
      ),
    );
  }

  @Post(':id/extensions/:extensionId/:decision')
  @Page('office')
  async decide(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', ParseId()) id: number,
    @Param('extensionId', ParseId('extensionId')) extensionId: number,
    @Param('decision') decision: string,
    @Body() b: Record<string, unknown>,
  ): Promise<void> {
    if (decision !== 'approve' && decision !== 'reject') return this.render(req, res, id, { status: 400, error: 'Thao tác không hợp lệ.' });
    const note = field.text(b.note)?.trim() || undefined;
    await this.act(req, res, id, 'decide', b, decision === 'approve' ? 'Đã duyệt điều chỉnh thời hạn.' : 'Đã trả lời không duyệt đề nghị.', async () =>
      decision === 'approve'
        ? this.extensions.approve(req.principal!, extensionId, await validateDto(ApproveExtensionDto, { note }))
        : this.extensions.reject(req.principal!, extensionId, await validateDto(RejectExtensionDto, { note })),
    );
  }

  /** Lead unit or office: attach a file of evidence. */
  @Post(':id/evidence')
  @Page('office', 'unit')
  @UseInterceptors(EvidenceUploadInterceptor)
  async evidenceUpload(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', ParseId()) id: number,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    await this.act(req, res, id, 'evidence', {}, 'Đã tải lên minh chứng.', () => this.evidence.upload(req.principal!, id, file));
  }

  @Post(':id/notes')
  @Page('office', 'inspection')
  async note(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await this.act(req, res, id, 'note', b, 'Đã ghi ý kiến.', async () =>
      this.tasks.addNote(req.principal!, id, (await validateDto(NoteDto, { text: field.text(b.text) })).text),
    );
  }

  private async act(
    req: PageRequest,
    res: Response,
    id: number,
    form: PageState['form'],
    values: Record<string, unknown>,
    flash: string,
    action: () => Promise<unknown>,
  ): Promise<void> {
    await this.assertMayOpen(req, id);
    await submitForm(res, this.config, action, { redirect: `/tasks/${id}`, flash }, (status, error) =>
      this.render(req, res, id, { status, error, form, values }),
    );
  }

  /** A unit sees the tasks it leads or coordinates, nothing else. */
  private async assertMayOpen(req: PageRequest, id: number) {
    const p = req.principal!;
    const task = await this.tasks.get(p, id);
    const role = this.tasks.roleIn(p, task);
    if (p.role === 'unit' && role === null)
      throw new ForbiddenException({ statusCode: 403, message: 'Nhiệm vụ này không do đơn vị của bạn chủ trì hoặc phối hợp.' });
    return { task, role };
  }

  private async render(req: PageRequest, res: Response, id: number, state: PageState): Promise<void> {
    const p = req.principal!;
    const { task, role } = await this.assertMayOpen(req, id);
    const periodic = task.deadline.kind === 'continuous' || task.deadline.kind === 'recurring';
    const [program, history, notes, reports, reminders, units, periods, extensions, evidence] = await Promise.all([
      this.programs.get(p.committeeId, task.programId),
      this.tasks.history(p, id),
      this.tasks.notes(p, id),
      this.reports.list(p, id),
      this.overdue.remindersOf(p.committeeId, id),
      p.role === 'office' ? this.units.list(p.committeeId) : Promise.resolve([]),
      periodic ? this.reports.periods(p, id) : Promise.resolve([]),
      this.extensions.forTask(p, id),
      // A coordinating unit sees the task, not its lead unit's evidence.
      p.role === 'office' || p.role === 'inspection' || role === 'lead' ? this.evidence.list(p, id) : Promise.resolve(null),
    ]);
    const allowed = new Set(this.tasks.allowedTransitions(p, task));
    // Period reports go with the work in progress: whoever may report progress may report.
    const mayReport = periodic && allowed.has('progress');
    const open = periods.filter((x) => !x.reported);
    const v = state.values ?? {};
    const today = await this.settings.today(p.committeeId);
    renderPage(
      req,
      res,
      'task',
      task.ref ? `Nhiệm vụ ${task.ref}` : `Nhiệm vụ #${task.id}`,
      {
        task,
        program,
        role,
        error: state.error,
        errorForm: state.form,
        values: v,
        today,
        history: history.map((h) => this.historyItem(h)),
        notes,
        reports,
        reminders,
        units,
        // The edit form shows what the user typed when it comes back with an error.
        edit:
          state.form === 'edit'
            ? {
                ref: v.ref,
                text: v.text,
                leadUnitId: Number(v.leadUnitId) || null,
                coUnitIds: (field.ids(v.coUnitIds) as unknown[]).map(Number),
                deadline: v.deadline,
              }
            : { ref: task.ref, text: task.text, leadUnitId: task.leadUnit?.id ?? null, coUnitIds: task.coUnits.map((u) => u.id), deadline: task.deadline.raw },
        can: {
          progress: allowed.has('progress'),
          done: allowed.has('done'),
          confirm: allowed.has('confirm'),
          return: allowed.has('return'),
          suspend: allowed.has('suspend'),
          cancel: allowed.has('cancel'),
          resume: allowed.has('resume'),
          reasoned: allowed.has('return') || allowed.has('suspend') || allowed.has('cancel'),
          report: mayReport && open.length > 0,
          edit: p.role === 'office',
          note: p.role === 'office' || p.role === 'inspection',
          // Whoever may report progress (the lead unit, the office) may ask for more time.
          extend: allowed.has('progress') && task.deadline.due !== null && !periodic && !extensions.some((e) => e.status === 'pending'),
          decide: p.role === 'office',
        },
        extensions,
        evidence: evidence ?? [],
        showEvidence: evidence !== null,
        evidenceLinks: true,
        evidenceError: state.form === 'evidence' ? state.error : undefined,
        requireEvidence: program.requireEvidence,
        evidenceMaxMb: this.config.evidence.maxFileMb,
        evidenceMaxFiles: this.config.evidence.maxFiles,
        // Uploads carry the CSRF token in the URL: the guard runs before the multipart body is read.
        evidenceAction:
          (allowed.has('progress') || allowed.has('done') || (task.status === 'pending_confirmation' && (p.role === 'office' || role === 'lead'))) &&
          p.role !== 'inspection'
            ? `/tasks/${id}/evidence?_csrf=${encodeURIComponent(req.csrf ?? '')}`
            : null,
        periods: open.map((x) => ({ ...x, selected: v.period ? v.period === x.key : x === (open.find((o) => o.due < today) ?? open[open.length - 1]) })),
        reportedPeriods: periods.filter((x) => x.reported).length,
        back: p.role === 'unit' ? '/unit' : p.role === 'inspection' ? '/inspection' : '/tasks',
      },
      state.status ?? 200,
    );
  }

  private historyItem(h: AuditEvent) {
    const after = (h.after ?? {}) as Record<string, unknown>;
    const changed =
      h.action === 'update'
        ? Object.keys(after)
            .map((k) => FIELD_NAMES[k] ?? k)
            .filter((x, i, a) => a.indexOf(x) === i)
        : [];
    const status = typeof after.status === 'string' ? STATUS_LABELS[after.status as keyof typeof STATUS_LABELS] : null;
    return {
      at: h.at,
      who: h.actorName,
      action: ACTION_LABELS[h.action] ?? h.action,
      status,
      changed: changed.join(', '),
      note: h.note,
      due: typeof after.dueDate === 'string' ? after.dueDate : null,
    };
  }
}
