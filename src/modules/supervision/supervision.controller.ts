import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, ReadPolicy } from '../authorization/policy.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { SetStepDeadlinesUseCase } from './set-step-deadlines.use-case.js';
import { StepDeadlinesService } from './step-deadlines.service.js';
import { StepDeadlinesDto, SupervisionResponse, UrgeRequest, UrgeResponse } from './supervision.dto.js';
import { SupervisionService } from './supervision.service.js';
import { UrgeDocumentUseCase } from './urge-document.use-case.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1')
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly deadlines: StepDeadlinesService,
    private readonly setStepDeadlines: SetStepDeadlinesUseCase,
    private readonly urgeDocument: UrgeDocumentUseCase,
  ) {}

  @Get('supervision')
  @Policy('read', 'Supervision')
  @ApiOperation({ summary: 'Overdue and due-soon items across units, counted per unit (disclosure officer, leader, admin)' })
  @ApiOkResponse({ type: SupervisionResponse })
  board(): Promise<SupervisionResponse> {
    return this.supervision.board();
  }

  @Get('settings/step-deadlines')
  @Policy('manage', 'Settings')
  @ApiOperation({ summary: 'Each review step’s time limit in working days (admin)' })
  @ApiOkResponse({ type: StepDeadlinesDto })
  getStepDeadlines(): Promise<StepDeadlinesDto> {
    return this.deadlines.limits();
  }

  @Put('settings/step-deadlines')
  @Policy('manage', 'Settings')
  @ApiOperation({ summary: 'Set each review step’s time limit in working days (admin); documents in review get their new due dates' })
  @ApiOkResponse({ type: StepDeadlinesDto })
  putStepDeadlines(@Body() body: StepDeadlinesDto, @CurrentActor() actor: Actor): Promise<StepDeadlinesDto> {
    return this.setStepDeadlines.execute({ actor, limits: body });
  }

  @Post('documents/:id/urge')
  @ReadPolicy('Document')
  @ApiOperation({ summary: 'Urge the step a document waits in (disclosure officer); a history row urge' })
  @ApiCreatedResponse({ type: UrgeResponse })
  @ApiResponse({ status: 403, description: 'not the disclosure office' })
  @ApiResponse({ status: 409, description: 'the document is not in a review step' })
  async urge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UrgeRequest,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
  ): Promise<UrgeResponse> {
    const doc = await this.urgeDocument.execute({ actor, ability, id, comment: body.comment });
    return { documentId: doc.id, state: doc.state, urgedAt: new Date().toISOString(), stepDueAt: doc.stepDueAt ? new Date(doc.stepDueAt).toISOString() : null };
  }
}
