import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../users/user.entity';
import { NO_WRITE_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { AuthService } from './auth.service';
import { SESSION_COOKIE } from './principal';

const SAFE = new Set(['GET', 'HEAD']);
export const PROVINCE_READ_ONLY = 'Tài khoản cấp tỉnh chỉ được xem, không được thay đổi dữ liệu của đảng bộ';

/**
 * `committee` has been turned into the principal's scope: the routes' own query DTOs (which
 * refuse unknown fields) never see it. Express 5 computes req.query from the URL on every
 * read, so the parsed object without it is set on the request itself.
 */
export function withoutCommittee(req: { query: Record<string, unknown> }): void {
  const { committee: _, ...rest } = req.query;
  Object.defineProperty(req, 'query', { value: rest, writable: true, configurable: true, enumerable: true });
}

/** Every route needs a valid token (401 otherwise) unless marked @Public; @Roles narrows it (403). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers?.authorization;
    let token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    // The pages' session cookie opens the API's reads too (charts, exports, JSON), never its
    // writes: a browser sends cookies on cross-site requests, a Bearer header it never adds.
    if (!token && (req.method === 'GET' || req.method === 'HEAD')) token = req.cookies?.[SESSION_COOKIE];
    // A reminder link opens its own task's /r/ pages and nothing else: never the API.
    const found = token ? await this.auth.authenticate(token) : null;
    const principal = found?.via === 'session' ? found : null;
    if (!principal) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'Cần đăng nhập' });
    req.principal = await this.auth.scope(principal, req.query?.committee);
    if (req.query?.committee !== undefined) withoutCommittee(req);
    const readOnly = principal.role === 'province' && !SAFE.has(req.method) && !this.reflector.getAllAndOverride<boolean>(NO_WRITE_KEY, targets);
    if (readOnly) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: PROVINCE_READ_ONLY });
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'Bạn không có quyền thực hiện thao tác này' });
    }
    return true;
  }
}
