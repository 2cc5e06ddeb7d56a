/**
 * Submission of a published annual report to the upper-level platform: the receivers are the
 * exchange subscribers (docs/exchange.md); the reads and the shared view are here, the write is
 * submit-annual-report.use-case.ts.
 */
import { Injectable } from '@nestjs/common';
import { invalidState, notFound } from '../../common/errors/domain-error.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import type { ReportDeliveryRow } from '../delivery/exchange.repository.js';
import type { ReportDeliveryResponse, ReportSubmissionsResponse } from './report-submission.dto.js';
import { ReportSubmissionsRepository, type PublishedReportRow } from './report-submissions.repository.js';
import type { UnitRow } from './reports.repository.js';
import { isoChina, ReportsService } from './reports.service.js';

const deliveryView = (d: ReportDeliveryRow): ReportDeliveryResponse => ({
  id: d.id,
  subscriberId: d.subscriberId,
  channel: d.channel,
  description: d.description,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: isoChina(d.createdAt),
  deliveredAt: d.deliveredAt ? isoChina(d.deliveredAt) : null,
  remoteUrl: d.remoteUrl,
});

@Injectable()
export class ReportSubmissionsService {
  constructor(
    private readonly reports: ReportsService,
    private readonly repo: ReportSubmissionsRepository,
    private readonly delivery: DeliveryService,
  ) {}

  /** The published report of the year and scope; 400 for a year or unit that does not exist, 409 when it is not published. */
  async published(year: number, unitCode: string | undefined): Promise<{ unit: UnitRow | null; report: PublishedReportRow }> {
    this.reports.checkYear(year);
    const unit = await this.reports.unit(unitCode);
    const report = await this.repo.publishedReport(year, unit?.id ?? null);
    const what = `the ${year} report${unit ? ` of ${unit.code}` : ''}`;
    if (!report) throw invalidState(`${what} is not published: publish it first (POST /api/v1/reports/annual/${year}/publish), then submit it`);
    if (report.revokedAt) throw invalidState(`${what} was taken out of the catalogue (${report.indexNo}): only a report in the public catalogue is submitted`);
    return { unit, report };
  }

  /** Where the submission of the year's report stands, receiver by receiver; 404 while the report is not published. */
  async list(year: number, unitCode: string | undefined): Promise<ReportSubmissionsResponse> {
    this.reports.checkYear(year);
    const unit = await this.reports.unit(unitCode);
    const report = await this.repo.publishedReport(year, unit?.id ?? null);
    if (!report) throw notFound(`published ${year} report${unit ? ` of ${unit.code}` : ''}`);
    return this.view(year, unit, report);
  }

  async view(year: number, unit: UnitRow | null, report: PublishedReportRow): Promise<ReportSubmissionsResponse> {
    return {
      year,
      unit: unit ? { code: unit.code, name: unit.name } : null,
      indexNo: report.indexNo,
      title: report.title,
      deliveries: (await this.delivery.reportDeliveries(report.indexNo)).map(deliveryView),
    };
  }
}
