import { Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, ReadPolicy } from '../authorization/policy.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { AttachmentListQuery, AttachmentPage, AttachmentUploadResponse, DownloadQuery } from './attachment.dto.js';
import { ATTACHMENT_MEDIA_TYPES } from './attachment.types.js';
import { AttachmentsService, toAttachmentResponse } from './attachments.service.js';
import { AddAttachmentUseCase } from './add-attachment.use-case.js';
import { FILE_FIELD, MULTIPART_ROUTE } from './multipart.js';
import { ReceiveUploadInterceptor, type UploadRequest } from './receive-upload.interceptor.js';
import { RemoveAttachmentUseCase } from './remove-attachment.use-case.js';
import { sendFile } from './send-file.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

const IF_MATCH_HEADER = { name: 'If-Match', required: true, description: 'the document’s ETag, e.g. "3": files are part of the approved version' };
const FILE_RESPONSE = { description: 'the file, with Content-Disposition (RFC 6266, UTF-8 name in filename*)', schema: { type: 'string', format: 'binary' } };

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/v1/documents/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly addAttachment: AddAttachmentUseCase,
    private readonly removeAttachment: RemoveAttachmentUseCase,
  ) {}

  @Post()
  @Policy('update', 'Document')
  @RouteConfig({ [MULTIPART_ROUTE]: true })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Attach an official file (the drafter, in draft or returned); a new version of the document',
    description:
      'multipart/form-data with one file in the field "file". Allowed: PDF, OFD, DOCX, XLSX, PNG, JPEG, decided from the content ' +
      '(a name whose extension names another type is refused). The text of PDF, DOCX, XLSX and OFD files is extracted for search and the assessment. ' +
      'The document’s version goes up by one: send its ETag as If-Match; the answer’s ETag is the new version.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiHeader(IF_MATCH_HEADER)
  @Idempotent({ before: [ReceiveUploadInterceptor], fingerprint: (req) => ({ fileName: (req as UploadRequest).upload?.fileName, sha256: (req as UploadRequest).upload?.sha256 }) })
  @ApiCreatedResponse({ type: AttachmentUploadResponse, description: 'the attachment; ETag: the document’s new version' })
  @ApiResponse({ status: 400, description: 'no file, another field, more than one file, an empty or unreadable file' })
  @ApiResponse({ status: 409, description: 'the document is not editable in its state, or the same file is already attached' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 413, description: 'the file is larger than ATTACHMENT_MAX_BYTES (20 MB by default)' })
  @ApiResponse({ status: 415, description: `the content is not one of ${ATTACHMENT_MEDIA_TYPES.join(', ')}, or the name’s extension says another type` })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Req() req: UploadRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttachmentUploadResponse> {
    const { meta, documentVersion } = await this.addAttachment.execute({ actor, ability, id, version: requireIfMatch(ifMatch), file: req.upload! });
    void reply.headers({ etag: etagOf(documentVersion), location: `/api/v1/documents/${id}/attachments/${meta.id}` });
    return { ...toAttachmentResponse(meta), documentVersion };
  }

  @Get()
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'The files of a document (anyone who may read it), oldest first' })
  @ApiOkResponse({ type: AttachmentPage })
  @ApiNotFoundResponse({ description: 'unknown or not visible to the caller' })
  list(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: AttachmentListQuery, @CurrentAbility() ability: AppAbility): Promise<AttachmentPage> {
    return this.attachments.list(ability, id, { limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get(':attachmentId')
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'Download a file of a document (anyone who may read it)' })
  @ApiProduces(...ATTACHMENT_MEDIA_TYPES)
  @ApiOkResponse(FILE_RESPONSE)
  @ApiNotFoundResponse({ description: 'unknown, or the document is not visible to the caller' })
  async download(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Query() q: DownloadQuery,
    @CurrentAbility() ability: AppAbility,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.attachments.download(ability, id, attachmentId);
    await sendFile(req, reply, file, { disposition: q.disposition, cache: 'private' });
  }

  @Delete(':attachmentId')
  @Policy('update', 'Document')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a file (the drafter, in draft or returned); a new version of the document' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'removed; ETag: the document’s new version' })
  @ApiResponse({ status: 409, description: 'the document is not editable in its state' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async remove(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const documentVersion = await this.removeAttachment.execute({ actor, ability, id, attachmentId, version: requireIfMatch(ifMatch) });
    void reply.header('etag', etagOf(documentVersion));
  }
}
