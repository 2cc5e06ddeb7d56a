import { availableActions, checkAction, fieldProblems, type ActionSubject } from './application-actions.js';
import { applicantKey, newTrackingCode, TRACKING_CODE_PATTERN } from './applicant-identity.js';
import { clockEventsOf, storedClock, applicationClock } from './application-clock.js';
import { WorkingDayCalendar } from './domain/calendar.js';

const calendar = new WorkingDayCalendar();
const cn = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const subject = (over: Partial<ActionSubject> = {}): ActionSubject => ({
  state: 'handling',
  clockState: 'running',
  receivedAt: cn('2026-11-02'),
  correctionRequested: false,
  extended: false,
  feeCharged: false,
  feePaid: false,
  feeDueAt: null,
  ...over,
});

describe('fields per action', () => {
  it('names missing and unexpected fields', () => {
    expect(fieldProblems('accept', {})).toBeNull();
    expect(fieldProblems('reply', { comment: 'x' })).toBe('reply requires outcome');
    expect(fieldProblems('accept', { outcome: 'disclosed' as never })).toBe('accept does not accept outcome');
    expect(fieldProblems('request_correction', { at: 'x', pages: 3 })).toBe('request_correction requires comment; request_correction does not accept pages');
    expect(fieldProblems('deliver', { method: 'email', deliveredAt: 'x' })).toBeNull();
  });
});

describe('fee rules (Art. 42)', () => {
  const at = cn('2026-11-20');
  it('charge_fee only while handling with the clock running, once', () => {
    expect(checkAction(subject(), 'charge_fee', { at, calendar })).toEqual({ ok: true, next: 'handling' });
    expect(checkAction(subject({ state: 'received' }), 'charge_fee', { at, calendar }).ok).toBe(false);
    expect(checkAction(subject({ feeCharged: true, feePaid: true }), 'charge_fee', { at, calendar }).ok).toBe(false);
    expect(checkAction(subject({ clockState: 'paused' }), 'charge_fee', { at, calendar }).ok).toBe(false);
  });

  it('an unpaid fee blocks everything but fee_paid, and other/fee_unpaid once the payment period is over', () => {
    const pending = subject({ feeCharged: true, clockState: 'paused', feeDueAt: cn('2026-11-25', '23:59') });
    expect(checkAction(pending, 'fee_paid', { at, calendar })).toEqual({ ok: true, next: 'handling' });
    for (const action of ['extend', 'consult_third_party', 'request_correction', 'charge_fee'] as const) expect(checkAction(pending, action, { at, calendar }).ok).toBe(false);
    expect(checkAction(pending, 'reply', { at, calendar, outcome: 'disclosed' }).ok).toBe(false);
    expect(checkAction(pending, 'reply', { at, calendar, outcome: 'other', reason: 'fee_unpaid' }).ok).toBe(false);
    expect(checkAction(pending, 'reply', { at: cn('2026-11-26'), calendar, outcome: 'other', reason: 'fee_unpaid' })).toEqual({ ok: true, next: 'replied' });
    expect(availableActions(pending, at, calendar)).toEqual(['fee_paid']);
    expect(availableActions(pending, cn('2026-11-26'), calendar)).toEqual(['reply', 'fee_paid']);
  });

  it('fee_unpaid and fee_paid need a fee', () => {
    expect(checkAction(subject(), 'fee_paid', { at, calendar }).ok).toBe(false);
    expect(checkAction(subject(), 'reply', { at, calendar, outcome: 'other', reason: 'fee_unpaid' }).ok).toBe(false);
  });

  it('nothing after filing', () => {
    expect(availableActions(subject({ state: 'filed', clockState: 'done' }), at, calendar)).toEqual([]);
    expect(checkAction(subject({ state: 'filed', clockState: 'done' }), 'file', { at, calendar }).ok).toBe(false);
  });

  it('offers the actions the state and the guards allow', () => {
    expect(availableActions(subject({ state: 'received' }), cn('2026-11-04'), calendar)).toEqual(['request_correction', 'accept', 'consult_third_party', 'extend', 'reply']);
    expect(availableActions(subject({ state: 'received' }), cn('2026-11-20'), calendar)).toEqual(['accept', 'consult_third_party', 'extend', 'reply']);
    expect(availableActions(subject({ extended: true }), cn('2026-11-04'), calendar)).toEqual(['request_correction', 'consult_third_party', 'reply', 'charge_fee']);
    expect(availableActions(subject({ state: 'awaiting_correction', clockState: 'stopped', correctionRequested: true }), at, calendar)).toEqual(['corrected', 'reply']);
  });
});

describe('history → clock', () => {
  it('maps actions to clock events; fees and consultations pause, their ends resume', () => {
    const events = clockEventsOf([
      { action: 'receive', at: cn('2026-11-02'), data: {} },
      { action: 'accept', at: cn('2026-11-03'), data: {} },
      { action: 'consult_third_party', at: cn('2026-11-04'), data: { consultee: 'other_agency' } },
      { action: 'third_party_replied', at: cn('2026-11-06'), data: {} },
      { action: 'charge_fee', at: cn('2026-11-09'), data: {} },
      { action: 'fee_paid', at: cn('2026-11-10'), data: {} },
      { action: 'extend', at: cn('2026-11-11'), data: {} },
      { action: 'reply', at: cn('2026-11-12'), data: {} },
      { action: 'deliver', at: cn('2026-11-13'), data: {} },
    ]);
    expect(events.map((e) => (e.type === 'pause' ? `pause:${e.reason}` : e.type))).toEqual(['pause:other_agency', 'resume', 'pause:fee_notice', 'resume', 'extended', 'replied']);
  });

  it('a pause with days left is provisional; one after the period expired is not', () => {
    const paused = applicationClock(cn('2026-11-02'), [{ action: 'consult_third_party', at: cn('2026-11-05'), data: {} }], calendar, cn('2026-11-20'));
    expect(storedClock(paused)).toMatchObject({ clockState: 'paused', dueProvisional: true });
    const expired = applicationClock(cn('2026-09-01'), [{ action: 'consult_third_party', at: cn('2026-11-05'), data: {} }], calendar, cn('2026-11-20'));
    expect(storedClock(expired)).toMatchObject({ clockState: 'paused', dueProvisional: false });
    expect(expired.overdue).toBe(true);
  });
});

describe('applicant identity', () => {
  it('tracking codes: 20 base32 characters, all different', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newTrackingCode()));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(TRACKING_CODE_PATTERN);
  });

  it('the applicant key follows the identity number, else name and contact, normalised', () => {
    expect(applicantKey('张三', '11010119900307123x', {})).toBe(applicantKey('李四', '11010119900307123X ', { phone: '1' }));
    expect(applicantKey('张 三', null, { phone: '138-0013-8000' })).toBe(applicantKey('张三', null, { phone: '13800138000' }));
    expect(applicantKey('张三', null, { phone: '13800138000' })).not.toBe(applicantKey('张三', null, { phone: '13900139000' }));
  });
});
