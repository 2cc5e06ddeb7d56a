/**
 * The performance assessment of units (绩效考核, Art. 46): every unit's metrics for a year from
 * the data, scored under the current rubric and ranked; the monthly trend of one unit or of the
 * whole district; a unit's public counts. The definitions are in domain/metrics.ts; the rubric's
 * change is a use case (set-performance-rubric).
 */
import { Injectable } from '@nestjs/common';
import { chinaMonthOf, chinaYearBounds, chinaYearOf, formatChinaIso, startOfChinaDay } from '../../common/china-time.js';
import { invalidInput, notFound } from '../../common/errors/domain-error.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';
import { StepDeadlinesService } from '../supervision/step-deadlines.service.js';
import { Figures, STEP_LOOKBACK_DAYS, SUBMISSION_LOOKBACK_YEARS, chinaMonthStarts, countRecords, guideFreshness, monthStartDays, stepDueTable, workingDayCounts, type UnitFigures } from './domain/figures.js';
import { addCalendarDays, type WorkingDayCalendar } from '../applications/domain/calendar.js';
import type { StepDeadlines } from '../supervision/deadlines.js';
import { RUBRIC_KEYS, assess, type UnitMetrics } from './domain/metrics.js';
import type { PerformanceAssessmentResponse, PerformanceMetrics, PerformanceRubricResponse, PerformanceTrendMonth, PerformanceTrendResponse, UnitStatisticsResponse } from './performance.dto.js';
import { PerformanceRepository, type Grouping, type RubricRow, type YearRange } from './performance.repository.js';

/** The first year of the 2019 Regulations (as the annual report's). */
export const FIRST_ASSESSMENT_YEAR = 2019;

/** The key of the records counted by month (one unit, or every unit together). */
const ALL = '';

interface YearData {
  asOf: Date;
  figures: UnitFigures;
  guides: Map<string, Date>;
  /** The months counted: 12 for a past year, up to the current month for this one. */
  months: number;
}

const iso = (d: Date | null) => (d ? formatChinaIso(new Date(d)) : null);

function metricsDto(m: UnitMetrics): PerformanceMetrics {
  return { ...m, guideUpdatedAt: iso(m.guideUpdatedAt) };
}

/** A month's metrics: everything but the guide's, which is not monthly. */
function trendFigures(m: UnitMetrics): Omit<PerformanceTrendMonth, 'month'> {
  return {
    documentsPublished: m.documentsPublished,
    medianWorkingDaysToPublish: m.medianWorkingDaysToPublish,
    documentsDecided: m.documentsDecided,
    proactiveShare: m.proactiveShare,
    applicationsReceived: m.applicationsReceived,
    applicationsReplied: m.applicationsReplied,
    repliedOnTime: m.repliedOnTime,
    onTimeShare: m.onTimeShare,
    overdue: m.overdue,
    stepsOverdue: m.stepsOverdue,
    correctedOnAppeal: m.correctedOnAppeal,
    complaintsSubstantiated: m.complaintsSubstantiated,
  };
}

export function rubricResponse(r: RubricRow): PerformanceRubricResponse {
  return { rubric: RUBRIC_KEYS.map((key) => ({ key, weight: r.weights[key] })), version: r.version, updatedAt: formatChinaIso(new Date(r.updatedAt)), updatedBy: r.updatedBy };
}

/**
 * What the statements of a year read: its bounds, "as of", the month starts, and the tables made
 * from the working-day calendar and the step limits (domain/figures.ts).
 */
export function yearRange(year: number, asOf: Date, calendar: WorkingDayCalendar, stepLimits: StepDeadlines): YearRange {
  const { start, end } = chinaYearBounds(year);
  const stepsFrom = addCalendarDays(`${year}-01-01`, -STEP_LOOKBACK_DAYS);
  return {
    S: new Date(start),
    E: new Date(end),
    asOf,
    monthStarts: chinaMonthStarts(year),
    stepsFrom: startOfChinaDay(stepsFrom),
    workingDays: workingDayCounts(calendar, `${year - SUBMISSION_LOOKBACK_YEARS}-01-01`, `${year}-12-31`),
    stepDue: stepDueTable({ year, asOf, calendar, stepLimits, monthly: false }, stepsFrom),
    monthStartDays: monthStartDays(year),
  };
}

@Injectable()
export class PerformanceService {
  constructor(
    private readonly repo: PerformanceRepository,
    private readonly calendar: CalendarService,
    private readonly deadlines: StepDeadlinesService,
  ) {}

  /** 400 unless a year from 2019 up to the current one (China time). */
  checkYear(year: number, now = new Date()): void {
    const current = chinaYearOf(now);
    if (!Number.isInteger(year) || year < FIRST_ASSESSMENT_YEAR || year > current) throw invalidInput(`year must be between ${FIRST_ASSESSMENT_YEAR} and ${current}`);
  }

