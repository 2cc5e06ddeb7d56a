import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { DomainError, assertVersion, invalidInput } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { templateForYear, type ProactiveInputs, type ReportTemplate } from './domain/index.js';
import type { ReportInputsRequest, ReportInputsResponse } from './report.dto.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** Figures each template uses, as paths into ProactiveInputs. */
const INPUT_FIELDS: Record<ReportTemplate, ReadonlySet<string>> = {
  '2021': new Set(['licensing.decisions', 'penalty.decisions', 'coercion.decisions', 'fees.amount']),
  '2019': new Set([
    ...['licensing', 'otherServices', 'penalty', 'coercion'].flatMap((k) => [`${k}.lastYearItems`, `${k}.change`, `${k}.decisions`]),
    'fees.lastYearItems',
    'fees.change',
    'procurement.items',
    'procurement.amount',
  ]),
};

export interface SaveReportInputsCommand {
  actor: Actor;
  year: number;
  /** The unit's code; none: the government's own report. */
  unitCode: string | undefined;
  inputs: ReportInputsRequest;
  /** The version(s) the caller read (If-Match), when it sent one. */
  version: IfMatch | number | undefined;
}

/** A disclosure officer replaces the figures from other systems for a year; only the fields of the year's template. */
@Injectable()
export class SaveReportInputsUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly reports: ReportsService,
    private readonly repo: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, year, unitCode, inputs: body, version }: SaveReportInputsCommand): Promise<ReportInputsResponse> {
    this.reports.checkYear(year);
    const unit = await this.reports.unit(unitCode);
    const template = templateForYear(year);
    const data = cleanInputs(body);
    const unused = flattenPaths(data).filter((p) => !INPUT_FIELDS[template].has(p));
    if (unused.length) {
      throw invalidInput(`${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} not part of the ${template} template used for ${year}`);
    }
    const unitId = unit?.id ?? null;
    const current = await this.repo.inputs(year, unitId, true);
    // Not staleVersion(): "the figures were", plural; same 412.
    if (version !== undefined) assertVersion('figures', current, version);
    if (!(await this.repo.saveInputs(year, unitId, data, current.version, actor.id))) {
      throw new DomainError('stale_version', 'the figures were changed meanwhile; reload them');
    }
    await this.audit.append({ actorId: actor.id, action: 'report.inputs', subjectType: 'Report', subjectId: `${year}:${unit?.code ?? ''}`, data: { ...data } });
    const saved = await this.repo.inputs(year, unitId);
    return { year, template, unit: unit ? { code: unit.code, name: unit.name } : null, inputs: saved.data, version: saved.version };
  }
}

/** The entered figures without empty entries (undefined or null: not entered). */
function cleanInputs(body: ReportInputsRequest): ProactiveInputs {
  const out: Record<string, Record<string, number>> = {};
  for (const [section, figures] of Object.entries(body ?? {})) {
    if (figures === undefined || figures === null) continue;
    const kept: Record<string, number> = {};
    for (const [k, v] of Object.entries(figures as Record<string, unknown>)) if (typeof v === 'number') kept[k] = v;
    if (Object.keys(kept).length) out[section] = kept;
  }
  return out as ProactiveInputs;
}

function flattenPaths(inputs: ProactiveInputs): string[] {
  return Object.entries(inputs).flatMap(([section, figures]) => Object.keys(figures as object).map((k) => `${section}.${k}`));
}
