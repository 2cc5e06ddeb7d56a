import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Policy } from '../../authorization/policy.decorator.js';
import { Idempotent } from '../../idempotency/idempotent.decorator.js';
import type { Actor } from '../../identity/user.types.js';
import { AppealPage, AppealResponse, ConcludeAppealRequest, CreateAppealRequest, ListAppealsQuery } from './appeal.dto.js';
import { AppealsService, toAppealResponse } from './appeals.service.js';
import { ConcludeAppealUseCase } from './conclude-appeal.use-case.js';
import { FileAppealUseCase } from './file-appeal.use-case.js';
import { DEFAULT_PAGE_LIMIT } from '../../../common/pagination/pagination.js';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/v1/appeals')
export class AppealsController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly fileAppeal: FileAppealUseCase,
    private readonly concludeAppeal: ConcludeAppealUseCase,
  ) {}

  @Post()
  @Policy('manage', 'Appeal')
  @ApiOperation({ summary: 'Record an administrative reconsideration or lawsuit about an application (disclosure officer)' })
  @Idempotent()
  @ApiCreatedResponse({ type: AppealResponse })
  @ApiResponse({ status: 400, description: 'unknown application, filedAt in the future or before the application' })
  async create(@Body() body: CreateAppealRequest, @CurrentActor() actor: Actor): Promise<AppealResponse> {
    const appeal = await this.fileAppeal.execute({ actor, appeal: body });
    return toAppealResponse(appeal);
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  @Policy('manage', 'Appeal')
  @ApiOperation({ summary: 'Record how a reconsideration or lawsuit ended (disclosure officer)' })
  @ApiOkResponse({ type: AppealResponse })
  @ApiNotFoundResponse({ description: 'unknown appeal' })
  @ApiResponse({ status: 409, description: 'already concluded' })
  async conclude(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ConcludeAppealRequest, @CurrentActor() actor: Actor): Promise<AppealResponse> {
    const appeal = await this.concludeAppeal.execute({ actor, id, conclusion: body });
    return toAppealResponse(appeal);
  }

  @Get()
  @Policy('manage', 'Appeal')
  @ApiOperation({ summary: 'Appeals, oldest first; ?year= those filed in that year, ?applicationId= one application’s (disclosure officer)' })
  @ApiOkResponse({ type: AppealPage })
  list(@Query() q: ListAppealsQuery): Promise<AppealPage> {
    return this.appeals.list({ year: q.year, applicationId: q.applicationId, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
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
