import { Injectable } from '@nestjs/common';
import { chinaYearOf } from '../../common/china-time.js';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { invalidState, notFound } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import type { Actor } from '../identity/user.types.js';
import { reportText } from './report-text.js';
import type { PublishReportResponse } from './report.dto.js';
import { ReportsRepository } from './reports.repository.js';
import { isoChina, ReportsService } from './reports.service.js';

export interface PublishAnnualReportCommand {
  actor: Actor;
  year: number;
  /** The unit's code; none: the government's own report. */
  unitCode: string | undefined;
  now?: Date;
}

/**
 * Publishes the report of a finished year to the catalogue under the disclosure office's (the
 * officer's unit's) next index number, category `other`, the text as the body; in one
 * transaction with its change-stream row, the stored tables and the audit row.
 */
@Injectable()
export class PublishAnnualReportUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly reports: ReportsService,
    private readonly repo: ReportsRepository,
    private readonly identity: IdentityRepository,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, year, unitCode, now = new Date() }: PublishAnnualReportCommand): Promise<PublishReportResponse> {
    this.reports.checkYear(year, now);
    if (year >= chinaYearOf(now)) throw invalidState(`the year ${year} is not over: its report can be published from 1 January ${year + 1}`);
    const unit = await this.reports.unit(unitCode);
    if (!actor.unitId) throw invalidState('your account has no unit: the index number is the disclosure office’s (your unit’s) code');
    const [office] = await this.identity.findUnitsByIds([actor.unitId]);
    if (!office) throw notFound('unit');
    const unitId = unit?.id ?? null;
    const existing = await this.repo.publication(year, unitId);
    if (existing) throw invalidState(`the ${year} report${unit ? ` of ${unit.code}` : ''} was already published as ${existing.indexNo}`);
    const { report, narrative } = await this.reports.compute(year, unit);
    const title = this.reports.title(year, unit);
    const body = reportText(report, title, narrative);
    const indexNo = await this.catalogue.publishStandalone({
      unitId: office.id,
      unitCode: office.code,
      title,
      summary: `${year}年度政府信息公开工作年度报告：主动公开${report.publishedCount}条，新收政府信息公开申请${report.applications.rows.find((r) => r.key === 'new')?.total ?? 0}件。`,
      body,
      docType: 'report',
      category: 'other',
    });
    if (!(await this.repo.insertPublication({ year, unitId, indexNo, report, actorId: actor.id }))) {
      throw invalidState(`the ${year} report was published meanwhile`);
    }
    await this.audit.append({ actorId: actor.id, action: 'report.publish', subjectType: 'Report', subjectId: `${year}:${unit?.code ?? ''}`, data: { indexNo } });
    const published = (await this.repo.publication(year, unitId))!;
    return {
      year,
      unit: unit ? { code: unit.code, name: unit.name } : null,
      indexNo,
      title,
      publishedAt: isoChina(published.publishedAt),
      url: `/api/v1/catalogue/${encodeURIComponent(indexNo)}`,
    };
  }
}
