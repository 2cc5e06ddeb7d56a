import chineseDays from 'chinese-days';
import { chinaDate, endOfChinaDay, formatChinaIso, startOfChinaDay } from '../../../common/china-time.js';
import { WorkingDayCalendar, addCalendarDays, formatDateZh, packageCoveredYears, weekdayOf } from './calendar.js';

const cal = new WorkingDayCalendar({ overrides: [] });

describe('China dates', () => {
  it('chinaDate uses UTC+8 whatever the server time zone', () => {
    expect(chinaDate(new Date('2024-09-27T15:59:59.999Z'))).toBe('2024-09-27');
    expect(chinaDate(new Date('2024-09-27T16:00:00.000Z'))).toBe('2024-09-28');
    expect(chinaDate(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01');
  });

  it('endOfChinaDay / startOfChinaDay bracket the China day', () => {
    expect(endOfChinaDay('2024-10-30').toISOString()).toBe('2024-10-30T15:59:59.999Z');
    expect(startOfChinaDay('2024-10-30').toISOString()).toBe('2024-10-29T16:00:00.000Z');
    expect(formatChinaIso(endOfChinaDay('2024-10-30'))).toBe('2024-10-30T23:59:59.999+08:00');
    expect(chinaDate(endOfChinaDay('2024-02-29'))).toBe('2024-02-29');
  });

  it('plain-date arithmetic crosses months, leap days and years', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addCalendarDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addCalendarDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(weekdayOf('2024-09-29')).toBe(0);
    expect(formatDateZh('2024-09-07')).toBe('2024年9月7日');
  });

  it('rejects malformed or impossible dates', () => {
    expect(() => cal.isWorkingDay('2024-9-7')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2023-02-29')).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-13-01', 1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('State Council holiday arrangements (from chinese-days)', () => {
  // [date, working?] checked against the State Council notices of each year.
  const facts: [string, boolean][] = [
    // 2019 (国办发明电〔2018〕15号): Spring Festival 2/4–2/10 off, 2/2 (Sat) and 2/3 (Sun) worked;
    // National Day 10/1–10/7 off, 9/29 (Sun) and 10/12 (Sat) worked.
    ['2019-02-02', true],
    ['2019-02-03', true],
    ['2019-02-04', false],
    ['2019-02-10', false],
    ['2019-02-11', true],
    ['2019-09-29', true],
    ['2019-10-07', false],
    ['2019-10-12', true],
    // 2020: Spring Festival 1/24–1/30 plus the extension to 2/2; 1/19 (Sun) worked; 2/1 (Sat),
    // originally a working day, became a day off with the extension.
    ['2020-01-19', true],
    ['2020-01-31', false],
    ['2020-02-01', false],
    ['2020-02-02', false],
    ['2020-02-03', true],
    // 2021: Mid-autumn 9/19–9/21 off, 9/18 (Sat) worked; National Day 9/26 (Sun) and 10/9 (Sat) worked.
    ['2021-09-18', true],
    ['2021-09-20', false],
    ['2021-09-21', false],
    ['2021-09-26', true],
    ['2021-10-09', true],
    // 2022: National Day 10/1–10/7 off, 10/8 (Sat) and 10/9 (Sun) worked.
    ['2022-10-07', false],
    ['2022-10-08', true],
    ['2022-10-09', true],
    // 2023: Spring Festival 1/21–1/27 off, 1/28 (Sat) and 1/29 (Sun) worked.
    ['2023-01-27', false],
    ['2023-01-28', true],
    ['2023-01-29', true],
    // 2024 (国办发明电〔2023〕7号): 9/29 (Sun) and 10/12 (Sat) worked; 10/1–10/7 off.
    ['2024-09-28', false],
    ['2024-09-29', true],
    ['2024-10-01', false],
    ['2024-10-04', false],
    ['2024-10-07', false],
    ['2024-10-08', true],
    ['2024-10-12', true],
    ['2024-10-13', false],
    // 2025 (国办发明电〔2024〕12号): Spring Festival 1/28–2/4 off, 1/26 (Sun) and 2/8 (Sat) worked.
    ['2025-01-26', true],
    ['2025-01-28', false],
    ['2025-02-04', false],
    ['2025-02-08', true],
    ['2025-10-08', false],
    ['2025-10-11', true],
    // 2026: National Day 10/1–10/7 off, 9/20 (Sun) and 10/10 (Sat) worked; Mid-autumn 9/25 off.
    ['2026-09-20', true],
    ['2026-09-25', false],
    ['2026-10-07', false],
    ['2026-10-10', true],
    // Ordinary days.
    ['2024-09-27', true],
    ['2024-09-22', false],
  ];
  it.each(facts)('%s working day: %s', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('explains the source of a day', () => {
    expect(cal.dayInfo('2024-09-29')).toMatchObject({ working: true, source: 'package', name: 'National Day', nameZh: '国庆节' });
    expect(cal.dayInfo('2024-10-02')).toMatchObject({ working: false, source: 'package', nameZh: '国庆节' });
    expect(cal.dayInfo('2024-09-27')).toEqual({ date: '2024-09-27', working: true, source: 'weekday' });
  });

  it('derives covered years from the package data (2004–2026 in 1.5.7)', () => {
    const years = packageCoveredYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2019);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(cal.coverage(2024)).toBe('package');
    expect(cal.coverage(2027)).toBe('none');
    expect(cal.coveredYears()).toEqual(years);
  });

  it('agrees with the package API for every day of 2004–2026 (in a UTC+ process time zone)', () => {
    // The package's own isWorkday() reads its tables with local-time getters; it is only right
    // when the process offset is ≥ 0, which is when this cross-check is meaningful.
    if (new Date(2024, 0, 1).getTimezoneOffset() > 0) return;
    const mismatches: string[] = [];
    for (let d = '2004-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
      const [y, m, day] = d.split('-').map(Number);
      if (chineseDays.isWorkday(new Date(y, m - 1, day, 12)) !== cal.isWorkingDay(d)) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('working-day arithmetic', () => {
  it('addWorkingDays counts strictly after the start date', () => {
    expect(cal.addWorkingDays('2024-09-27', 1)).toBe('2024-09-29'); // adjusted working Sunday
    expect(cal.addWorkingDays('2024-09-27', 2)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-09-27', 3)).toBe('2024-10-08'); // golden week skipped
    expect(cal.addWorkingDays('2024-09-27', 7)).toBe('2024-10-12'); // adjusted working Saturday
    expect(cal.addWorkingDays('2024-09-27', 0)).toBe('2024-09-27');
    expect(cal.addWorkingDays('2024-10-08', -1)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-10-08', -3)).toBe('2024-09-27');
  });

  it('workingDaysBetween counts (a, b]', () => {
    expect(cal.workingDaysBetween('2024-09-27', '2024-10-30')).toBe(20);
    expect(cal.workingDaysBetween('2024-10-10', '2024-10-25')).toBe(12);
    expect(cal.workingDaysBetween('2024-10-10', '2024-10-10')).toBe(0);
    expect(cal.workingDaysBetween('2024-09-30', '2024-10-07')).toBe(0);
    expect(cal.workingDaysBetween('2024-10-30', '2024-09-27')).toBe(-20);
    for (const [a, n] of [['2019-02-01', 20], ['2020-01-17', 33], ['2025-01-24', 5]] as const) {
      expect(cal.workingDaysBetween(a, cal.addWorkingDays(a, n))).toBe(n);
    }
  });

  it('lists working days in an inclusive range', () => {
    expect(cal.workingDaysInRange('2024-09-28', '2024-10-08')).toEqual(['2024-09-29', '2024-09-30', '2024-10-08']);
  });
});

describe('administrator overrides', () => {
  it('take precedence over the package and fill years the package does not cover', () => {
    const c = new WorkingDayCalendar({
      overrides: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'workday' },
        { date: '2024-09-29', kind: 'holiday', name: 'local correction' },
      ],
      publishedYears: [2027],
    });
    expect(c.isWorkingDay('2027-01-01')).toBe(false);
    expect(c.isWorkingDay('2027-01-02')).toBe(true);
    expect(c.isWorkingDay('2024-09-29')).toBe(false);
    expect(c.dayInfo('2027-01-01')).toMatchObject({ source: 'override', name: '元旦' });
    expect(c.coverage(2027)).toBe('override');
    expect(c.coverage(2024)).toBe('package');
    expect(c.coverage(2028)).toBe('none');
    expect(c.coveredYears()).toContain(2027);
    expect(c.missingYears(2026, 2028)).toEqual([2028]);
    expect(c.listOverrides().map((o) => o.date)).toEqual(['2024-09-29', '2027-01-01', '2027-01-02']);
  });

  it('an override alone does not mark its year as covered', () => {
    const c = new WorkingDayCalendar({ overrides: [{ date: '2027-01-01', kind: 'holiday' }] });
    expect(c.coverage(2027)).toBe('none');
  });

  it('rejects conflicting or malformed overrides', () => {
    expect(
      () =>
        new WorkingDayCalendar({
          overrides: [
            { date: '2027-01-01', kind: 'holiday' },
            { date: '2027-01-01', kind: 'workday' },
          ],
        }),
    ).toThrow(/conflicting/);
    expect(() => new WorkingDayCalendar({ overrides: [{ date: '2027-1-1', kind: 'holiday' }] })).toThrow(RangeError);
    expect(() => new WorkingDayCalendar({ overrides: [], publishedYears: [2027.5] })).toThrow(RangeError);
  });
});
