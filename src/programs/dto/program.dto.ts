import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsLocalDate, Trim } from '../../common/validation';
import { PERIODS, Period } from '../../deadlines/schedule';
import { PROGRAM_KINDS, ProgramKind } from '../program.entity';

export class CreateProgramDto {
  @ApiProperty({ enum: PROGRAM_KINDS, example: 'chuong_trinh_hanh_dong' })
  @IsIn(PROGRAM_KINDS)
  kind: ProgramKind;

  @ApiPropertyOptional({ example: '02-CTr/ĐU' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  number?: string;

  @ApiProperty({ example: 'Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ I' })
  @Trim()
  @IsString()
  @Length(3, 500)
  title: string;

  @ApiPropertyOptional({ example: 'Ban Chấp hành Đảng bộ phường' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  issuingBody?: string;

  @ApiPropertyOptional({ example: '2025-08-25' })
  @IsOptional()
  @IsLocalDate()
  issuedDate?: string;

  @ApiPropertyOptional({ example: 2025 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1945)
  @Max(2200)
  termStart?: number;

  @ApiPropertyOptional({ example: 2030 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1945)
  @Max(2200)
  termEnd?: number;

  @ApiPropertyOptional({ enum: PERIODS, default: 'quarter' })
  @IsOptional()
  @IsIn(PERIODS)
  reportPeriod?: Period;

  @ApiPropertyOptional({ default: false, description: 'Bắt buộc minh chứng: a task is reported done only with evidence attached' })
  @IsOptional()
  @IsBoolean()
  requireEvidence?: boolean;
}

export class UpdateProgramDto extends PartialType(CreateProgramDto) {}

export class ProgramEventDto {
  @ApiProperty({ example: 'Đại hội Đảng bộ phường' })
  @Trim()
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiPropertyOptional({ example: '2025-08-20', nullable: true, description: 'null while the date is not yet known' })
  @ValidateIf((_, v) => v !== null)
  @IsLocalDate()
  date: string | null;

  @ApiPropertyOptional({ description: "Set for a unit's own event (e.g. a chi bộ's own Đại hội)" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  unitId?: number;
}

export class UpdateProgramEventDto {
  @ApiProperty({ example: '2025-08-20', nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsLocalDate()
  date: string | null;
}

/** A named event and its date, as documents' relative deadlines refer to it. */
export class NamedDateDto {
  @ApiProperty({ example: 'Đại hội Đảng bộ phường' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: '2025-08-20', nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsLocalDate()
  date: string | null;
}
