import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { chinaYearOf } from '../../common/china-time.js';
import { BoundedIntPipe } from '../../common/http/params.js';
import { CurrentActor, Policy } from '../authorization/policy.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { ReportScopeQuery } from './report.dto.js';
import { ReportSubmissionsResponse, SubmitReportResponse } from './report-submission.dto.js';
import { ReportSubmissionsService } from './report-submissions.service.js';
import { FIRST_REPORT_YEAR } from './reports.service.js';
import { SubmitAnnualReportUseCase } from './submit-annual-report.use-case.js';

const YEAR = new BoundedIntPipe('year', FIRST_REPORT_YEAR, () => chinaYearOf(new Date()));

/** Submission of published annual reports to the upper-level platform (docs/exchange.md). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports/annual/:year/submissions')
export class ReportSubmissionsController {
  constructor(
    private readonly submissions: ReportSubmissionsService,
    private readonly submitReport: SubmitAnnualReportUseCase,
  ) {}

  @Post()
  @HttpCode(202)
  @Policy('create', 'ReportSubmission')
  @ApiOperation({
    summary:
      'Submit the published report of the year (or ?unit=) to the upper-level platform: its exchange package is queued to every active exchange subscriber, signed and retried like every webhook (disclosure officer, admin)',
    description:
      'Once per receiver: a repeat queues only a delivery to a receiver that has none yet and sends again the ones that failed for good; the answer always lists every delivery of the report. The package follows docs/exchange.schema.json (event annual_report).',
  })
  @ApiAcceptedResponse({ type: SubmitReportResponse, description: 'queued; deliveries lists every receiver of the report' })
  @ApiResponse({ status: 400, description: 'year outside 2019…this year, or unknown unit' })
  @ApiResponse({ status: 409, description: 'the report is not published (or no longer in the catalogue), or there is no exchange subscriber' })
  submit(@Param('year', YEAR) year: number, @Query() q: ReportScopeQuery, @CurrentActor() actor: Actor): Promise<SubmitReportResponse> {
    return this.submitReport.execute({ actor, year, unitCode: q.unit });
  }

  @Get()
  @Policy('read', 'ReportSubmission')
  @ApiOperation({ summary: 'Where the submission of the year’s published report stands, receiver by receiver (disclosure officer, leader, admin)' })
  @ApiOkResponse({ type: ReportSubmissionsResponse })
  @ApiResponse({ status: 404, description: 'the report of the year (or ?unit=) is not published' })
  list(@Param('year', YEAR) year: number, @Query() q: ReportScopeQuery): Promise<ReportSubmissionsResponse> {
    return this.submissions.list(year, q.unit);
  }
}
