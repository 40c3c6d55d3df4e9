import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateIf } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().normalize('NFC') : value);

export class CreateCommitteeDto {
  @ApiProperty({ example: 'Đảng bộ phường Hồng Gai' })
  @Transform(trim)
  @IsString({ message: 'name: cần tên đảng bộ' })
  @Length(2, 200, { message: 'name: tên đảng bộ từ 2 đến 200 ký tự' })
  name: string;

  @ApiPropertyOptional({ description: 'The parent committee (province); none for a top-level committee' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt({ message: 'parentId: cần mã số đảng bộ cấp trên' })
  @Min(1, { message: 'parentId: cần mã số đảng bộ cấp trên' })
  parentId?: number | null;

  @ApiPropertyOptional({ example: 'admin', description: 'The first admin of the new committee' })
  @ValidateIf((o) => o.adminPassword !== undefined || o.adminUsername !== undefined)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'adminUsername: 3–64 ký tự a-z, 0-9, dấu chấm, gạch' })
  adminUsername?: string;

  @ApiPropertyOptional({ minLength: 10 })
  @ValidateIf((o) => o.adminPassword !== undefined || o.adminUsername !== undefined)
  @IsString({ message: 'adminPassword: cần mật khẩu cho quản trị viên đầu tiên' })
  @Length(10, 200, { message: 'adminPassword: mật khẩu từ 10 đến 200 ký tự' })
  adminPassword?: string;

  @ApiPropertyOptional({ description: 'Load the demo program (only where demo logins are allowed)' })
  @IsOptional()
  @IsBoolean({ message: 'demo: true hoặc false' })
  demo?: boolean;
}

export class UpdateCommitteeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'name: cần tên đảng bộ' })
  @Length(2, 200, { message: 'name: tên đảng bộ từ 2 đến 200 ký tự' })
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt({ message: 'parentId: cần mã số đảng bộ cấp trên' })
  @Min(1, { message: 'parentId: cần mã số đảng bộ cấp trên' })
  parentId?: number | null;
}
