import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type, plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { Trim } from '../../common/validation';
import { CreateProgramDto, NamedDateDto } from '../../programs/dto/program.dto';

/**
 * Multipart fields (every value arrives as a string): the program to import into, or the
 * metadata of a new one (kind and title are then required), and its events as JSON.
 */
export class CreateImportDto extends PartialType(OmitType(CreateProgramDto, ['reportPeriod'] as const)) {
  @ApiPropertyOptional({ description: 'Import into this existing program (re-import); otherwise kind and title create one' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  programId?: number;

  @ApiPropertyOptional({ description: 'JSON array of {name, date}', example: '[{"name":"Đại hội Đảng bộ phường","date":"2025-08-20"}]' })
  @IsOptional()
  @Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    try {
      const parsed = JSON.parse(value);
      return Array.isArray(parsed) ? plainToInstance(NamedDateDto, parsed) : value;
    } catch {
      return value;
    }
  })
  @IsArray({ message: 'events phải là mảng JSON [{"name": "...", "date": "YYYY-MM-DD"}]' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  events?: NamedDateDto[];

  @ApiPropertyOptional({ description: 'Read sentences of prose (a Thông báo kết luận) as proposed tasks' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === 'on' || value === '1' ? true : value === 'false' || value === '0' || value === '' ? false : value))
  @IsBoolean()
  prose?: boolean;
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
