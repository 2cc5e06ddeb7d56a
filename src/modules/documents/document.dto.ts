import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination.js';
import { Optional } from '../../common/validation/optional.js';
import { WORKFLOW_ACTIONS, type WorkflowAction } from '../workflow/transitions.js';
import {
  CATEGORIES,
  DOCUMENT_STATES,
  DOC_TYPES,
  INTERPRETATION_FORMS,
  NON_DISCLOSURE_REASONS,
  PUBLIC_ATTRIBUTES,
  type Category,
  type DocType,
  type DocumentState,
  type InterpretationForm,
  type NonDisclosureReason,
  type PublicAttribute,
} from './document.types.js';

const oneOf = (values: readonly string[], field: string) => ({ message: `${field} must be one of ${values.join(', ')}` });

/** The signing-and-approval form (发文稿纸). */
export class CreateDocumentRequest {
  @ApiProperty({ minLength: 1, maxLength: 300, example: '关于印发《区政府信息公开工作规则》的通知' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ enum: DOC_TYPES, example: 'normative_document' })
  @IsIn(DOC_TYPES, oneOf(DOC_TYPES, 'docType'))
  docType: DocType;

  @ApiProperty({ description: 'full text, up to 1 MB (UTF-8); larger answers 413', example: '各街道办事处，区政府各委、办、局：……' })
  @IsString()
  body: string;

  @ApiPropertyOptional({ maxLength: 2000, example: '明确政府信息公开的范围、程序和监督保障。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;

  @ApiPropertyOptional({ enum: CATEGORIES, example: 'rules_and_normative_documents' })
  @IsOptional()
  @IsIn(CATEGORIES, oneOf(CATEGORIES, 'category'))
  category?: Category;

  @ApiPropertyOptional({ maxLength: 100, example: '朝政发〔2026〕3号', description: '文号' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  documentNumber?: string;

  @ApiProperty({ enum: PUBLIC_ATTRIBUTES, example: 'proactive' })
  @IsIn(PUBLIC_ATTRIBUTES, oneOf(PUBLIC_ATTRIBUTES, 'publicAttribute'))
  publicAttribute: PublicAttribute;

  @ApiPropertyOptional({ enum: NON_DISCLOSURE_REASONS, description: 'required when publicAttribute is not_public' })
  @ValidateIf((o: CreateDocumentRequest) => o.nonDisclosureReason !== undefined && o.nonDisclosureReason !== null)
  @IsIn(NON_DISCLOSURE_REASONS, oneOf(NON_DISCLOSURE_REASONS, 'nonDisclosureReason'))
  nonDisclosureReason?: NonDisclosureReason | null;

  @ApiPropertyOptional({ maxLength: 2000, example: '属于行政规范性文件，依据《条例》第二十条第（一）项主动公开。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  attributeRationale?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'docType interpretation (政策解读): the document it interprets (required then, refused otherwise); one the drafter may read, not itself an interpretation' })
  @Optional()
  @IsUUID('all', { message: 'interprets must be a document id (UUID)' })
  interprets?: string;

  @ApiPropertyOptional({ enum: INTERPRETATION_FORMS, description: 'docType interpretation: text, graphic (图解), video or qa (问答); default text' })
  @Optional()
  @IsIn(INTERPRETATION_FORMS, oneOf(INTERPRETATION_FORMS, 'interpretationForm'))
  interpretationForm?: InterpretationForm;
}

export class UpdateDocumentRequest extends PartialType(CreateDocumentRequest) {}

export class OfficeOpinion {
  @ApiProperty({ enum: PUBLIC_ATTRIBUTES }) publicAttribute: PublicAttribute;
  @ApiProperty({ enum: NON_DISCLOSURE_REASONS, nullable: true }) nonDisclosureReason: NonDisclosureReason | null;
}

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DOC_TYPES }) docType: DocType;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ enum: CATEGORIES, nullable: true }) category: Category | null;
  @ApiProperty({ type: String, nullable: true }) documentNumber: string | null;
  @ApiProperty({ enum: PUBLIC_ATTRIBUTES }) publicAttribute: PublicAttribute;
  @ApiProperty({ enum: NON_DISCLOSURE_REASONS, nullable: true }) nonDisclosureReason: NonDisclosureReason | null;
  @ApiProperty({ type: String, nullable: true }) attributeRationale: string | null;
  @ApiProperty({ type: OfficeOpinion, nullable: true, description: 'the disclosure office’s opinion on the attribute, once given' })
  officeOpinion: OfficeOpinion | null;
  @ApiProperty({ type: OfficeOpinion, nullable: true, description: 'Art. 18 re-assessment: the office’s proposal awaiting the leader' })
  proposal: OfficeOpinion | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when a withheld document is due for re-assessment (Art. 18)' })
  reviewDueAt: string | null;
  @ApiProperty({ enum: DOCUMENT_STATES, example: 'draft' }) state: DocumentState;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ format: 'uuid' }) drafterId: string;
  @ApiProperty({ type: String, nullable: true, example: 'FGW-2026-000017' }) indexNo: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'in a review step: the end of its time limit (working days)' })
  stepDueAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'an interpretation: the document it interprets' }) interprets: string | null;
  @ApiProperty({ type: String, enum: INTERPRETATION_FORMS, nullable: true, description: 'an interpretation: its form' }) interpretationForm: InterpretationForm | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** What the caller may do with the document now, from the server's rules. */
