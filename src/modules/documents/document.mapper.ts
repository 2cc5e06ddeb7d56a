import type { DocumentResponse, DocumentSummary } from './document.dto.js';
import type { Category } from './document.types.js';
import type { DocumentRow, DocumentSummaryRow } from './documents.repository.js';
import type { DocumentSubject } from '../authorization/ability.factory.js';
import { subject } from '@casl/ability';

export function toDocumentResponse(d: DocumentRow): DocumentResponse {
  return {
    id: d.id,
    title: d.title,
    docType: d.docType,
    body: d.body,
    summary: d.summary,
    category: d.category as Category | null,
    documentNumber: d.documentNumber,
    publicAttribute: d.publicAttribute,
    nonDisclosureReason: d.nonDisclosureReason,
    attributeRationale: d.attributeRationale,
    officeOpinion: d.officeAttribute ? { publicAttribute: d.officeAttribute, nonDisclosureReason: d.officeReason } : null,
    proposal: d.proposedAttribute ? { publicAttribute: d.proposedAttribute, nonDisclosureReason: d.proposedReason } : null,
    reviewDueAt: d.reviewDueAt ? new Date(d.reviewDueAt).toISOString() : null,
    state: d.state,
    version: d.version,
    unitId: d.unitId,
    drafterId: d.drafterId,
    indexNo: d.indexNo,
    stepDueAt: d.stepDueAt ? new Date(d.stepDueAt).toISOString() : null,
    interprets: d.interprets,
    interpretationForm: d.interpretationForm,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}

export function toDocumentSummary(d: DocumentSummaryRow): DocumentSummary {
  return {
    id: d.id,
    title: d.title,
    docType: d.docType,
    publicAttribute: d.publicAttribute,
    state: d.state,
    version: d.version,
    unitId: d.unitId,
    drafterId: d.drafterId,
    stepDueAt: d.stepDueAt ? new Date(d.stepDueAt).toISOString() : null,
    interprets: d.interprets,
    interpretationForm: d.interpretationForm,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}

/** The document as a CASL subject (only the fields rules may test). */
export function asSubject(d: DocumentSummaryRow, override: Partial<DocumentSubject> = {}) {
  return subject('Document', {
    id: d.id,
    unitId: d.unitId,
    drafterId: d.drafterId,
    state: d.state,
    secrecyApproverIds: d.secrecyApproverIds,
    officeApproverIds: d.officeApproverIds,
    leaderApproverIds: d.leaderApproverIds,
    ...('consultedUnitIds' in d ? { consultedUnitIds: (d as DocumentRow).consultedUnitIds } : {}),
    ...override,
  });
}
