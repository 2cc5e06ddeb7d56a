/**
 * The annual report (Art. 50): computed from the data of the year for the whole government or one
 * unit, cross-checked before anyone sees it, exported, and published to the catalogue.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, invalidInput, invalidState, notFound } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { chinaDate, chinaYearBounds, chinaYearOf, formatChinaIso } from '../../common/china-time.js';
import { computeAnnualReport, crossCheck, ReportInputError, templateForYear, type AnnualReport, type ProactiveInputs, type ReportTemplate } from './domain/index.js';
import { reminders } from './reminders.js';
import { reportText } from './report-text.js';
import type { NarrativeRequest, NarrativeResponse, PublishReportResponse, RemindersResponse, RepealResponse, ReportInputsRequest, ReportInputsResponse } from './report.dto.js';
import { ReportsRepository, type Narrative, type UnitRow } from './reports.repository.js';
import { IdentityRepository } from '../identity/identity.repository.js';

/** The first report year of the 2019 Regulations and their report templates. */
export const FIRST_REPORT_YEAR = 2019;

/** A time as the API shows it, in China time (values from PostgreSQL may arrive as strings). */
const isoChina = (d: Date | string) => formatChinaIso(new Date(d));

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

/**
 * Refuses a report whose tables do not add up (勾稽关系), naming every broken cell; the report is
 * computed so that it always adds up, so this guards against a counting bug reaching the public.
 */
export function refuseUnlessConsistent(report: AnnualReport): void {
  const check = crossCheck(report);
  if (check.ok) return;
  const cells = [...new Set(check.broken.flatMap((b) => b.cells))];
  throw invalidState(`the report breaks the cross-check of the official tables: ${check.broken.map((b) => b.message).join('; ')}`, {
    brokenCells: cells,
    broken: check.broken.map((b) => ({ rule: b.rule, column: b.column, expected: b.expected, actual: b.actual, cells: b.cells })),
  });
}

