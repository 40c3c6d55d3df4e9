import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { ROLES, Role } from '../user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'ban.xdd' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'username: 3–64 ký tự a-z, 0-9, dấu chấm, gạch' })
  username: string;

  @ApiProperty({ example: 'Đ/c Nguyễn Văn A — Ban Xây dựng Đảng' })
  @IsString()
  @Length(2, 200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'Required for role unit' })
  @ValidateIf((o) => o.role === 'unit' || o.unitId !== undefined)
  @IsInt({ message: 'unitId: người dùng đơn vị phải gắn với một đơn vị' })
  unitId?: number;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @Length(10, 200, { message: 'password: mật khẩu từ 10 đến 200 ký tự' })
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  unitId?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(10, 200, { message: 'password: mật khẩu từ 10 đến 200 ký tự' })
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @Length(10, 200, { message: 'newPassword: mật khẩu từ 10 đến 200 ký tự' })
  newPassword: string;
}
