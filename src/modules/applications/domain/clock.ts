/**
 * The reply-deadline clock of a disclosure application (Regulations, Arts. 30–34).
 *
 * Conventions (all dates are China calendar dates, see calendar.ts):
 *
 * - Receipt (Art. 33): the period is `limitDays` (20) working days counted from the day after
 *   the day of receipt; the receipt day itself is never counted, whether or not it is a working
 *   day. dueAt is the END of the last working day: 23:59:59.999 +08:00.
 * - Counting is done in segments. A segment (S, E] counts the working days strictly after its
 *   start day S up to and including its end day E. The first segment starts on the receipt day.
 * - Correction (Art. 30): a correction may be requested once, by the end of the 7th working day
 *   after receipt. From the request the clock is STOPPED (no due date). When the corrected
 *   application is received on day K, everything counted so far is discarded and the period
 *   RESTARTS: a new segment starts on K (K itself not counted).
 * - Consultation (Art. 32 third party / Art. 34 other agency): a pause on day P closes the
 *   running segment at P, so P still counts (if it is a working day). The resume on day Q opens
 *   the next segment at Q, so the working days in (P, Q] are not counted and counting continues
 *   on the day after Q. A consultation started and answered on the same day costs nothing; one
 *   started on a Friday and answered the next Monday costs one working day (the Monday).
 * - Extension (Art. 33 para. 2): once; the budget grows by `extensionDays` (20), so the due date
 *   moves that many working days later (when no pause falls after the original due date).
 * - The due date is the working day on which the counted working days reach the budget. A pause
 *   that starts after that day does not move it (an expired period cannot be revived by pausing).
 * - While paused the due date is provisional: it assumes the consultation ends on `now` (or on
 *   the pause day when `now` is not given), which makes it the earliest possible due date.
 *
 * Events that the Regulations do not allow (a second correction request, a correction request
 * after the 7-working-day deadline, a second extension, a resume without a pause, anything after
 * the reply, …) are ignored and reported in `warnings`; they never move the due date earlier.
 *
 * Pure: no clock reads. Pass `now` to get workingDaysLeft / overdue; `now` should not be
 * earlier than the last event.
 */
import { chinaDate, endOfChinaDay, formatChinaIso } from '../../../common/china-time.js';
import { WorkingDayCalendar, compareDates, formatDateZh, yearOf } from './calendar.js';

export const REPLY_LIMIT_WORKING_DAYS = 20;
export const EXTENSION_WORKING_DAYS = 20;
const CORRECTION_WINDOW_WORKING_DAYS = 7;

/**
 * Why the clock pauses: a consultation with a third party (Art. 32) or another agency (Art. 34),
 * or a fee notice until payment (Art. 42; 国办函〔2020〕109号 Art. 9: the time from sending the
 * fee notice until the applicant pays is not counted in the reply period).
 */
export type ConsultationReason = 'third_party' | 'other_agency' | 'fee_notice';

export type ClockEvent =
  | { type: 'correction_requested'; at: Date }
  | { type: 'corrected'; at: Date }
  | { type: 'pause'; at: Date; reason: ConsultationReason }
  | { type: 'resume'; at: Date }
  | { type: 'extended'; at: Date }
  | { type: 'replied'; at: Date };

interface ClockInput {
  receivedAt: Date;
  events: readonly ClockEvent[];
  calendar: WorkingDayCalendar;
  /** Working days allowed for the reply; default 20 (Art. 33). */
  limitDays?: number;
  /** Working days one extension adds; default 20 (Art. 33). */
  extensionDays?: number;
  /** The instant "now", for workingDaysLeft and overdue. */
  now?: Date;
}

export type ClockState = 'running' | 'stopped' | 'paused' | 'done';

type ClockStepKind =
  | 'receipt'
  | 'correction_requested'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'extension'
  | 'replied'
  | 'due';

export interface ClockStep {
  kind: ClockStepKind;
  /** ISO instant with +08:00 (or 'YYYY-MM-DD'). */
  at: string;
  days?: number;
  text: string;
  textZh: string;
}

