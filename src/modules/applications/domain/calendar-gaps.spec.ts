import { WorkingDayCalendar, packageCoveredYears } from './calendar.js';
import { calendarGaps } from './calendar-gaps.js';

// The installed package covers up to 2026 (the tests of calendar.spec.ts say which years).
const last = Math.max(...packageCoveredYears());
const next = last + 1;
const plain = new WorkingDayCalendar({});

describe('the calendar years the service needs and lacks', () => {
  it('nothing before November of the last covered year, when no open application reaches further', () => {
    expect(calendarGaps(plain, `${last}-10-31`, [])).toEqual([]);
    expect(calendarGaps(plain, `${last}-03-15`, [[], []])).toEqual([]);
  });

  it('the next year from 1 November, with no application yet', () => {
    expect(calendarGaps(plain, `${last}-11-01`, [])).toEqual([{ year: next, openApplications: 0 }]);
    expect(calendarGaps(plain, `${last}-12-31`, [])).toEqual([{ year: next, openApplications: 0 }]);
  });

  it('this year, when it is not covered, all year', () => {
    expect(calendarGaps(plain, `${next}-02-10`, [])).toEqual([{ year: next, openApplications: 0 }]);
    expect(calendarGaps(plain, `${next}-11-10`, [])).toEqual([
      { year: next, openApplications: 0 },
      { year: next + 1, openApplications: 0 },
    ]);
  });

  it('every year an open application reaches, with how many reach it (each application once per year)', () => {
    expect(calendarGaps(plain, `${last}-06-01`, [[next], [next], [next, next + 1], [next, next]])).toEqual([
      { year: next, openApplications: 4 },
      { year: next + 1, openApplications: 1 },
    ]);
  });

  it('a year an administrator published is not asked for', () => {
    const published = new WorkingDayCalendar({ publishedYears: [next] });
    expect(calendarGaps(published, `${last}-12-01`, [])).toEqual([]);
    // The clocks' missing years come from the same calendar: a published year is never among them.
    expect(calendarGaps(published, `${next}-11-01`, [])).toEqual([{ year: next + 1, openApplications: 0 }]);
  });
});
