import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../common/validation/optional.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import {
  ACTIONS,
  APPLICANT_TYPES,
  CHANNELS,
  CONSULTEES,
  DELIVERY_METHODS,
  DELIVERY_PREFERENCES,
  FORMATS,
  type Action,
  type ApplicantType,
  type Channel,
  type Consultee,
  type DeliveryMethod,
  type DeliveryPreference,
  type InformationFormat,
} from './application.types.js';
import { OUTCOMES, OUTCOME_REASONS, type Outcome, type OutcomeReason } from './domain/outcomes.js';
import { APPLICATION_STATES, type ApplicationState } from './domain/state-machine.js';
import { IsIsoInstant } from './http/iso-instant.js';
import { ExplanationLineDto, TrackDocument, TrackNotice } from './notices/notice.dto.js';

const oneOf = (values: readonly string[], field: string) => ({ message: `${field} must be one of ${values.join(', ')}` });
const ALL_REASONS = [...new Set(Object.values(OUTCOME_REASONS).flat())] as OutcomeReason[];
const FEE_METHODS = ['per_application', 'per_volume'] as const;
const METHODS = [...DELIVERY_METHODS, ...FEE_METHODS];

class ContactDto {
  @ApiPropertyOptional({ example: '13800138000', maxLength: 30 })
  @Optional()
  @IsString()
  @Matches(/^[0-9+\-() ]{5,30}$/, { message: 'contact.phone must be 5–30 digits, spaces, +, - or parentheses' })
  phone?: string;

  @ApiPropertyOptional({ example: 'zhang.san@example.com', maxLength: 200 })
  @Optional()
  @IsEmail({}, { message: 'contact.email must be an e-mail address' })
  @MaxLength(200)
  email?: string;

