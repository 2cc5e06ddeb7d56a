import { Body, Controller, Get, Header, Headers, Param, ParseUUIDPipe, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../../common/http/content-disposition.js';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import { PUBLIC_REVALIDATE } from '../../common/http/http-edge.js';
import { PatternParam } from '../../common/http/params.js';
import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';
import { CurrentActor, Policy, Public } from '../authorization/policy.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { assessmentWorkbook } from './domain/workbook.js';
import { PerformanceQuery, PerformanceAssessmentResponse, PerformanceRubricResponse, SetPerformanceRubricRequest, PerformanceTrendResponse, UnitStatisticsResponse, PerformanceYearQuery } from './performance.dto.js';
import { PerformanceService } from './performance.service.js';
import { SetPerformanceRubricUseCase } from './set-performance-rubric.use-case.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YEAR_400 = { status: 400, description: 'year before 2019 or after the current year, or an unknown format' } as const;

@ApiTags('performance')
@Controller('api/v1')
export class PerformanceController {
  constructor(
    private readonly performance: PerformanceService,
    private readonly setRubric: SetPerformanceRubricUseCase,
  ) {}

  @Get('performance/units')
  @Policy('read', 'Performance')
  @ApiBearerAuth()
  @ApiProduces('application/json', XLSX)
  @ApiOperation({ summary: 'The performance assessment (绩效考核) of every unit for a year: metrics from the data, score under the rubric, rank; ?format=xlsx downloads it' })
  @ApiOkResponse({ type: PerformanceAssessmentResponse, description: 'JSON by default; xlsx as an attachment' })
  @ApiResponse(YEAR_400)
  async units(@Query() q: PerformanceQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<PerformanceAssessmentResponse | Buffer> {
    const year = q.year ?? this.performance.defaultYear();
    const { response } = await this.performance.assessment(year);
    if ((q.format ?? 'json') === 'json') return response;
    void reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`${year}年度政府信息公开工作绩效考核.xlsx`, { fallback: `${year}-performance-assessment.xlsx` }));
    return assessmentWorkbook(response);
  }

  @Get('performance/trend')
  @Policy('read', 'Performance')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The metrics of every unit together, month by month, for a year' })
  @ApiOkResponse({ type: PerformanceTrendResponse })
  @ApiResponse(YEAR_400)
  districtTrend(@Query() q: PerformanceYearQuery): Promise<PerformanceTrendResponse> {
    return this.performance.trend(q.year ?? this.performance.defaultYear(), null);
  }

  @Get('performance/units/:unitId/trend')
  @Policy('read', 'Performance')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One unit’s metrics month by month for a year' })
  @ApiOkResponse({ type: PerformanceTrendResponse })
  @ApiResponse(YEAR_400)
  @ApiNotFoundResponse({ description: 'unknown unit' })
  unitTrend(@Param('unitId', new ParseUUIDPipe()) unitId: string, @Query() q: PerformanceYearQuery): Promise<PerformanceTrendResponse> {
    return this.performance.trend(q.year ?? this.performance.defaultYear(), unitId);
  }

  @Get('performance/rubric')
  @Policy('read', 'Performance')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current rubric: each metric’s weight in the score, with its version as ETag' })
  @ApiOkResponse({ type: PerformanceRubricResponse })
  async rubric(@Res({ passthrough: true }) reply: FastifyReply): Promise<PerformanceRubricResponse> {
    const r = await this.performance.rubric();
    void reply.header('etag', etagOf(r.version));
    return r;
  }

  @Put('performance/rubric')
  @Policy('update', 'Performance')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Set the weights of the metrics (admin): a new version of the rubric; scores and ranks follow at once' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'optional: the ETag of the rubric you read, e.g. "3"; stale → 412' })
  @ApiOkResponse({ type: PerformanceRubricResponse, description: 'the new rubric, with ETag' })
  @ApiResponse({ status: 400, description: 'an unknown or repeated metric, a weight that is not a whole number from 0 to 1000, or every weight 0' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  async putRubric(
    @Body() body: SetPerformanceRubricRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PerformanceRubricResponse> {
    const version = ifMatch === undefined || ifMatch.trim() === '' ? undefined : requireIfMatch(ifMatch);
    const r = await this.setRubric.execute({ actor, rubric: body.rubric, version });
    void reply.header('etag', etagOf(r.version));
    return r;
  }

  @Get('units/:code/statistics')
  @Public()
  @Header('cache-control', PUBLIC_REVALIDATE)
  @PatternParam('code', UNIT_CODE_PATTERN, 'the unit’s code, e.g. FGW')
  @ApiOperation({ summary: 'A unit’s disclosure work in figures for a year, for the public: counts only (no score, no rank, nothing about a person)' })
  @ApiOkResponse({ type: UnitStatisticsResponse })
  @ApiResponse(YEAR_400)
  @ApiNotFoundResponse({ description: 'unknown unit' })
  statistics(@Param('code') code: string, @Query() q: PerformanceYearQuery): Promise<UnitStatisticsResponse> {
    return this.performance.statistics(code, q.year ?? this.performance.defaultYear());
  }
}
