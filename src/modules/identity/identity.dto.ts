import { Type } from 'class-transformer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';
import { ROLES, type Role } from './user.types.js';
import { UNIT_CODE_PATTERN } from './unit-code.js';

export class LoginRequest {
  @ApiProperty({ example: 'drafter' }) @IsString() @MinLength(1) @MaxLength(100) username: string;
  @ApiProperty({ example: 'correct horse battery' }) @IsString() @MinLength(1) @MaxLength(200) password: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'once the user has a second factor: the 6-digit code of their authenticator app, or one of their recovery codes (xxxxx-xxxxx)',
    maxLength: 40,
  })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  totp?: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'li.ming' }) username: string;
  @ApiProperty({ example: '李明' }) displayName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ enum: ROLES, isArray: true, example: ['drafter'] }) roles: Role[];
  @ApiProperty({ type: [String], format: 'uuid', example: [] }) leadsUnitIds: string[];
  @ApiProperty({ type: String, nullable: true, format: 'email', example: 'li.ming@example.gov.cn' }) email: string | null;
  @ApiProperty({ example: true, description: 'whether notifications also come by e-mail (PATCH /api/v1/me)' }) emailNotifications: boolean;
  @ApiProperty({ example: true }) active: boolean;
}

export class LoginResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIs…' }) accessToken: string;
  @ApiProperty({ example: 900, description: 'seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserResponse }) user: UserResponse;

  @ApiProperty({
    enum: ['totp_enrolment', 'totp'],
    nullable: true,
    type: String,
    description:
      'null: a full session. `totp_enrolment`: the user must enrol a second factor first (MFA_REQUIRED_ROLES); `totp`: signed in through single sign-on, the one-time code is still due (POST /api/v1/auth/totp). Until then every other route answers 403.',
  })
  restriction: 'totp_enrolment' | 'totp' | null;
}

export class CreateUnitRequest {
  @ApiProperty({ example: 'FGW', pattern: UNIT_CODE_PATTERN.source })
  @IsString()
  @Matches(UNIT_CODE_PATTERN, { message: 'code must be 2–20 characters of A–Z, 0–9 and -' })
  code: string;

  @ApiProperty({ example: '区发展和改革委员会' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
}

export class UnitResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'li.ming', pattern: '^[a-z0-9._-]{2,50}$' })
  @IsString()
  @Matches(/^[a-z0-9._-]{2,50}$/, { message: 'username must be 2–50 characters of a–z, 0–9, ".", "_" and "-"' })
  username: string;

  @ApiProperty({ minLength: 10, example: 'a long passphrase' }) @IsString() @MinLength(10) @MaxLength(200) password: string;
  @ApiProperty({ example: '李明' }) @IsString() @MinLength(1) @MaxLength(100) displayName: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  unitId?: string | null;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['drafter'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(5)
  @IsIn(ROLES, { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles: Role[];

  @ApiPropertyOptional({ type: [String], example: [] })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  leadsUnitIds?: string[];

  @ApiPropertyOptional({ format: 'email', maxLength: 254, description: 'for notifications by e-mail' })
  @Optional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
}

export class UpdateUserRequest {
  @ApiPropertyOptional() @Optional() @IsString() @MinLength(1) @MaxLength(100) displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(5)
  @IsIn(ROLES, { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  leadsUnitIds?: string[];

  @ApiPropertyOptional({ format: 'email', maxLength: 254, nullable: true, type: String, description: 'null removes it' })
  @ValidateIf((o: UpdateUserRequest) => o.email !== undefined && o.email !== null)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ minLength: 10 }) @Optional() @IsString() @MinLength(10) @MaxLength(200) password?: string;
}

export class DirectoryEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'li.ming' }) username: string;
  @ApiProperty({ example: '李明' }) displayName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
}

export class DirectoryPage {
  @ApiProperty({ type: [DirectoryEntry] }) items: DirectoryEntry[];
}

export class DirectoryQuery {
  @ApiPropertyOptional({ maxLength: 50, description: 'part of a username or display name' })
  @Optional()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class UnitPage {
  @ApiProperty({ type: [UnitResponse] }) items: UnitResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
