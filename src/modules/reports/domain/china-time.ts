/**
 * Report years are counted in China Standard Time (Asia/Shanghai, UTC+8, no daylight saving
 * since 1991): year Y = [Y-01-01T00:00+08:00, (Y+1)-01-01T00:00+08:00).
 */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Epoch milliseconds of Y-01-01T00:00+08:00. */
export function chinaYearStartMs(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime() - CHINA_UTC_OFFSET_MS;
}

/** Half-open interval [start, end) of a report year, in epoch milliseconds. */
export function chinaYearBounds(year: number): { start: number; end: number } {
  return { start: chinaYearStartMs(year), end: chinaYearStartMs(year + 1) };
}

/** Calendar year of an instant, in China time. */
export function chinaYearOf(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + CHINA_UTC_OFFSET_MS).getUTCFullYear();
}

/** Month (0 = January) of an instant, in China time. */
export function chinaMonthOf(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + CHINA_UTC_OFFSET_MS).getUTCMonth();
}
