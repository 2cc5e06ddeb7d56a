import { chinaDate, formatChinaIso } from '../../../common/china-time.js';
import { WorkingDayCalendar } from './calendar.js';
import { computeClock, correctionDeadline, workingDaysUntil, type ClockEvent } from './clock.js';

const cal = new WorkingDayCalendar({ overrides: [] });
/** An instant at the given China wall-clock time. */
const cn = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

const due = (receivedAt: Date, events: ClockEvent[] = [], calendar = cal, now?: Date) =>
  computeClock({ receivedAt, events, calendar, now });

describe('20 working days after receipt: hand-checked against the State Council calendars', () => {
  // Each expected date was counted by hand, day by day, on the published arrangement.
  const cases: [string, string, string][] = [
    // Fri before the 2024 National Day week: 9/29 (Sun) and 9/30 count, 10/1–7 off, 10/12 (Sat) counts.
    ['2024 National Day, received Fri 9/27', '2024-09-27', '2024-10-30'],
    // Received on a Saturday that is not a working day: counting still starts the next day (Sun 9/29, worked).
    ['2024 National Day, received Sat 9/28', '2024-09-28', '2024-10-30'],
    // Received on the adjusted working Sunday: that day is not counted.
    ['2024 National Day, received on the adjusted working Sun 9/29', '2024-09-29', '2024-10-31'],
    // 2019 Spring Festival: 2/2 (Sat) and 2/3 (Sun) worked, 2/4–2/10 off.
    ['2019 Spring Festival, received Fri 2/1', '2019-02-01', '2019-03-06'],
    // 2020 Spring Festival including the extension to 2/2: 1/19 (Sun) worked, 1/24–2/2 off.
    ['2020 Spring Festival (extended), received Fri 1/17', '2020-01-17', '2020-02-21'],
    // 2021 Mid-autumn + National Day: 9/18 (Sat) worked, 9/19–21 off, 9/26 (Sun) worked, 10/9 (Sat) worked.
    ['2021 Mid-autumn and National Day, received Fri 9/17', '2021-09-17', '2021-10-21'],
    // 2022 National Day: 10/8 (Sat) and 10/9 (Sun) worked.
    ['2022 National Day, received Fri 9/30', '2022-09-30', '2022-11-02'],
    // 2023 Spring Festival: 1/21–27 off, 1/28 (Sat) and 1/29 (Sun) worked.
    ['2023 Spring Festival, received Thu 1/19', '2023-01-19', '2023-02-21'],
    // 2025 Spring Festival: 1/26 (Sun) worked, 1/28–2/4 off, 2/8 (Sat) worked.
    ['2025 Spring Festival, received Fri 1/24', '2025-01-24', '2025-02-27'],
    // 2026 Mid-autumn + National Day: 9/20 (Sun) worked, 9/25 off, 10/1–7 off, 10/10 (Sat) worked.
    ['2026 Mid-autumn and National Day, received Fri 9/18', '2026-09-18', '2026-10-22'],
    // An ordinary stretch without holidays: 4 weeks.
    ['ordinary weeks, received Mon 2024-11-04', '2024-11-04', '2024-12-02'],
  ];

  it.each(cases)('%s → due %s', (_label, received, expected) => {
    const c = due(cn(received));
    expect(c.dueDate).toBe(expected);
    expect(c.dueAt?.toISOString()).toBe(new Date(`${expected}T23:59:59.999+08:00`).toISOString());
    expect(c.state).toBe('running');
    expect(c.calendarIncomplete).toBe(false);
    expect(cal.workingDaysBetween(received, expected)).toBe(20);
  });

  it('uses the China calendar date of the receipt instant', () => {
    // 2024-09-28T16:30Z is 00:30 on Sunday 9/29 in China (an adjusted working day).
    expect(due(new Date('2024-09-28T16:30:00Z')).dueDate).toBe('2024-10-31');
    // 23:59 China time on Friday 9/27 is still Friday.
    expect(due(new Date('2024-09-27T15:59:00Z')).dueDate).toBe('2024-10-30');
  });

  it('explains the computation in English and Chinese', () => {
    const c = due(cn('2024-09-27'));
    expect(c.steps.map((s) => s.kind)).toEqual(['receipt', 'due']);
    expect(c.steps[0]).toEqual({
      kind: 'receipt',
      at: '2024-09-27T10:00:00.000+08:00',
      days: 20,
      text: 'Received 2024-09-27; 20 working days counted from the next working day',
      textZh: expect.stringContaining('2024年9月27日收到申请'),
    });
    expect(c.steps[1]).toMatchObject({ kind: 'due', at: '2024-10-30T23:59:59.999+08:00', text: 'Due end of 2024-10-30' });
    expect(c.steps[1].textZh).toContain('2024年10月30日');
  });
});

