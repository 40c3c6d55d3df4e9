import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional } from 'class-validator';
import { IsLocalDate } from '../../common/validation';
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
