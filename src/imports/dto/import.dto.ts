import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type, plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsLocalDate, Trim } from '../../common/validation';
import { PROGRAM_KINDS, ProgramKind } from '../../programs/program.entity';

export class EventInput {
  @ApiProperty({ example: 'Đại hội Đảng bộ phường' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({ example: '2025-08-20', nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsLocalDate()
  date: string | null;
}

/** Multipart fields: every value arrives as a string. */
export class CreateImportDto {
  @ApiPropertyOptional({ description: 'Import into this existing program (re-import); otherwise kind and title create one' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  programId?: number;

  @ApiPropertyOptional({ enum: PROGRAM_KINDS })
  @ValidateIf((o) => o.programId === undefined)
  @IsIn(PROGRAM_KINDS)
  kind?: ProgramKind;

  @ApiPropertyOptional({ example: 'Chương trình hành động thực hiện Nghị quyết Đại hội' })
  @ValidateIf((o) => o.programId === undefined)
  @Trim()
  @IsString()
  @Length(3, 500)
  title?: string;

  @ApiPropertyOptional({ example: '02-CTr/ĐU' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  number?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  issuingBody?: string;

  @ApiPropertyOptional({ example: '2025-08-25' })
  @IsOptional()
  @IsLocalDate()
  issuedDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1945)
  @Max(2200)
  termStart?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1945)
  @Max(2200)
  termEnd?: number;

  @ApiPropertyOptional({ description: 'JSON array of {name, date}', example: '[{"name":"Đại hội Đảng bộ phường","date":"2025-08-20"}]' })
  @IsOptional()
  @Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    try {
      const parsed = JSON.parse(value);
      return Array.isArray(parsed) ? plainToInstance(EventInput, parsed) : value;
    } catch {
      return value;
    }
  })
  @IsArray({ message: 'events phải là mảng JSON [{"name": "...", "date": "YYYY-MM-DD"}]' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  events?: EventInput[];
}

export class UpdateRowDto {
  @ApiPropertyOptional({ nullable: true, description: 'Lead unit; null leaves the task unassigned' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  ownerUnitId?: number | null;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  coUnitIds?: number[];

  @ApiPropertyOptional({ description: 'Deadline phrase; re-read' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  deadline?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 10000)
  text?: string;

  @ApiPropertyOptional({ description: 'Leave this row out of the commit' })
  @IsOptional()
  @IsBoolean()
  drop?: boolean;
}

export class CommitDto {
  @ApiPropertyOptional({ description: 'Add the proposed units (names not in the directory) and assign them' })
  @IsOptional()
  @IsBoolean()
  createProposedUnits?: boolean;
}