describe('third-party / other-agency consultation (pause and resume)', () => {
  const received = cn('2024-09-27');

  it('does not count the working days in (pause day, resume day]', () => {
    const c = due(received, [
      { type: 'pause', at: cn('2024-10-10'), reason: 'third_party' },
      { type: 'resume', at: cn('2024-10-25') },
    ]);
    // Used before the pause: 9/29, 9/30, 10/8, 10/9, 10/10 = 5. Not counted: 10/11, 10/12 (Sat, worked),
    // 10/14–18, 10/21–25 = 12. 15 remain after 10/25 → 11/15.
    expect(c.dueDate).toBe('2024-11-15');
    const pause = c.steps.find((s) => s.kind === 'pause')!;
    expect(pause.days).toBe(12);
    expect(pause.text).toBe('Paused for third-party consultation 2024-10-10 – 2024-10-25: 12 working days not counted');
    expect(pause.textZh).toContain('征求第三方意见');
    expect(c.steps.find((s) => s.kind === 'resume')!.text).toBe('Resumed 2024-10-25; 15 working days remain');
    expect(c.state).toBe('running');
  });

  it('a consultation started and answered the same day costs nothing', () => {
    const c = due(received, [
      { type: 'pause', at: cn('2024-10-10', '09:00'), reason: 'other_agency' },
      { type: 'resume', at: cn('2024-10-10', '17:00') },
    ]);
    expect(c.dueDate).toBe('2024-10-30');
    expect(c.steps.find((s) => s.kind === 'pause')!.days).toBe(0);
    expect(c.steps.find((s) => s.kind === 'pause')!.text).toContain('consultation with another agency');
  });

  it('Friday to Monday over an adjusted working Saturday costs two working days', () => {
    const c = due(received, [
      { type: 'pause', at: cn('2024-10-11'), reason: 'third_party' },
      { type: 'resume', at: cn('2024-10-14') },
    ]);
    expect(c.dueDate).toBe('2024-11-01');
  });

  it('while paused the due date is provisional, assuming the consultation ends now', () => {
    const events: ClockEvent[] = [{ type: 'pause', at: cn('2024-10-10'), reason: 'third_party' }];
    const noNow = due(received, events);
    expect(noNow.state).toBe('paused');
    expect(noNow.provisional).toBe(true);
    expect(noNow.dueDate).toBe('2024-10-30');
    expect(noNow.workingDaysUsed).toBe(5);
    const later = due(received, events, cal, cn('2024-10-18'));
    // Not counted: 10/11, 10/12, 10/14–18 = 7 → 10/30 + 7 working days.
    expect(later.dueDate).toBe(cal.addWorkingDays('2024-10-30', 7));
    expect(later.workingDaysLeft).toBe(15);
    expect(later.overdue).toBe(false);
    expect(later.steps.at(-1)!.text).toContain('provisional');
  });

  it('a pause after the period expired does not revive it', () => {
    const c = due(
      received,
      [
        { type: 'pause', at: cn('2024-11-05'), reason: 'third_party' },
        { type: 'resume', at: cn('2024-11-20') },
      ],
      cal,
      cn('2024-11-21'),
    );
    expect(c.dueDate).toBe('2024-10-30');
    expect(c.overdue).toBe(true);
    expect(c.workingDaysLeft).toBeLessThan(0);
  });
});

