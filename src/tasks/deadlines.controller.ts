import { CurrentPrincipal, NoWrite } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../common/validation';
import { NamedDateDto } from '../programs/dto/program.dto';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { parseDeadline } from '../deadlines/parse';
import { Schedule } from '../deadlines/schedule';

export class ParseDeadlineDto {
  @ApiProperty({ example: 'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025' })
  @IsString()
  @MaxLength(500)
  phrase: string;

  @ApiPropertyOptional({ example: '2025-08-25', description: 'Issue date of the document (gives the year to year-less dates)' })
  @IsOptional()
  @IsLocalDate()
  issued?: string;

  @ApiPropertyOptional({ type: [NamedDateDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => NamedDateDto)
  events?: NamedDateDto[];
}

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/deadlines')
export class DeadlinesController {
  constructor(private readonly settings: CommitteeSettingsService) {}

  /** Reads a Vietnamese deadline phrase; unknown phrases answer 200 with kind "unknown" and a reason. */
  @Post('parse')
  @NoWrite()
  @HttpCode(200)
  async parse(@CurrentPrincipal() p: Principal, @Body() dto: ParseDeadlineDto): Promise<Schedule> {
    // Working days skip the caller's committee's holidays.
    const holidays = await this.settings.holidayTable(p.committeeId);
    const s = parseDeadline(dto.phrase, {
      issued: dto.issued ?? null,
      events: dto.events ?? [],
      holidays,
      lunarNewYear: holidays.lunarNewYear,
    });
    // The same six keys as the deadline CLI prints (a recurring deadline's day in the period shows in `due`).
    return { kind: s.kind, start: s.start, due: s.due, every: s.every, event: s.event, reason: s.reason };
  }
}
