import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy } from '../authorization/policy.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { CreateDelegationUseCase } from './create-delegation.use-case.js';
import { CreateDelegationRequest, DelegationList, DelegationResponse } from './delegation.dto.js';
import { toDelegationResponse } from './delegation.mapper.js';
import { DelegationsService } from './delegations.service.js';
import { EndDelegationUseCase } from './end-delegation.use-case.js';

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('api/v1/delegations')
export class DelegationsController {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly createDelegation: CreateDelegationUseCase,
    private readonly endDelegation: EndDelegationUseCase,
  ) {}

  @Post()
  @Policy('create', 'Delegation')
  @Idempotent()
  @ApiOperation({ summary: 'Name a deputy for a period (for oneself; an administrator may give fromUserId)' })
  @ApiCreatedResponse({ type: DelegationResponse })
  @ApiResponse({ status: 400, description: 'oneself, an inactive or unknown user, an empty or overlapping period' })
  async create(@Body() body: CreateDelegationRequest, @CurrentActor() actor: Actor, @CurrentAbility() ability: AppAbility): Promise<DelegationResponse> {
    return toDelegationResponse(await this.createDelegation.execute({ actor, ability, delegation: body }));
  }

  @Get()
  @Policy('create', 'Delegation')
  @ApiOperation({ summary: 'Delegations from or to the caller that have not ended (an administrator: all)' })
  @ApiOkResponse({ type: DelegationList })
  list(@CurrentActor() actor: Actor, @CurrentAbility() ability: AppAbility): Promise<DelegationList> {
    return this.delegations.list(actor, ability);
  }

  @Delete(':id')
  @HttpCode(204)
  @Policy('create', 'Delegation')
  @ApiOperation({ summary: 'End a delegation at once (its delegator or an administrator)' })
  @ApiNoContentResponse({ description: 'ended' })
  @ApiNotFoundResponse({ description: 'unknown, already ended, or not the caller’s' })
  async end(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @CurrentAbility() ability: AppAbility): Promise<void> {
    await this.endDelegation.execute({ actor, ability, id });
  }
}
