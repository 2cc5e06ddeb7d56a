import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, ReadPolicy } from '../authorization/policy.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { AnswerConsultationUseCase } from './answer-consultation.use-case.js';
import { ConsultUnitsUseCase } from './consult-units.use-case.js';
import { AnswerConsultationRequest, ConsultationList, ConsultationPage, ConsultationResponse, CreateConsultationsRequest, ListConsultationsQuery } from './consultation.dto.js';
import { toConsultationResponse } from './consultation.mapper.js';
import { ConsultationsService } from './consultations.service.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('api/v1')
export class ConsultationsController {
  constructor(
    private readonly consultations: ConsultationsService,
    private readonly consultUnits: ConsultUnitsUseCase,
    private readonly answerConsultation: AnswerConsultationUseCase,
  ) {}

  @Post('documents/:id/consultations')
  @ReadPolicy('Document')
  @Idempotent()
  @ApiOperation({ summary: 'Consult units on a document at attribute review (disclosure officer); a history row consult' })
  @ApiCreatedResponse({ type: ConsultationList })
  @ApiResponse({ status: 400, description: 'an unknown unit, a unit twice, no units' })
  @ApiResponse({ status: 403, description: 'not the disclosure office' })
  @ApiResponse({ status: 409, description: 'not in attribute_review, or a unit already consulted and not yet answered' })
  async consult(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateConsultationsRequest,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
  ): Promise<ConsultationList> {
    const items = await this.consultUnits.execute({ actor, ability, documentId: id, unitIds: body.unitIds, question: body.question, dueInWorkingDays: body.dueInWorkingDays });
    return { items: items.map(toConsultationResponse) };
  }

  @Get('documents/:id/consultations')
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'A document’s consultations with their answers, oldest first' })
  @ApiOkResponse({ type: ConsultationList })
  forDocument(@Param('id', new ParseUUIDPipe()) id: string, @CurrentAbility() ability: AppAbility): Promise<ConsultationList> {
    return this.consultations.forDocument(ability, id);
  }

  @Get('consultations')
  @Policy('read', 'Consultation')
  @ApiOperation({ summary: 'Consultations: a unit liaison sees its unit’s, the disclosure office all (newest first)' })
  @ApiOkResponse({ type: ConsultationPage })
  list(@Query() q: ListConsultationsQuery, @CurrentAbility() ability: AppAbility): Promise<ConsultationPage> {
    return this.consultations.list(ability, { state: q.state, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Post('consultations/:id/answer')
  @HttpCode(200)
  @Policy('answer', 'Consultation')
  @ApiOperation({ summary: 'Answer a consultation sent to one’s unit (unit liaison), once' })
  @ApiOkResponse({ type: ConsultationResponse })
  @ApiNotFoundResponse({ description: 'unknown, or another unit’s' })
  @ApiResponse({ status: 409, description: 'already answered or closed' })
  async answer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AnswerConsultationRequest,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
  ): Promise<ConsultationResponse> {
    return toConsultationResponse(await this.answerConsultation.execute({ actor, ability, id, answer: body }));
  }
}
