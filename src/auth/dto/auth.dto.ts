import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'vanphong' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'dondoc-vanphong' })
  @IsString()
  @Length(1, 200)
  password: string;

  @ApiPropertyOptional({ description: 'The committee (needed only when the username exists in several)' })
  @IsOptional()
  @IsInt({ message: 'committee: mã đảng bộ phải là số nguyên' })
  committee?: number;
}

export class UnitLinkDto {
  @ApiProperty()
  @IsInt()
  unitId: number;

  @ApiProperty({ description: 'The task the link opens (at its current version)' })
  @IsInt()
  taskId: number;

  @ApiPropertyOptional({ description: 'Validity in days (default from config)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  ttlDays?: number;
}
