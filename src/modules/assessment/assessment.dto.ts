import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';
import { DOC_TYPES, NON_DISCLOSURE_REASONS, PUBLIC_ATTRIBUTES } from '../documents/document.types.js';

export class BasisItem {
  @ApiProperty({ example: 'normative_document' }) rule: string;
  @ApiProperty({ example: '第二十条第（一）项 (Art. 20(1))' }) article: string;
  @ApiProperty({ example: 'Administrative normative documents are disclosed proactively.' }) explanation: string;
  @ApiProperty({ example: '行政规范性文件应当主动公开。' }) explanationZh: string;
}

export class FindingResponse {
  @ApiProperty({ example: 'mobile_phone:120-131' }) id: string;
  @ApiProperty({ enum: ['id_card_number', 'mobile_phone', 'bank_card', 'email', 'secrecy_marking', 'internal_marking', 'unscanned_attachment'] }) kind: string;
  @ApiProperty({ enum: ['high', 'medium', 'low'] }) severity: string;
  @ApiProperty({ example: '138****8000', description: 'masked: never the full personal number' }) excerpt: string;
  @ApiProperty({ example: 120, description: 'offset (UTF-16 code units) into the source text' }) start: number;
  @ApiProperty({ example: 131 }) end: number;
  @ApiProperty({ example: 'body', description: 'body, title, summary or attachment:<id>' }) source: string;
  @ApiProperty({ description: 'covered by a redaction span' }) redacted: boolean;
}

export class RedactionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 120 }) start: number;
  @ApiProperty({ example: 131 }) end: number;
  @ApiProperty({ type: String, nullable: true }) findingId: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class AssessmentWarning {
  @ApiProperty({ enum: ['missing_interpretation'] }) code: string;
  @ApiProperty({ example: 'A proactive normative document or plan is published with its policy interpretation …' }) message: string;
  @ApiProperty({ example: '主动公开的行政规范性文件和规划方案应同步发布政策解读……' }) messageZh: string;
}

export class AssessmentResponse {
  @ApiProperty({ enum: PUBLIC_ATTRIBUTES }) suggestedAttribute: string;
  @ApiProperty({ enum: NON_DISCLOSURE_REASONS, nullable: true, type: String }) nonDisclosureReason: string | null;
  @ApiProperty({ type: [BasisItem] }) basis: BasisItem[];
  @ApiProperty({ description: 'the decisive rule is mandatory (a secrecy marking)' }) mandatory: boolean;
  @ApiProperty({ description: 'personal data found: redact or withhold (Art. 15)' }) redactionSuggested: boolean;
  @ApiProperty({ type: [FindingResponse] }) findings: FindingResponse[];
  @ApiProperty({ type: [RedactionResponse] }) redactions: RedactionResponse[];
  @ApiProperty({ type: [AssessmentWarning], description: 'what is not a finding but should be known: missing_interpretation (a proactive normative_document or plan without a policy interpretation)' })
  warnings: AssessmentWarning[];
}

export class AssessFormRequest {
  @ApiProperty({ example: '关于征求《区停车管理办法（征求意见稿）》意见的函' }) @IsString() @MaxLength(300) title: string;
  @ApiProperty({ enum: DOC_TYPES, example: 'normative_document' })
  @IsIn(DOC_TYPES, { message: `docType must be one of ${DOC_TYPES.join(', ')}` })
  docType: string;
  @ApiProperty() @IsString() body: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) summary?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) category?: string;
}

export class FormAssessmentResponse {
  @ApiProperty({ enum: PUBLIC_ATTRIBUTES }) suggestedAttribute: string;
  @ApiProperty({ enum: NON_DISCLOSURE_REASONS, nullable: true, type: String }) nonDisclosureReason: string | null;
  @ApiProperty({ type: [BasisItem] }) basis: BasisItem[];
  @ApiProperty({ type: [FindingResponse] }) findings: FindingResponse[];
}

export class CreateRedactionRequest {
  @ApiPropertyOptional({ example: 'mobile_phone:120-131', description: 'redact this finding of the body (start/end taken from it)' })
  @Optional()
  @IsString()
  @MaxLength(100)
  findingId?: string;

  @ApiPropertyOptional({ example: 120, description: 'or any span of the body: start offset' }) @Optional() @IsInt() @Min(0) start?: number;
  @ApiPropertyOptional({ example: 131 }) @Optional() @IsInt() @Min(1) end?: number;
  @ApiPropertyOptional({ example: '个人信息' }) @Optional() @IsString() @MaxLength(500) note?: string;
}
