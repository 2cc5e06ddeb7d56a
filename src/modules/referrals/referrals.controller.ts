import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy } from '../authorization/policy.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { AnswerReferralUseCase } from './answer-referral.use-case.js';
import { ReferApplicationUseCase } from './refer-application.use-case.js';
import { AnswerReferralRequest, CreateReferralsRequest, ListReferralsQuery, ReferralList, ReferralPage, ReferralResponse } from './referral.dto.js';
import { toReferralResponse } from './referral.mapper.js';
import { ReferralsService } from './referrals.service.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('api/v1')
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly refer: ReferApplicationUseCase,
    private readonly answerReferral: AnswerReferralUseCase,
  ) {}

  @Post('applications/:id/referrals')
  @Policy('create', 'Referral')
  @Idempotent()
  @ApiOperation({ summary: 'Refer an application being handled to the units that hold the information (转办; disclosure officer); a history row refer' })
  @ApiCreatedResponse({ type: ReferralList })
  @ApiResponse({ status: 400, description: 'an unknown unit, a unit twice, no units' })
  @ApiNotFoundResponse({ description: 'unknown application' })
  @ApiResponse({ status: 409, description: 'the application is not in handling, or a unit already referred and not yet answered' })
  async create(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateReferralsRequest, @CurrentActor() actor: Actor): Promise<ReferralList> {
    const items = await this.refer.execute({ actor, applicationId: id, unitIds: body.unitIds, comment: body.comment, dueInWorkingDays: body.dueInWorkingDays });
    return { items: items.map(toReferralResponse) };
  }

  @Get('referrals')
  @Policy('read', 'Referral')
  @ApiOperation({ summary: 'Referrals, newest first: a unit liaison sees its unit’s, the disclosure office all; ?applicationId= one application’s' })
  @ApiOkResponse({ type: ReferralPage })
  list(@Query() q: ListReferralsQuery, @CurrentAbility() ability: AppAbility): Promise<ReferralPage> {
    return this.referrals.list(ability, { state: q.state, applicationId: q.applicationId, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get('referrals/:id')
  @Policy('read', 'Referral')
  @ApiOperation({ summary: 'One referral with the unit’s answer (the office; a liaison of that unit)' })
  @ApiOkResponse({ type: ReferralResponse })
  @ApiNotFoundResponse({ description: 'unknown, or another unit’s' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentAbility() ability: AppAbility): Promise<ReferralResponse> {
    return this.referrals.get(ability, id);
  }

  @Post('referrals/:id/answer')
  @HttpCode(200)
  @Policy('answer', 'Referral')
  @ApiOperation({ summary: 'Answer a referral sent to one’s unit (unit liaison), once: the proposed outcome with its reason, a comment and the documents to provide' })
  @ApiOkResponse({ type: ReferralResponse })
  @ApiResponse({ status: 400, description: 'an invalid outcome/reason pair, documents with an outcome that provides none, unknown documents or another unit’s' })
  @ApiNotFoundResponse({ description: 'unknown, or another unit’s' })
  @ApiResponse({ status: 409, description: 'already answered or closed, or the application has been replied to' })
  async answer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AnswerReferralRequest,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
  ): Promise<ReferralResponse> {
    return toReferralResponse(await this.answerReferral.execute({ actor, ability, id, answer: body }));
  }
}