export class DocumentActions {
  @ApiProperty({ isArray: true, enum: WORKFLOW_ACTIONS, example: ['approve', 'return'], description: 'workflow actions the caller may take now (recall only while their step is the last)' })
  actions: WorkflowAction[];
  @ApiProperty({ isArray: true, enum: ['drafter', 'previous'], description: 'where a return may send it' })
  returnTo: ('drafter' | 'previous')[];
  @ApiProperty({ isArray: true, enum: ['edit', 'consult', 'urge', 'redact'], description: 'other things the caller may do now' })
  other: ('edit' | 'consult' | 'urge' | 'redact')[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the delegator in whose place the caller acts, when a deputy' })
  onBehalfOfId: string | null;
}

export class DocumentSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DOC_TYPES }) docType: DocType;
  @ApiProperty({ enum: PUBLIC_ATTRIBUTES }) publicAttribute: PublicAttribute;
  @ApiProperty({ enum: DOCUMENT_STATES }) state: DocumentState;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ format: 'uuid' }) drafterId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'in a review step: the end of its time limit (working days)' })
  stepDueAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'an interpretation: the document it interprets' }) interprets: string | null;
  @ApiProperty({ type: String, enum: INTERPRETATION_FORMS, nullable: true }) interpretationForm: InterpretationForm | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DocumentPage {
  @ApiProperty({ type: [DocumentSummary] }) items: DocumentSummary[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListDocumentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_STATES })
  @IsOptional()
  @IsIn(DOCUMENT_STATES, oneOf(DOCUMENT_STATES, 'state'))
  state?: DocumentState;

  @ApiPropertyOptional({ format: 'uuid', description: 'only the interpretations of this document (those the caller may read)' })
  @Optional()
  @IsUUID('all', { message: 'interprets must be a document id (UUID)' })
  interprets?: string;
}

export class TaskItem extends DocumentSummary {
  @ApiProperty({ isArray: true, enum: WORKFLOW_ACTIONS, example: ['approve', 'return'] })
  actions: string[];
}

export class TaskPage {
  @ApiProperty({ type: [TaskItem] }) items: TaskItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { secrecy_review: 2, draft: 1 }, description: 'how many tasks of each kind (by document state)' })
  counts: Record<string, number>;
}

export class HistoryEntry {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid' }) actorId: string;
  @ApiProperty({ example: '李明', description: 'the actor’s display name' }) actorName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the delegator, when a deputy acted on their behalf' }) onBehalfOfId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the delegator’s display name' }) onBehalfOfName: string | null;
  @ApiProperty({ example: 'approve' }) action: string;
  @ApiProperty({ type: String, nullable: true, enum: DOCUMENT_STATES }) fromState: DocumentState | null;
  @ApiProperty({ enum: DOCUMENT_STATES }) toState: DocumentState;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ enum: PUBLIC_ATTRIBUTES, nullable: true }) publicAttribute: PublicAttribute | null;
  @ApiProperty({ enum: NON_DISCLOSURE_REASONS, nullable: true }) nonDisclosureReason: NonDisclosureReason | null;
}
