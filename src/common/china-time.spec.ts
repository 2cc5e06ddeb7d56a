import { chinaDate, chinaMonthOf, chinaYearBounds, chinaYearOf, endOfChinaDay, formatChinaIso, startOfChinaDay } from './china-time.js';

describe('china-time', () => {
  it('a China year starts at 16:00 UTC on 31 December', () => {
    expect(new Date(chinaYearBounds(2026).start).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(chinaYearBounds(2025).end).toBe(chinaYearBounds(2026).start);
    expect(chinaYearOf(chinaYearBounds(2026).start)).toBe(2026);
    expect(chinaYearOf(new Date(chinaYearBounds(2026).start - 1))).toBe(2025);
    expect(chinaMonthOf(new Date('2026-01-31T16:00:00.000Z'))).toBe(1);
  });

  it('days: date of an instant, first and last instant of a date, ISO with +08:00', () => {
    expect(chinaDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(chinaDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(startOfChinaDay('2024-02-29').toISOString()).toBe('2024-02-28T16:00:00.000Z');
    expect(endOfChinaDay('2024-02-29').toISOString()).toBe('2024-02-29T15:59:59.999Z');
    expect(formatChinaIso(endOfChinaDay('2024-02-29'))).toBe('2024-02-29T23:59:59.999+08:00');
  });

  it('refuses invalid dates and instants', () => {
    expect(() => startOfChinaDay('2023-02-29')).toThrow(RangeError);
    expect(() => endOfChinaDay('2024-2-1')).toThrow(RangeError);
    expect(() => chinaDate(new Date('nope'))).toThrow('chinaDate: invalid Date');
    expect(() => formatChinaIso(new Date(NaN))).toThrow('formatChinaIso: invalid Date');
  });
});