  defaultYear(now = new Date()): number {
    return chinaYearOf(now);
  }

  async rubric(): Promise<PerformanceRubricResponse> {
    return rubricResponse(await this.repo.rubric());
  }

  /** Every unit's metrics, normalised metrics, score and rank; best first (then by code). */
  async assessment(year: number, now = new Date()): Promise<{ response: PerformanceAssessmentResponse; rubric: RubricRow }> {
    this.checkYear(year, now);
    return this.repo.snapshot(async () => {
      const rubric = await this.repo.rubric();
      const units = await this.repo.units();
      const data = await this.yearData(year, { by: 'unit' }, now);
      const metrics = units.map((u) => this.unitMetrics(u.id, data));
      const scored = assess(metrics, rubric.weights);
      const rows = units.map((u, i) => ({
        unitId: u.id,
        code: u.code,
        name: u.name,
        metrics: metricsDto(metrics[i]),
        normalised: scored[i].normalised,
        score: scored[i].score,
        rank: scored[i].rank,
      }));
      rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      return {
        rubric,
        response: {
          year,
          asOf: formatChinaIso(data.asOf),
          rubricVersion: rubric.version,
          rubric: RUBRIC_KEYS.map((key) => ({ key, weight: rubric.weights[key] })),
          units: rows,
        },
      };
    });
  }

  /** The months of the year (up to now) for one unit, or for every unit together (unitId null). */
  async trend(year: number, unitId: string | null, now = new Date()): Promise<PerformanceTrendResponse> {
    this.checkYear(year, now);
    return this.repo.snapshot(async () => {
      const unit = unitId ? await this.repo.unitById(unitId) : null;
      if (unitId && !unit) throw notFound('unit');
      const data = await this.yearData(year, { by: 'month', unitId }, now);
      const byMonth = data.figures.get(ALL);
      const months: PerformanceTrendMonth[] = [];
      for (let m = 0; m < data.months; m++) months.push({ month: m + 1, ...trendFigures((byMonth?.[m] ?? new Figures()).metrics(null, 0)) });
      return { year, asOf: formatChinaIso(data.asOf), unit: unit ? { unitId: unit.id, code: unit.code, name: unit.name } : null, months };
    });
  }

  /** A unit's counts for the public: no score, no rank, nothing about a person. */
  async statistics(code: string, year: number, now = new Date()): Promise<UnitStatisticsResponse> {
    this.checkYear(year, now);
    return this.repo.snapshot(async () => {
      const unit = UNIT_CODE_PATTERN.test(code) ? await this.repo.unitByCode(code) : null;
      if (!unit) throw notFound('unit');
      const data = await this.yearData(year, { by: 'month', unitId: unit.id }, now);
      const m = this.unitMetrics(ALL, data);
      const byMonth = data.figures.get(ALL);
      return {
        unit: { code: unit.code, name: unit.name },
        year,
        asOf: formatChinaIso(data.asOf),
        documentsPublished: m.documentsPublished,
        publishedByMonth: Array.from({ length: data.months }, (_, i) => byMonth?.[i].published ?? 0),
        applicationsReceived: m.applicationsReceived,
        applicationsReplied: m.applicationsReplied,
        repliedOnTime: m.repliedOnTime,
        overdue: m.overdue,
        correctedOnAppeal: m.correctedOnAppeal,
        complaintsSubstantiated: m.complaintsSubstantiated,
        guideUpdatedAt: iso(m.guideUpdatedAt),
      };
    });
  }

  /** The year's records counted by unit (the whole year) or by month (one unit, or every unit together), on one snapshot. */
  private async yearData(year: number, grouping: Grouping, now: Date): Promise<YearData> {
    const { start, end } = chinaYearBounds(year);
    const asOf = new Date(Math.min(end, now.getTime()));
    const calendar = await this.calendar.current();
    const stepLimits = await this.deadlines.limits();
    const ctx = { year, asOf, calendar, stepLimits, monthly: grouping.by === 'month' };
    const range = yearRange(year, asOf, calendar, stepLimits);
    const records = await this.repo.records(range, grouping);
    const figures = countRecords(records, ctx);
    const months = asOf.getTime() >= end ? 12 : chinaMonthOf(asOf) + 1;
    return { asOf, figures, guides: new Map(records.guides.map((g) => [g.unitId, new Date(g.updatedAt)])), months };
  }

  private unitMetrics(unitId: string, data: YearData): UnitMetrics {
    const f = new Figures();
    for (const month of data.figures.get(unitId) ?? []) f.add(month);
    const updatedAt = data.guides.get(unitId) ?? null;
    return f.metrics(updatedAt, guideFreshness(updatedAt, data.asOf));
  }
}
