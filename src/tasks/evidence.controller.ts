import { Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { EvidenceUploadInterceptor } from '../common/upload.interceptor';
import { ParseId } from '../common/validation';
import { EvidenceService } from './evidence.service';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** Lead unit or office: attach a file (PDF, .docx, .xlsx, image; type read from the bytes). */
  @Post('tasks/:id/evidence')
  @Roles('office', 'unit')
  @UseInterceptors(EvidenceUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  upload(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @UploadedFile() file: Express.Multer.File | undefined) {
    return this.evidence.upload(p, id, file);
  }

  @Get('tasks/:id/evidence')
  @Roles('office', 'inspection', 'unit')
  list(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.evidence.list(p, id);
  }

  /** The file, with its content type (office, inspection, the lead unit). */
  @Get('evidence/:id')
  @Roles('office', 'inspection', 'unit')
  async download(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Res() res: Response): Promise<void> {
    const { evidence, stream } = await this.evidence.open(p, id);
    res.set({
      'Content-Type': evidence.contentType,
      'Content-Length': String(evidence.size),
      'Content-Disposition': `attachment; filename="${evidence.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(evidence.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
    });
    stream.pipe(res);
  }
}
