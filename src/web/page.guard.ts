import {
  ArgumentsHost,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UseFilters,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomBytes, timingSafeEqual } from 'crypto';
import type { CookieOptions, Response } from 'express';
import { NO_WRITE_KEY, Public } from '../auth/auth.decorators';
import { PROVINCE_READ_ONLY } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { SESSION_COOKIE } from '../auth/principal';
import { fieldLabel } from '../common/field-labels';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import type { Role } from '../users/user.entity';
import { Flash, PageRequest, renderPage } from './views';

export const CSRF_COOKIE = 'dondoc_csrf';
export const FLASH_COOKIE = 'dondoc_flash';
const PAGE_ROLES = 'dondoc:page-roles';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** No session needed (sign-in, signed links); CSRF is still checked on every POST. */
const OPEN = 'open';

/** Thrown where a page needs a session: the filter sends the browser to sign in and back. */
export class SignInRequired extends Error {
  constructor(readonly next: string | undefined) {
    super('sign-in required');
  }
}

/** An HTML page route for these roles (any signed-in role when none given). */
export const Page = (...roles: Role[]) => applyDecorators(Public(), SetMetadata(PAGE_ROLES, roles), UseGuards(PageGuard), UseFilters(PageExceptionFilter));
/** An HTML page anyone may open (sign-in, signed-link forms). */
export const OpenPage = () => applyDecorators(Public(), SetMetadata(PAGE_ROLES, OPEN), UseGuards(PageGuard), UseFilters(PageExceptionFilter));

export function cookieOptions(config: AppConfig, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.publicUrl.startsWith('https:'), path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

export function setFlash(res: Response, config: AppConfig, flash: Flash): void {
  res.cookie(FLASH_COOKIE, encodeURIComponent(JSON.stringify(flash)), { ...cookieOptions(config), maxAge: 60_000 });
}

/**
 * The pages' guard. Sessions ride in an HttpOnly cookie. Every POST must come from our own
 * origin and carry the form's CSRF token: an HMAC of a random per-browser cookie under the
 * server secret (a signed double-submit token), rotated at sign-in. Then the role check.
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<PageRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    req.cookies ??= {};
    let seed: string | undefined = req.cookies[CSRF_COOKIE];
    if (!seed || !/^[A-Za-z0-9_-]{22,64}$/.test(seed)) {
      seed = randomBytes(18).toString('base64url');
      res.cookie(CSRF_COOKIE, seed, cookieOptions(this.config));
      if (!SAFE_METHODS.has(req.method)) throw csrfError();
    }
    req.csrf = this.auth.mac('csrf', seed);
    if (!SAFE_METHODS.has(req.method)) this.assertForm(req, req.csrf);
    else req.flash = readFlash(req, res);

    const token: string | undefined = req.cookies[SESSION_COOKIE];
    const p = token ? await this.auth.authenticate(token) : null;
    // A province reader opens a descendant's read-only pages with ?committee= (as on the API).
    req.principal = p && p.via === 'session' ? (SAFE_METHODS.has(req.method) ? await this.auth.scope(p, req.query.committee) : p) : null;
    const roles = this.reflector.getAllAndOverride<Role[] | typeof OPEN>(PAGE_ROLES, [ctx.getHandler(), ctx.getClass()]);
    if (roles === OPEN) return true;
    if (!req.principal) throw new SignInRequired(SAFE_METHODS.has(req.method) ? req.originalUrl : undefined);
    if (
      req.principal.role === 'province' &&
      !SAFE_METHODS.has(req.method) &&
      !this.reflector.getAllAndOverride<boolean>(NO_WRITE_KEY, [ctx.getHandler(), ctx.getClass()])
    )
      throw new ForbiddenException({ statusCode: 403, message: PROVINCE_READ_ONLY });
    if (roles.length && !roles.includes(req.principal.role))
      throw new ForbiddenException({ statusCode: 403, message: 'Trang này không dành cho tài khoản của bạn.' });
    return true;
  }

  private assertForm(req: PageRequest, expected: string): void {
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let host: string | null = null;
      try {
        host = new URL(origin).host;
      } catch {
        host = null;
      }
      if (host !== req.headers.host) throw csrfError();
    }
    // Multipart forms (uploads) carry the token in the action URL: the body is parsed later.
    const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.query._csrf;
    if (typeof given !== 'string' || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) throw csrfError();
  }
}

function csrfError(): ForbiddenException {
  return new ForbiddenException({ statusCode: 403, message: 'Biểu mẫu đã hết hiệu lực hoặc không gửi từ dondoc. Vui lòng tải lại trang rồi thử lại.' });
}

function readFlash(req: PageRequest, res: Response): Flash | null {
  const raw = req.cookies?.[FLASH_COOKIE];
  if (!raw) return null;
  res.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const f = JSON.parse(decodeURIComponent(raw)) as Flash;
    return (f.kind === 'ok' || f.kind === 'error') && typeof f.text === 'string' ? { kind: f.kind, text: f.text.slice(0, 500) } : null;
  } catch {
    return null;
  }
}

/** Errors on pages are pages: sign-in redirects, 4xx with the reason, 500 without details. */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('pages');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<PageRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      res.redirect(303, exception.next ? `/login?next=${encodeURIComponent(exception.next)}` : '/login');
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const title = status === 403 ? 'Không có quyền truy cập' : status === 404 ? 'Không tìm thấy' : 'Yêu cầu không hợp lệ';
      renderPage(req, res, 'error', title, { status, message: messageOf(exception) }, status);
      return;
    }
    this.log.error(exception instanceof Error ? exception.stack : String(exception));
    renderPage(
      req,
      res,
      'error',
      'Lỗi hệ thống',
      { status: 500, message: 'Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo Văn phòng Đảng ủy.' },
      500,
    );
  }
}

/** Pages take dates as dd/mm/yyyy (the API as YYYY-MM-DD). */
const pageWording = (message: string) => message.replace('dạng YYYY-MM-DD', 'dạng ngày/tháng/năm, ví dụ 25/08/2025');

/** A user-facing Vietnamese message for a 4xx, naming fields by their labels on the form. */
export function messageOf(e: HttpException): string {
  const body = e.getResponse() as string | { message?: string | string[]; errors?: { field: string; message: string }[] };
  if (typeof body === 'string') return body;
  if (body.errors?.length) return [...new Set(body.errors.map((x) => pageWording(x.message)))].join('; ');
  const msg = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? 'Yêu cầu không hợp lệ');
  const m = msg.match(/^([a-zA-Z.]+): (.*)$/s);
  return pageWording(m ? `${fieldLabel(m[1])}: ${m[2]}` : msg);
}
