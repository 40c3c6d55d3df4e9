import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/errors';
import { ParseId } from '../common/validation';
import { Db } from '../database/db.service';
import { OutboxMessage, bodies } from './outbox.entity';

/** The office's and admin's view of mail: what was sent, what failed and why, and a preview of each message. */
@ApiTags('outbox')
@ApiBearerAuth()
@Roles('office', 'admin')
@Controller('api/outbox')
export class OutboxController {
  constructor(private readonly db: Db) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Query('status') status?: string) {
    const where = { committeeId: p.committeeId, ...(status && ['pending', 'sending', 'sent', 'failed'].includes(status) ? { status: status as OutboxMessage['status'] } : {}) };
    const rows = await this.db.manager.find(OutboxMessage, { where, order: { id: 'DESC' }, take: 500 });
    return rows.map(({ data: _d, attachments: _a, ...r }) => r);
  }

  @Get('stats')
  async stats(@CurrentPrincipal() p: Principal) {
    const rows: { status: string; n: number; ambiguous: number }[] = await this.db.manager
      .createQueryBuilder(OutboxMessage, 'o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(o.ambiguous)', 'ambiguous')
      .where('o.committeeId = :cid', { cid: p.committeeId })
      .groupBy('o.status')
      .getRawMany();
    return { byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), ambiguousResends: rows.reduce((s, r) => s + Number(r.ambiguous ?? 0), 0) };
  }

  /** The message as the recipient sees it (the mail preview page). */
  @Get(':id/preview')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:")
  async preview(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number): Promise<string> {
    const msg = await this.db.manager.findOneBy(OutboxMessage, { id, committeeId: p.committeeId });
    if (!msg) throw notFound('thư', id);
    return bodies(msg).html;
  }
}
