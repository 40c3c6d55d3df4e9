import { Body, Controller, Get, HttpException, Inject, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { validateDto } from '../common/validation';
import { ReportDto } from '../reminders/dto/reminders.dto';
import { ReportsService } from '../reminders/reports.service';
import { DoneDto, ProgressDto } from '../tasks/dto/task.dto';
import { TaskView, TasksService } from '../tasks/tasks.service';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { EvidenceUploadInterceptor } from '../common/upload.interceptor';
import { EvidenceService } from '../tasks/evidence.service';
import { field } from './forms';
import { OpenPage, messageOf } from './page.guard';
import { PageRequest, renderPage } from './views';
import { CommitteeSettingsService } from '../committees/committee-settings.service';

type LinkPrincipal = Principal & { taskVersion?: number };

/** Signed-link pages must not leak their token to other sites through the Referer header. */
const NO_REFERRER = { 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' };

/**
 * The landing page of the signed links in reminder emails: the unit reports on its task
 * without a password. A GET only shows the form (mail security scanners open every link);
 * the change is a POST, CSRF-checked like every form. The token is bound to one unit and task
 * at one version, and expires.
 */
@ApiExcludeController()
@Controller('r')
export class LinkController {
  constructor(
    private readonly settings: CommitteeSettingsService,
    private readonly auth: AuthService,
    private readonly tasks: TasksService,
    private readonly reports: ReportsService,
    private readonly evidence: EvidenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The unit attaches evidence through its link (before reporting done: the report ends the link). */
  @Post(':token/evidence')
  @OpenPage()
  @UseInterceptors(EvidenceUploadInterceptor)
  async upload(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('token') token: string,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    const ctx = await this.context(token);
    if ('error' in ctx) return this.page(req, res, ctx.status, 'Liên kết không dùng được', { message: ctx.error });
    try {
      await this.evidence.upload(ctx.p, ctx.task.id, file);
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() < 500) return this.form(req, res, e.getStatus(), token, ctx.p, ctx.task, { evidenceError: messageOf(e) });
      throw e;
    }
    await this.form(req, res, 200, token, ctx.p, ctx.task, { ok: 'Đã tải lên minh chứng.' });
  }

  @Get(':token')
  @OpenPage()
  async show(@Req() req: PageRequest, @Res() res: Response, @Param('token') token: string, @Query('period') period: string | undefined): Promise<void> {
    const ctx = await this.context(token);
    if ('error' in ctx) return this.page(req, res, ctx.status, 'Liên kết không dùng được', { message: ctx.error });
    await this.form(req, res, 200, token, ctx.p, ctx.task, { period });
  }

  @Post(':token')
  @OpenPage()
  async act(@Req() req: PageRequest, @Res() res: Response, @Param('token') token: string, @Body() body: Record<string, unknown>): Promise<void> {
    const ctx = await this.context(token);
    if ('error' in ctx) return this.page(req, res, ctx.status, 'Liên kết không dùng được', { message: ctx.error });
    const { p, task } = ctx;
    try {
      if (body.action === 'progress') {
        await this.tasks.transition(p, task.id, 'progress', await validateDto(ProgressDto, { note: field.text(body.note)?.trim() }));
      } else if (body.action === 'done') {
        await this.tasks.transition(
          p,
          task.id,
          'done',
          await validateDto(DoneDto, { completedOn: field.date(body.completedOn), resultNote: field.text(body.resultNote)?.trim() }),
        );
      } else if (body.action === 'report') {
        const link = field.text(body.link)?.trim();
        await this.reports.submit(
          p,
          task.id,
          await validateDto(ReportDto, { period: field.text(body.period) || undefined, text: field.text(body.text), ...(link ? { link } : {}) }),
        );
      } else {
        return this.form(req, res, 400, token, p, task, { error: 'Thao tác không hợp lệ.' });
      }
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() < 500)
        return this.form(req, res, e.getStatus(), token, p, task, { error: messageOf(e), values: body, period: field.text(body.period) });
      throw e;
    }
    const updated = await this.tasks.get(p, task.id);
    this.page(req, res, 200, 'Đã ghi nhận', { ok: 'Cảm ơn đơn vị. Văn phòng Đảng ủy đã nhận được thông tin.', task: updated, unitName: p.name });
  }

  private async context(token: string): Promise<{ p: LinkPrincipal; task: TaskView } | { error: string; status: number }> {
    const p = (await this.auth.authenticate(token)) as LinkPrincipal | null;
    if (!p || p.via !== 'link' || p.taskId === undefined)
      return { error: 'Liên kết đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập dondoc hoặc liên hệ Văn phòng Đảng ủy.', status: 410 };
    const task = await this.tasks.get(p, p.taskId).catch(() => null);
    if (!task) return { error: 'Không tìm thấy nhiệm vụ.', status: 404 };
    if (p.taskVersion !== undefined && p.taskVersion !== task.version) {
      return {
        error:
          'Nhiệm vụ đã được cập nhật sau khi thư nhắc được gửi, nên liên kết này không còn hiệu lực. Vui lòng đăng nhập dondoc để xem tình trạng mới nhất.',
        status: 410,
      };
    }
    return { p, task };
  }

  private async form(
    req: PageRequest,
    res: Response,
    status: number,
    token: string,
    p: LinkPrincipal,
    task: TaskView,
    opts: { period?: string; error?: string; values?: Record<string, unknown>; evidenceError?: string; ok?: string },
  ): Promise<void> {
    const allowed = new Set(this.tasks.allowedTransitions(p, task));
    const periodic = task.deadline.kind === 'continuous' || task.deadline.kind === 'recurring';
    const periods = periodic && allowed.has('progress') ? (await this.reports.periods(p, task.id)).filter((x) => !x.reported) : [];
    const selected = opts.period && periods.some((x) => x.key === opts.period) ? opts.period : periods[0]?.key;
    this.page(req, res, status, 'Báo cáo thực hiện nhiệm vụ', {
      error: opts.error,
      values: opts.values ?? {},
      task,
      unitName: p.name,
      can: { done: allowed.has('done'), progress: allowed.has('progress'), report: periods.length > 0 },
      periods: periods.map((x) => ({ ...x, selected: x.key === selected })),
      action: `/r/${token}`,
      ok: opts.ok,
      evidence: await this.evidence.list(p, task.id),
      evidenceError: opts.evidenceError,
      evidenceMaxMb: this.config.evidence.maxFileMb,
      evidenceMaxFiles: this.config.evidence.maxFiles,
      evidenceAction: allowed.has('done') || allowed.has('progress') ? `/r/${token}/evidence?_csrf=${encodeURIComponent(req.csrf ?? '')}` : null,
      today: await this.settings.today(p.committeeId),
    });
  }

  private page(req: PageRequest, res: Response, status: number, title: string, data: object): void {
    renderPage(req, res, 'link', title, data, status, NO_REFERRER);
  }
}
