/**
 * The annual report (Art. 50): computed from the data of the year for the whole government or one
 * unit, cross-checked before anyone sees it, exported, and published to the catalogue. The reads
 * and shared helpers are here; the writes are use cases (save-report-inputs, save-report-narrative,
 * publish-annual-report, repeal-document).
 */
import { Injectable } from '@nestjs/common';
import { invalidInput, invalidState } from '../../common/errors/domain-error.js';
import { chinaDate, chinaYearBounds, chinaYearOf, formatChinaIso } from '../../common/china-time.js';
import { computeAnnualReport, crossCheck, ReportInputError, templateForYear, type AnnualReport } from './domain/index.js';
import { reminders } from './reminders.js';
import type { NarrativeResponse, RemindersResponse, ReportInputsResponse } from './report.dto.js';
import { ReportsRepository, type Narrative, type UnitRow } from './reports.repository.js';
import { IdentityRepository } from '../identity/identity.repository.js';

/** The first report year of the 2019 Regulations and their report templates. */
export const FIRST_REPORT_YEAR = 2019;

/** A time as the API shows it, in China time (values from PostgreSQL may arrive as strings). */
export const isoChina = (d: Date | string) => formatChinaIso(new Date(d));

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
    private readonly repo: ReportsRepository,
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

  /** Tables 2–4 of one year, from one consistent snapshot of the data (the open transaction's, when one is open). */
  async compute(year: number, unit: UnitRow | null): Promise<{ report: AnnualReport; narrative: Narrative }> {
    return this.repo.snapshot(async () => {
      const { start, end } = chinaYearBounds(year);
      const S = new Date(start);
      const E = new Date(end);
      const unitId = unit?.id ?? null;
      const applications = await this.repo.applicationGroups(S, E, unitId);
      const appeals = await this.repo.appealGroups(S, E, unitId);
      const normativeDocuments = await this.repo.normativeDocumentGroups(S, E, unitId);
      const publications = await this.repo.publicationGroups(S, E, unitId);
      const complaints = await this.repo.complaintFigures(S, E, unitId);
      const inputs = await this.repo.inputs(year, unitId);
      const narrative = await this.repo.narrative(year, unitId);
      let report: AnnualReport;
      try {
        report = computeAnnualReport({ year, applications, appeals, normativeDocuments, publications, complaints, inputs: inputs.data });
      } catch (e) {
        if (e instanceof ReportInputError) {
          throw invalidState(`the data of ${year} cannot be counted: ${e.message}`, { issues: e.issues.slice(0, 50) });
        }
        throw e;
      }
      refuseUnlessConsistent(report);
      return { report, narrative: { overall: narrative.overall, problems: narrative.problems, other: narrative.other } };
    });
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

  // ------------------------------------------------------------------------------------------
  // Narrative sections
  // ------------------------------------------------------------------------------------------

  async narrative(year: number, unitCode: string | undefined): Promise<NarrativeResponse> {
    this.checkYear(year);
    const unit = await this.unit(unitCode);
    const n = await this.repo.narrative(year, unit?.id ?? null);
    return { year, unit: unit ? { code: unit.code, name: unit.name } : null, ...n };
  }

  async reminders(now = new Date()): Promise<RemindersResponse> {
    const today = chinaDate(now);
    const year = Number(today.slice(0, 4));
    const [units, publications] = await Promise.all([this.repo.units(), this.repo.publications([year - 1, year])]);
    const published = new Map(publications.map((p) => [`${p.year}:${p.unitId ?? ''}`, p.indexNo]));
    return { today, items: reminders(today, units, published) };
  }
}
