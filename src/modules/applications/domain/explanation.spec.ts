import { WorkingDayCalendar } from './calendar.js';
import { computeClock } from './clock.js';
import { explainClock } from './explanation.js';

const cal = new WorkingDayCalendar();
const at = (s: string) => new Date(`${s}+08:00`);

describe('the explanation of a due date', () => {
  it('the worked example: receipt, the stretch before the consultation, the pause, the stretch after it with National Day and the adjusted Saturday', () => {
    const clock = computeClock({
      receivedAt: at('2026-09-07T10:00:00'),
      events: [
        { type: 'pause', at: at('2026-09-15T10:00:00'), reason: 'third_party' },
        { type: 'resume', at: at('2026-09-25T17:00:00') },
      ],
      calendar: cal,
      now: at('2026-09-28T10:00:00'),
    });
    expect(clock.dueDate).toBe('2026-10-21');
    const lines = explainClock(clock, cal, at('2026-09-28T10:00:00'));
    expect(lines.map((l) => l.kind)).toEqual(['receipt', 'pause', 'resume', 'counted', 'counted', 'holidays', 'workdays', 'due']);
    const zh = lines.map((l) => l.textZh);
    const en = lines.map((l) => l.text);
    expect(zh[3]).toBe('2026年9月8日至2026年9月15日计6个工作日');
    expect(en[3]).toBe('Counted 2026-09-08 – 2026-09-15: 6 working days');
    expect(zh[4]).toBe('2026年9月26日至2026年10月21日计14个工作日');
    expect(zh[5]).toBe('不计入：国庆节假期，2026年10月1日至2026年10月7日（其中5个工作日休假）');
    expect(en[5]).toMatch(/^Not counted: National Day, 2026-10-01 – 2026-10-07 \(5 weekdays off\)$/);
    expect(zh[6]).toContain('2026年10月10日（星期六');
    expect(en[6]).toContain('Sat 2026-10-10');
    expect(zh[7]).toBe('答复期限届满日：2026年10月21日');
    // The Sunday worked during the consultation (20 Sep) was not counted: it is in no stretch.
    expect(zh.join('\n')).not.toContain('2026年9月20日');
  });

  it('a correction discards what was counted; the restart opens the stretch that counts', () => {
    const clock = computeClock({
      receivedAt: at('2026-11-02T10:00:00'),
      events: [
        { type: 'correction_requested', at: at('2026-11-04T10:00:00') },
        { type: 'corrected', at: at('2026-11-09T10:00:00') },
      ],
      calendar: cal,
      now: at('2026-11-10T10:00:00'),
    });
    const lines = explainClock(clock, cal, at('2026-11-10T10:00:00'));
    expect(lines.map((l) => l.kind)).toEqual(['receipt', 'correction_requested', 'restart', 'counted', 'due']);
    expect(lines[3].textZh).toBe(`2026年11月10日至${lines[4].textZh.replace('答复期限届满日：', '')}计20个工作日`);
  });

  it('while stopped for correction there is no due date and nothing counted', () => {
    const clock = computeClock({ receivedAt: at('2026-11-02T10:00:00'), events: [{ type: 'correction_requested', at: at('2026-11-04T10:00:00') }], calendar: cal, now: at('2026-11-05T10:00:00') });
    expect(explainClock(clock, cal, at('2026-11-05T10:00:00')).map((l) => l.kind)).toEqual(['receipt', 'correction_requested']);
  });

  it('a year without holiday data is said so', () => {
    const clock = computeClock({ receivedAt: at('2026-12-20T10:00:00'), events: [], calendar: cal, now: at('2026-12-21T10:00:00') });
    const lines = explainClock(clock, cal, at('2026-12-21T10:00:00'));
    expect(lines.at(-1)).toMatchObject({ kind: 'calendar' });
    expect(lines.at(-1)!.textZh).toContain('2027年的节假日安排尚未发布');
  });
});
