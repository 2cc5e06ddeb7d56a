import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';

export class CreateDelegationRequest {
  @ApiProperty({ format: 'uuid', description: 'the deputy' })
  @IsUUID('all')
  toUserId: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-07T00:00:00+08:00' })
  @IsDateString({ strict: true }, { message: 'startsAt must be an ISO 8601 time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-12T00:00:00+08:00' })
  @IsDateString({ strict: true }, { message: 'endsAt must be an ISO 8601 time' })
  endsAt: string;

  @ApiProperty({ minLength: 1, maxLength: 500, example: '出差期间由其代为审签' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'admin only: the delegator (default: the caller)' })
  @Optional()
  @IsUUID('all')
  fromUserId?: string;
}

export class DelegationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fromUserId: string;
  @ApiProperty({ format: 'uuid' }) toUserId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'true while now is within the period' }) active: boolean;
}

export class DelegationList {
  @ApiProperty({ type: [DelegationResponse] }) items: DelegationResponse[];
}
