import { Injectable } from '@nestjs/common';
import { chinaYearOf } from '../../common/china-time.js';
import { notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import type { CatalogueEntryDetail, CatalogueEntryResponse, ChangesResponse, EntryLink, PublishingUnit } from './catalogue.dto.js';
import { CatalogueRepository, type PublicCopy } from './catalogue.repository.js';
import type { CatalogueDetailRow, CatalogueRow } from './catalogue-rows.js';
import { CatalogueCache } from './catalogue-cache.js';
import { groupLinks } from './entry-links.js';
import { ChangesRepository } from './changes.repository.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { formatIndexNo, isIndexNo } from './index-number.js';
import { CatalogueSearchRepository } from './search/catalogue-search.repository.js';
import { isEmptyQuery, parseQuery } from './search/search-text.js';

function toEntry(r: CatalogueRow): CatalogueEntryResponse {
  return {
    indexNo: r.indexNo,
    documentId: r.documentId,
    title: r.title,
    summary: r.summary,
    docType: r.docType,
    category: r.category,
    documentNumber: r.documentNumber,
    unit: { code: r.unitCode, name: r.unitName },
    publishedAt: r.publishedAt,
    url: `/api/v1/catalogue/${encodeURIComponent(r.indexNo)}`,
  };
}

const entryUrl = (indexNo: string) => `/api/v1/catalogue/${encodeURIComponent(indexNo)}`;

@Injectable()
export class CatalogueService {
  constructor(
    private readonly repo: CatalogueRepository,
    private readonly searches: CatalogueSearchRepository,
    private readonly changes: ChangesRepository,
    private readonly delivery: DeliveryService,
    private readonly cache: CatalogueCache,
  ) {}

  /**
   * Called inside the transaction that moves a document to `published`, as late as it can be: from
   * its index number on, the unit's counter stays locked until the commit (numbers are gap-free:
   * a rollback returns the number). `copy` is what the public may see. `alongsideSql`: a scalar
   * SQL expression of the caller's (`$1` the document's id) read in the same statement, its value
   * returned as `alongside` (the interpretations waiting for the document, InterpretationPublication).
   */
  async publish(documentId: string, copy: PublicCopy, alongsideSql = 'NULL'): Promise<{ indexNo: string; alongside: unknown }> {
    // The number, the entry, its change and the subscribers in one statement: from the number on,
    // the unit's counter stays locked until the commit, and one statement (the outbox's) follows it.
    const { receivers, alongside, ...entry } = await this.repo.publishFromDocument(documentId, copy, this.delivery.receiversSql(), alongsideSql);
    await this.delivery.enqueue({ ...entry, type: 'published', documentId, title: copy.title }, this.delivery.receiversFrom(receivers));
    return { indexNo: entry.indexNo, alongside };
  }

  /** Called inside the transaction that moves a document to `revoked`. */
  async revoke(documentId: string): Promise<void> {
    const change = await this.repo.revokeByDocument(documentId);
    if (change) await this.delivery.enqueue({ ...change, type: 'revoked', documentId, title: null });
  }

  async list(q: { q?: string; sort?: 'newest' | 'relevance'; category?: string; unit?: string; limit: number; cursor?: string }): Promise<Page<CatalogueEntryResponse>> {
    const query = q.q ? parseQuery(q.q) : undefined;
    const searching = query !== undefined && !isEmptyQuery(query);
    // Newest first, as the contract lists the catalogue; relevance when asked for (and only with q).
    const relevance = searching && q.sort === 'relevance';
    const after = decodeCursor(q.cursor, relevance ? ['string', 'string', 'string', 'string', 'string'] : ['string', 'string']);
    // A query of only punctuation matches nothing rather than everything.
    if (query && !searching) return { items: [], nextCursor: null };
    const filters = { category: q.category, unitCode: q.unit };
    if (searching) {
      const rows = await this.searches.search({ query, sort: relevance ? 'relevance' : 'newest', ...filters, after, limit: q.limit + 1 });
      return toPage(rows, q.limit, toEntry, (r) => (relevance ? [r.blockTs ?? '', r.blockIndexNo ?? '', r.rank ?? '0', r.cursorTs, r.indexNo] : [r.cursorTs, r.indexNo]));
    }
    // The first page, which portals poll, is stored as bytes by the fast lane (fast-lane.ts).
    return toPage(await this.repo.list({ ...filters, after, limit: q.limit + 1 }), q.limit, toEntry, (r) => [r.cursorTs, r.indexNo]);
  }

  async detail(indexNo: string): Promise<CatalogueEntryDetail> {
    if (!isIndexNo(indexNo)) throw notFound('catalogue entry');
    const row: CatalogueDetailRow | null = await this.repo.findPublished(indexNo);
    if (!row) throw notFound('catalogue entry');
    const links = groupLinks(await this.repo.relations([indexNo])).get(indexNo);
    const link = (r: { indexNo: string; title: string }): EntryLink => ({ indexNo: r.indexNo, title: r.title, url: entryUrl(r.indexNo) });
    return { ...toEntry(row), body: row.body, interpretations: (links?.interpretations ?? []).map(link), interprets: links?.interprets ? link(links.interprets) : null };
  }

  units(): Promise<PublishingUnit[]> {
    return this.cache.get('units', async () =>
      (await this.repo.units()).map((u) => ({
        code: u.code,
        name: u.name,
        guideUrl: u.guideUpdatedAt ? `/api/v1/units/${encodeURIComponent(u.code)}/guide` : null,
        guideUpdatedAt: u.guideUpdatedAt ? new Date(u.guideUpdatedAt).toISOString() : null,
      })),
    );
  }

  async changesAfter(after: number, limit: number): Promise<ChangesResponse> {
    await this.changes.sequence();
    const rows = await this.changes.after(after, limit);
    return {
      changes: rows.map((r) => ({ seq: Number(r.seq), type: r.type, indexNo: r.indexNo, at: new Date(r.at).toISOString() })),
      lastSeq: rows.length ? Number(rows[rows.length - 1].seq) : after,
    };
  }

  /**
   * Publishes a text without a signing-and-approval form (the annual report) under the unit's next
   * index number of the current year (China time), inside the caller's transaction, and notifies
   * the portals like any publication. Appended for the reports module.
   */
  async publishStandalone(
    e: { unitId: string; unitCode: string; title: string; summary: string | null; body: string; docType: string; category: string | null },
  ): Promise<string> {
    const year = chinaYearOf(Date.now());
    // The subscribers before the unit's counter is taken (a rare write: publish reads them in its one statement).
    const receivers = await this.delivery.receivers();
    const serial = await this.repo.nextSerial(e.unitId, year);
    const indexNo = formatIndexNo(e.unitCode, year, serial);
    const change = await this.repo.insertStandalone({ ...e, indexNo, year, serial });
    await this.delivery.enqueue({ ...change, type: 'published', indexNo, documentId: null, title: e.title }, receivers);
    return indexNo;
  }
}
