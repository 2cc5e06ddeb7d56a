/**
 * Rows → response DTOs. Times are written in China time (+08:00), the time the deadlines are
 * defined in. The public answers (intake, track) are built from explicit field lists so that no
 * personal data can slip into them.
 */
import type { ActionSubject } from './application-actions.js';
import type { ApplicationEventResponse, ApplicationResponse, ApplicationSummary, ClockDto, FeeDto, SubmitApplicationResponse, TrackResponse } from './application.dto.js';
import type { ApplicationRow, EventRow } from './applications.repository.js';
import { formatChinaIso } from '../../common/china-time.js';
import type { Clock } from './domain/clock.js';
import type { ExplanationLine } from './domain/explanation.js';
import type { TrackDocument, TrackNotice } from './notices/notice.dto.js';
import type { Action } from './application.types.js';

export const iso = (d: Date | string | null | undefined): string | null => (d === null || d === undefined ? null : formatChinaIso(new Date(d)));

function toClockDto(c: Clock): ClockDto {
  return {
    dueAt: iso(c.dueAt),
    dueDate: c.dueDate,
    state: c.state,
    provisional: c.provisional,
    extended: c.extended,
    calendarIncomplete: c.calendarIncomplete,
    missingYears: c.missingYears,
    steps: c.steps.map((s) => ({ ...s })),
    workingDaysUsed: c.workingDaysUsed,
    workingDaysLeft: c.workingDaysLeft,
    overdue: c.overdue,
    warnings: c.warnings.map((w) => ({ ...w })),
  };
}

export function toSubmitResponse(a: ApplicationRow): SubmitApplicationResponse {
  return { id: a.id, trackingCode: a.trackingCode, state: 'received', receivedAt: iso(a.receivedAt)!, dueAt: iso(a.dueAt) };
}

/** The public status: state, dates, how the due date was computed, and the letters and documents to download; no personal data. */
export function toTrackResponse(a: ApplicationRow, clock: Clock, explanation: ExplanationLine[], links: { notices: TrackNotice[]; documents: TrackDocument[] }): TrackResponse {
  return {
    state: a.state,
    receivedAt: iso(a.receivedAt)!,
    dueAt: iso(clock.dueAt),
    repliedAt: iso(a.repliedAt),
    explanation: explanation.map(({ kind, text, textZh }) => ({ kind, text, textZh })),
    notices: links.notices.map(({ kind, number, issuedAt, url }) => ({ kind, number, issuedAt, url })),
    documents: links.documents.map(({ id, title, redacted, url }) => ({ id, title, redacted, url })),
  };
}

export function toSummary(a: ApplicationRow, clock: Clock): ApplicationSummary {
  return {
    id: a.id,
    trackingCode: a.trackingCode,
    state: a.state,
    version: a.version,
    applicantType: a.applicantType,
    applicantName: a.applicantName,
    description: a.description,
    channel: a.channel,
    unitId: a.unitId,
    receivedAt: iso(a.receivedAt)!,
    dueAt: iso(clock.dueAt),
    workingDaysLeft: clock.workingDaysLeft,
    overdue: clock.overdue,
    calendarIncomplete: clock.calendarIncomplete,
    repliedAt: iso(a.repliedAt),
    outcome: a.outcome,
  };
}

function toFee(a: ApplicationRow): FeeDto | null {
  if (!a.feeMethod || a.feeAmountYuan === null || !a.feeChargedAt || !a.feeDueAt) return null;
  return {
    method: a.feeMethod,
    pages: a.feePages,
    amountYuan: a.feeAmountYuan,
    breakdown: a.feeBreakdown ?? [],
    chargedAt: iso(a.feeChargedAt)!,
    payBy: iso(a.feeDueAt)!,
    paidAt: iso(a.feePaidAt),
  };
}

/**
 * One application. `withPersonalData` false (a referred unit's liaison: need to know) leaves out
 * the applicant's identity number and contact.
 */
export function toApplicationResponse(a: ApplicationRow, clock: Clock, documentIds: string[], availableActions: Action[], withPersonalData = true): ApplicationResponse {
  return {
    ...toSummary(a, clock),
    ...(withPersonalData ? { idNumber: a.idNumber, contact: a.contact } : {}),
    purpose: a.purpose,
    format: a.format,
    delivery: a.delivery,
    correctionRequested: a.correctionRequested,
    extended: a.extended,
    reason: a.reason,
    replyComment: a.replyComment,
    documentIds,
    deliveryMethod: a.deliveryMethod,
    deliveredAt: iso(a.deliveredAt),
    filedAt: iso(a.filedAt),
    fee: toFee(a),
    availableActions,
    clock: toClockDto(clock),
    createdAt: iso(a.createdAt)!,
    updatedAt: iso(a.updatedAt)!,
  };
}

export function toEventResponse(e: EventRow): ApplicationEventResponse {
  return {
    version: e.version,
    action: e.action,
    at: iso(e.at)!,
    recordedAt: iso(e.recordedAt)!,
    actorId: e.actorId,
    actorName: e.actorName,
    fromState: e.fromState,
    toState: e.toState,
    comment: e.comment,
    data: e.data,
  };
}

export function actionSubject(a: ApplicationRow): ActionSubject {
  return {
    state: a.state,
    clockState: a.clockState,
    receivedAt: new Date(a.receivedAt),
    correctionRequested: a.correctionRequested,
    extended: a.extended,
    feeCharged: a.feeChargedAt !== null,
    feePaid: a.feePaidAt !== null,
    feeDueAt: a.feeDueAt ? new Date(a.feeDueAt) : null,
  };
}
