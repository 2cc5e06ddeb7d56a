import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC_REVALIDATE } from '../../common/http/http-edge.js';
import { PatternParam, UuidParam } from '../../common/http/params.js';
import { INDEX_NO_PATTERN } from '../catalogue/index-number.js';
import { Public } from '../authorization/policy.decorator.js';
import { AttachmentListQuery, DownloadQuery, PublicAttachmentPage } from './attachment.dto.js';
import { ATTACHMENT_MEDIA_TYPES } from './attachment.types.js';
import { AttachmentsService } from './attachments.service.js';
import { sendFile } from './send-file.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

/**
 * The files of published catalogue entries, for everyone (Art. 24: viewing and download). Only
 * while the entry is published: anything else, whatever the URL, is 404.
 */
@ApiTags('catalogue')
@PatternParam('indexNo', INDEX_NO_PATTERN, 'the index number, e.g. FGW-2026-000017')
@Controller('api/v1/catalogue/:indexNo/attachments')
export class PublicAttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get()
  @Public()
  @Header('cache-control', PUBLIC_REVALIDATE)
  @ApiOperation({ summary: 'The files of a published entry, oldest first (imported entries have none)' })
  @ApiOkResponse({ type: PublicAttachmentPage })
  @ApiNotFoundResponse({ description: 'unknown or revoked entry' })
  list(@Param('indexNo') indexNo: string, @Query() q: AttachmentListQuery): Promise<PublicAttachmentPage> {
    return this.attachments.publicList(indexNo, { limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get(':attachmentId')
  @Public()
  @UuidParam('attachmentId')
  @ApiOperation({ summary: 'Download a file of a published entry' })
  @ApiProduces(...ATTACHMENT_MEDIA_TYPES)
  @ApiOkResponse({ description: 'the file, with Content-Disposition (RFC 6266, UTF-8 name in filename*) and ETag', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'unknown, revoked, or not a file of this entry' })
  async download(
    @Param('indexNo') indexNo: string,
    @Param('attachmentId') attachmentId: string,
    @Query() q: DownloadQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.attachments.publicDownload(indexNo, attachmentId);
    await sendFile(req, reply, file, { disposition: q.disposition, cache: 'public' });
  }
}