type ClockWarningCode =
  | 'event_before_receipt'
  | 'event_after_reply'
  | 'correction_repeated'
  | 'correction_after_deadline'
  | 'correction_while_not_running'
  | 'corrected_without_request'
  | 'pause_while_not_running'
  | 'resume_without_pause'
  | 'extension_repeated'
  | 'extension_while_stopped'
  | 'extension_after_due'
  | 'replied_while_paused'
  | 'replied_while_stopped';

export interface ClockWarning {
  code: ClockWarningCode;
  /** ISO instant (+08:00) of the event concerned. */
  at: string;
  text: string;
  textZh: string;
}

export interface Clock {
  /** End (23:59:59.999 +08:00) of the last working day; null while stopped for correction. */
  dueAt: Date | null;
  /** China calendar date of dueAt. */
  dueDate: string | null;
  state: ClockState;
  /** True while paused: dueAt assumes the consultation ends on `now` (or on the pause day). */
  provisional: boolean;
  extended: boolean;
  /** Some year between receipt and the due date has no holiday data: Mon–Fri was assumed. */
  calendarIncomplete: boolean;
  missingYears: number[];
  steps: ClockStep[];
  /**
   * Working days counted since receipt (or since the corrected application's receipt), as of:
   * the reply (done), the pause (paused), the correction request (stopped), otherwise `now`
   * or, without `now`, the last event.
   */
  workingDaysUsed: number;
  /** workingDaysUntil(dueAt, now); null without `now`, while stopped, or once done. */
  workingDaysLeft: number | null;
  /** Done: replied after dueAt. Running / paused: `now` is after dueAt. */
  overdue: boolean;
  warnings: ClockWarning[];
}

interface Segment {
  start: string;
  end: string;
}

const CONSULTATION_EN: Record<ConsultationReason, string> = {
  third_party: 'third-party consultation',
  other_agency: 'consultation with another agency',
  fee_notice: 'the fee notice until payment',
};
const CONSULTATION_ZH: Record<ConsultationReason, string> = {
  third_party: '征求第三方意见',
  other_agency: '征求其他机关意见',
  fee_notice: '发出收费通知至申请人缴纳费用',
};

/** The last instant a correction may be requested: end of the 7th working day after receipt. */
export function correctionDeadline(receivedAt: Date, calendar: WorkingDayCalendar): Date {
  return endOfChinaDay(calendar.addWorkingDays(chinaDate(receivedAt), CORRECTION_WINDOW_WORKING_DAYS));
}

/**
 * Working days from `now` until `due`: the working days in (today, due day]. 0 means due today,
 * 1 means the next working day; negative when overdue (minus the working days in (due day,
 * today]). "Due within 3 working days" is `0 <= workingDaysUntil(...) <= 3`.
 */
export function workingDaysUntil(due: Date, now: Date, calendar: WorkingDayCalendar): number {
  return calendar.workingDaysBetween(chinaDate(now), chinaDate(due));
}

function assertInstant(d: unknown, what: string): asserts d is Date {
  if (!(d instanceof Date) || !Number.isFinite(d.getTime())) throw new RangeError(`${what} must be a valid Date`);
}