  @ApiPropertyOptional({ example: '北京市朝阳区建国路1号', maxLength: 500 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  address?: string;
}

/** The application form (政府信息公开申请表). */
export class SubmitApplicationRequest {
  @ApiProperty({ enum: APPLICANT_TYPES, example: 'natural_person' })
  @IsIn(APPLICANT_TYPES, oneOf(APPLICANT_TYPES, 'applicantType'))
  applicantType: ApplicantType;

  @ApiProperty({ example: '张三', maxLength: 200, description: 'person or organisation' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  applicantName: string;

  @ApiPropertyOptional({ example: '110101199003071234', maxLength: 50, description: 'identity document or unified social credit code' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  idNumber?: string;

  @ApiProperty({ type: ContactDto, description: 'at least one of phone, email, address' })
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact: ContactDto;

  @ApiProperty({ example: '2026年本区老旧小区改造项目的资金安排', maxLength: 5000, description: 'the information requested' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  description: string;

  @ApiPropertyOptional({ example: '了解本小区改造计划', maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  purpose?: string;

  @ApiProperty({ enum: FORMATS, example: 'electronic' })
  @IsIn(FORMATS, oneOf(FORMATS, 'format'))
  format: InformationFormat;

  @ApiProperty({ enum: DELIVERY_PREFERENCES, example: 'email' })
  @IsIn(DELIVERY_PREFERENCES, oneOf(DELIVERY_PREFERENCES, 'delivery'))
  delivery: DeliveryPreference;

  @ApiPropertyOptional({ enum: CHANNELS, example: 'registered_post', description: 'staff entry only (disclosure_officer): how it arrived (Art. 31)' })
  @Optional()
  @IsIn(CHANNELS, oneOf(CHANNELS, 'channel'))
  channel?: Channel;

  @ApiPropertyOptional({
    example: '2026-11-20T10:00:00+08:00',
    description: 'staff entry only: the receipt date under Art. 31 (registered post: signed for; ordinary letter: confirmed; fax/online: both sides confirmed); default now',
  })
  @Optional()
  @IsIsoInstant()
  receivedAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'staff entry only: the unit that handles it (annual reports per unit)' })
  @Optional()
  @IsUUID('all')
  unitId?: string;
}

export class SubmitApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7QX2MZ4HB6TNW3RJ5VA', description: 'keep it: the applicant’s only key to the status page' }) trackingCode: string;
  @ApiProperty({ enum: ['received'], example: 'received' }) state: 'received';
  @ApiProperty({ format: 'date-time', example: '2026-11-27T11:55:42.537+08:00' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-12-25T23:59:59.999+08:00' }) dueAt: string | null;
}

export class TrackResponse {
  @ApiProperty({ enum: APPLICATION_STATES, example: 'handling' }) state: ApplicationState;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T11:55:42.537+08:00' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-12-25T23:59:59.999+08:00' }) dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null }) repliedAt: string | null;
  @ApiProperty({
    type: [ExplanationLineDto],
    description: 'how the due date was computed, line by line in Chinese and English: receipt, working days counted, holidays and adjusted weekends, pauses and restarts',
  })
  explanation: ExplanationLineDto[];
  @ApiProperty({ type: [TrackNotice], description: 'every letter issued to the applicant, oldest first (the latest of each kind), with its download address' })
  notices: TrackNotice[];
  @ApiProperty({ type: [TrackDocument], description: 'the documents a disclosing reply provided, each downloadable with its redactions applied' })
  documents: TrackDocument[];
}

export class ApplicationActionRequest {
  @ApiProperty({ enum: ACTIONS, example: 'accept' })
  @IsIn(ACTIONS, oneOf(ACTIONS, 'action'))
  action: Action;

  @ApiPropertyOptional({ maxLength: 5000, example: '请补充所需信息的文号或形成时间。', description: 'required for request_correction, consult_third_party, extend and reply' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  comment?: string;

  @ApiPropertyOptional({ example: '2026-11-25T15:00:00+08:00', description: 'when it happened; not in the future, not before the previous step; default now' })
  @Optional()
  @IsIsoInstant()
  at?: string;

  @ApiPropertyOptional({ example: '2026-11-26T09:00:00+08:00', description: 'corrected: when the corrected application was received (same as at)' })
  @Optional()
  @IsIsoInstant()
  receivedAt?: string;

  @ApiPropertyOptional({ example: '2026-12-02T10:00:00+08:00', description: 'deliver: when the reply was served (same as at)' })
  @Optional()
  @IsIsoInstant()
  deliveredAt?: string;

  @ApiPropertyOptional({ enum: OUTCOMES, example: 'disclosed', description: 'reply' })
  @Optional()
  @IsIn(OUTCOMES, oneOf(OUTCOMES, 'outcome'))
  outcome?: Outcome;

  @ApiPropertyOptional({ enum: ALL_REASONS, example: 'state_secret', description: 'reply: the ground of not_disclosed, unable_to_provide, not_handled or other' })
  @Optional()
  @IsIn(ALL_REASONS, oneOf(ALL_REASONS, 'reason'))
  reason?: OutcomeReason;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'reply (disclosed / partially_disclosed): the documents provided (Art. 44 counts them)' })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  documentIds?: string[];

  @ApiPropertyOptional({ enum: METHODS, example: 'email', description: `deliver: ${DELIVERY_METHODS.join(', ')}; charge_fee: ${FEE_METHODS.join(', ')}` })
  @Optional()
  @IsIn(METHODS, oneOf(METHODS, 'method'))
  method?: DeliveryMethod | (typeof FEE_METHODS)[number];

  @ApiPropertyOptional({ example: 120, description: 'charge_fee per_volume: pages provided' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  pages?: number;

  @ApiPropertyOptional({ enum: CONSULTEES, example: 'third_party', description: 'consult_third_party: a third party (Art. 32, default) or another agency (Art. 34)' })
  @Optional()
  @IsIn(CONSULTEES, oneOf(CONSULTEES, 'consultee'))
  consultee?: Consultee;

  @ApiPropertyOptional({ format: 'uuid', description: 'accept: the unit that handles it' })
  @Optional()
  @IsUUID('all')
  unitId?: string;

  @ApiPropertyOptional({ type: Boolean, example: true, description: 'reply: close the referrals to units still open (without it, an open referral refuses the reply: 409)' })
  @Optional()
  @IsBoolean({ message: 'closeOpenReferrals must be true or false' })
  closeOpenReferrals?: boolean;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATES })
  @IsOptional()
  @IsIn(APPLICATION_STATES, oneOf(APPLICATION_STATES, 'state'))
  state?: ApplicationState;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only overdue ones (open past the due date, or replied late); false: the others' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}

class ClockStepDto {
  @ApiProperty({ enum: ['receipt', 'correction_requested', 'restart', 'pause', 'resume', 'extension', 'replied', 'due'], example: 'receipt' }) kind: string;
  @ApiProperty({ example: '2026-11-27T11:55:42.537+08:00' }) at: string;
  @ApiPropertyOptional({ example: 20 }) days?: number;
  @ApiProperty({ example: 'Received 2026-11-27; 20 working days counted from the next working day' }) text: string;
  @ApiProperty({ example: '2026年11月27日收到申请；答复期限为20个工作日，自收到申请之日的次日起计算（收到申请当日不计入）' }) textZh: string;
}

class ClockWarningDto {
  @ApiProperty({ example: 'extension_after_due' }) code: string;
  @ApiProperty({ example: '2026-12-28T10:00:00.000+08:00' }) at: string;
  @ApiProperty() text: string;
  @ApiProperty() textZh: string;
}

/** The reply-deadline clock with the steps that explain the due date. */
export class ClockDto {
  @ApiProperty({ type: String, nullable: true, format: 'date-time', example: '2026-12-25T23:59:59.999+08:00' }) dueAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-25' }) dueDate: string | null;
  @ApiProperty({ enum: ['running', 'stopped', 'paused', 'done'], example: 'running' }) state: string;
  @ApiProperty({ example: false, description: 'paused: the due date assumes the pause ends today' }) provisional: boolean;
  @ApiProperty({ example: false }) extended: boolean;
  @ApiProperty({ example: false, description: 'a year between receipt and the due date has no holiday data (Mon–Fri assumed)' }) calendarIncomplete: boolean;
  @ApiProperty({ type: [Number], example: [] }) missingYears: number[];
  @ApiProperty({ type: [ClockStepDto] }) steps: ClockStepDto[];
  @ApiProperty({ example: 0 }) workingDaysUsed: number;
  @ApiProperty({ type: Number, nullable: true, example: 20 }) workingDaysLeft: number | null;
  @ApiProperty({ example: false }) overdue: boolean;
  @ApiProperty({ type: [ClockWarningDto] }) warnings: ClockWarningDto[];
}

class FeeBandDto {
  @ApiProperty({ example: '31–100' }) band: string;
  @ApiProperty({ example: 70 }) count: number;
  @ApiProperty({ example: 10 }) unitYuan: number;
  @ApiProperty({ example: 700 }) subtotal: number;
}

export class FeeDto {
  @ApiProperty({ enum: FEE_METHODS, example: 'per_volume' }) method: string;
  @ApiProperty({ type: Number, nullable: true, example: 120 }) pages: number | null;
  @ApiProperty({ example: 1100 }) amountYuan: number;
  @ApiProperty({ type: [FeeBandDto] }) breakdown: FeeBandDto[];
  @ApiProperty({ format: 'date-time' }) chargedAt: string;
  @ApiProperty({ format: 'date-time', description: 'end of the 20th working day after the notice' }) payBy: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) paidAt: string | null;
}

export class ApplicationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7QX2MZ4HB6TNW3RJ5VA' }) trackingCode: string;
  @ApiProperty({ enum: APPLICATION_STATES, example: 'handling' }) state: ApplicationState;
  @ApiProperty({ example: 3 }) version: number;
  @ApiProperty({ enum: APPLICANT_TYPES }) applicantType: ApplicantType;
  @ApiProperty({ example: '张三' }) applicantName: string;
  @ApiProperty({ example: '2026年本区老旧小区改造项目的资金安排' }) description: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) unitId: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', example: '2026-12-25T23:59:59.999+08:00' }) dueAt: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 4, description: 'working days until the due date (0 = due today, negative = overdue); null when not running' })
  workingDaysLeft: number | null;
  @ApiProperty({ example: false }) overdue: boolean;
  @ApiProperty({ example: false }) calendarIncomplete: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) repliedAt: string | null;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) outcome: Outcome | null;
}

export class ApplicationPage {
  @ApiProperty({ type: [ApplicationSummary] }) items: ApplicationSummary[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ApplicationResponse extends ApplicationSummary {
  @ApiPropertyOptional({ type: String, nullable: true, example: '110101199003071234', description: 'the office only (left out for a referred unit’s liaison)' })
  idNumber?: string | null;
  @ApiPropertyOptional({ type: ContactDto, description: 'the office only (left out for a referred unit’s liaison)' }) contact?: ContactDto;
  @ApiProperty({ type: String, nullable: true }) purpose: string | null;
  @ApiProperty({ enum: FORMATS }) format: InformationFormat;
  @ApiProperty({ enum: DELIVERY_PREFERENCES }) delivery: DeliveryPreference;
  @ApiProperty({ example: false }) correctionRequested: boolean;
  @ApiProperty({ example: false }) extended: boolean;
  @ApiProperty({ enum: ALL_REASONS, nullable: true }) reason: OutcomeReason | null;
  @ApiProperty({ type: String, nullable: true }) replyComment: string | null;
  @ApiProperty({ type: [String], format: 'uuid', example: [] }) documentIds: string[];
  @ApiProperty({ enum: DELIVERY_METHODS, nullable: true }) deliveryMethod: DeliveryMethod | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deliveredAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) filedAt: string | null;
  @ApiProperty({ type: FeeDto, nullable: true }) fee: FeeDto | null;
  @ApiProperty({ enum: ACTIONS, isArray: true, example: ['request_correction', 'accept', 'consult_third_party', 'extend', 'reply'], description: 'what may be done now' })
  availableActions: Action[];
  @ApiProperty({ type: ClockDto }) clock: ClockDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ApplicationEventResponse {
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ enum: ['receive', ...ACTIONS, 'refer', 'referral_answer'], example: 'accept', description: 'refer: referred to units (data.referrals); referral_answer: a unit’s answer (data: referralId, unitId, proposedOutcome, reason, documentIds)' })
  action: string;
  @ApiProperty({ format: 'date-time', description: 'when it happened' }) at: string;
  @ApiProperty({ format: 'date-time', description: 'when it was recorded' }) recordedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '张敏' }) actorName: string | null;
  @ApiProperty({ enum: APPLICATION_STATES, nullable: true }) fromState: ApplicationState | null;
  @ApiProperty({ enum: APPLICATION_STATES }) toState: ApplicationState;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: Object, example: { consultee: 'third_party' } }) data: Record<string, unknown>;
}

class ProposalItem {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ example: '关于申请追加老旧小区改造资金的请示' }) title: string;
  @ApiProperty({ example: 'issued' }) state: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ example: 3, description: 'distinct applicants it was disclosed to' }) applicants: number;
  @ApiProperty({ example: 4 }) applications: number;
  @ApiProperty({ format: 'date-time' }) lastRepliedAt: string;
}

export class ProposalPage {
  @ApiProperty({ type: [ProposalItem] }) items: ProposalItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ example: 3, description: 'APPLICATION_PROPOSAL_THRESHOLD' }) threshold: number;
}
