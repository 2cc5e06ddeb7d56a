import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import { DEFAULT_PAGE_LIMIT, PageQuery } from '../../common/pagination/pagination.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, Public, type AuthenticatedRequest } from '../authorization/policy.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import {
  ApplicationActionRequest,
  ApplicationEventResponse,
  ApplicationPage,
  ApplicationResponse,
  ListApplicationsQuery,
  ProposalPage,
  SubmitApplicationRequest,
  SubmitApplicationResponse,
  TrackResponse,
} from './application.dto.js';
import { toSubmitResponse } from './application.mapper.js';
import { ApplicationActionAnswer } from './application-action-answer.js';
import { ApplicationsService } from './applications.service.js';
import { contentDisposition } from '../../common/http/content-disposition.js';
import { IntakeThrottleGuard } from './intake-throttle.guard.js';
import { TRACKING_CODE_PATTERN } from './applicant-identity.js';
import { PatternParam } from '../../common/http/params.js';
import { SubmitApplicationUseCase } from './submit-application.use-case.js';
import { TakeApplicationActionUseCase } from './take-application-action.use-case.js';

@ApiTags('applications')
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly submit: SubmitApplicationUseCase,
    private readonly takeAction: TakeApplicationActionUseCase,
  ) {}

  @Post()
  @Public()
  @UseGuards(IntakeThrottleGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Apply for government information (public, rate-limited); a disclosure officer records paper, post or fax applications with channel and receivedAt',
  })
  @Idempotent()
  @ApiCreatedResponse({ type: SubmitApplicationResponse, description: 'received: keep the tracking code' })
  @ApiResponse({ status: 400, description: 'invalid form, no contact, receivedAt in the future' })
  @ApiResponse({ status: 403, description: 'channel, receivedAt or unitId sent by someone who is not a disclosure officer' })
  @ApiResponse({ status: 429, description: 'too many applications from this address (Retry-After)' })
  async create(@Body() body: SubmitApplicationRequest, @Req() req: AuthenticatedRequest): Promise<SubmitApplicationResponse> {
    const a = await this.submit.execute({ actor: req.actor ?? null, ability: req.ability ?? null, form: body });
    return toSubmitResponse(a);
  }

  @Get('track/:trackingCode')
  @Public()
  @PatternParam('trackingCode', TRACKING_CODE_PATTERN, 'the tracking code of the receipt (20 characters; case does not matter)')
  @ApiOperation({ summary: 'The status of an application by its tracking code (public; no personal data)' })
  @ApiOkResponse({ type: TrackResponse })
  @ApiNotFoundResponse({ description: 'no application has this tracking code' })
  track(@Param('trackingCode') code: string): Promise<TrackResponse> {
    return this.applications.track(code);
  }

  @Get()
  @Policy('manage', 'Application')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The worklist (disclosure officer): overdue first, then the soonest due; filter by state and overdue' })
  @ApiOkResponse({ type: ApplicationPage })
  list(@Query() q: ListApplicationsQuery): Promise<ApplicationPage> {
    return this.applications.list({ state: q.state, overdue: q.overdue, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get('proposals')
  @Policy('manage', 'Application')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Art. 44: documents disclosed to several applicants, proposed for proactive publication (disclosure officer)' })
  @ApiOkResponse({ type: ProposalPage })
  proposals(@Query() q: PageQuery): Promise<ProposalPage> {
    return this.applications.proposals(q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor);
  }

  @Get(':id')
  @Policy('read', 'Application')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'One application with its clock (the steps that explain the due date) and ETag (disclosure officer; a liaison of a unit it was referred to, without the applicant’s idNumber and contact)',
  })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiNotFoundResponse({ description: 'unknown application, or not referred to the liaison’s unit' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentAbility() ability: AppAbility, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicationResponse> {
    const a = await this.applications.getFor(ability, id);
    void reply.header('etag', etagOf(a.version));
    return a;
  }

  @Get(':id/history')
  @Policy('manage', 'Application')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Every step of the application, oldest first (disclosure officer)' })
  @ApiOkResponse({ type: [ApplicationEventResponse] })
  history(@Param('id', new ParseUUIDPipe()) id: string): Promise<ApplicationEventResponse[]> {
    return this.applications.history(id);
  }

  @Get(':id/letter')
  @Policy('manage', 'Application')
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The reply letter (答复书) as a plain-text download, once replied (disclosure officer)' })
  @ApiOkResponse({ description: 'text/plain; charset=utf-8 attachment', schema: { type: 'string', example: '区政府办公室\n政府信息公开申请答复书\n…' } })
  @ApiResponse({ status: 409, description: 'not replied yet' })
  async letter(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const l = await this.applications.letter(id);
    void reply.header('content-type', 'text/plain; charset=utf-8').header('content-disposition', contentDisposition(l.fileName, { fallback: l.asciiName }));
    return l.text;
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Policy('manage', 'Application')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Take a step: request_correction, corrected, accept, consult_third_party, third_party_replied, extend, reply, deliver, file, charge_fee, fee_paid',
    description:
      'Each step may carry `at` (when it happened; not in the future, not before the previous step). The due date is recomputed from the history. ' +
      'reply: outcome/reason must be a valid pair (Art. 36–39). Nothing changes after file.',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag of the version you read, e.g. "3"' })
  @Idempotent({ answer: ApplicationActionAnswer })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiResponse({ status: 400, description: 'a field missing or not accepted for the action, an invalid outcome/reason pair, a wrong `at`' })
  @ApiResponse({ status: 404, description: 'unknown application' })
  @ApiResponse({ status: 409, description: 'not possible in the current state (or after filing); a reply while a referral to a unit is open, without closeOpenReferrals' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async act(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ApplicationActionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationResponse> {
    await this.takeAction.execute({ actor, id, version: requireIfMatch(ifMatch), step: body });
    // The answer is the application as it is now, read in the action's transaction when a key opened one.
    const a = await this.applications.get(id);
    void reply.header('etag', etagOf(a.version));
    return a;
  }
}
