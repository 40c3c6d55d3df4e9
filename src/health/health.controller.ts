import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: the process answers. */
  @Public()
  @Get()
  live() {
    return { ok: true };
  }

  /** Readiness: 200 when the database answers, migrations are applied and the disk has room; 503 otherwise. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const r = await this.health.ready();
    res.status(r.ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    return r;
  }
}
