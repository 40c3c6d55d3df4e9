import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { OutboxService } from './outbox.service';

/** The office's and admin's view of mail: what was sent, what failed and why, and a preview of each message. */
@ApiTags('outbox')
@ApiBearerAuth()
@Roles('office', 'admin')
@Controller('api/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query('status') status?: string) {
    return this.outbox.list(p.committeeId, status);
  }

  @Get('stats')
  stats(@CurrentPrincipal() p: Principal) {
    return this.outbox.stats(p.committeeId);
  }

  /** The message as the recipient sees it (the mail preview page). */
  @Get(':id/preview')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:")
  preview(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number): Promise<string> {
    return this.outbox.previewHtml(p.committeeId, id);
  }
}
