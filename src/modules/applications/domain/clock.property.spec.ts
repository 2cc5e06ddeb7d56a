import fc from 'fast-check';
import { chinaDate, endOfChinaDay } from '../../../common/china-time.js';
import { WorkingDayCalendar } from './calendar.js';
import { computeClock, correctionDeadline, type ClockEvent } from './clock.js';

const cal = new WorkingDayCalendar({ overrides: [] });
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Receipt instants over 2019 – mid 2026, covered by the package data. */
const receivedAtArb = fc
  .integer({ min: Date.parse('2019-01-01T00:00:00+08:00'), max: Date.parse('2026-06-30T00:00:00+08:00') })
  .map((ms) => new Date(ms));

/** 0–3 non-overlapping consultations, as (start, end) offsets from receipt in hours. */
const pausesArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 60 * 24 }), { minLength: 0, maxLength: 6 })
  .map((xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([sorted[i], sorted[i + 1]]);
    return pairs;
  });

const pauseEvents = (receivedAt: Date, pairs: [number, number][]): ClockEvent[] =>
  pairs.flatMap(([a, b], i) => [
    { type: 'pause', at: new Date(receivedAt.getTime() + a * HOUR), reason: i % 2 ? 'other_agency' : 'third_party' } as const,
    { type: 'resume', at: new Date(receivedAt.getTime() + b * HOUR) } as const,
  ]);

const dueDateOf = (receivedAt: Date, events: ClockEvent[]) => {
  const c = computeClock({ receivedAt, events, calendar: cal });
  return c.dueDate!;
};

/** Any sequence of events, legal or not. */
const eventSoupArb = fc.array(
  fc.record({
    type: fc.constantFrom('correction_requested', 'corrected', 'pause', 'resume', 'extended', 'replied'),
    offsetHours: fc.integer({ min: -48, max: 80 * 24 }),
  }),
  { maxLength: 10 },
);

