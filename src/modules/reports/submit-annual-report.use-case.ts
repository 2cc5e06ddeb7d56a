import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { invalidState } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import type { Actor } from '../identity/user.types.js';
import { exchangeTables } from './exchange-tables.js';
import type { SubmitReportResponse } from './report-submission.dto.js';
import { ReportSubmissionsService } from './report-submissions.service.js';

export interface SubmitAnnualReportCommand {
  actor: Actor;
  year: number;
  /** The unit's code; none: the government's own report. */
  unitCode: string | undefined;
}

/**
 * Submits a published annual report to the upper-level platform: one delivery of its exchange
 * package (event `annual_report`, the tables as published, the public entry's URL and the digest
 * of its text) to each active exchange subscriber, signed and retried like every webhook. Once
 * per receiver: a repeat queues only what is missing (a receiver registered since) and sends
 * again what failed for good; it answers the same list. 409 while the report is not published,
 * or when there is no exchange subscriber at all.
 */
@Injectable()
export class SubmitAnnualReportUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly submissions: ReportSubmissionsService,
    private readonly delivery: DeliveryService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, year, unitCode }: SubmitAnnualReportCommand): Promise<SubmitReportResponse> {
    const { unit, report } = await this.submissions.published(year, unitCode);
    const queued = await this.delivery.enqueueAnnualReport({
      year,
      template: report.report.template,
      unit: unit ? { code: unit.code, name: unit.name } : null,
      indexNo: report.indexNo,
      title: report.title,
      issuingUnit: { code: report.unitCode, name: report.unitName },
      publishedAt: report.publishedAt,
      bodySha256: report.bodySha256,
      tables: exchangeTables(report.report),
    });
    const view = await this.submissions.view(year, unit, report);
    if (view.deliveries.length === 0) {
      throw invalidState('there is no exchange subscriber to submit to: an administrator registers the upper-level platform first (POST /api/v1/subscribers with "format":"exchange")');
    }
    if (queued.length > 0) {
      await this.audit.append({ actorId: actor.id, action: 'report.submit', subjectType: 'Report', subjectId: `${year}:${unit?.code ?? ''}`, data: { indexNo: report.indexNo, deliveryIds: queued } });
    }
    return { ...view, queued };
  }
}
