/**
 * How the due date of an application was computed, in words for the applicant (Chinese and
 * English): the clock's steps (receipt, correction and restart, pauses and resumes, extension,
 * reply, due date) with, for each stretch of time that counted, the working days counted, the
 * statutory holidays that fell on weekdays (skipped) and the adjusted working weekends (调休,
 * counted), by name. Pure: the clock and the calendar are passed in.
 */
import { chinaDate } from '../../../common/china-time.js';
import { addCalendarDays, compareDates, formatDateZh, weekdayOf, type WorkingDayCalendar } from './calendar.js';
import type { Clock } from './clock.js';

export interface ExplanationLine {
  kind: 'receipt' | 'correction_requested' | 'restart' | 'pause' | 'resume' | 'extension' | 'replied' | 'due' | 'counted' | 'holidays' | 'workdays' | 'calendar';
  text: string;
  textZh: string;
}

interface Segment {
  start: string;
  end: string;
}

const zhRange = (a: string, b: string) => (a === b ? formatDateZh(a) : `${formatDateZh(a)}至${formatDateZh(b)}`);
const enRange = (a: string, b: string) => (a === b ? a : `${a} – ${b}`);
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** The lines of one counted stretch (start, end]: how many working days, which holidays and adjusted weekends. */
function segmentLines(calendar: WorkingDayCalendar, s: Segment): ExplanationLine[] {
  const n = calendar.workingDaysBetween(s.start, s.end);
  const first = addCalendarDays(s.start, 1);
  if (compareDates(first, s.end) > 0) return [];
  const out: ExplanationLine[] = [
    {
      kind: 'counted',
      text: `Counted ${enRange(first, s.end)}: ${n} working day${n === 1 ? '' : 's'}`,
      textZh: `${zhRange(first, s.end)}计${n}个工作日`,
    },
  ];
  const holidays = new Map<string, { en: string; from: string; to: string; days: number }>();
  const workdays: { date: string; name: string; nameZh: string }[] = [];
  for (let d = first; compareDates(d, s.end) <= 0; d = addCalendarDays(d, 1)) {
    const info = calendar.dayInfo(d);
    const wd = weekdayOf(d);
    const weekend = wd === 0 || wd === 6;
    if (!info.working && !weekend) {
      const key = info.nameZh ?? info.name ?? '节假日';
      const h = holidays.get(key) ?? { en: info.name ?? 'holiday', from: d, to: d, days: 0 };
      h.to = d;
      h.days++;
      holidays.set(key, h);
    } else if (info.working && weekend) {
      workdays.push({ date: d, name: info.name ?? 'adjusted working day', nameZh: info.nameZh ?? info.name ?? '调休' });
    }
  }
  for (const [zh, h] of holidays) {
    out.push({
      kind: 'holidays',
      text: `Not counted: ${h.en}, ${enRange(h.from, h.to)} (${h.days} weekday${h.days === 1 ? '' : 's'} off)`,
      textZh: `不计入：${zh}假期，${zhRange(h.from, h.to)}（其中${h.days}个工作日休假）`,
    });
  }
  if (workdays.length) {
    out.push({
      kind: 'workdays',
      text: `Counted as working days (adjusted weekends): ${workdays.map((w) => `${WEEKDAY_EN[weekdayOf(w.date)]} ${w.date} (${w.name})`).join(', ')}`,
      textZh: `计入调休上班日：${workdays.map((w) => `${formatDateZh(w.date)}（${WEEKDAY_ZH[weekdayOf(w.date)]}，${w.nameZh}）`).join('、')}`,
    });
  }
  return out;
}

/**
 * The explanation of `clock` (computed on `calendar`, at `now`): the clock's own steps in order,
 * then what each stretch that counted towards the due date counted, then the due date, and the
 * reply last when there is one.
 */
export function explainClock(clock: Clock, calendar: WorkingDayCalendar, now: Date): ExplanationLine[] {
  const due = clock.dueDate;
  const steps: ExplanationLine[] = [];
  const tail: ExplanationLine[] = [];
  const stretches: ExplanationLine[] = [];
  let open: string | null = null;
  let closed: Segment[] = [];
  let lastPause: string | null = null;
  let replied: string | null = null;
  for (const step of clock.steps) {
    const d = step.kind === 'due' ? step.at.slice(0, 10) : chinaDate(new Date(step.at));
    const line: ExplanationLine = { kind: step.kind, text: step.text, textZh: step.textZh };
    switch (step.kind) {
      case 'receipt':
      case 'restart':
      case 'resume':
        open = d;
        break;
      case 'correction_requested':
        open = null;
        closed = [];
        break;
      case 'pause':
        if (open) closed.push({ start: open, end: d });
        open = null;
        lastPause = d;
        break;
      case 'replied':
        replied = d;
        tail.push(line);
        continue;
      case 'due': {
        // While paused (or replied while paused) the clock assumes the pause ends today (or on the day of the reply).
        const until = replied ?? chinaDate(now);
        const start = open ?? (lastPause ? (compareDates(until, lastPause) > 0 ? until : lastPause) : null);
        for (const s of start ? [...closed, { start, end: d }] : closed) {
          if (!due || compareDates(s.start, due) >= 0) continue;
          stretches.push(...segmentLines(calendar, { start: s.start, end: compareDates(s.end, due) > 0 ? due : s.end }));
        }
        tail.unshift(line);
        continue;
      }
      default:
        break;
    }
    steps.push(line);
  }
  const out = [...steps, ...stretches, ...tail];
  if (clock.calendarIncomplete) {
    out.push({
      kind: 'calendar',
      text: `No holiday calendar is published yet for ${clock.missingYears.join(', ')}: Monday to Friday were counted as working days there`,
      textZh: `${clock.missingYears.join('、')}年的节假日安排尚未发布，该年度暂按星期一至星期五为工作日计算`,
    });
  }
  return out;
}
