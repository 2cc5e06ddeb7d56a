import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { chinaYearOf } from '../../common/china-time.js';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import { BoundedIntPipe } from '../../common/http/params.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy } from '../authorization/policy.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { contentDisposition } from '../../common/http/content-disposition.js';
import { toCsv, toHtml, toXlsx } from './domain/index.js';
import {
  AnnualReportResponse,
  NarrativeRequest,
  NarrativeResponse,
  PublishReportResponse,
  RemindersResponse,
  RepealRequest,
  RepealResponse,
  ReportInputsRequest,
  ReportInputsResponse,
  ReportQuery,
  ReportScopeQuery,
} from './report.dto.js';
import { PublishAnnualReportUseCase } from './publish-annual-report.use-case.js';
import { RepealDocumentUseCase } from './repeal-document.use-case.js';
import { FIRST_REPORT_YEAR, ReportsService } from './reports.service.js';
import { SaveReportInputsUseCase } from './save-report-inputs.use-case.js';
import { SaveReportNarrativeUseCase } from './save-report-narrative.use-case.js';

const YEAR = new BoundedIntPipe('year', FIRST_REPORT_YEAR, () => chinaYearOf(new Date()));
const IF_MATCH_OPTIONAL = { name: 'If-Match', required: false, description: 'optional: the ETag you read ("0" while nothing is stored); stale → 412' };
const optionalIfMatch = (header: string | undefined) => (header === undefined ? undefined : requireIfMatch(header));

const FILES = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  html: { type: 'text/html; charset=utf-8', ext: 'html' },
} as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly saveReportInputs: SaveReportInputsUseCase,
    private readonly saveReportNarrative: SaveReportNarrativeUseCase,
    private readonly publishReport: PublishAnnualReportUseCase,
    private readonly repealDocument: RepealDocumentUseCase,
  ) {}

  @Get('reports/annual/reminders')
  @Policy('read', 'Report')
  @ApiOperation({ summary: 'Which annual reports are due (departments by 31 January, the government by 31 March) and how many days remain' })
  @ApiOkResponse({ type: RemindersResponse })
  reminders(): Promise<RemindersResponse> {
    return this.reports.reminders();
  }

  @Get('reports/annual/:year')
  @Policy('read', 'Report')
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/html')
  @ApiOperation({
    summary: 'The annual report’s tables (Tables 2–4) computed from the data, for the government or ?unit=; ?format=csv|xlsx|html downloads them',
  })
  @ApiOkResponse({ type: AnnualReportResponse, description: 'JSON by default; csv, xlsx and html as attachments' })
  @ApiResponse({ status: 400, description: 'year outside 2019…this year, unknown unit or format' })
  @ApiResponse({ status: 409, description: 'the computed tables break the cross-check (the broken cells are named); nothing is shown' })
  async annual(
    @Param('year', YEAR) year: number,
    @Query() q: ReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AnnualReportResponse | string | Buffer> {
    const { report, unit, narrative, title } = await this.reports.report(year, q.unit);
    const format = q.format ?? 'json';
    if (format === 'json') return { ...report, unit: unit ? { code: unit.code, name: unit.name } : null };
    const file = FILES[format];
    const base = `${year}-annual-report${unit ? `-${unit.code}` : ''}`;
    void reply.header('content-type', file.type).header('content-disposition', contentDisposition(`${title}.${file.ext}`, { fallback: `${base}.${file.ext}` }));
    if (format === 'csv') return toCsv(report);
    if (format === 'xlsx') return toXlsx(report);
    return toHtml(report, {
      title,
      narrative: { overall: narrative.overall ?? undefined, problems: narrative.problems ?? undefined, other: narrative.other ?? undefined },
    });
  }

  @Get('reports/annual/:year/inputs')
  @Policy('read', 'Report')
  @ApiOperation({ summary: 'The figures entered for the year from other systems (licensing, penalties, coercion, fees, procurement), with ETag' })
  @ApiOkResponse({ type: ReportInputsResponse })
  async inputs(@Param('year', YEAR) year: number, @Query() q: ReportScopeQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReportInputsResponse> {
    const res = await this.reports.inputs(year, q.unit);
    void reply.header('etag', etagOf(res.version));
    return res;
  }

  @Put('reports/annual/:year/inputs')
  @Policy('update', 'Report')
  @ApiOperation({ summary: 'Replace the figures from other systems for the year (disclosure officer); only the fields of the year’s template are accepted' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ type: ReportInputsResponse })
  @ApiResponse({ status: 400, description: 'a negative, fractional or unknown figure, or one the year’s template does not have' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  async saveInputs(
    @Param('year', YEAR) year: number,
    @Query() q: ReportScopeQuery,
    @Body() body: ReportInputsRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportInputsResponse> {
    const res = await this.saveReportInputs.execute({ actor, year, unitCode: q.unit, inputs: body, version: optionalIfMatch(ifMatch) });
    void reply.header('etag', etagOf(res.version));
    return res;
  }

  @Get('reports/annual/:year/narrative')
  @Policy('read', 'Report')
  @ApiOperation({ summary: 'The narrative sections of the year’s report: 一 overall situation, 五 problems and improvements, 六 other matters' })
  @ApiOkResponse({ type: NarrativeResponse })
  async narrative(@Param('year', YEAR) year: number, @Query() q: ReportScopeQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<NarrativeResponse> {
    const res = await this.reports.narrative(year, q.unit);
    void reply.header('etag', etagOf(res.version));
    return res;
  }

  @Put('reports/annual/:year/narrative')
  @Policy('update', 'Report')
  @ApiOperation({ summary: 'Replace the narrative sections of the year’s report (disclosure officer)' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ type: NarrativeResponse })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  async saveNarrative(
    @Param('year', YEAR) year: number,
    @Query() q: ReportScopeQuery,
    @Body() body: NarrativeRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NarrativeResponse> {
    const res = await this.saveReportNarrative.execute({ actor, year, unitCode: q.unit, narrative: body, version: optionalIfMatch(ifMatch) });
    void reply.header('etag', etagOf(res.version));
    return res;
  }

  @Post('reports/annual/:year/publish')
  @Policy('update', 'Report')
  @ApiOperation({ summary: 'Publish the report of a finished year to the catalogue (disclosure officer; index number of the officer’s unit, category other)' })
  @ApiCreatedResponse({ type: PublishReportResponse })
  @ApiResponse({ status: 409, description: 'the year is not over, the report is already published, or it breaks the cross-check' })
  publish(@Param('year', YEAR) year: number, @Query() q: ReportScopeQuery, @CurrentActor() actor: Actor): Promise<PublishReportResponse> {
    return this.publishReport.execute({ actor, year, unitCode: q.unit });
  }

  @Post('documents/:id/repeal')
  @HttpCode(200)
  @Policy('update', 'Report')
  @ApiOperation({ summary: 'Record that a published normative document was repealed (disclosure officer); it stays in the catalogue, no longer in force' })
  @ApiOkResponse({ type: RepealResponse })
  @ApiResponse({ status: 400, description: 'repealedAt in the future or before the publication' })
  @ApiResponse({ status: 404, description: 'unknown document' })
  @ApiResponse({ status: 409, description: 'not a published normative document, or already repealed' })
  repeal(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RepealRequest,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
  ): Promise<RepealResponse> {
    return this.repealDocument.execute({ actor, ability, documentId: id, repealedAt: new Date(body.repealedAt) });
  }
}
