import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Policy } from '../../authorization/policy.decorator.js';
import { IdempotencyService } from '../../idempotency/idempotency.service.js';
import type { Actor } from '../../identity/user.types.js';
import { AppealPage, AppealResponse, ConcludeAppealRequest, CreateAppealRequest, ListAppealsQuery } from './appeal.dto.js';
import { AppealsService } from './appeals.service.js';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/v1/appeals')
export class AppealsController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @Policy('manage', 'Appeal')
  @ApiOperation({ summary: 'Record an administrative reconsideration or lawsuit about an application (disclosure officer)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: AppealResponse })
  @ApiResponse({ status: 400, description: 'unknown application, filedAt in the future or before the application' })
  async create(
    @Body() body: CreateAppealRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AppealResponse> {
    const res = await this.idempotency.run<AppealResponse>({ scope: `${actor.id}:POST /appeals`, key, fingerprint: body }, async (m) => ({
      status: 201,
      body: await this.appeals.create(m, actor, body),
      headers: {},
    }));
    void reply.status(res.status);
    return res.body;
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  @Policy('manage', 'Appeal')
  @ApiOperation({ summary: 'Record how a reconsideration or lawsuit ended (disclosure officer)' })
  @ApiOkResponse({ type: AppealResponse })
  @ApiNotFoundResponse({ description: 'unknown appeal' })
  @ApiResponse({ status: 409, description: 'already concluded' })
  conclude(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ConcludeAppealRequest, @CurrentActor() actor: Actor): Promise<AppealResponse> {
    return this.appeals.conclude(actor, id, body);
  }

  @Get()
  @Policy('manage', 'Appeal')
  @ApiOperation({ summary: 'Appeals, oldest first; ?year= those filed in that year (disclosure officer)' })
  @ApiOkResponse({ type: AppealPage })
  list(@Query() q: ListAppealsQuery): Promise<AppealPage> {
    return this.appeals.list({ year: q.year, limit: q.limit ?? 20, cursor: q.cursor });
  }

  @Get(':id')
  @Policy('manage', 'Appeal')
  @ApiOperation({ summary: 'One appeal (disclosure officer)' })
  @ApiOkResponse({ type: AppealResponse })
  @ApiNotFoundResponse({ description: 'unknown appeal' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AppealResponse> {
    return this.appeals.get(id);
  }
}
