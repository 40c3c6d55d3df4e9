import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsLocalDate, Trim } from '../../common/validation';

export class RequestExtensionDto {
  @ApiProperty({ example: '2025-10-31', description: 'The due date asked for (after the current one, not before today)' })
  @IsLocalDate()
  proposedDue: string;

  @ApiProperty({ example: 'Chờ kết quả kiểm tra của Ủy ban Kiểm tra Tỉnh ủy' })
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class ApproveExtensionDto {
  @ApiPropertyOptional({ example: 'Đồng ý gia hạn' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectExtensionDto {
  @ApiProperty({ example: 'Đề nghị hoàn thành đúng hạn đã giao' })
  @Trim()
  @IsString()
  @Length(3, 2000)
  note: string;
}
