/**
 * Working-day calendar for the disclosure deadlines (PRC Regulations on the Openness of
 * Government Information). A working day is Monday–Friday, minus the statutory holidays,
 * plus the adjusted working weekends (调休) announced each year by the State Council.
 *
 * Dates are plain 'YYYY-MM-DD' strings meaning calendar dates in China time (Asia/Shanghai,
 * UTC+8, no daylight saving since 1991). All arithmetic on them is done in UTC, so the result
 * never depends on the time zone of the server process.
 *
 * Package data: the holiday / adjusted-working-day tables come from `chinese-days`. They are
 * read from the package's published JSON file (dist/chinese-days.json, documented by the package
 * for non-JS consumers) instead of its `isWorkday()` function, because that function builds and
 * reads its tables with local-time Date getters: on a server whose TZ has a negative UTC offset
 * every holiday shifts by one day (e.g. 2024-09-29 becomes a Sunday off and 2024-09-28 a working
 * Saturday). The years the package covers are derived from that data, not hard-coded.
 *
 * Administrator overrides take precedence over the package for single dates. A year counts as
 * covered when the package has data for it or when an administrator has marked it as published
 * (`publishedYears`) after entering that year's holiday arrangement as overrides.
 */
import { createRequire } from 'node:module';
import { assertDateString, isDateString } from '../../../common/china-time.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest run of consecutive non-working days tolerated before giving up (a misconfiguration). */
const MAX_NON_WORKING_RUN = 366;

export type CalendarOverrideKind = 'holiday' | 'workday';

export interface CalendarOverride {
  /** 'YYYY-MM-DD', a China calendar date. */
  date: string;
  /** 'holiday': the date is not a working day; 'workday': the date is a working day. */
  kind: CalendarOverrideKind;
  name?: string;
}

interface WorkingDayCalendarOptions {
  overrides?: readonly CalendarOverride[];
  /** Years whose holiday arrangement has been entered in full as overrides. */
  publishedYears?: readonly number[];
}

type YearCoverage = 'package' | 'override' | 'none';

type DaySource = 'override' | 'package' | 'weekday';

interface DayInfo {
  date: string;
  working: boolean;
  /** Where the answer came from: an override, the package's holiday data, or plain Mon–Fri. */
  source: DaySource;
  /** Holiday or adjusted-working-day name, when known ('National Day' / '国庆节', or the override's name). */
  name?: string;
  nameZh?: string;
}

// ---------------------------------------------------------------------------------------------
// Package data
// ---------------------------------------------------------------------------------------------

interface PackageEntry {
  name: string;
  nameZh: string;
}

interface PackageData {
  holidays: Map<string, PackageEntry>;
  workdays: Map<string, PackageEntry>;
  years: ReadonlySet<number>;
}

let packageData: PackageData | null = null;

function parsePackageName(raw: string): PackageEntry {
  // Format in the package: "National Day,国庆节,3" (English, Chinese, number of days).
  const [name = raw, nameZh = name] = raw.split(',');
  return { name, nameZh };
}

function loadPackageData(): PackageData {
  if (packageData) return packageData;
  const require = createRequire(import.meta.url);
  const raw = require('chinese-days/dist/chinese-days.json') as unknown;
  if (
    typeof raw !== 'object' ||
    raw === null ||
    typeof (raw as Record<string, unknown>).holidays !== 'object' ||
    typeof (raw as Record<string, unknown>).workdays !== 'object'
  ) {
    throw new Error('chinese-days: unexpected shape of dist/chinese-days.json');
  }
  const json = raw as { holidays: Record<string, string>; workdays: Record<string, string> };
  const holidays = new Map<string, PackageEntry>();
  const workdays = new Map<string, PackageEntry>();
  const years = new Set<number>();
  for (const [date, name] of Object.entries(json.holidays)) {
    if (!isDateString(date)) continue;
    holidays.set(date, parsePackageName(String(name)));
    // Every published year has at least New Year's Day in the holiday table; adjusted working
    // days alone (e.g. 2018-12-29, worked for the 2019 New Year) do not make a year covered.
    years.add(yearOf(date));
  }
  for (const [date, name] of Object.entries(json.workdays)) {
    if (!isDateString(date)) continue;
    workdays.set(date, parsePackageName(String(name)));
  }
  packageData = { holidays, workdays, years };
  return packageData;
}

/** Years for which the installed `chinese-days` package has holiday data, ascending. */
export function packageCoveredYears(): number[] {
  return [...loadPackageData().years].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Plain-date helpers (UTC arithmetic on 'YYYY-MM-DD')
// ---------------------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string): number {
  const m = DATE_RE.exec(date)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  assertDateString(date);
  return fromDayNumber(dayNumber(date) + days);
}

