import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination.js';
import { Optional } from '../../common/validation/optional.js';
import { UnitIdsProperty } from '../identity/unit-ids.property.js';
import { OUTCOMES, OUTCOME_REASONS, type Outcome, type OutcomeReason } from '../applications/domain/outcomes.js';
import type { ReferralState } from './referrals.repository.js';

export const REFERRAL_STATES = ['open', 'answered', 'closed'] as const;
const ALL_REASONS = [...new Set(Object.values(OUTCOME_REASONS).flat())] as OutcomeReason[];

export class CreateReferralsRequest {
  @UnitIdsProperty('the units that hold the information')
  unitIds: string[];

  @ApiProperty({ minLength: 1, maxLength: 2000, example: '申请人申请获取老旧小区改造资金安排，请贵单位核实是否制作或保存该信息，提出答复意见并提供相关文件。' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 30, description: 'the unit answers by the end of this many working days after today (10 when absent)' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(30)
  dueInWorkingDays?: number;
}

export class AnswerReferralRequest {
  @ApiProperty({ enum: OUTCOMES, example: 'partially_disclosed', description: 'the reply the unit proposes (the same outcomes as the office’s reply, Arts. 36–39)' })
  @IsIn(OUTCOMES, { message: `proposedOutcome must be one of ${OUTCOMES.join(', ')}` })
  proposedOutcome: Outcome;

  @ApiPropertyOptional({ enum: ALL_REASONS, example: 'not_held', description: 'the ground, for not_disclosed, unable_to_provide, not_handled and other' })
  @Optional()
  @IsIn(ALL_REASONS, { message: `reason must be one of ${ALL_REASONS.join(', ')}` })
  reason?: OutcomeReason;

  @ApiProperty({ minLength: 1, maxLength: 5000, example: '该信息由我单位制作，其中第3页涉及个人隐私，建议遮盖后部分公开。' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  comment: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'documents of the unit to provide (disclosed, partially_disclosed)' })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATES })
  @Optional()
  @IsIn(REFERRAL_STATES, { message: `state must be one of ${REFERRAL_STATES.join(', ')}` })
  state?: ReferralState;

  @ApiPropertyOptional({ format: 'uuid', description: 'one application’s referrals' })
  @Optional()
  @IsUUID('all')
  applicationId?: string;
}

export class ReferralAnswer {
  @ApiProperty({ enum: OUTCOMES }) proposedOutcome: Outcome;
  @ApiProperty({ enum: ALL_REASONS, nullable: true, type: String }) reason: OutcomeReason | null;
  @ApiProperty() comment: string;
  @ApiProperty({ type: [String], format: 'uuid' }) documentIds: string[];
  @ApiProperty({ format: 'uuid' }) answeredBy: string;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
}

/** The application in short, as the referred unit may know it (no personal data). */
export class ReferredApplication {
  @ApiProperty({ example: '2026年本区老旧小区改造项目的资金安排' }) description: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'the office’s statutory due date for the reply' }) dueAt: string | null;
  @ApiProperty({ example: 'handling' }) state: string;
}

export class ReferralResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ example: '区教育局' }) unitName: string;
  @ApiProperty({ enum: REFERRAL_STATES, example: 'open' }) state: ReferralState;
  @ApiProperty({ description: 'what the office asks the unit' }) comment: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T23:59:59.999+08:00' }) dueAt: string;
  @ApiProperty({ example: 10 }) dueInWorkingDays: number;
  @ApiProperty({ format: 'uuid' }) referredBy: string;
  @ApiProperty({ format: 'date-time' }) referredAt: string;
  @ApiProperty({ type: ReferralAnswer, nullable: true }) answer: ReferralAnswer | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'closed unanswered when the office replied' }) closedAt: string | null;
  @ApiProperty({ type: ReferredApplication }) application: ReferredApplication;
}

export class ReferralList {
  @ApiProperty({ type: [ReferralResponse] }) items: ReferralResponse[];
}

export class ReferralPage extends ReferralList {
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
