/**
 * Rows → answers. Times in China time (+08:00). The public answer (track) and the liaison's view
 * are built from explicit field lists, so that no personal data can slip into them: the
 * complainant's name and contact reach the disclosure office only.
 */
import { iso } from '../applications/application.mapper.js';
import type { ComplaintEventResponse, ComplaintResponse, ComplaintSummary, ComplaintTrackResponse } from './complaint.dto.js';
import type { ComplaintEventRow, ComplaintRow } from './complaints.repository.js';

const isOverdue = (c: ComplaintRow, now: Date) => (c.state === 'received' || c.state === 'assigned') && new Date(c.dueAt).getTime() < now.getTime();

export function toComplaintSummary(c: ComplaintRow, now = new Date()): ComplaintSummary {
  return {
    id: c.id,
    kind: c.kind,
    state: c.state,
    unitId: c.unitId,
    receivedAt: iso(c.receivedAt)!,
    dueAt: iso(c.dueAt)!,
    repliedAt: iso(c.repliedAt),
    overdue: isOverdue(c, now),
    excerpt: [...c.description].slice(0, 120).join(''),
    finding: c.finding,
  };
}

export function toComplaintResponse(c: ComplaintRow, events: ComplaintEventRow[], withPersonalData: boolean): ComplaintResponse {
  const out: ComplaintResponse = {
    ...toComplaintSummary(c),
    version: c.version,
    trackingCode: c.trackingCode,
    description: c.description,
    applicationId: c.applicationId,
    assignedAt: iso(c.assignedAt),
    closedAt: iso(c.closedAt),
    reply: c.reply,
    rectification:
      c.rectificationUnitId === null
        ? null
        : { unitId: c.rectificationUnitId, dueAt: iso(c.rectificationDueAt)!, measures: c.rectificationMeasures!, doneAt: iso(c.rectifiedAt), note: c.rectificationNote },
    accountability: c.accountabilityKind === null ? null : { kind: c.accountabilityKind, note: c.accountabilityNote! },
    history: events.map(toEvent),
  };
  if (withPersonalData) {
    out.name = c.name;
    out.contact = { ...(c.contact.phone ? { phone: c.contact.phone } : {}), ...(c.contact.email ? { email: c.contact.email } : {}) };
  }
  return out;
}

function toEvent(e: ComplaintEventRow): ComplaintEventResponse {
  return { action: e.action, at: iso(e.at)!, actorId: e.actorId, details: e.details };
}

/** The public status: state, dates and the reply only. */
export function toComplaintTrack(c: ComplaintRow): ComplaintTrackResponse {
  return { state: c.state, receivedAt: iso(c.receivedAt)!, dueAt: iso(c.dueAt)!, repliedAt: iso(c.repliedAt), reply: c.reply, finding: c.finding };
}