export interface ComputedReport {
  report: AnnualReport;
  unit: UnitRow | null;
  narrative: Narrative;
  title: string;
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ReportsRepository,
    private readonly catalogue: CatalogueService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly identity: IdentityRepository,
  ) {}

  /** 400 unless a report year the 2019 Regulations' templates cover, up to the current year. */
  checkYear(year: number, now = new Date()): void {
    const current = chinaYearOf(now);
    if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR || year > current) {
      throw invalidInput(`year must be between ${FIRST_REPORT_YEAR} and ${current}`);
    }
  }

  async unit(code: string | undefined): Promise<UnitRow | null> {
    if (code === undefined) return null;
    const unit = await this.identity.findUnitByCode(code);
    if (!unit) throw invalidInput(`unknown unit code: ${code}`);
    return unit;
  }

  title(year: number, unit: UnitRow | null): string {
    return `${unit ? unit.name : ''}${year}年政府信息公开工作年度报告`;
  }

  /** Tables 2–4 of one year, from one consistent snapshot of the data. */
  async compute(year: number, unit: UnitRow | null, m?: EntityManager): Promise<{ report: AnnualReport; narrative: Narrative }> {
    const run = async (tx: EntityManager) => {
      const { start, end } = chinaYearBounds(year);
      const S = new Date(start);
      const E = new Date(end);
      const unitId = unit?.id ?? null;
      const applications = await this.repo.applicationGroups(S, E, unitId, tx);
      const appeals = await this.repo.appealGroups(S, E, unitId, tx);
      const normativeDocuments = await this.repo.normativeDocumentGroups(S, E, unitId, tx);
      const publications = await this.repo.publicationGroups(S, E, unitId, tx);
      const inputs = await this.repo.inputs(year, unitId, tx);
      const narrative = await this.repo.narrative(year, unitId, tx);
      let report: AnnualReport;
      try {
        report = computeAnnualReport({ year, applications, appeals, normativeDocuments, publications, inputs: inputs.data });
      } catch (e) {
        if (e instanceof ReportInputError) {
          throw invalidState(`the data of ${year} cannot be counted: ${e.message}`, { issues: e.issues.slice(0, 50) });
        }
        throw e;
      }
      refuseUnlessConsistent(report);
      return { report, narrative: { overall: narrative.overall, problems: narrative.problems, other: narrative.other } };
    };
    if (m) return run(m);
    return this.db.transaction('REPEATABLE READ', run);
  }

  async report(year: number, unitCode: string | undefined): Promise<ComputedReport> {
    this.checkYear(year);
    const unit = await this.unit(unitCode);
    const { report, narrative } = await this.compute(year, unit);
    return { report, unit, narrative, title: this.title(year, unit) };
  }

  // ------------------------------------------------------------------------------------------
  // Figures from other systems
  // ------------------------------------------------------------------------------------------

  async inputs(year: number, unitCode: string | undefined): Promise<ReportInputsResponse> {
    this.checkYear(year);
    const unit = await this.unit(unitCode);
    const stored = await this.repo.inputs(year, unit?.id ?? null);
    return { year, template: templateForYear(year), unit: unit ? { code: unit.code, name: unit.name } : null, inputs: stored.data, version: stored.version };
  }

  async saveInputs(actor: Actor, year: number, unitCode: string | undefined, body: ReportInputsRequest, ifMatch: number | undefined): Promise<ReportInputsResponse> {
    this.checkYear(year);
    const unit = await this.unit(unitCode);
    const template = templateForYear(year);
    const data = cleanInputs(body);
    const unused = flattenPaths(data).filter((p) => !INPUT_FIELDS[template].has(p));
    if (unused.length) {
      throw invalidInput(`${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} not part of the ${template} template used for ${year}`);
    }
    return this.db.transaction(async (m) => {
      const unitId = unit?.id ?? null;
      const current = await this.repo.inputs(year, unitId, m, true);
      if (ifMatch !== undefined && ifMatch !== current.version) {
        throw new DomainError('stale_version', `the figures were changed meanwhile: current version is ${current.version}`);
      }
      if (!(await this.repo.saveInputs(m, year, unitId, data, current.version, actor.id))) {
        throw new DomainError('stale_version', 'the figures were changed meanwhile; reload them');
      }
      await this.audit.append(m, { actorId: actor.id, action: 'report.inputs', subjectType: 'Report', subjectId: `${year}:${unit?.code ?? ''}`, data: { ...data } });
      const saved = await this.repo.inputs(year, unitId, m);
      return { year, template, unit: unit ? { code: unit.code, name: unit.name } : null, inputs: saved.data, version: saved.version };
    });
  }

  // ------------------------------------------------------------------------------------------
  // Narrative sections
  // ------------------------------------------------------------------------------------------

  async narrative(year: number, unitCode: string | undefined): Promise<NarrativeResponse> {
    this.checkYear(year);
    const unit = await this.unit(unitCode);
    const n = await this.repo.narrative(year, unit?.id ?? null);
    return { year, unit: unit ? { code: unit.code, name: unit.name } : null, ...n };
  }

  async saveNarrative(actor: Actor, year: number, unitCode: string | undefined, body: NarrativeRequest, ifMatch: number | undefined): Promise<NarrativeResponse> {
    this.checkYear(year);
    const unit = await this.unit(unitCode);
    const text = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s);
    const n: Narrative = { overall: text(body.overall), problems: text(body.problems), other: text(body.other) };
    return this.db.transaction(async (m) => {
      const unitId = unit?.id ?? null;
      const current = await this.repo.narrative(year, unitId, m, true);
      if (ifMatch !== undefined && ifMatch !== current.version) {
        throw new DomainError('stale_version', `the narrative was changed meanwhile: current version is ${current.version}`);
      }
      if (!(await this.repo.saveNarrative(m, year, unitId, n, current.version, actor.id))) {
        throw new DomainError('stale_version', 'the narrative was changed meanwhile; reload it');
      }
      await this.audit.append(m, {
        actorId: actor.id,
        action: 'report.narrative',
        subjectType: 'Report',
        subjectId: `${year}:${unit?.code ?? ''}`,
        data: { sections: Object.entries(n).filter(([, v]) => v !== null).map(([k]) => k) },
      });
      return { year, unit: unit ? { code: unit.code, name: unit.name } : null, ...(await this.repo.narrative(year, unitId, m)) };
    });
  }

  // ------------------------------------------------------------------------------------------
  // Publication
  // ------------------------------------------------------------------------------------------

  /**
   * Publishes the report of a finished year to the catalogue under the disclosure office's (the
   * officer's unit's) next index number, category `other`, the text as the body; in one
   * transaction with its change-stream row, the stored tables and the audit row.
   */
  async publish(actor: Actor, year: number, unitCode: string | undefined, now = new Date()): Promise<PublishReportResponse> {
    this.checkYear(year, now);
    if (year >= chinaYearOf(now)) throw invalidState(`the year ${year} is not over: its report can be published from 1 January ${year + 1}`);
    const unit = await this.unit(unitCode);
    if (!actor.unitId) throw invalidState('your account has no unit: the index number is the disclosure office’s (your unit’s) code');
    return this.db.transaction(async (m) => {
      const [office] = await this.identity.findUnitsByIds(m, [actor.unitId!]);
      if (!office) throw notFound('unit');
      const unitId = unit?.id ?? null;
      const existing = await this.repo.publication(year, unitId, m);
      if (existing) throw invalidState(`the ${year} report${unit ? ` of ${unit.code}` : ''} was already published as ${existing.indexNo}`);
      const { report, narrative } = await this.compute(year, unit, m);
      const title = this.title(year, unit);
      const body = reportText(report, title, narrative);
      const indexNo = await this.catalogue.publishStandalone(m, {
        unitId: office.id,
        unitCode: office.code,
        title,
        summary: `${year}年度政府信息公开工作年度报告：主动公开${report.publishedCount}条，新收政府信息公开申请${report.applications.rows.find((r) => r.key === 'new')?.total ?? 0}件。`,
        body,
        docType: 'report',
        category: 'other',
      });
      if (!(await this.repo.insertPublication(m, { year, unitId, indexNo, report, actorId: actor.id }))) {
        throw invalidState(`the ${year} report was published meanwhile`);
      }
      await this.audit.append(m, { actorId: actor.id, action: 'report.publish', subjectType: 'Report', subjectId: `${year}:${unit?.code ?? ''}`, data: { indexNo } });
      const published = (await this.repo.publication(year, unitId, m))!;
      return {
        year,
        unit: unit ? { code: unit.code, name: unit.name } : null,
        indexNo,
        title,
        publishedAt: isoChina(published.publishedAt),
        url: `/api/v1/catalogue/${encodeURIComponent(indexNo)}`,
      };
    });
  }

  async reminders(now = new Date()): Promise<RemindersResponse> {
    const today = chinaDate(now);
    const year = Number(today.slice(0, 4));
    const [units, publications] = await Promise.all([this.repo.units(), this.repo.publications([year - 1, year])]);
    const published = new Map(publications.map((p) => [`${p.year}:${p.unitId ?? ''}`, p.indexNo]));
    return { today, items: reminders(today, units, published) };
  }

  // ------------------------------------------------------------------------------------------
  // Repeal of a normative document (Table 2: 本年废止件数, 现行有效件数)
  // ------------------------------------------------------------------------------------------

  async repeal(actor: Actor, ability: AppAbility, documentId: string, repealedAt: Date, now = new Date()): Promise<RepealResponse> {
    if (repealedAt.getTime() > now.getTime()) throw invalidInput('repealedAt must not be in the future');
    return this.db.transaction(async (m) => {
      await this.documents.getReadable(ability, documentId, m); // not visible = not found
      const d = await this.repo.lockDocument(m, documentId);
      if (!d) throw notFound('document');
      if (d.docType !== 'normative_document') throw invalidState(`only normative documents are repealed; this one is a ${d.docType}`);
      if (d.repealedAt) throw invalidState(`the document was already repealed on ${isoChina(d.repealedAt)}`);
      if (d.state !== 'published' || !d.indexNo || d.revokedAt) throw invalidState(`only a published normative document can be repealed (state ${d.state})`);
      if (d.publishedAt && repealedAt.getTime() < new Date(d.publishedAt).getTime()) {
        throw invalidInput(`repealedAt must not be before the document was published (${isoChina(d.publishedAt)})`);
      }
      if (!(await this.repo.repeal(m, documentId, repealedAt, actor.id))) throw invalidState('the document was repealed meanwhile');
      await this.audit.append(m, { actorId: actor.id, action: 'document.repeal', subjectType: 'Document', subjectId: documentId, data: { repealedAt: repealedAt.toISOString(), indexNo: d.indexNo } });
      return { documentId, title: d.title, indexNo: d.indexNo, repealedAt: isoChina(repealedAt) };
    });
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
