import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';
import { UnitIdsProperty } from '../identity/unit-ids.property.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import { NON_DISCLOSURE_REASONS, PUBLIC_ATTRIBUTES, type NonDisclosureReason, type PublicAttribute } from '../documents/document.types.js';
import type { ConsultationState, Opinion } from './consultations.repository.js';

export const CONSULTATION_STATES = ['open', 'answered', 'closed'] as const;
export const OPINIONS = ['agree', 'disagree'] as const;

export class CreateConsultationsRequest {
  @UnitIdsProperty('the units whose liaisons are asked')
  unitIds: string[];

  @ApiProperty({ minLength: 1, maxLength: 2000, example: '本文件拟主动公开，请贵单位就公开属性提出意见。' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  question: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 30, description: 'due at the end of this many working days after today (5 when absent)' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(30)
  dueInWorkingDays?: number;
}

export class AnswerConsultationRequest {
  @ApiProperty({ enum: OPINIONS })
  @IsIn(OPINIONS, { message: `opinion must be one of ${OPINIONS.join(', ')}` })
  opinion: Opinion;

  @ApiPropertyOptional({ enum: PUBLIC_ATTRIBUTES, description: 'the attribute the unit suggests' })
  @Optional()
  @IsIn(PUBLIC_ATTRIBUTES, { message: `publicAttribute must be one of ${PUBLIC_ATTRIBUTES.join(', ')}` })
  publicAttribute?: PublicAttribute;

  @ApiPropertyOptional({ enum: NON_DISCLOSURE_REASONS, description: 'with publicAttribute not_public' })
  @ValidateIf((o: AnswerConsultationRequest) => o.nonDisclosureReason !== undefined)
  @IsIn(NON_DISCLOSURE_REASONS, { message: `nonDisclosureReason must be one of ${NON_DISCLOSURE_REASONS.join(', ')}` })
  nonDisclosureReason?: NonDisclosureReason;

  @ApiProperty({ minLength: 1, maxLength: 2000, example: '同意主动公开。' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment: string;
}

export class ListConsultationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONSULTATION_STATES })
  @Optional()
  @IsIn(CONSULTATION_STATES, { message: `state must be one of ${CONSULTATION_STATES.join(', ')}` })
  state?: ConsultationState;
}

export class ConsultationAnswer {
  @ApiProperty({ enum: OPINIONS }) opinion: Opinion;
  @ApiProperty({ enum: PUBLIC_ATTRIBUTES, nullable: true, type: String }) publicAttribute: PublicAttribute | null;
  @ApiProperty({ enum: NON_DISCLOSURE_REASONS, nullable: true, type: String }) nonDisclosureReason: NonDisclosureReason | null;
  @ApiProperty() comment: string;
  @ApiProperty({ format: 'uuid' }) answeredBy: string;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
}

export class ConsultationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ enum: CONSULTATION_STATES }) state: ConsultationState;
  @ApiProperty() question: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'uuid' }) askedBy: string;
  @ApiProperty({ format: 'date-time' }) askedAt: string;
  @ApiProperty({ type: ConsultationAnswer, nullable: true }) answer: ConsultationAnswer | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
}

export class ConsultationList {
  @ApiProperty({ type: [ConsultationResponse] }) items: ConsultationResponse[];
}

export class ConsultationPage extends ConsultationList {
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
