import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination.js';
import { Optional } from '../../common/validation/optional.js';
import { TRACKING_CODE_PATTERN } from '../applications/applicant-identity.js';
import { IsIsoInstant } from '../applications/http/iso-instant.js';
import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';
import {
  ACCOUNTABILITY_KINDS,
  COMPLAINT_ACTIONS,
  COMPLAINT_KINDS,
  COMPLAINT_STATES,
  FINDINGS,
  type AccountabilityKind,
  type ComplaintAction,
  type ComplaintKind,
  type ComplaintState,
  type Finding,
} from './complaint-rules.js';

const oneOf = (values: readonly string[], field: string) => ({ message: `${field} must be one of ${values.join(', ')}` });

class ComplaintContactDto {
  @ApiPropertyOptional({ example: '13800138000', maxLength: 30 })
  @Optional()
  @IsString()
  @Matches(/^[0-9+\-() ]{5,30}$/, { message: 'contact.phone must be 5–30 digits, spaces, +, - or parentheses' })
  phone?: string;

  @ApiPropertyOptional({ example: 'li.si@example.com', maxLength: 200 })
  @Optional()
  @IsEmail({}, { message: 'contact.email must be an e-mail address' })
  @MaxLength(200)
  email?: string;
}

/** The public form (投诉举报). A report may be anonymous: name and contact are optional. */
export class FileComplaintRequest {
  @ApiProperty({ enum: COMPLAINT_KINDS, example: 'complaint', description: 'complaint (投诉: one’s own rights were infringed) or report (举报: about the work in general)' })
  @IsIn(COMPLAINT_KINDS, oneOf(COMPLAINT_KINDS, 'kind'))
  kind: ComplaintKind;

  @ApiPropertyOptional({ pattern: UNIT_CODE_PATTERN.source, example: 'FGW', description: 'the unit concerned, when known' })
  @Optional()
  @IsString()
  @Matches(UNIT_CODE_PATTERN, { message: 'unitCode must be a unit code (2–20 characters of A–Z, 0–9 and -)' })
  unitCode?: string;

  @ApiPropertyOptional({ pattern: TRACKING_CODE_PATTERN.source, example: 'K7QX2MZ4HB6TNW3RJ5VA', description: 'the tracking code of the application the complaint is about, if any' })
  @Optional()
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(TRACKING_CODE_PATTERN, { message: 'applicationTrackingCode must be a tracking code (20 characters of A–Z and 2–7)' })
  applicationTrackingCode?: string;

  @ApiProperty({ minLength: 1, maxLength: 5000, example: '申请答复超过法定期限，至今未收到答复。' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  description: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: '李四' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiProperty({ type: ComplaintContactDto, description: 'how the office can reach the complainant (both optional: the tracking code shows the reply)' })
  @IsObject()
  @ValidateNested()
  @Type(() => ComplaintContactDto)
  contact: ComplaintContactDto;
}

export class FileComplaintResponse {
  @ApiProperty({ example: 'M3QX2MZ4HB6TNW3RJ5VA', description: 'keep it: the only key to the status page' }) trackingCode: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-22T23:59:59.999+08:00', description: 'the reply is due by then (COMPLAINT_REPLY_DAYS working days)' }) dueAt: string;
}

export class ComplaintTrackResponse {
  @ApiProperty({ enum: COMPLAINT_STATES }) state: ComplaintState;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) repliedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the office’s reply, once given' }) reply: string | null;
  @ApiProperty({ enum: FINDINGS, nullable: true, type: String, description: 'the finding of the reply' }) finding: Finding | null;
}

class RectificationDto {
  @ApiProperty({ format: 'uuid', description: 'the unit that rectifies' }) @IsUUID('all') unitId: string;
  @ApiProperty({ format: 'date-time', example: '2027-01-15T23:59:59+08:00', description: 'by when (in the future)' }) @IsIsoInstant() dueAt: string;
  @ApiProperty({ minLength: 1, maxLength: 2000, example: '建立申请登记台账，逐件核对答复期限。' }) @IsString() @MinLength(1) @MaxLength(2000) measures: string;
}

class AccountabilityDto {
  @ApiProperty({ enum: ACCOUNTABILITY_KINDS }) @IsIn(ACCOUNTABILITY_KINDS, oneOf(ACCOUNTABILITY_KINDS, 'accountability.kind')) kind: AccountabilityKind;
  @ApiProperty({ minLength: 1, maxLength: 2000, example: '对经办人员进行约谈。' }) @IsString() @MinLength(1) @MaxLength(2000) note: string;
}

export class ComplaintActionRequest {
  @ApiProperty({ enum: COMPLAINT_ACTIONS, example: 'assign' })
  @IsIn(COMPLAINT_ACTIONS, oneOf(COMPLAINT_ACTIONS, 'action'))
  action: ComplaintAction;

