import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Trim } from '../../common/validation';
import { RESULT_PERIODS, type ResultPeriod } from '../target-result.entity';

export class TargetResultDto {
  @ApiProperty({ example: 2026, description: 'The year the value is for (within the program’s term, not in the future)' })
  @IsInt({ message: 'year: phải là một năm, ví dụ 2026' })
  @Min(1900, { message: 'year: phải là một năm, ví dụ 2026' })
  @Max(2200, { message: 'year: phải là một năm, ví dụ 2026' })
  year: number;

  @ApiProperty({ example: 0, description: 'Index of the indicator in the target’s `indicators` (0-based)' })
  @IsInt({ message: 'indicator: phải là số thứ tự của chỉ số (0, 1, …)' })
  @Min(0, { message: 'indicator: phải là số thứ tự của chỉ số (0, 1, …)' })
  indicator: number;

  /** A number for a quantitative indicator; true/false ("đạt"/"không đạt") for a qualitative one. Checked against the indicator by the service. */
  @ApiProperty({ example: 92.5, description: 'A number (17.7, 1200) for a quantitative indicator; true / false for a qualitative one' })
  @IsDefined({ message: 'value: bắt buộc' })
  value: unknown;

  @ApiPropertyOptional({ enum: RESULT_PERIODS, description: 'year (default) or h1: the first six months' })
  @IsOptional()
  @IsIn(RESULT_PERIODS, { message: 'period: "year" (cả năm) hoặc "h1" (6 tháng đầu năm)' })
  period?: ResultPeriod;

  @ApiPropertyOptional({ example: 'Theo báo cáo của Ban Tổ chức' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ example: 'Báo cáo số 45-BC/ĐU' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  source?: string;
}

export class AssignTargetDto {
  @ApiProperty({ example: 3, nullable: true, description: 'The lead unit that reports the results; null: the office' })
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'unitId: phải là mã đơn vị' })
  unitId: number | null;
}

export class CreateTargetDto {
  @ApiPropertyOptional({ example: '(17)', description: 'The target’s number in the program' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  ref?: string;

  @ApiProperty({ example: 'Hằng năm có từ 95% hộ dân trở lên đạt danh hiệu “Gia đình văn hóa”' })
  @Trim()
  @IsString()
  @Length(3, 4000)
  text: string;

  @ApiPropertyOptional({ example: 3, description: 'The lead unit that reports the results' })
  @IsOptional()
  @IsInt({ message: 'unitId: phải là mã đơn vị' })
  unitId?: number;
}
