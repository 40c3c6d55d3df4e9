import { CommitteesService } from '../committees/committees.service';
import { NoWrite } from '../auth/auth.decorators';
import { Body, Controller, Get, HttpException, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes } from 'crypto';
import type { Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { SESSION_COOKIE } from '../auth/principal';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { CSRF_COOKIE, OpenPage, Page, cookieOptions, messageOf, setFlash } from './page.guard';
import { HOME, PageRequest, renderPage } from './views';

/** Only paths of this site: "/tasks/3?x=1", never "//evil.example" or "https://…". */
function safeNext(next: unknown): string | null {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500 ? next : null;
}

@ApiExcludeController()
@Controller()
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly committees: CommitteesService,
  ) {}

  @Get()
  @OpenPage()
  home(@Req() req: PageRequest, @Res() res: Response): void {
    res.redirect(303, req.principal ? HOME[req.principal.role] : '/login');
  }

  @Get('login')
  @OpenPage()
  async form(@Req() req: PageRequest, @Res() res: Response, @Query('next') next?: string): Promise<void> {
    if (req.principal) return res.redirect(303, safeNext(next) ?? HOME[req.principal.role]);
    renderPage(req, res, 'login', 'Đăng nhập', { next: safeNext(next), committees: await this.committeeChoices(null) });
  }

  /** With several committees in one database the sign-in form asks which (usernames repeat across them). */
  private async committeeChoices(selected: number | null): Promise<{ id: number; name: string; selected: boolean }[] | null> {
    const all = await this.committees.list();
    return all.length > 1 ? all.map((c) => ({ id: c.id, name: c.name, selected: c.id === selected })) : null;
  }

  @Post('login')
  @OpenPage()
  async login(@Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const committee = typeof body.committee === 'string' && /^\d{1,9}$/.test(body.committee) ? Number(body.committee) : undefined;
    const committees = await this.committeeChoices(committee ?? null);
    if (!username.trim() || !password)
      return renderPage(req, res, 'login', 'Đăng nhập', { next, username, committees, error: 'Vui lòng nhập tên đăng nhập và mật khẩu.' }, 400);
    let session: Awaited<ReturnType<AuthService['login']>>;
    try {
      session = await this.auth.login(username, password, req.ip, committee);
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() < 500)
        return renderPage(req, res, 'login', 'Đăng nhập', { next, username, committees, error: messageOf(e) }, e.getStatus());
      throw e;
    }
    res.cookie(SESSION_COOKIE, session.token, cookieOptions(this.config, this.config.auth.tokenTtlHours * 3600_000));
    // A new CSRF seed with each session, so a token seen before sign-in is worth nothing after.
    res.cookie(CSRF_COOKIE, randomBytes(18).toString('base64url'), cookieOptions(this.config));
    res.redirect(303, next ?? HOME[session.user.role]);
  }

  @Post('logout')
  @NoWrite()
  @Page()
  async logout(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.auth.logout(req.cookies?.[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    setFlash(res, this.config, { kind: 'ok', text: 'Đã đăng xuất.' });
    res.redirect(303, '/login');
  }
}