  @ApiPropertyOptional({ format: 'uuid', description: 'assign: the unit that handles it (its liaisons are notified)' })
  @Optional()
  @IsUUID('all')
  unitId?: string;

  @ApiPropertyOptional({ enum: FINDINGS, description: 'reply: the finding' })
  @Optional()
  @IsIn(FINDINGS, oneOf(FINDINGS, 'finding'))
  finding?: Finding;

  @ApiPropertyOptional({ minLength: 1, maxLength: 5000, description: 'reply: the text the complainant reads' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  reply?: string;

  @ApiPropertyOptional({ type: RectificationDto, description: 'reply: a rectification ordered (only when substantiated or partly substantiated)' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => RectificationDto)
  rectification?: RectificationDto;

  @ApiPropertyOptional({ type: AccountabilityDto, description: 'reply: accountability recorded' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => AccountabilityDto)
  accountability?: AccountabilityDto;

  @ApiPropertyOptional({ minLength: 1, maxLength: 2000, description: 'rectified: what was done' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

export class ListComplaintsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATES })
  @IsOptional()
  @IsIn(COMPLAINT_STATES, oneOf(COMPLAINT_STATES, 'state'))
  state?: ComplaintState;

  @ApiPropertyOptional({ format: 'uuid', description: 'only complaints concerning this unit' })
  @IsOptional()
  @IsUUID('all')
  unitId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only those open past their due date' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}

class ComplaintRectificationResponse {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() measures: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) doneAt: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

class ComplaintAccountabilityResponse {
  @ApiProperty({ enum: ACCOUNTABILITY_KINDS }) kind: AccountabilityKind;
  @ApiProperty() note: string;
}

class ComplaintContactResponse {
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
}

export class ComplaintEventResponse {
  @ApiProperty({ enum: ['receive', 'assign', 'reply', 'rectified', 'close'] }) action: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the public form' }) actorId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class ComplaintSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: COMPLAINT_KINDS }) kind: ComplaintKind;
  @ApiProperty({ enum: COMPLAINT_STATES }) state: ComplaintState;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the unit concerned' }) unitId: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) repliedAt: string | null;
  @ApiProperty({ description: 'open past its due date' }) overdue: boolean;
  @ApiProperty({ description: 'the first 120 characters of the description' }) excerpt: string;
  @ApiProperty({ enum: FINDINGS, nullable: true, type: String }) finding: Finding | null;
}

export class ComplaintPage {
  @ApiProperty({ type: [ComplaintSummary] }) items: ComplaintSummary[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** One complaint. `name` and `contact` are the office's only: a unit's liaison gets neither. */
export class ComplaintResponse extends ComplaintSummary {
  @ApiProperty() version: number;
  @ApiProperty({ pattern: TRACKING_CODE_PATTERN.source }) trackingCode: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the application it is about' }) applicationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the office only' }) name?: string | null;
  @ApiPropertyOptional({ type: ComplaintContactResponse, description: 'the office only' }) contact?: ComplaintContactResponse;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) assignedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reply: string | null;
  @ApiProperty({ type: ComplaintRectificationResponse, nullable: true }) rectification: ComplaintRectificationResponse | null;
  @ApiProperty({ type: ComplaintAccountabilityResponse, nullable: true }) accountability: ComplaintAccountabilityResponse | null;
  @ApiProperty({ type: [ComplaintEventResponse], description: 'what happened, oldest first' }) history: ComplaintEventResponse[];
}
