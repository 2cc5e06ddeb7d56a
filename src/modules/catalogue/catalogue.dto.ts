import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination.js';
import { CATEGORIES } from '../documents/document.types.js';
import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';

export class CatalogueQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'search titles, summaries and bodies (Chinese and English)', example: '信息公开' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['relevance', 'newest'], description: 'with q: newest first (default) or relevance (ranked within blocks of the 30 newest matches, newest block first); without q always newest' })
  @IsOptional()
  @IsIn(['relevance', 'newest'], { message: 'sort must be relevance or newest' })
  sort?: 'relevance' | 'newest';

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category?: string;

  @ApiPropertyOptional({ description: 'unit code', example: 'FGW' })
  @IsOptional()
  @Matches(UNIT_CODE_PATTERN, { message: 'unit must be a unit code (A–Z, 0–9, -)' })
  unit?: string;
}

export class UnitRef {
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
}

export class CatalogueEntryResponse {
  @ApiProperty({ example: 'FGW-2026-000017' }) indexNo: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) documentId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ example: 'normative_document' }) docType: string;
  @ApiProperty({ type: String, nullable: true, enum: CATEGORIES }) category: string | null;
  @ApiProperty({ type: String, nullable: true, example: '朝政发〔2026〕3号' }) documentNumber: string | null;
  @ApiProperty({ type: UnitRef }) unit: UnitRef;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ example: '/api/v1/catalogue/FGW-2026-000017' }) url: string;
}

/** A link from one entry to another (a document and its policy interpretations). */
export class EntryLink {
  @ApiProperty({ example: 'FGW-2026-000018' }) indexNo: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '/api/v1/catalogue/FGW-2026-000018' }) url: string;
}

export class CatalogueEntryDetail extends CatalogueEntryResponse {
  @ApiProperty() body: string;
  @ApiProperty({ type: [EntryLink], description: 'the policy interpretations (政策解读) of this document in the catalogue, oldest first' })
  interpretations: EntryLink[];
  @ApiProperty({ type: EntryLink, nullable: true, description: 'for an interpretation: the document it interprets' })
  interprets: EntryLink | null;
}

export class PublishingUnit extends UnitRef {
  @ApiProperty({ type: String, nullable: true, example: '/api/v1/units/FGW/guide', description: 'the unit’s disclosure guide (政府信息公开指南), once it has a profile' })
  guideUrl: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the guide was last updated' })
  guideUpdatedAt: string | null;
}

export class CataloguePage {
  @ApiProperty({ type: [CatalogueEntryResponse] }) items: CatalogueEntryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class FeedQuery {
  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category?: string;

  @ApiPropertyOptional({ description: 'unit code', example: 'FGW' })
  @IsOptional()
  @Matches(UNIT_CODE_PATTERN, { message: 'unit must be a unit code (A–Z, 0–9, -)' })
  unit?: string;
}

export class ChangesQuery {
  @ApiPropertyOptional({ description: 'the lastSeq of the previous answer (0 or absent: from the beginning)', example: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

class Change {
  @ApiProperty({ example: 42 }) seq: number;
  @ApiProperty({ enum: ['published', 'revoked'] }) type: 'published' | 'revoked';
  @ApiProperty({ example: 'FGW-2026-000017' }) indexNo: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ChangesResponse {
  @ApiProperty({ type: [Change] }) changes: Change[];
  @ApiProperty({ example: 42, description: 'store it and poll again with after=lastSeq' }) lastSeq: number;
}
