import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { APPEAL_KINDS, APPEAL_RESULTS, type AppealKind, type AppealResult } from '../domain/vocabulary.js';
import { IsIsoInstant } from '../http/iso-instant.js';

export class CreateAppealRequest {
  @ApiProperty({ format: 'uuid', description: 'the application the reconsideration or lawsuit is about' })
  @IsUUID('all')
  applicationId: string;

  @ApiProperty({ enum: APPEAL_KINDS, example: 'reconsideration', description: 'reconsideration (行政复议), litigation (直接起诉), litigation_after_reconsideration (复议后起诉)' })
  @IsIn(APPEAL_KINDS, { message: `kind must be one of ${APPEAL_KINDS.join(', ')}` })
  kind: AppealKind;

  @ApiProperty({ example: '2026-11-20T09:00:00+08:00', description: 'when it was filed; not in the future' })
  @IsIsoInstant()
  filedAt: string;
}

export class ConcludeAppealRequest {
  @ApiProperty({ enum: APPEAL_RESULTS, example: 'upheld', description: 'upheld (结果维持), corrected (结果纠正), other (其他结果)' })
  @IsIn(APPEAL_RESULTS, { message: `result must be one of ${APPEAL_RESULTS.join(', ')}` })
  result: AppealResult;

  @ApiProperty({ example: '2027-01-15T16:00:00+08:00', description: 'not in the future, not before filedAt' })
  @IsIsoInstant()
  concludedAt: string;
}

export class ListAppealsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2026, description: 'filed in this year (China time)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'one application’s appeals' })
  @IsOptional()
  @IsUUID('all')
  applicationId?: string;
}

export class AppealResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ example: 'K7QX2MZ4HB6TNW3RJ5VA' }) trackingCode: string;
  @ApiProperty({ enum: APPEAL_KINDS, example: 'reconsideration' }) kind: AppealKind;
  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:00:00.000+08:00' }) filedAt: string;
  @ApiProperty({ enum: APPEAL_RESULTS, nullable: true, example: null }) result: AppealResult | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', example: null }) concludedAt: string | null;
  @ApiProperty({ example: 1 }) version: number;
}

export class AppealPage {
  @ApiProperty({ type: [AppealResponse] }) items: AppealResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
