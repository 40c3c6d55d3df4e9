import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsLocalDate } from '../../common/validation';
import { PageQuery } from '../../common/pagination';

export const AUDIT_ENTITIES = ['task', 'unit', 'program', 'user', 'committee', 'target'] as const;

export class AuditQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ENTITIES })
  @IsOptional()
  @IsIn(AUDIT_ENTITIES)
  entity?: (typeof AUDIT_ENTITIES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  entityId?: number;

  @ApiPropertyOptional({ example: 'update' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  action?: string;

  @ApiPropertyOptional({ description: 'Part of the name of who made the change' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ example: '2025-09-01', description: 'From this local day' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-09-30', description: 'To this local day (included)' })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}
