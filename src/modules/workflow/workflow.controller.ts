import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, ReadPolicy } from '../authorization/policy.decorator.js';
import { DocumentActions, DocumentResponse } from '../documents/document.dto.js';
import { toDocumentResponse } from '../documents/document.mapper.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { TransitionDocumentUseCase } from './transition-document.use-case.js';
import { TransitionRequest } from './transition.dto.js';
import { WorkflowService } from './workflow.service.js';

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('api/v1/documents')
export class WorkflowController {
  constructor(
    private readonly transition: TransitionDocumentUseCase,
    private readonly workflow: WorkflowService,
  ) {}

  @Get(':id/actions')
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'What the caller may do with the document now (from the server’s rules, deputies included)' })
  @ApiOkResponse({ type: DocumentActions })
  actions(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @CurrentAbility() ability: AppAbility): Promise<DocumentActions> {
    return this.workflow.available(actor, ability, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ReadPolicy('Document')
  @ApiOperation({
    summary: 'Take a workflow step: submit, approve, return (to the drafter or the previous step), recall, withdraw, revoke or propose',
    description:
      'submit/withdraw: its drafter; approve/return at secrecy_review: a secrecy reviewer of the unit; at attribute_review: a disclosure officer; ' +
      'at leader_review: a leader in charge of the unit (published if the final attribute is proactive, else issued); revoke: a disclosure officer. ' +
      'Nobody takes two approval steps of one document and its drafter takes none.',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag of the version you read' })
  @Idempotent()
  @ApiOkResponse({ type: DocumentResponse })
  @ApiResponse({ status: 403, description: 'role, scope or separation of duties forbids it' })
  @ApiResponse({ status: 409, description: 'not possible in the current state' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async take(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TransitionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentResponse> {
    const doc = await this.transition.execute({ actor, ability, id, version: requireIfMatch(ifMatch), step: body });
    void reply.header('etag', etagOf(doc.version));
    return toDocumentResponse(doc);
  }
}
