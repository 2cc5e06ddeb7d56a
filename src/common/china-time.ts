/**
 * China Standard Time (Asia/Shanghai): UTC+8, no daylight saving since 1991. Deadlines, report
 * years, index-number years and calendar dates are all counted in it.
 *
 * Every function shifts the instant by the fixed offset and reads UTC fields, so the answer never
 * depends on the time zone of the process. Pure: no framework imports, usable from src, test and
 * bench alike.
 */
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

type Instant = Date | number;

/** The instant shifted so that its UTC fields read as China wall-clock time; a RangeError if it is invalid. */
function shifted(instant: Date, what: string): Date {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what}: invalid Date`);
  return new Date(ms + CHINA_UTC_OFFSET_MS);
}

/** Calendar year of an instant, in China time. */
export function chinaYearOf(instant: Instant): number {
  return new Date((typeof instant === 'number' ? instant : instant.getTime()) + CHINA_UTC_OFFSET_MS).getUTCFullYear();
}

/** Month (0 = January) of an instant, in China time. */
export function chinaMonthOf(instant: Instant): number {
  return new Date((typeof instant === 'number' ? instant : instant.getTime()) + CHINA_UTC_OFFSET_MS).getUTCMonth();
}

/** Epoch milliseconds of Y-01-01T00:00+08:00. */
function chinaYearStartMs(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime() - CHINA_UTC_OFFSET_MS;
}

/** Half-open interval [start, end) of a year in China time, in epoch milliseconds. */
export function chinaYearBounds(year: number): { start: number; end: number } {
  return { start: chinaYearStartMs(year), end: chinaYearStartMs(year + 1) };
}

/** True when `s` is a real calendar date written 'YYYY-MM-DD'. */
export function isDateString(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === s;
}

/** Throws a RangeError unless `s` is a real calendar date written 'YYYY-MM-DD'. */
export function assertDateString(s: string, what = 'date'): void {
  if (typeof s !== 'string' || !isDateString(s)) {
    throw new RangeError(`${what} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(s)}`);
  }
}

/** The China calendar date ('YYYY-MM-DD') of an instant. */
export function chinaDate(instant: Date): string {
  return shifted(instant, 'chinaDate').toISOString().slice(0, 10);
}

/** 00:00:00.000 +08:00 of a China calendar date. */
export function startOfChinaDay(date: string): Date {
  assertDateString(date);
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_UTC_OFFSET_MS);
}

/** 23:59:59.999 +08:00 of a China calendar date: the last instant of that day in China. */
export function endOfChinaDay(date: string): Date {
  return new Date(startOfChinaDay(date).getTime() + DAY_MS - 1);
}

/** ISO 8601 in China time, e.g. '2024-10-30T23:59:59.999+08:00'. */
export function formatChinaIso(instant: Date): string {
  return shifted(instant, 'formatChinaIso').toISOString().replace('Z', '+08:00');
}