/** Negative, zero or positive as a is before, equal to or after b (dates compare as strings). */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  assertDateString(date);
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** '2024年9月27日'. */
export function formatDateZh(date: string): string {
  assertDateString(date);
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// ---------------------------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------------------------

export class WorkingDayCalendar {
  private readonly overrides = new Map<string, CalendarOverride>();
  private readonly published: ReadonlySet<number>;

  constructor(options: WorkingDayCalendarOptions = {}) {
    for (const o of options.overrides ?? []) {
      assertDateString(o.date, 'override date');
      if (o.kind !== 'holiday' && o.kind !== 'workday') {
        throw new RangeError(`override ${o.date}: kind must be 'holiday' or 'workday'`);
      }
      const prev = this.overrides.get(o.date);
      if (prev && prev.kind !== o.kind) {
        throw new RangeError(`conflicting overrides for ${o.date}: ${prev.kind} and ${o.kind}`);
      }
      this.overrides.set(o.date, { date: o.date, kind: o.kind, ...(o.name ? { name: o.name } : {}) });
    }
    const years = new Set<number>();
    for (const y of options.publishedYears ?? []) {
      if (!Number.isInteger(y) || y < 1000 || y > 9999) throw new RangeError(`invalid published year ${y}`);
      years.add(y);
    }
    this.published = years;
  }

  /** The overrides this calendar was built with, sorted by date. */
  listOverrides(): CalendarOverride[] {
    return [...this.overrides.values()].sort((a, b) => compareDates(a.date, b.date));
  }

  /** Whether `date` is a working day, and why. Overrides win over package data. */
  dayInfo(date: string): DayInfo {
    assertDateString(date);
    const o = this.overrides.get(date);
    if (o) {
      return {
        date,
        working: o.kind === 'workday',
        source: 'override',
        ...(o.name ? { name: o.name, nameZh: o.name } : {}),
      };
    }
    const pkg = loadPackageData();
    const w = pkg.workdays.get(date);
    if (w) return { date, working: true, source: 'package', name: w.name, nameZh: w.nameZh };
    const h = pkg.holidays.get(date);
    if (h) return { date, working: false, source: 'package', name: h.name, nameZh: h.nameZh };
    const wd = weekdayOf(date);
    return { date, working: wd >= 1 && wd <= 5, source: 'weekday' };
  }

  isWorkingDay(date: string): boolean {
    assertDateString(date);
    return this.isWorkingUnchecked(date);
  }

  /** Hot path for the loops below: `date` is known to be a valid 'YYYY-MM-DD'. */
  private isWorkingUnchecked(date: string): boolean {
    const o = this.overrides.get(date);
    if (o) return o.kind === 'workday';
    const pkg = loadPackageData();
    if (pkg.workdays.has(date)) return true;
    if (pkg.holidays.has(date)) return false;
    const wd = new Date(dayNumber(date) * DAY_MS).getUTCDay();
    return wd >= 1 && wd <= 5;
  }

  /**
   * The n-th working day strictly after `date` (n = 0 returns `date` itself; a negative n
   * gives the |n|-th working day strictly before `date`).
   */
  addWorkingDays(date: string, n: number): string {
    assertDateString(date);
    if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
    const step = n >= 0 ? 1 : -1;
    let left = Math.abs(n);
    let d = dayNumber(date);
    let idle = 0;
    while (left > 0) {
      d += step;
      if (this.isWorkingUnchecked(fromDayNumber(d))) {
        left--;
        idle = 0;
      } else if (++idle > MAX_NON_WORKING_RUN) {
        throw new RangeError(`no working day within ${MAX_NON_WORKING_RUN} days of ${fromDayNumber(d - step * idle)}`);
      }
    }
    return fromDayNumber(d);
  }

  /**
   * Number of working days in the half-open interval (a, b]: a itself is not counted, b is.
   * If b is before a the result is the negated count of working days in (b, a].
   */
  workingDaysBetween(a: string, b: string): number {
    assertDateString(a);
    assertDateString(b);
    const da = dayNumber(a);
    const db = dayNumber(b);
    if (db < da) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let d = da + 1; d <= db; d++) if (this.isWorkingUnchecked(fromDayNumber(d))) count++;
    return count;
  }

  /** Working days in the inclusive interval [a, b] (b before a gives 0). */
  workingDaysInRange(a: string, b: string): string[] {
    assertDateString(a);
    assertDateString(b);
    const out: string[] = [];
    for (let d = dayNumber(a); d <= dayNumber(b); d++) {
      const s = fromDayNumber(d);
      if (this.isWorkingUnchecked(s)) out.push(s);
    }
    return out;
  }

  /**
   * Where the calendar of `year` comes from: the package's State Council data, an
   * administrator's published arrangement, or nothing (then only Mon–Fri plus any
   * individual overrides are known).
   */
  coverage(year: number): YearCoverage {
    if (loadPackageData().years.has(year)) return 'package';
    if (this.published.has(year)) return 'override';
    return 'none';
  }

  /** All years with coverage other than 'none', ascending. */
  coveredYears(): number[] {
    const all = new Set<number>([...loadPackageData().years, ...this.published]);
    return [...all].sort((a, b) => a - b);
  }

  /** Years in [fromYear, toYear] without calendar data, ascending. */
  missingYears(fromYear: number, toYear: number): number[] {
    const out: number[] = [];
    for (let y = fromYear; y <= toYear; y++) if (this.coverage(y) === 'none') out.push(y);
    return out;
  }
}
