import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { invalidInput } from '../../common/errors/domain-error.js';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, ReadPolicy } from '../authorization/policy.decorator.js';
import { DOC_TYPES, type DocType } from '../documents/document.types.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { AssessFormRequest, AssessmentResponse, CreateRedactionRequest, FormAssessmentResponse } from './assessment.dto.js';
import { AssessmentService } from './assessment.service.js';
import { RedactDocumentUseCase } from './redact-document.use-case.js';
import { UnredactDocumentUseCase } from './unredact-document.use-case.js';
import { scanText, suggestAttribute } from './domain/index.js';

@ApiTags('assessment')
@ApiBearerAuth()
@Controller('api/v1')
export class AssessmentController {
  constructor(
    private readonly assessment: AssessmentService,
    private readonly documents: DocumentsService,
    private readonly redactDocument: RedactDocumentUseCase,
    private readonly unredactDocument: UnredactDocumentUseCase,
  ) {}

  @Get('documents/:id/assessment')
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'What the service found in the document and which attribute it suggests, with the legal basis' })
  @ApiOkResponse({ type: AssessmentResponse })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentAbility() ability: AppAbility): Promise<AssessmentResponse> {
    const doc = await this.documents.getReadable(ability, id);
    return this.assessment.assess(doc);
  }

  @Post('assessment')
  @HttpCode(200)
  @Policy('create', 'Document')
  @ApiOperation({ summary: 'Assess a form being filled in (nothing is stored): the drafter sees the suggestion while writing' })
  @ApiOkResponse({ type: FormAssessmentResponse })
  assessForm(@Body() form: AssessFormRequest): FormAssessmentResponse {
    if (!(DOC_TYPES as readonly string[]).includes(form.docType)) throw invalidInput(`docType must be one of ${DOC_TYPES.join(', ')}`);
    const findings = [
      ...scanText(form.title).map((f) => ({ ...f, id: `title/${f.id}`, source: 'title', redacted: false })),
      ...scanText(form.summary ?? '').map((f) => ({ ...f, id: `summary/${f.id}`, source: 'summary', redacted: false })),
      ...scanText(form.body).map((f) => ({ ...f, source: 'body', redacted: false })),
    ];
    const s = suggestAttribute({ docType: form.docType as DocType, category: form.category ?? null, title: form.title, body: form.body, findings });
    return { suggestedAttribute: s.suggestedAttribute, nonDisclosureReason: s.nonDisclosureReason, basis: s.basis, findings };
  }

  @Post('documents/:id/redactions')
  @Policy('redact', 'Document')
  @ApiOperation({ summary: 'Mark a finding (or any span of the body) to be redacted in everything public (office at attribute review, leader at sign-off)' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiResponse({ status: 201, type: AssessmentResponse, description: 'the assessment after the change; ETag is the document’s new version' })
  async redact(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateRedactionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssessmentResponse> {
    const newVersion = await this.redactDocument.execute({ actor, ability, id, version: requireIfMatch(ifMatch), span: body });
    void reply.status(201).header('etag', etagOf(newVersion));
    return this.assessment.assess(await this.documents.getReadable(ability, id));
  }

  @Delete('documents/:id/redactions/:redactionId')
  @Policy('redact', 'Document')
  @ApiOperation({ summary: 'Remove a redaction span' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOkResponse({ type: AssessmentResponse })
  async unredact(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('redactionId', new ParseUUIDPipe()) redactionId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssessmentResponse> {
    const newVersion = await this.unredactDocument.execute({ actor, ability, id, redactionId, version: requireIfMatch(ifMatch) });
    void reply.header('etag', etagOf(newVersion));
    return this.assessment.assess(await this.documents.getReadable(ability, id));
  }
}
