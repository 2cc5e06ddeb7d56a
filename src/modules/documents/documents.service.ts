import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, forbidden, invalidInput, notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DOCUMENT_FIELDS, rulesToSql } from '../authorization/rules-to-sql.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { actionsFrom } from '../workflow/transitions.js';
import type { CreateDocumentRequest, DocumentResponse, DocumentSummary, HistoryEntry, TaskPage, UpdateDocumentRequest } from './document.dto.js';
import { asSubject, toDocumentResponse, toDocumentSummary } from './document.mapper.js';
import { MAX_BODY_BYTES, type DocumentState } from './document.types.js';
import { DocumentsRepository, type DocumentRow, type FormFields } from './documents.repository.js';

const isDue = (at: Date | null) => at !== null && new Date(at).getTime() <= Date.now();

/** Cross-field rules of the form that a per-field validator cannot express. */
export function checkForm(f: FormFields): void {
  if (Buffer.byteLength(f.body, 'utf8') > MAX_BODY_BYTES) {
    throw new DomainError('payload_too_large', `body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  if (f.publicAttribute === 'not_public' && !f.nonDisclosureReason) {
    throw invalidInput('nonDisclosureReason is required when publicAttribute is not_public');
  }
  if (f.publicAttribute !== 'not_public' && f.nonDisclosureReason) {
    throw invalidInput('nonDisclosureReason is only allowed when publicAttribute is not_public');
  }
}

@Injectable()
export class DocumentsService {
  constructor(
    private readonly repo: DocumentsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(m: EntityManager, actor: Actor, ability: AppAbility, req: CreateDocumentRequest): Promise<DocumentRow> {
    if (!actor.unitId || !ability.can('create', 'Document')) throw forbidden('only a drafter of a unit may create documents');
    const f: FormFields = {
      title: req.title,
      docType: req.docType,
      body: req.body,
      summary: req.summary ?? null,
      category: req.category ?? null,
      documentNumber: req.documentNumber ?? null,
      publicAttribute: req.publicAttribute,
      nonDisclosureReason: req.nonDisclosureReason ?? null,
      attributeRationale: req.attributeRationale ?? null,
    };
    checkForm(f);
    const doc = await this.repo.insert(m, actor.unitId, actor.id, f);
    await this.repo.addHistory(m, {
      documentId: doc.id,
      actorId: actor.id,
      action: 'create',
      fromState: null,
      toState: 'draft',
      comment: null,
      publicAttribute: doc.publicAttribute,
      nonDisclosureReason: doc.nonDisclosureReason,
      version: doc.version,
    });
    await this.audit.append(m, { actorId: actor.id, action: 'document.create', subjectType: 'Document', subjectId: doc.id, data: { title: doc.title } });
    return doc;
  }

  /** Loads a document the caller may read; anything else is 404 (not visible = not found). */
  async getReadable(ability: AppAbility, id: string, m?: EntityManager): Promise<DocumentRow> {
    const doc = await this.repo.findById(id, m);
    if (!doc || !ability.can('read', asSubject(doc))) throw notFound('document');
    return doc;
  }

  async get(ability: AppAbility, id: string): Promise<DocumentResponse> {
    return toDocumentResponse(await this.getReadable(ability, id));
  }

  async update(m: EntityManager, actor: Actor, ability: AppAbility, id: string, version: number, req: UpdateDocumentRequest): Promise<DocumentRow> {
    if (Object.keys(req).length === 0) throw invalidInput('nothing to change: send at least one field');
    const doc = await this.getReadable(ability, id, m);
    if (doc.version !== version) throw new DomainError('stale_version', `the document was changed meanwhile: current version is ${doc.version}`);
    if (!ability.can('update', asSubject(doc))) {
      // Would the caller be allowed in an editable state? Then it is the state that forbids it.
      if (ability.can('update', asSubject(doc, { state: 'draft' }))) {
        throw new DomainError('invalid_state', `the document cannot be edited in state ${doc.state}`);
      }
      throw forbidden('only the document’s drafter may edit it');
    }
    const f: FormFields = {
      title: req.title ?? doc.title,
      docType: req.docType ?? doc.docType,
      body: req.body ?? doc.body,
      summary: req.summary !== undefined ? req.summary : doc.summary,
      category: req.category !== undefined ? req.category : doc.category,
      documentNumber: req.documentNumber !== undefined ? req.documentNumber : doc.documentNumber,
      publicAttribute: req.publicAttribute ?? doc.publicAttribute,
      nonDisclosureReason:
        req.nonDisclosureReason !== undefined
          ? req.nonDisclosureReason
          : req.publicAttribute !== undefined && req.publicAttribute !== 'not_public'
            ? null
            : doc.nonDisclosureReason,
      attributeRationale: req.attributeRationale !== undefined ? req.attributeRationale : doc.attributeRationale,
    };
    checkForm(f);
    if (!(await this.repo.updateForm(m, id, version, f))) {
      throw new DomainError('stale_version', 'the document was changed meanwhile; reload it');
    }
    // Redaction spans are offsets into one body: a new body needs a new review of what to redact.
    if (f.body !== doc.body) await this.repo.clearRedactions(m, id);
    await this.repo.addHistory(m, {
      documentId: id,
      actorId: actor.id,
      action: 'update',
      fromState: doc.state,
      toState: doc.state,
      comment: null,
      publicAttribute: f.publicAttribute,
      nonDisclosureReason: f.nonDisclosureReason,
      version: version + 1,
    });
    await this.audit.append(m, { actorId: actor.id, action: 'document.update', subjectType: 'Document', subjectId: id, data: { fields: Object.keys(req) } });
    return (await this.repo.findById(id, m))!;
  }

  async list(ability: AppAbility, q: { state?: DocumentState; limit: number; cursor?: string }): Promise<Page<DocumentSummary>> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const filter = rulesToSql(ability, 'read', 'Document', DOCUMENT_FIELDS);
    const rows = await this.repo.list(filter, { state: q.state, after, limit: q.limit + 1 });
    return toPage(rows, q.limit, toDocumentSummary, (r) => [r.cursorTs, r.id]);
  }

  /** Documents on which the caller can take a workflow step now (submit or a review decision). */
  async tasks(ability: AppAbility, q: { limit: number; cursor?: string }): Promise<TaskPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const submit = rulesToSql(ability, 'submit', 'Document', DOCUMENT_FIELDS);
    const approve = rulesToSql(ability, 'approve', 'Document', DOCUMENT_FIELDS, submit.params.length);
    const propose = rulesToSql(ability, 'propose', 'Document', DOCUMENT_FIELDS, submit.params.length + approve.params.length);
    // A withheld document is a task for the office only once its re-assessment is due (Art. 18).
    const filter = {
      sql: `(${submit.sql} OR ${approve.sql} OR (${propose.sql} AND d.review_due_at <= now()))`,
      params: [...submit.params, ...approve.params, ...propose.params],
    };
    const [rows, counts] = await Promise.all([this.repo.list(filter, { after, limit: q.limit + 1 }), this.repo.countByState(filter)]);
    const page = toPage(
      rows,
      q.limit,
      (r) => ({
        ...toDocumentSummary(r),
        actions: actionsFrom(r.state).filter((a) => ability.can(a, asSubject(r)) && (a !== 'propose' || isDue(r.reviewDueAt))),
      }),
      (r) => [r.cursorTs, r.id],
    );
    return { ...page, counts };
  }

  async history(ability: AppAbility, id: string): Promise<HistoryEntry[]> {
    await this.getReadable(ability, id);
    const rows = await this.repo.history(id);
    return rows.map((h) => ({ ...h, at: new Date(h.at).toISOString() }));
  }
}
