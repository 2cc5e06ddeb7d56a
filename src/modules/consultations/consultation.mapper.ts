import type { ConsultationResponse } from './consultation.dto.js';
import type { ConsultationRow } from './consultations.repository.js';

const iso = (d: Date) => new Date(d).toISOString();

export function toConsultationResponse(c: ConsultationRow): ConsultationResponse {
  return {
    id: c.id,
    documentId: c.documentId,
    unitId: c.unitId,
    state: c.state,
    question: c.question,
    dueAt: iso(c.dueAt),
    askedBy: c.askedBy,
    askedAt: iso(c.askedAt),
    answer:
      c.state === 'answered'
        ? { opinion: c.opinion!, publicAttribute: c.publicAttribute, nonDisclosureReason: c.nonDisclosureReason, comment: c.comment ?? '', answeredBy: c.answeredBy!, answeredAt: iso(c.answeredAt!) }
        : null,
    closedAt: c.closedAt ? iso(c.closedAt) : null,
  };
}
