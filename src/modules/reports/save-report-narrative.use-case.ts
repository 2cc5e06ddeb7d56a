import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { assertVersion, staleVersion } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import type { NarrativeRequest, NarrativeResponse } from './report.dto.js';
import { ReportsRepository, type Narrative } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

export interface SaveReportNarrativeCommand {
  actor: Actor;
  year: number;
  /** The unit's code; none: the government's own report. */
  unitCode: string | undefined;
  narrative: NarrativeRequest;
  /** The version(s) the caller read (If-Match), when it sent one. */
  version: IfMatch | number | undefined;
}

/** A disclosure officer replaces the narrative sections (一, 五, 六) of a year's report; blank sections are none. */
@Injectable()
export class SaveReportNarrativeUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly reports: ReportsService,
    private readonly repo: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, year, unitCode, narrative: body, version }: SaveReportNarrativeCommand): Promise<NarrativeResponse> {
    this.reports.checkYear(year);
    const unit = await this.reports.unit(unitCode);
    const text = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s);
    const n: Narrative = { overall: text(body.overall), problems: text(body.problems), other: text(body.other) };
    const unitId = unit?.id ?? null;
    const current = await this.repo.narrative(year, unitId, true);
    if (version !== undefined) assertVersion('narrative', current, version);
    if (!(await this.repo.saveNarrative(year, unitId, n, current.version, actor.id))) throw staleVersion('narrative');
    await this.audit.append({
      actorId: actor.id,
      action: 'report.narrative',
      subjectType: 'Report',
      subjectId: `${year}:${unit?.code ?? ''}`,
      data: { sections: Object.entries(n).filter(([, v]) => v !== null).map(([k]) => k) },
    });
    return { year, unit: unit ? { code: unit.code, name: unit.name } : null, ...(await this.repo.narrative(year, unitId)) };
  }
}
