import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DOCUMENT_FIELDS, rulesToSql } from '../authorization/rules-to-sql.js';
import { actionsFrom } from '../workflow/transitions.js';
import type { DocumentResponse, DocumentSummary, HistoryEntry, TaskPage } from './document.dto.js';
import { asSubject, toDocumentResponse, toDocumentSummary } from './document.mapper.js';
import type { DocumentState } from './document.types.js';
import { DocumentsRepository, type DocumentRow } from './documents.repository.js';

const isDue = (at: Date | null) => at !== null && new Date(at).getTime() <= Date.now();

@Injectable()
export class DocumentsService {
  constructor(private readonly repo: DocumentsRepository) {}

  /** Loads a document the caller may read; anything else is 404 (not visible = not found). */
  async getReadable(ability: AppAbility, id: string): Promise<DocumentRow> {
    const doc = await this.repo.findById(id);
    if (!doc || !ability.can('read', asSubject(doc))) throw notFound('document');
    return doc;
  }

  /** `getReadable`, with another module's scalar read beside it in the states `whenIn` (DocumentsRepository.findByIdWith). */
  async getReadableWith(ability: AppAbility, id: string, alongside: string, whenIn: readonly DocumentState[]): Promise<{ doc: DocumentRow; alongside: unknown }> {
    const found = await this.repo.findByIdWith(id, alongside, whenIn);
    if (!found || !ability.can('read', asSubject(found.doc))) throw notFound('document');
    return found;
  }

  async get(ability: AppAbility, id: string): Promise<DocumentResponse> {
    return toDocumentResponse(await this.getReadable(ability, id));
  }

  async list(ability: AppAbility, q: { state?: DocumentState; interprets?: string; limit: number; cursor?: string }): Promise<Page<DocumentSummary>> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const filter = rulesToSql(ability, 'read', 'Document', DOCUMENT_FIELDS);
    const rows = await this.repo.list(filter, { state: q.state, interprets: q.interprets, after, limit: q.limit + 1 });
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
