import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { CommitDto, CreateImportDto, UpdateRowDto } from './dto/import.dto';
import { ImportsService, UploadedDocument } from './imports.service';
import { UploadInterceptor } from '../common/upload.interceptor';

@ApiTags('imports')
@ApiBearerAuth()
@Roles('office')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * Upload a document (.txt, .docx, .doc, .pdf, .png, .jpg) with the program's metadata:
   * 201 with the preview to check, or 202 with a job (status `reading`, progress) when
   * reading takes long (a scan); GET /api/imports/:id follows it.
   */
  @Post()
  @UseInterceptors(UploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        programId: { type: 'integer' },
        kind: { type: 'string' },
        title: { type: 'string' },
        number: { type: 'string' },
        issuedDate: { type: 'string' },
        events: { type: 'string' },
        prose: { type: 'boolean' },
      },
    },
  })
  async create(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request & { file?: UploadedDocument },
    @Res({ passthrough: true }) res: Response,
    @Body() dto: CreateImportDto,
  ) {
    const view = await this.imports.preview(p, req.file, dto);
    if (view.status === 'reading') res.status(202);
    return view;
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.imports.get(p, id);
  }

  /** Fix one row of the preview: owner, coordinating units, deadline, text, or drop it. */
  @Patch(':id/rows/:row')
  updateRow(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Param('row', ParseId('row')) row: number, @Body() dto: UpdateRowDto) {
    return this.imports.updateRow(p, id, row, dto);
  }

  /** Write the program, its tasks and targets in one transaction; a re-import reports what changed. */
  @Post(':id/commit')
  @HttpCode(200)
  commit(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: CommitDto) {
    return this.imports.commit(p, id, dto);
  }
}
