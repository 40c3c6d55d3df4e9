import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { formatVi, isLocalDate } from '../deadlines/calendar';
import { render } from '../mail/templates';
import { ReportsService } from '../reminders/reports.service';
import { TaskView, TasksService } from '../tasks/tasks.service';

type LinkPrincipal = Principal & { taskVersion?: number };

/**
 * The landing page of the signed links in reminder emails. A GET only shows the form (mail
 * security scanners open every link); the change is a POST. The token is bound to one unit
 * and task at one version, expires, and is kept out of Referer headers.
 */
@ApiExcludeController()
@Public()
@Controller('r')
export class LinkController {
  constructor(
    private readonly auth: AuthService,
    private readonly tasks: TasksService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Query('period') period: string | undefined, @Res() res: Response): Promise<void> {
    const ctx = await this.context(token);
    if ('error' in ctx) return this.page(res, ctx.status, { title: 'Liên kết không dùng được', message: ctx.error, messageClass: 'error' });
    await this.form(res, 200, token, ctx.p, ctx.task, period);
  }

  @Post(':token')
  async act(@Param('token') token: string, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    const ctx = await this.context(token);
    if ('error' in ctx) return this.page(res, ctx.status, { title: 'Liên kết không dùng được', message: ctx.error, messageClass: 'error' });
    const { p, task } = ctx;
    try {
      const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
      if (body.action === 'progress') {
        if (!text(body.note)) throw new Error('Cần ghi nội dung tiến độ');
        await this.tasks.transition(p, task.id, 'progress', { note: text(body.note).slice(0, 10000) });
      } else if (body.action === 'done') {
        if (!isLocalDate(body.completedOn)) throw new Error('Ngày hoàn thành không hợp lệ');
        if (text(body.resultNote).length < 3) throw new Error('Cần ghi kết quả thực hiện');
        await this.tasks.transition(p, task.id, 'done', { completedOn: body.completedOn, resultNote: text(body.resultNote).slice(0, 10000) });
      } else if (body.action === 'report') {
        if (text(body.text).length < 3) throw new Error('Cần ghi nội dung báo cáo');
        const link = text(body.link);
        if (link && !/^https?:\/\/\S+$/.test(link)) throw new Error('Đường dẫn tài liệu phải bắt đầu bằng http:// hoặc https://');
        await this.reports.submit(p, task.id, { period: text(body.period) || undefined, text: text(body.text).slice(0, 10000), link: link || undefined });
      } else throw new Error('Thao tác không hợp lệ');
    } catch (e) {
      const err = e as { getResponse?: () => { message?: string }; message?: string; getStatus?: () => number };
      const status = err.getStatus?.() ?? 400;
      return this.form(res, status >= 500 ? 400 : status, token, p, task, body.period, err.getResponse?.().message ?? err.message ?? 'Không ghi nhận được');
    }
    const updated = await this.tasks.get(p, task.id);
    return this.page(res, 200, { title: 'Đã ghi nhận', message: 'Cảm ơn đơn vị. Văn phòng Đảng ủy đã nhận được thông tin.', messageClass: 'ok', task: this.taskView(updated), unitName: p.name });
  }

  private async context(token: string): Promise<{ p: LinkPrincipal; task: TaskView } | { error: string; status: number }> {
    const p = (await this.auth.authenticate(token)) as LinkPrincipal | null;
    if (!p || p.via !== 'link' || p.taskId === undefined) return { error: 'Liên kết đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập dondoc hoặc liên hệ Văn phòng Đảng ủy.', status: 410 };
    const task = await this.tasks.get(p, p.taskId).catch(() => null);
    if (!task) return { error: 'Không tìm thấy nhiệm vụ.', status: 404 };
    if (p.taskVersion !== undefined && p.taskVersion !== task.version) {
      return { error: 'Nhiệm vụ đã được cập nhật sau khi thư nhắc được gửi, nên liên kết này không còn hiệu lực. Vui lòng đăng nhập dondoc để xem tình trạng mới nhất.', status: 410 };
    }
    return { p, task };
  }

  private async form(res: Response, status: number, token: string, p: LinkPrincipal, task: TaskView, period?: string, message?: string): Promise<void> {
    const report = task.deadline.kind === 'continuous' || task.deadline.kind === 'recurring';
    const periods = report ? (await this.reports.periods(p, task.id)).filter((x) => !x.reported) : [];
    const selected = period && periods.some((x) => x.key === period) ? period : periods[0]?.key;
    this.page(res, status, {
      title: 'Báo cáo thực hiện nhiệm vụ',
      message,
      messageClass: 'error',
      task: this.taskView(task),
      unitName: p.name,
      forms: ['not_started', 'in_progress', 'returned'].includes(task.status),
      report: report && periods.length > 0,
      periods: periods.map((x) => ({ key: x.key, startVi: formatVi(x.start), dueVi: formatVi(x.due), selected: x.key === selected })),
      action: `/r/${token}`,
      today: this.clock.today(),
    });
  }

  private taskView(t: TaskView) {
    return { ref: t.ref ?? `#${t.id}`, text: t.text, deadlineRaw: t.deadline.raw ?? 'chưa có', dueVi: formatVi(t.deadline.due), statusLabel: t.statusLabel, timelinessLabel: t.timelinessLabel };
  }

  private page(res: Response, status: number, data: object): void {
    res
      .status(status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
        'X-Robots-Tag': 'noindex',
        'X-Frame-Options': 'DENY',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      })
      .send(render('link', 'html', data, 'web'));
  }
}
