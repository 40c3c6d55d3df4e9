import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { CommitteeExportService } from './committee-export.service';

@ApiTags('committees')
@ApiBearerAuth()
@Controller('api/committee')
export class CommitteesController {
  constructor(
    private readonly exporter: CommitteeExportService,
    private readonly clock: Clock,
  ) {}

  /** The committee's whole data as one JSON file (a download; the pages link to it). */
  @Get('export.json')
  @Roles('office', 'admin')
  async export(@CurrentPrincipal() p: Principal, @Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="dondoc-du-lieu-${this.clock.today()}.json"`);
    await this.exporter.write(p.committeeId, (chunk) => {
      // Respect the client's pace: wait for the socket to drain before the next batch.
      if (!res.write(chunk)) return new Promise<void>((ok) => res.once('drain', () => ok()));
    });
    res.end();
  }
}