describe('correction (Art. 30): stop, then restart from the corrected application', () => {
  const received = cn('2024-09-27');

  it('the correction deadline is the end of the 7th working day after receipt', () => {
    // 9/29 (Sun), 9/30, 10/8, 10/9, 10/10, 10/11, 10/12 (Sat): both adjusted days count.
    expect(formatChinaIso(correctionDeadline(received, cal))).toBe('2024-10-12T23:59:59.999+08:00');
  });

  it('stops the clock: no due date while awaiting correction', () => {
    const c = due(received, [{ type: 'correction_requested', at: cn('2024-10-08') }], cal, cn('2024-10-15'));
    expect(c.state).toBe('stopped');
    expect(c.dueAt).toBeNull();
    expect(c.dueDate).toBeNull();
    expect(c.workingDaysLeft).toBeNull();
    expect(c.overdue).toBe(false);
    expect(c.workingDaysUsed).toBe(3);
    expect(c.steps.map((s) => s.kind)).toEqual(['receipt', 'correction_requested']);
  });

  it('restarts 20 working days from the corrected application’s receipt day', () => {
    const c = due(received, [
      { type: 'correction_requested', at: cn('2024-10-12', '16:00') }, // last allowed day (adjusted Saturday)
      { type: 'corrected', at: cn('2024-10-21') },
    ]);
    expect(c.warnings).toEqual([]);
    expect(c.state).toBe('running');
    // 10/22–25 (4), 10/28–11/1 (9), 11/4–8 (14), 11/11–15 (19), 11/18 (20).
    expect(c.dueDate).toBe('2024-11-18');
    expect(c.steps.map((s) => s.kind)).toEqual(['receipt', 'correction_requested', 'restart', 'due']);
    expect(c.steps[2].text).toBe('Corrected application received 2024-10-21; 20 working days counted afresh from the next working day');
  });

  it('ignores a correction request after the 7-working-day window (the clock keeps running)', () => {
    const c = due(received, [
      { type: 'correction_requested', at: cn('2024-10-13') },
      { type: 'corrected', at: cn('2024-10-21') },
    ]);
    expect(c.dueDate).toBe('2024-10-30');
    expect(c.warnings.map((w) => w.code)).toEqual(['correction_after_deadline', 'corrected_without_request']);
  });

  it('allows only one correction request', () => {
    const c = due(received, [
      { type: 'correction_requested', at: cn('2024-09-30') },
      { type: 'corrected', at: cn('2024-10-08') },
      { type: 'correction_requested', at: cn('2024-10-09') },
    ]);
    expect(c.state).toBe('running');
    expect(c.dueDate).toBe(cal.addWorkingDays('2024-10-08', 20));
    expect(c.warnings.map((w) => w.code)).toEqual(['correction_repeated']);
  });
});

describe('extension (Art. 33)', () => {
  const received = cn('2024-09-27');

  it('moves the due date 20 working days later, once', () => {
    const c = due(received, [
      { type: 'extended', at: cn('2024-10-20') },
      { type: 'extended', at: cn('2024-10-21') },
    ]);
    expect(c.extended).toBe(true);
    // 10/31, 11/1, 11/4–8, 11/11–15, 11/18–22, 11/25–27 → 11/27.
    expect(c.dueDate).toBe('2024-11-27');
    expect(c.steps.find((s) => s.kind === 'extension')!.text).toBe('Extended once by 20 working days (2024-10-20)');
    expect(c.warnings.map((w) => w.code)).toEqual(['extension_repeated']);
  });

  it('combines with a pause', () => {
    const c = due(received, [
      { type: 'pause', at: cn('2024-10-10'), reason: 'third_party' },
      { type: 'resume', at: cn('2024-10-25') },
      { type: 'extended', at: cn('2024-11-01') },
    ]);
    expect(c.dueDate).toBe(cal.addWorkingDays('2024-11-15', 20));
  });

  it('flags an extension decided after the period expired', () => {
    const c = due(received, [{ type: 'extended', at: cn('2024-11-04') }]);
    expect(c.warnings.map((w) => w.code)).toEqual(['extension_after_due']);
    expect(c.dueDate).toBe('2024-11-27');
  });
});

