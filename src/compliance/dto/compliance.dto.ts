import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length } from 'class-validator';
import { IsLocalDate, Trim } from '../../common/validation';
import { SUMMARY_PERIODS, SummaryPeriod } from '../periods';

export class ComplianceQuery {
  @ApiPropertyOptional({ description: 'Program id; all programs when absent' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  program?: number;

  @ApiPropertyOptional({ example: '2025-09-30', description: 'As of this local day (default: today)' })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: SUMMARY_PERIODS, default: 'quarter' })
  @IsOptional()
  @IsIn(SUMMARY_PERIODS)
  period?: SummaryPeriod;
}

export class RollupQuery {
  @ApiPropertyOptional({ example: '2025-09-30', description: 'As of this local day (default: today)' })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: SUMMARY_PERIODS, default: 'quarter' })
  @IsOptional()
  @IsIn(SUMMARY_PERIODS)
  period?: SummaryPeriod;
}

export class ClosePeriodDto {
  @ApiProperty({ enum: SUMMARY_PERIODS, example: 'quarter' })
  @IsIn(SUMMARY_PERIODS, { message: `period: một trong ${SUMMARY_PERIODS.join(', ')}` })
  period: SummaryPeriod;

  @ApiProperty({ example: '2025-09-30', description: 'A day in the period to close (the period must have ended)' })
  @IsLocalDate()
  asOf: string;

  @ApiPropertyOptional({ example: 'Móng Cái 1', description: 'Place in the date line; default: from the committee name' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 100)
  place?: string;

  @ApiPropertyOptional({ example: 'BÍ THƯ', description: 'The signer’s chức vụ under T/M BAN THƯỜNG VỤ' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 100)
  signerTitle?: string;

  @ApiPropertyOptional({ example: 'Nguyễn Văn A' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 100)
  signerName?: string;

  @ApiPropertyOptional({ example: ['Ban Thường vụ Thành ủy', 'Các đồng chí Ủy viên BCH Đảng bộ phường', 'Lưu Văn phòng Đảng ủy'], description: 'Nơi nhận' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(2, 200, { each: true })
  recipients?: string[];
}

export class ReopenPeriodDto {
  @ApiProperty({ enum: SUMMARY_PERIODS, example: 'quarter' })
  @IsIn(SUMMARY_PERIODS, { message: `period: một trong ${SUMMARY_PERIODS.join(', ')}` })
  period: SummaryPeriod;

  @ApiProperty({ example: '2025-09-30' })
  @IsLocalDate()
  asOf: string;

  @ApiProperty({ example: 'Đơn vị bổ sung báo cáo hoàn thành nhiệm vụ' })
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason: string;
}
