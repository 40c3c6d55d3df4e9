import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { IsLocalDate, Trim } from '../../common/validation';

export class RunSweepDto {
  @ApiProperty({ example: '2025-09-01', description: 'Sweep as of this local day' })
  @IsLocalDate()
  date: string;

  @ApiPropertyOptional({ description: 'Only say what would be sent' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ReportDto {
  @ApiPropertyOptional({ example: '2025-Q3', description: 'Period key; default: the oldest unreported closed period, else the current one' })
  @IsOptional()
  @Matches(/^\d{4}(-(Q[1-4]|H[12]|\d{2}|W\d{2}))?$/, { message: 'period: dạng 2025-Q3, 2025-H2, 2025-08, 2025-W35 hoặc 2025' })
  period?: string;

  @ApiProperty({ example: 'Quý III đã tổ chức 3 buổi sinh hoạt chuyên đề.' })
  @Trim()
  @IsString()
  @Length(3, 10000)
  text: string;

  @ApiPropertyOptional({ example: 'https://vanban.example.vn/bc-q3.pdf' })
  @IsOptional()
  @MaxLength(500)
  @IsUrl({ require_protocol: true }, { message: 'link: phải là đường dẫn http(s) đầy đủ' })
  link?: string;
}
