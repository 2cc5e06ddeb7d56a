import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination.js';
import { ATTACHMENT_MEDIA_TYPES, TEXT_STATUSES, type TextStatus } from './attachment.types.js';

export class AttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ example: '关于印发《政府信息公开工作规则》的通知.pdf', description: 'the name as uploaded (directories and control characters removed)' })
  fileName: string;
  @ApiProperty({ enum: ATTACHMENT_MEDIA_TYPES, example: 'application/pdf', description: 'detected from the content' }) mediaType: string;
  @ApiProperty({ example: 183204, description: 'bytes' }) size: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256: string;
  @ApiProperty({
    enum: TEXT_STATUSES,
    description: 'extracted: all text read (searched and scanned); truncated: the first 2,000,000 characters; not_supported: images (no OCR); failed: the text could not be read in time',
  })
  textStatus: TextStatus;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ example: '/api/v1/documents/7a1c…/attachments/2b9e…', description: 'download (authenticated)' }) url: string;
}

export class AttachmentUploadResponse extends AttachmentResponse {
  @ApiProperty({ example: 4, description: 'the document’s new version (also in ETag): send it as If-Match next' }) documentVersion: number;
}

export class AttachmentPage {
  @ApiProperty({ type: [AttachmentResponse] }) items: AttachmentResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PublicAttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '关于印发《政府信息公开工作规则》的通知.pdf' }) fileName: string;
  @ApiProperty({ enum: ATTACHMENT_MEDIA_TYPES, example: 'application/pdf' }) mediaType: string;
  @ApiProperty({ example: 183204 }) size: number;
  @ApiProperty({ description: 'SHA-256 of the file, hex: lets a reader check a copy' }) sha256: string;
  @ApiProperty({ example: '/api/v1/catalogue/FGW-2026-000017/attachments/2b9e…' }) url: string;
}

export class PublicAttachmentPage {
  @ApiProperty({ type: [PublicAttachmentResponse] }) items: PublicAttachmentResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class DownloadQuery {
  @ApiPropertyOptional({
    enum: ['attachment', 'inline'],
    default: 'attachment',
    description: 'inline: view in the browser (PDF, PNG, JPEG only; other types are always downloaded)',
  })
  @IsOptional()
  @IsIn(['attachment', 'inline'], { message: 'disposition must be one of attachment, inline' })
  disposition?: 'attachment' | 'inline';
}

export class AttachmentListQuery extends PageQuery {}