describe('reply, now, overdue', () => {
  const received = cn('2024-09-27');

  it('done on time', () => {
    const c = due(received, [{ type: 'replied', at: cn('2024-10-28') }], cal, cn('2025-03-01'));
    expect(c.state).toBe('done');
    expect(c.overdue).toBe(false);
    expect(c.workingDaysLeft).toBeNull();
    expect(c.workingDaysUsed).toBe(18);
    expect(c.dueDate).toBe('2024-10-30');
    expect(c.steps.map((s) => s.kind)).toEqual(['receipt', 'replied', 'due']);
  });

  it('done late', () => {
    const c = due(received, [{ type: 'replied', at: cn('2024-11-01') }]);
    expect(c.overdue).toBe(true);
    expect(c.steps.find((s) => s.kind === 'replied')!.text).toBe('Replied 2024-11-01, 2 working days after the due date');
  });

  it('ignores events after the reply', () => {
    const c = due(received, [
      { type: 'replied', at: cn('2024-10-28') },
      { type: 'extended', at: cn('2024-10-29') },
    ]);
    expect(c.extended).toBe(false);
    expect(c.warnings.map((w) => w.code)).toEqual(['event_after_reply']);
  });

  it('workingDaysLeft and overdue relative to now', () => {
    expect(due(received, [], cal, cn('2024-10-30', '23:59')).workingDaysLeft).toBe(0);
    expect(due(received, [], cal, cn('2024-10-30', '23:59')).overdue).toBe(false);
    expect(due(received, [], cal, cn('2024-10-31', '00:00')).overdue).toBe(true);
    expect(due(received, [], cal, cn('2024-10-31')).workingDaysLeft).toBe(-1);
    expect(due(received, [], cal, cn('2024-10-25')).workingDaysLeft).toBe(3);
    expect(due(received, [], cal, cn('2024-10-25')).workingDaysUsed).toBe(17);
  });

  it('workingDaysUntil supports "due within 3 working days"', () => {
    const dueAt = new Date('2024-10-30T23:59:59.999+08:00');
    expect(workingDaysUntil(dueAt, cn('2024-10-25'), cal)).toBe(3);
    expect(workingDaysUntil(dueAt, cn('2024-10-26'), cal)).toBe(3); // Saturday
    expect(workingDaysUntil(dueAt, cn('2024-10-30'), cal)).toBe(0);
    expect(workingDaysUntil(dueAt, cn('2024-11-04'), cal)).toBe(-3);
  });

  it('ignores events dated before the receipt and sorts the rest', () => {
    const c = due(received, [
      { type: 'resume', at: cn('2024-10-25') },
      { type: 'pause', at: cn('2024-10-10'), reason: 'third_party' },
      { type: 'extended', at: cn('2024-09-01') },
    ]);
    expect(c.dueDate).toBe('2024-11-15');
    expect(c.warnings.map((w) => w.code)).toEqual(['event_before_receipt']);
  });

  it('rejects invalid input', () => {
    expect(() => due(new Date('nope'))).toThrow(RangeError);
    expect(() => computeClock({ receivedAt: received, events: [], calendar: cal, limitDays: 0 })).toThrow(RangeError);
  });
});

describe('calendar coverage', () => {
  it('a due date in a year without data is computed Mon–Fri and flagged', () => {
    // 2026-12-30 (Wed): 12/31, then 2027 assumed Mon–Fri: 1/1 (Fri), 1/4–8, … 1/27 is the 20th.
    const c = due(cn('2026-12-30'));
    expect(c.dueDate).toBe('2027-01-27');
    expect(c.calendarIncomplete).toBe(true);
    expect(c.missingYears).toEqual([2027]);
  });

  it('a 2027 holiday added as an override moves the due date', () => {
    const withHoliday = new WorkingDayCalendar({ overrides: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] });
    const c = due(cn('2026-12-30'), [], withHoliday);
    expect(c.dueDate).toBe('2027-01-28');
    expect(c.calendarIncomplete).toBe(true); // the year is still not marked as published
  });

  it('a published override year is complete, and an adjusted working Saturday counts', () => {
    const published = new WorkingDayCalendar({
      overrides: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'workday', name: '元旦调休' },
      ],
      publishedYears: [2027],
    });
    const c = due(cn('2026-12-30'), [], published);
    expect(c.dueDate).toBe('2027-01-27');
    expect(c.calendarIncomplete).toBe(false);
    expect(c.missingYears).toEqual([]);
  });

  it('a period entirely inside covered years is complete even if now is later', () => {
    const c = due(cn('2026-11-02'), [{ type: 'replied', at: cn('2026-11-20') }], cal, cn('2027-03-01'));
    expect(c.calendarIncomplete).toBe(false);
  });

  it('steps and dates do not depend on the process time zone', () => {
    const c = due(cn('2024-09-27', '00:30'));
    expect(chinaDate(c.dueAt!)).toBe('2024-10-30');
    expect(c.steps[0].at).toBe('2024-09-27T00:30:00.000+08:00');
  });
});