function assertPositiveInt(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} must be a positive integer, got ${n}`);
}

/** The working day on which `budget` counted working days are reached. */
function dueDayOf(
  calendar: WorkingDayCalendar,
  closed: readonly Segment[],
  openStart: string,
  budget: number,
): string {
  let used = 0;
  for (const s of closed) {
    const n = calendar.workingDaysBetween(s.start, s.end);
    if (used + n >= budget) return calendar.addWorkingDays(s.start, budget - used);
    used += n;
  }
  return calendar.addWorkingDays(openStart, budget - used);
}

function countClosed(calendar: WorkingDayCalendar, closed: readonly Segment[]): number {
  return closed.reduce((sum, s) => sum + calendar.workingDaysBetween(s.start, s.end), 0);
}

function maxDate(a: string, b: string): string {
  return compareDates(a, b) >= 0 ? a : b;
}

export function computeClock(input: ClockInput): Clock {
  const { calendar } = input;
  assertInstant(input.receivedAt, 'receivedAt');
  if (input.now !== undefined) assertInstant(input.now, 'now');
  const limit = input.limitDays ?? REPLY_LIMIT_WORKING_DAYS;
  const extensionDays = input.extensionDays ?? EXTENSION_WORKING_DAYS;
  assertPositiveInt(limit, 'limitDays');
  assertPositiveInt(extensionDays, 'extensionDays');

  const events = input.events.map((e, i) => {
    assertInstant(e.at, `events[${i}].at`);
    return { e, i };
  });
  // Chronological; events at the same instant keep the caller's order.
  events.sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i);

  const receiptDay = chinaDate(input.receivedAt);
  const correctionLastDay = calendar.addWorkingDays(receiptDay, CORRECTION_WINDOW_WORKING_DAYS);
  const nowDay = input.now ? chinaDate(input.now) : null;

  const steps: ClockStep[] = [];
  const warnings: ClockWarning[] = [];
  const warn = (code: ClockWarningCode, at: Date, text: string, textZh: string) =>
    warnings.push({ code, at: formatChinaIso(at), text, textZh });

  let state: ClockState = 'running';
  let segStart = receiptDay;
  let closed: Segment[] = [];
  let extended = false;
  let correctionRequested = false;
  let pause: { day: string; reason: ConsultationReason; step: ClockStep } | null = null;
  let stateBeforeDone: ClockState = 'running';
  let usedFrozen = 0; // working days used when stopped / done
  let repliedAt: Date | null = null;
  let lastDay = receiptDay;

  const budget = () => limit + (extended ? extensionDays : 0);
  const usedRunningAsOf = (day: string) =>
    countClosed(calendar, closed) + Math.max(0, calendar.workingDaysBetween(segStart, day));

  steps.push({
    kind: 'receipt',
    at: formatChinaIso(input.receivedAt),
    days: limit,
    text: `Received ${receiptDay}; ${limit} working days counted from the next working day`,
    textZh: `${formatDateZh(receiptDay)}收到申请；答复期限为${limit}个工作日，自收到申请之日的次日起计算（收到申请当日不计入）`,
  });

  for (const { e } of events) {
    const day = chinaDate(e.at);
    const iso = formatChinaIso(e.at);
    if (e.at.getTime() < input.receivedAt.getTime()) {
      warn('event_before_receipt', e.at, `Ignored ${e.type} dated before the receipt`, `忽略早于收到申请时间的事件（${e.type}）`);
      continue;
    }
    if (state === 'done') {
      warn('event_after_reply', e.at, `Ignored ${e.type} after the reply`, `忽略答复后的事件（${e.type}）`);
      continue;
    }
    switch (e.type) {
      case 'correction_requested': {
        if (correctionRequested) {
          warn('correction_repeated', e.at, 'Ignored a second correction request (Art. 30 allows one)', '忽略重复的补正告知（第三十条规定一次性告知）');
          break;
        }
        if (state !== 'running') {
          warn('correction_while_not_running', e.at, `Ignored a correction request while ${state}`, '忽略非计时状态下的补正告知');
          break;
        }
        if (compareDates(day, correctionLastDay) > 0) {
          warn(
            'correction_after_deadline',
            e.at,
            `Ignored a correction request made after ${correctionLastDay}, the 7th working day after receipt; the clock keeps running`,
            `补正告知晚于收到申请之日起7个工作日（${formatDateZh(correctionLastDay)}），不停止计算答复期限`,
          );
          break;
        }
        const used = usedRunningAsOf(day);
        correctionRequested = true;
        usedFrozen = used;
        state = 'stopped';
        lastDay = day;
        steps.push({
          kind: 'correction_requested',
          at: iso,
          days: used,
          text: `Correction requested ${day} (deadline ${correctionLastDay}); clock stopped until the corrected application is received, the ${used} working days used so far are discarded`,
          textZh: `${formatDateZh(day)}一次性告知申请人补正（补正告知期限至${formatDateZh(correctionLastDay)}）；答复期限停止计算，自收到补正申请之日起重新计算，此前已经过的${used}个工作日不再计入`,
        });
        break;
      }
      case 'corrected': {
        if (state !== 'stopped') {
          warn('corrected_without_request', e.at, 'Ignored a corrected application without a pending correction request', '没有待补正的告知，忽略补正申请事件');
          break;
        }
        state = 'running';
        segStart = day;
        closed = [];
        lastDay = day;
        steps.push({
          kind: 'restart',
          at: iso,
          days: limit,
          text: `Corrected application received ${day}; ${limit} working days counted afresh from the next working day`,
          textZh: `${formatDateZh(day)}收到补正后的申请；答复期限自收到补正申请之日的次日起重新计算${limit}个工作日`,
        });
        break;
      }
      case 'pause': {
        if (state !== 'running') {
          warn('pause_while_not_running', e.at, `Ignored a pause while ${state}`, '非计时状态下，忽略暂停事件');
          break;
        }
        closed.push({ start: segStart, end: day });
        const used = countClosed(calendar, closed);
        const step: ClockStep = {
          kind: 'pause',
          at: iso,
          text: `Paused for ${CONSULTATION_EN[e.reason]} since ${day} after ${used} working days; the time it takes is not counted`,
          textZh: `${formatDateZh(day)}起${CONSULTATION_ZH[e.reason]}，已计${used}个工作日；所需时间不计入答复期限`,
        };
        steps.push(step);
        pause = { day, reason: e.reason, step };
        state = 'paused';
        lastDay = day;
        break;
      }
      case 'resume': {
        if (state !== 'paused' || !pause) {
          warn('resume_without_pause', e.at, 'Ignored a resume without a pause', '没有暂停，忽略恢复计算事件');
          break;
        }
        const notCounted = calendar.workingDaysBetween(pause.day, day);
        pause.step.days = notCounted;
        pause.step.text = `Paused for ${CONSULTATION_EN[pause.reason]} ${pause.day} – ${day}: ${notCounted} working days not counted`;
        pause.step.textZh = `${formatDateZh(pause.day)}至${formatDateZh(day)}${CONSULTATION_ZH[pause.reason]}，所需${notCounted}个工作日不计入答复期限`;
        const remaining = budget() - countClosed(calendar, closed);
        steps.push({
          kind: 'resume',
          at: iso,
          days: Math.max(0, remaining),
          text:
            remaining > 0
              ? `Resumed ${day}; ${remaining} working days remain`
              : `Resumed ${day}; the period had already expired before the pause`,
          textZh:
            remaining > 0
              ? `${formatDateZh(day)}恢复计算，剩余${remaining}个工作日`
              : `${formatDateZh(day)}恢复计算；暂停前答复期限已届满`,
        });
        pause = null;
        segStart = day;
        state = 'running';
        lastDay = day;
        break;
      }
      case 'extended': {
        if (extended) {
          warn('extension_repeated', e.at, 'Ignored a second extension (Art. 33 allows one)', '忽略再次延期（第三十三条规定延长期限最长不得超过20个工作日）');
          break;
        }
        if (state === 'stopped') {
          warn('extension_while_stopped', e.at, 'Ignored an extension while awaiting correction', '等待补正期间，忽略延期事件');
          break;
        }
        const dueBefore = dueDayOf(calendar, closed, state === 'paused' ? maxDate(pause!.day, day) : segStart, budget());
        if (compareDates(day, dueBefore) > 0) {
          warn(
            'extension_after_due',
            e.at,
            `Extension decided ${day}, after the period expired on ${dueBefore}; applied, but Art. 33 requires it within the period`,
            `延期决定于${formatDateZh(day)}作出，晚于答复期限届满日${formatDateZh(dueBefore)}；已按延期计算，但第三十三条要求在答复期限内作出`,
          );
        }
        extended = true;
        lastDay = day;
        steps.push({
          kind: 'extension',
          at: iso,
          days: extensionDays,
          text: `Extended once by ${extensionDays} working days (${day})`,
          textZh: `${formatDateZh(day)}经政府信息公开工作机构负责人同意，延长答复期限${extensionDays}个工作日`,
        });
        break;
      }
      case 'replied': {
        stateBeforeDone = state;
        if (state === 'running') {
          usedFrozen = usedRunningAsOf(day);
        } else if (state === 'paused') {
          warn('replied_while_paused', e.at, 'Replied while the consultation was still open', '在征求意见期间作出答复');
          usedFrozen = countClosed(calendar, closed);
        } else if (state === 'stopped') {
          warn('replied_while_stopped', e.at, 'Replied while awaiting correction (no due date applies)', '在等待补正期间作出答复（不适用答复期限）');
        }
        repliedAt = e.at;
        state = 'done';
        lastDay = day;
        break;
      }
    }
  }

  // Due date.
  const counting: ClockState = state === 'done' ? stateBeforeDone : state;
  let dueDate: string | null = null;
  let provisional = false;
  if (counting === 'running') {
    dueDate = dueDayOf(calendar, closed, segStart, budget());
  } else if (counting === 'paused' && pause) {
    const assumedResume =
      state === 'done' && repliedAt
        ? maxDate(pause.day, chinaDate(repliedAt))
        : maxDate(pause.day, nowDay ?? pause.day);
    dueDate = dueDayOf(calendar, closed, assumedResume, budget());
    provisional = state === 'paused';
  }
  const dueAt = dueDate ? endOfChinaDay(dueDate) : null;

  // Working days used / left, overdue.
  let workingDaysUsed: number;
  if (state === 'running') workingDaysUsed = usedRunningAsOf(maxDate(nowDay ?? lastDay, lastDay));
  else if (state === 'paused') workingDaysUsed = countClosed(calendar, closed);
  else workingDaysUsed = usedFrozen;

  let workingDaysLeft: number | null = null;
  let overdue = false;
  if (dueAt) {
    if (state === 'done') {
      overdue = repliedAt !== null && repliedAt.getTime() > dueAt.getTime();
    } else if (input.now) {
      workingDaysLeft = workingDaysUntil(dueAt, input.now, calendar);
      overdue = input.now.getTime() > dueAt.getTime();
    }
  }

  if (state === 'done' && repliedAt) {
    const rd = chinaDate(repliedAt);
    const late = dueDate ? calendar.workingDaysBetween(dueDate, rd) : 0;
    steps.push({
      kind: 'replied',
      at: formatChinaIso(repliedAt),
      text: !dueDate
        ? `Replied ${rd}`
        : overdue
          ? `Replied ${rd}, ${late} working days after the due date`
          : `Replied ${rd}, within the period`,
      textZh: !dueDate
        ? `${formatDateZh(rd)}作出答复`
        : overdue
          ? `${formatDateZh(rd)}作出答复，超过答复期限${late}个工作日`
          : `${formatDateZh(rd)}作出答复，未超过答复期限`,
    });
  }

  if (dueAt && dueDate) {
    const assumption = provisional
      ? { en: ` (provisional: assumes the consultation ends ${maxDate(pause!.day, nowDay ?? pause!.day)})`, zh: `（暂定：假定征求意见于${formatDateZh(maxDate(pause!.day, nowDay ?? pause!.day))}结束）` }
      : { en: '', zh: '' };
    steps.push({
      kind: 'due',
      at: formatChinaIso(dueAt),
      days: budget(),
      text: `Due end of ${dueDate}${assumption.en}`,
      textZh: `答复期限届满日：${formatDateZh(dueDate)}${assumption.zh}`,
    });
  }

  // Calendar coverage over every date the computation looked at.
  let last = maxDate(lastDay, dueDate ?? lastDay);
  if (nowDay && (state === 'running' || state === 'paused')) last = maxDate(last, nowDay);
  const missingYears = calendar.missingYears(yearOf(receiptDay), yearOf(last));

  return {
    dueAt,
    dueDate,
    state,
    provisional,
    extended,
    calendarIncomplete: missingYears.length > 0,
    missingYears,
    steps,
    workingDaysUsed,
    workingDaysLeft,
    overdue,
    warnings,
  };
}
