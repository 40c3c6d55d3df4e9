import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Trim } from '../../common/validation';
import { ArrayMaxSize, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { UNIT_KINDS, UnitKind } from '../unit.entity';

export class CreateUnitDto {
  @ApiProperty({ example: 'Ban Xây dựng Đảng' })
  @Trim()
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS, default: 'other' })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ type: [String], example: ['Ban XDĐ'] })
  @IsOptional()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ type: [String], example: ['banxaydungdang@example.vn'] })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'emails phải là địa chỉ email hợp lệ' })
  emails?: string[];
}

export class UpdateUnitDto extends PartialType(CreateUnitDto) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
