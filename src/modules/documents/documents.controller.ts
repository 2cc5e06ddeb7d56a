import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import { DEFAULT_PAGE_LIMIT, PageQuery } from '../../common/pagination/pagination.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, ReadPolicy } from '../authorization/policy.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import {
  CreateDocumentRequest,
  DocumentPage,
  DocumentResponse,
  HistoryEntry,
  ListDocumentsQuery,
  TaskPage,
  UpdateDocumentRequest,
} from './document.dto.js';
import { toDocumentResponse } from './document.mapper.js';
import { CreateDocumentUseCase } from './create-document.use-case.js';
import { DocumentsService } from './documents.service.js';
import { UpdateDocumentUseCase } from './update-document.use-case.js';

const IF_MATCH_HEADER = { name: 'If-Match', required: true, description: 'the ETag of the version you read, e.g. "3"' };

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/v1')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly createDocument: CreateDocumentUseCase,
    private readonly updateDocument: UpdateDocumentUseCase,
  ) {}

  @Post('documents')
  @Policy('create', 'Document')
  @ApiOperation({ summary: 'Create a signing-and-approval form (drafter); it belongs to the drafter’s unit' })
  @Idempotent()
  @ApiCreatedResponse({ type: DocumentResponse, description: 'the new draft, with ETag' })
  @ApiResponse({ status: 413, description: 'body larger than 1 MB' })
  async create(
    @Body() body: CreateDocumentRequest,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentResponse> {
    const doc = await this.createDocument.execute({ actor, ability, form: body });
    void reply.header('etag', etagOf(doc.version));
    return toDocumentResponse(doc);
  }

  @Get('documents')
  @Policy('read', 'Document')
  @ApiOperation({ summary: 'Documents the caller may read, newest first (filtered in the database)' })
  @ApiOkResponse({ type: DocumentPage })
  list(@Query() q: ListDocumentsQuery, @CurrentAbility() ability: AppAbility): Promise<DocumentPage> {
    return this.documents.list(ability, { state: q.state, interprets: q.interprets, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get('tasks')
  @Policy('read', 'Profile')
  @ApiOperation({ summary: 'Documents on which the caller can take a workflow action now' })
  @ApiOkResponse({ type: TaskPage })
  tasks(@Query() q: PageQuery, @CurrentAbility() ability: AppAbility): Promise<TaskPage> {
    return this.documents.tasks(ability, { limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get('documents/:id')
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'One document, with ETag' })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiNotFoundResponse({ description: 'unknown or not visible to the caller' })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentResponse> {
    const doc = await this.documents.get(ability, id);
    void reply.header('etag', etagOf(doc.version));
    return doc;
  }

  @Patch('documents/:id')
  @Policy('update', 'Document')
  @ApiOperation({ summary: 'Edit the form (its drafter, in draft or returned)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ type: UpdateDocumentRequest })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiResponse({ status: 409, description: 'not editable in the current state' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateDocumentRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentResponse> {
    const doc = await this.updateDocument.execute({ actor, ability, id, version: requireIfMatch(ifMatch), changes: body });
    void reply.header('etag', etagOf(doc.version));
    return toDocumentResponse(doc);
  }

  @Get('documents/:id/history')
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'Every step of the document, oldest first' })
  @ApiOkResponse({ type: [HistoryEntry] })
  history(@Param('id', new ParseUUIDPipe()) id: string, @CurrentAbility() ability: AppAbility): Promise<HistoryEntry[]> {
    return this.documents.history(ability, id);
  }
}
