import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const SUPERVISED_KINDS = ['document_step', 'consultation', 'referral', 'application', 'complaint', 'rectification', 'guide'] as const;
export type SupervisedKind = (typeof SUPERVISED_KINDS)[number];

export class StepDeadlinesDto {
  @ApiProperty({ minimum: 1, maximum: 60, example: 3, description: 'working days' }) @IsInt() @Min(1) @Max(60) secrecy_review: number;
  @ApiProperty({ minimum: 1, maximum: 60, example: 5, description: 'working days' }) @IsInt() @Min(1) @Max(60) attribute_review: number;
  @ApiProperty({ minimum: 1, maximum: 60, example: 3, description: 'working days' }) @IsInt() @Min(1) @Max(60) leader_review: number;
}

export class UrgeRequest {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: '请于今日内完成审核。' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment: string;
}

export class UrgeResponse {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'date-time' }) urgedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) stepDueAt: string | null;
}

export class SupervisedItem {
  @ApiProperty({ enum: SUPERVISED_KINDS }) kind: SupervisedKind;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the unit that has to act (null: the district’s office)' }) unitId: string | null;
  @ApiProperty() state: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ description: 'working days past the due date (0 when not yet due)' }) overdueWorkingDays: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'for a consultation: its document' }) documentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'for a referral: its application' }) applicationId?: string;
}

export class UnitCount {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  @ApiProperty() overdue: number;
  @ApiProperty() dueSoon: number;
}

export class SupervisionResponse {
  @ApiProperty({ type: [SupervisedItem], description: 'past their due date, the longest overdue first' }) overdue: SupervisedItem[];
  @ApiProperty({ type: [SupervisedItem], description: 'due within 2 working days, the soonest first' }) dueSoon: SupervisedItem[];
  @ApiProperty({ type: [UnitCount], description: 'per unit, the most overdue first' }) byUnit: UnitCount[];
}
