import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';
import { NON_DISCLOSURE_REASONS, PUBLIC_ATTRIBUTES, type NonDisclosureReason, type PublicAttribute } from '../documents/document.types.js';
import { WORKFLOW_ACTIONS, type ReturnTo, type WorkflowAction } from './transitions.js';

const RETURN_TARGETS = ['drafter', 'previous'] as const;

export class TransitionRequest {
  @ApiProperty({ enum: WORKFLOW_ACTIONS, example: 'approve' })
  @IsIn(WORKFLOW_ACTIONS, { message: `action must be one of ${WORKFLOW_ACTIONS.join(', ')}` })
  action: WorkflowAction;

  @ApiPropertyOptional({ maxLength: 2000, example: '同意，按主动公开发布。', description: 'required for return and revoke, and when the leader changes the office’s attribute' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ enum: PUBLIC_ATTRIBUTES, description: 'the office’s opinion, the leader’s final attribute (approve), or the proposed new attribute (propose)' })
  @Optional()
  @IsIn(PUBLIC_ATTRIBUTES, { message: `publicAttribute must be one of ${PUBLIC_ATTRIBUTES.join(', ')}` })
  publicAttribute?: PublicAttribute;

  @ApiPropertyOptional({ enum: NON_DISCLOSURE_REASONS, description: 'with publicAttribute not_public' })
  @ValidateIf((o: TransitionRequest) => o.nonDisclosureReason !== undefined)
  @IsIn(NON_DISCLOSURE_REASONS, { message: `nonDisclosureReason must be one of ${NON_DISCLOSURE_REASONS.join(', ')}` })
  nonDisclosureReason?: NonDisclosureReason;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  attributeRationale?: string;

  @ApiPropertyOptional({ description: 'at secrecy review: the reviewer has seen the assessment findings and approves anyway' })
  @Optional()
  @IsBoolean()
  findingsAcknowledged?: boolean;

  @ApiPropertyOptional({ enum: RETURN_TARGETS, description: 'with return: back to the drafter (when absent), or to the previous review step (which approves again)' })
  @Optional()
  @IsIn(RETURN_TARGETS, { message: `to must be one of ${RETURN_TARGETS.join(', ')}` })
  to?: ReturnTo;

  @ApiPropertyOptional({ description: 'the office approves although consultations are still open: they are closed (a comment is required)' })
  @Optional()
  @IsBoolean()
  closeOpenConsultations?: boolean;
}
