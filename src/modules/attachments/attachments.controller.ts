import { Controller, Delete, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
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
import type { AppConfig } from '../../../config/configuration.js';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import { APP_CONFIG } from '../../common/tokens.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, ReadPolicy } from '../authorization/policy.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import type { Actor } from '../identity/user.types.js';
import { AttachmentListQuery, AttachmentPage, AttachmentUploadResponse, DownloadQuery } from './attachment.dto.js';
import { ATTACHMENT_MEDIA_TYPES } from './attachment.types.js';
import { AttachmentsService, toAttachmentResponse } from './attachments.service.js';
import { sendFile } from './send-file.js';
import { FILE_FIELD, MULTIPART_ROUTE, readSingleFile } from './multipart.js';

const IF_MATCH_HEADER = { name: 'If-Match', required: true, description: 'the document’s ETag, e.g. "3": files are part of the approved version' };
const FILE_RESPONSE = { description: 'the file, with Content-Disposition (RFC 6266, UTF-8 name in filename*)', schema: { type: 'string', format: 'binary' } };

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/v1/documents/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key and file returns the first answer' })
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
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttachmentUploadResponse> {
    const version = requireIfMatch(ifMatch);
    // Refuse early, before receiving up to 20 MB (a keyed retry must still reach its stored answer,
    // so then only who may attach is checked); everything is checked again in the transaction.
    await this.attachments.precheck(ability, id, key === undefined ? version : null);
    const file = await this.attachments.prepare(await readSingleFile(req, this.config.attachmentMaxBytes));
    const res = await this.idempotency.run<AttachmentUploadResponse>(
      { scope: `${actor.id}:POST /documents/${id}/attachments`, key, fingerprint: { version, fileName: file.fileName, sha256: file.sha256 } },
      async (m) => {
        const { meta, documentVersion } = await this.attachments.add(m, actor, ability, id, version, file);
        return {
          status: 201,
          body: { ...toAttachmentResponse(meta), documentVersion },
          headers: { etag: etagOf(documentVersion), location: `/api/v1/documents/${id}/attachments/${meta.id}` },
        };
      },
    );
    void reply.status(res.status).headers(res.headers);
    return res.body;
  }

  @Get()
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'The files of a document (anyone who may read it), oldest first' })
  @ApiOkResponse({ type: AttachmentPage })
  @ApiNotFoundResponse({ description: 'unknown or not visible to the caller' })
  list(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: AttachmentListQuery, @CurrentAbility() ability: AppAbility): Promise<AttachmentPage> {
    return this.attachments.list(ability, id, { limit: q.limit ?? 20, cursor: q.cursor });
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
    const version = requireIfMatch(ifMatch);
    const documentVersion = await this.attachments.remove(actor, ability, id, attachmentId, version);
    void reply.header('etag', etagOf(documentVersion));
  }
}
