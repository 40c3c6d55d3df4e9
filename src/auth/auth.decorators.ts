import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Role } from '../users/user.entity';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'dondoc:public';
export const ROLES_KEY = 'dondoc:roles';

/** No sign-in needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Only these roles may call (others get 403). Without it any signed-in caller may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const NO_WRITE_KEY = 'dondoc:no-write';
/**
 * A POST that changes no committee's data (sign-out, one's own password, parsing a phrase):
 * the read-only province role may call it too.
 */
export const NoWrite = () => SetMetadata(NO_WRITE_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal);
