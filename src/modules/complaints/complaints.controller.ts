import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import { PatternParam } from '../../common/http/params.js';
import { TRACKING_CODE_PATTERN } from '../applications/applicant-identity.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, Public, ReadPolicy } from '../authorization/policy.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { ComplaintActionRequest, ComplaintPage, ComplaintResponse, ComplaintTrackResponse, FileComplaintRequest, FileComplaintResponse, ListComplaintsQuery } from './complaint.dto.js';
import { ComplaintIntakeThrottleGuard } from './complaint-intake-throttle.guard.js';
import { iso } from '../applications/application.mapper.js';
import { ComplaintsService } from './complaints.service.js';
import { FileComplaintUseCase } from './file-complaint.use-case.js';
import { TakeComplaintActionUseCase } from './take-complaint-action.use-case.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

@ApiTags('complaints')
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly file: FileComplaintUseCase,
    private readonly takeAction: TakeComplaintActionUseCase,
  ) {}

  @Post()
  @Public()
  @UseGuards(ComplaintIntakeThrottleGuard)
  @Idempotent()
  @ApiOperation({ summary: 'Complain about, or report, the disclosure work (public, rate-limited; Art. 51); keep the tracking code' })
  @ApiCreatedResponse({ type: FileComplaintResponse })
  @ApiResponse({ status: 400, description: 'invalid form, an unknown unitCode or applicationTrackingCode' })
  @ApiResponse({ status: 429, description: 'too many complaints from this address (Retry-After)' })
  async create(@Body() body: FileComplaintRequest): Promise<FileComplaintResponse> {
    const c = await this.file.execute({ form: body });
    return { trackingCode: c.trackingCode, dueAt: iso(c.dueAt)! };
  }

  @Get('track/:code')
  @Public()
  @PatternParam('code', TRACKING_CODE_PATTERN, 'the tracking code given on filing (20 characters)')
  @ApiOperation({ summary: 'The status of a complaint or report by its tracking code (public; no personal data)' })
  @ApiOkResponse({ type: ComplaintTrackResponse })
  @ApiNotFoundResponse({ description: 'no complaint has this tracking code' })
  track(@Param('code') code: string): Promise<ComplaintTrackResponse> {
    return this.complaints.track(code);
  }

  @Get()
  @Policy('read', 'Complaint')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Complaints and reports, newest first (the office: all; a unit liaison: those assigned to its unit or its rectifications)' })
  @ApiOkResponse({ type: ComplaintPage })
  list(@Query() q: ListComplaintsQuery, @CurrentAbility() ability: AppAbility): Promise<ComplaintPage> {
    return this.complaints.list(ability, { state: q.state, unitId: q.unitId, overdue: q.overdue, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get(':id')
  @ReadPolicy('Complaint')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One complaint with its history and ETag (the complainant’s name and contact for the office only)' })
  @ApiOkResponse({ type: ComplaintResponse })
  @ApiNotFoundResponse({ description: 'unknown, or not visible to the caller' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentAbility() ability: AppAbility, @Res({ passthrough: true }) reply: FastifyReply): Promise<ComplaintResponse> {
    const c = await this.complaints.get(ability, id);
    void reply.header('etag', etagOf(c.version));
    return c;
  }

  @Post(':id/actions')
  @HttpCode(200)
  @ReadPolicy('Complaint')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Take a step: assign {unitId}, reply {finding, reply, rectification?, accountability?}, rectified {note}, close',
    description: 'assign, reply and close: the disclosure office. rectified: the office or a liaison of the unit ordered to rectify. close needs any ordered rectification done.',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag of the version you read, e.g. "2"' })
  @Idempotent()
  @ApiOkResponse({ type: ComplaintResponse })
  @ApiResponse({ status: 400, description: 'a field missing or not accepted for the action, an unknown unit, a rectification for an unsubstantiated complaint' })
  @ApiResponse({ status: 403, description: 'a liaison taking an office step' })
  @ApiResponse({ status: 404, description: 'unknown, or not visible to the caller' })
  @ApiResponse({ status: 409, description: 'not possible in the current state' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async act(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ComplaintActionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ComplaintResponse> {
    await this.takeAction.execute({ actor, ability, id, version: requireIfMatch(ifMatch), step: body });
    const c = await this.complaints.get(ability, id);
    void reply.header('etag', etagOf(c.version));
    return c;
  }
}
