import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsLocalDate, Trim } from '../../common/validation';
import { TASK_STATUSES, TaskStatus } from '../task-status';
import { TIMELINESS, Timeliness } from '../timeliness';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
const bool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class CreateTaskDto {
  @ApiProperty()
  @IsInt()
  programId: number;

  @ApiPropertyOptional({ example: 'B.III.1.1.1(3)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  ref?: string;

  @ApiProperty({ example: 'Tham mưu xây dựng kế hoạch kiểm tra, giám sát năm 2026' })
  @Trim()
  @IsString()
  @Length(3, 10000)
  text: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  leadUnitId?: number | null;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  coUnitIds?: number[];

  @ApiPropertyOptional({ example: 'hoàn thành trong tháng 8/2025', description: 'The deadline phrase as written; parsed into a schedule' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  deadline?: string;
}

/** Text, reference, owner, coordinating units and deadline phrase; each optional. */
export class UpdateTaskDto extends PartialType(OmitType(CreateTaskDto, ['programId'] as const)) {}

export class ProgressDto {
  @ApiPropertyOptional({ example: 'Đã xây dựng dự thảo kế hoạch, đang xin ý kiến.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 10000)
  note?: string;
}

export class DoneDto {
  @ApiProperty({ example: '2025-08-28', description: 'Completion date (local), not after today' })
  @IsLocalDate()
  completedOn: string;

  @ApiProperty({ example: 'Đã ban hành Kế hoạch số 05-KH/ĐU ngày 28/8/2025.' })
  @Trim()
  @IsString()
  @Length(3, 10000)
  resultNote: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Kết quả chưa kèm văn bản minh chứng.' })
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class NoteDto {
  @ApiProperty()
  @Trim()
  @IsString()
  @Length(1, 10000)
  text: string;
}

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Lead unit id' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  unit?: number;

  @ApiPropertyOptional({ description: 'Also match tasks where the unit coordinates' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  includeCoordinating?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  program?: number;

  @ApiPropertyOptional({ description: `Comma-separated: ${TASK_STATUSES.join(', ')}` })
  @IsOptional()
  @Transform(list)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ description: `Comma-separated: ${TIMELINESS.join(', ')}` })
  @IsOptional()
  @Transform(list)
  @IsIn(TIMELINESS, { each: true })
  timeliness?: Timeliness[];

  @ApiPropertyOptional({ example: '2025-08-01' })
  @IsOptional()
  @IsLocalDate()
  dueFrom?: string;

  @ApiPropertyOptional({ example: '2025-12-31' })
  @IsOptional()
  @IsLocalDate()
  dueTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only tasks whose deadline is unknown or waits for an event date (the office must set it)' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  needsDeadline?: boolean;

  @ApiPropertyOptional({
    enum: ['document', 'oldest_change'],
    description: 'document: in the order of the program (default); oldest_change: the longest untouched first (what waits longest for the office)',
  })
  @IsOptional()
  @IsIn(['document', 'oldest_change'])
  sort?: 'document' | 'oldest_change';

  @ApiPropertyOptional({ description: 'Text search in text and ref, ignoring case and diacritics' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
