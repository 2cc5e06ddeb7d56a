import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { DomainError, forbidden, invalidInput, notFound } from '../../common/errors/domain-error.js';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, ReadPolicy } from '../authorization/policy.decorator.js';
import { AuditService } from '../audit/audit.service.js';
import { asSubject } from '../documents/document.mapper.js';
import { DOC_TYPES, type DocType } from '../documents/document.types.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { AssessFormRequest, AssessmentResponse, CreateRedactionRequest, FormAssessmentResponse } from './assessment.dto.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';
import { scanText, suggestAttribute } from './domain/index.js';

@ApiTags('assessment')
@ApiBearerAuth()
@Controller('api/v1')
export class AssessmentController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assessment: AssessmentService,
    private readonly repo: AssessmentRepository,
    private readonly documents: DocumentsService,
    private readonly documentsRepo: DocumentsRepository,
    private readonly audit: AuditService,
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
    const version = requireIfMatch(ifMatch);
    const newVersion = await this.db.transaction(async (m) => {
      const doc = await this.documents.getReadable(ability, id, m);
      if (doc.version !== version) throw new DomainError('stale_version', `the document was changed meanwhile: current version is ${doc.version}`);
      this.checkRedact(ability, doc);
      let start = body.start;
      let end = body.end;
      if (body.findingId !== undefined) {
        if (start !== undefined || end !== undefined) throw invalidInput('send either findingId or start and end, not both');
        const f = (await this.assessment.findings(doc, m)).find((x) => x.id === body.findingId);
        if (!f) throw invalidInput(`findingId ${body.findingId} is not a finding of this document`);
        if (f.source !== 'body') throw invalidInput(`only findings in the body can be redacted; ${f.source} must be changed by its drafter`);
        start = f.start;
        end = f.end;
      }
      if (start === undefined || end === undefined) throw invalidInput('start and end (or findingId) are required');
      if (end <= start || end > doc.body.length) throw invalidInput(`the span ${start}–${end} is not inside the body (0–${doc.body.length})`);
      if (!(await this.documentsRepo.bumpVersion(m, id, version, [doc.state]))) throw new DomainError('stale_version', 'the document was changed meanwhile; reload it');
      await this.repo.add(m, id, { start, end, findingId: body.findingId ?? null, note: body.note ?? null, createdBy: actor.id });
      await this.documentsRepo.addHistory(m, {
        documentId: id,
        actorId: actor.id,
        action: 'redact',
        fromState: doc.state,
        toState: doc.state,
        comment: body.note ?? null,
        publicAttribute: null,
        nonDisclosureReason: null,
        version: version + 1,
      });
      await this.audit.append(m, { actorId: actor.id, action: 'document.redact', subjectType: 'Document', subjectId: id, data: { start, end, findingId: body.findingId ?? null } });
      return version + 1;
    });
    void reply.status(201).header('etag', etagOf(newVersion));
    return this.assessment.assess((await this.documentsRepo.findById(id))!);
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
    const version = requireIfMatch(ifMatch);
    const newVersion = await this.db.transaction(async (m) => {
      const doc = await this.documents.getReadable(ability, id, m);
      if (doc.version !== version) throw new DomainError('stale_version', `the document was changed meanwhile: current version is ${doc.version}`);
      this.checkRedact(ability, doc);
      if (!(await this.repo.remove(m, id, redactionId))) throw notFound('redaction');
      if (!(await this.documentsRepo.bumpVersion(m, id, version, [doc.state]))) throw new DomainError('stale_version', 'the document was changed meanwhile; reload it');
      await this.documentsRepo.addHistory(m, {
        documentId: id,
        actorId: actor.id,
        action: 'unredact',
        fromState: doc.state,
        toState: doc.state,
        comment: null,
        publicAttribute: null,
        nonDisclosureReason: null,
        version: version + 1,
      });
      await this.audit.append(m, { actorId: actor.id, action: 'document.unredact', subjectType: 'Document', subjectId: id, data: { redactionId } });
      return version + 1;
    });
    void reply.header('etag', etagOf(newVersion));
    return this.assessment.assess((await this.documentsRepo.findById(id))!);
  }

  private checkRedact(ability: AppAbility, doc: Parameters<typeof asSubject>[0]): void {
    if (ability.can('redact', asSubject(doc))) return;
    for (const state of ['attribute_review', 'leader_review']) {
      if (ability.can('redact', asSubject(doc, { state }))) throw new DomainError('invalid_state', `redactions cannot be changed in state ${doc.state}`);
    }
    throw forbidden('only the disclosure office (at attribute review) or the leader in charge (at sign-off) may redact');
  }
}