describe('deadline clock properties', () => {
  it('dueAt is the end of a China working day, at least 20 working days after receipt', () => {
    fc.assert(
      fc.property(receivedAtArb, eventSoupArb, (receivedAt, soup) => {
        const events: ClockEvent[] = soup.map(({ type, offsetHours }) => {
          const at = new Date(receivedAt.getTime() + offsetHours * HOUR);
          return type === 'pause' ? { type, at, reason: 'third_party' } : { type, at };
        });
        const c = computeClock({ receivedAt, events, calendar: cal });
        if (c.dueAt === null) {
          expect(['stopped', 'done']).toContain(c.state);
          return;
        }
        const d = chinaDate(c.dueAt);
        expect(cal.isWorkingDay(d)).toBe(true);
        expect(c.dueAt.getTime()).toBe(endOfChinaDay(d).getTime());
        expect(cal.workingDaysBetween(chinaDate(receivedAt), d)).toBeGreaterThanOrEqual(20);
        expect(c.calendarIncomplete).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('without events the due date is exactly the 20th working day after the receipt day', () => {
    fc.assert(
      fc.property(receivedAtArb, (receivedAt) => {
        const r = chinaDate(receivedAt);
        const d = dueDateOf(receivedAt, []);
        expect(cal.workingDaysBetween(r, d)).toBe(20);
        expect(cal.workingDaysBetween(r, cal.addWorkingDays(d, -1))).toBe(19);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a pause never makes the due date earlier', () => {
    fc.assert(
      fc.property(receivedAtArb, pausesArb, fc.nat(), (receivedAt, pairs, drop) => {
        const all = dueDateOf(receivedAt, pauseEvents(receivedAt, pairs));
        const fewer = pairs.filter((_, i) => i !== drop % Math.max(1, pairs.length));
        const base = dueDateOf(receivedAt, pauseEvents(receivedAt, fewer));
        expect(all >= base).toBe(true);
        expect(all >= dueDateOf(receivedAt, [])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the due date moves by exactly the working days of the pauses that start before it', () => {
    fc.assert(
      fc.property(receivedAtArb, pausesArb, (receivedAt, pairs) => {
        const plain = dueDateOf(receivedAt, []);
        // Model: a pause starting on day P before the current due date D, resumed on day Q,
        // moves D by the working days in (P, Q]. A pause starting on or after D (the pause day
        // itself still counts) changes nothing, nor does any later one.
        let shift = 0;
        for (const [a, b] of pairs) {
          const p = chinaDate(new Date(receivedAt.getTime() + a * HOUR));
          const q = chinaDate(new Date(receivedAt.getTime() + b * HOUR));
          if (p >= cal.addWorkingDays(plain, shift)) break;
          shift += cal.workingDaysBetween(p, q);
        }
        expect(dueDateOf(receivedAt, pauseEvents(receivedAt, pairs))).toBe(cal.addWorkingDays(plain, shift));
      }),
      { numRuns: 300 },
    );
  });

  it('a restart after correction never yields a due date earlier than the original', () => {
    fc.assert(
      fc.property(
        receivedAtArb,
        fc.integer({ min: 0, max: 12 * 24 }),
        fc.integer({ min: 0, max: 40 * 24 }),
        pausesArb,
        (receivedAt, requestAfter, correctedAfter, pairs) => {
          const requestedAt = new Date(receivedAt.getTime() + requestAfter * HOUR);
          const correctedAt = new Date(requestedAt.getTime() + correctedAfter * HOUR);
          const original = dueDateOf(receivedAt, []);
          const later = pauseEvents(correctedAt, pairs);
          const c = computeClock({
            receivedAt,
            events: [{ type: 'correction_requested', at: requestedAt }, { type: 'corrected', at: correctedAt }, ...later],
            calendar: cal,
          });
          expect(c.state).toBe('running');
          expect(c.dueDate! >= original).toBe(true);
          const inWindow = requestedAt.getTime() <= correctionDeadline(receivedAt, cal).getTime();
          if (inWindow) {
            // A valid request restarts the count at the corrected application's receipt day.
            expect(cal.workingDaysBetween(chinaDate(correctedAt), c.dueDate!)).toBeGreaterThanOrEqual(20);
            expect(c.warnings).toEqual([]);
          } else {
            expect(c.warnings.map((w) => w.code)).toContain('correction_after_deadline');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an extension adds exactly 20 working days (consultations all over by the original due date)', () => {
    fc.assert(
      fc.property(receivedAtArb, pausesArb, fc.integer({ min: 0, max: 20 * 24 }), (receivedAt, pairs, extendAfter) => {
        const pauses = pauseEvents(receivedAt, pairs);
        const without = computeClock({ receivedAt, events: pauses, calendar: cal });
        const extendedAt = new Date(receivedAt.getTime() + extendAfter * HOUR);
        const withExt = computeClock({ receivedAt, events: [...pauses, { type: 'extended', at: extendedAt }], calendar: cal });
        const lastResume = pairs.length ? chinaDate(new Date(receivedAt.getTime() + pairs.at(-1)![1] * HOUR)) : null;
        const ext = withExt.dueDate!;
        expect(cal.workingDaysBetween(without.dueDate!, ext)).toBeGreaterThanOrEqual(20);
        if (lastResume === null || lastResume <= without.dueDate!) {
          expect(ext).toBe(cal.addWorkingDays(without.dueDate!, 20));
        }
        expect(withExt.extended).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the result does not depend on the order in which events are supplied', () => {
    fc.assert(
      fc.property(receivedAtArb, pausesArb, fc.integer({ min: 0, max: 30 * DAY }), (receivedAt, pairs, extendMs) => {
        const events: ClockEvent[] = [...pauseEvents(receivedAt, pairs), { type: 'extended', at: new Date(receivedAt.getTime() + extendMs + 1) }];
        const a = computeClock({ receivedAt, events, calendar: cal });
        const b = computeClock({ receivedAt, events: [...events].reverse(), calendar: cal });
        expect(b.dueDate).toBe(a.dueDate);
      }),
      { numRuns: 200 },
    );
  });

  it('with random overrides the due date is still a working day of that calendar', () => {
    const overrideArb = fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 90 }),
        kind: fc.constantFrom('holiday' as const, 'workday' as const),
      }),
      { maxLength: 15 },
    );
    fc.assert(
      fc.property(receivedAtArb, overrideArb, (receivedAt, raw) => {
        const seen = new Map<string, 'holiday' | 'workday'>();
        for (const o of raw) {
          const date = chinaDate(new Date(receivedAt.getTime() + o.offset * DAY));
          if (!seen.has(date)) seen.set(date, o.kind);
        }
        const calendar = new WorkingDayCalendar({ overrides: [...seen].map(([date, kind]) => ({ date, kind })) });
        const c = computeClock({ receivedAt, events: [], calendar });
        expect(calendar.isWorkingDay(c.dueDate!)).toBe(true);
        expect(calendar.workingDaysBetween(chinaDate(receivedAt), c.dueDate!)).toBe(20);
      }),
      { numRuns: 200 },
    );
  });
});
