import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import { sqlParams } from '../../common/database/sql-params.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { UnitDirectory } from '../identity/unit-directory.js';
import { ReplicaReads } from '../../common/database/replica-reads.js';
import { publishedTimes } from './published-time.js';
import { COLUMNS, ENTRY_COLUMNS, filterSql, withTimes, type CatalogueDetailRow, type CatalogueFilters, type CatalogueRow, type SelectedRow } from './catalogue-rows.js';
import { indexNoSql } from './index-number.js';
import { searchVectorSql } from './search/search-vector.js';

export interface ChangeRef {
  changeId: string;
  at: string;
}

export interface PublicCopy {
  title: string;
  summary: string | null;
  /** The body as the public may see it (redacted). */
  body: string;
  /** Text of the attachments, searched with the body. */
  attachmentsText: string;
}

export interface ListOptions extends CatalogueFilters {
  after: unknown[] | null;
  limit: number;
}

/**
 * recordChange's `late`: a change of the group (`g.grp`: the document's entry and its
 * interpretations') committed by a transaction that started writing after this one.
 */
const LATE_SQL = `SELECT 1 FROM g, catalogue_entries x JOIN catalogue_changes c ON c.index_no = x.index_no
                   WHERE (x.index_no = g.grp OR x.interprets_index_no = g.grp) AND c.txid > pg_current_xact_id() LIMIT 1`;

/** The change row written (its caches woken after commit), or 412 when `late` refused it. */
function changeRef(manager: EntityManager, row: { id: string | null; at: Date | null }): ChangeRef {
  if (row.id === null || row.at === null) throw new DomainError('stale_version', 'the document or one of its interpretations was changed meanwhile: reload it and try again');
  afterCommit(manager, 'catalogue');
  return { changeId: row.id, at: new Date(row.at).toISOString() };
}

/**
 * The catalogue's writes (entries, index counters, the change stream's rows) and its reads other
 * than search, which is search/catalogue-search.repository.ts (the catalogue import writes entries
 * of its own, catalogue-import.repository.ts; the change stream is read by changes.repository.ts).
 * The public reads (list, entry, feeds, units) go through ReplicaReads: to a streaming replica
 * that has replayed every change this instance has heard of, else to the primary.
 */
@Injectable()
export class CatalogueRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly reads: ReplicaReads,
    private readonly unitDirectory: UnitDirectory,
  ) {}

  /**
   * Takes the next serial of (unit, year). The counter row is locked until the publishing
   * transaction ends, and a rollback returns the number: serials are gap-free per unit and year.
   */
  async nextSerial(unitId: string, year: number): Promise<number> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO index_counters (unit_id, year, last_serial) VALUES ($1, $2, 1)
       ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = index_counters.last_serial + 1
       RETURNING last_serial`,
      [unitId, year],
    )) as { last_serial: number }[];
    return rows[0].last_serial;
  }

  /**
   * Copies the published document into the catalogue with its public (redacted) text under its
   * unit's next index number, with its change row (recordChange, the same rule) and the caches'
   * wake-up, in one statement: the unit's counter (gap-free per unit and year, locked from here to
   * the commit), the entry with its search vector, the change; the catalogue never reads the
   * internal document again. Refuses anything not published+proactive. `receiversSql`, a
   * scalar expression of the delivery module (DeliveryService.receiversSql), is read in the same
   * statement, so taking the counter costs no round trip of its own and reading the subscribers
   * none either; so is `alongsideSql`, the caller's (CatalogueService.publish).
   */
  async publishFromDocument(
    documentId: string,
    copy: PublicCopy,
    receiversSql: string,
    alongsideSql = 'NULL',
  ): Promise<ChangeRef & { indexNo: string; interpretsIndexNo: string | null; receivers: unknown; alongside: unknown }> {
    const { params, p } = sqlParams([documentId, copy.title, copy.summary, copy.body]);
    const vector = searchVectorSql(p, copy);
    // An interpretation links to its document's live entry (the trigger refuses it without one).
    // Both lookups go by key alone, the other tests after it: with `revoked_at IS NULL` in the
    // entry's lookup PostgreSQL may take the partial index of live entries from documents and walk
    // all of them (28,000 buffers an insert, measured), with `state = 'published'` beside the
    // document's key the index on (state, …) — whenever its statistics are behind a table that
    // grows (docs/performance.md). MATERIALIZED keeps the state's test out of the key's lookup.
    // The counter is taken only for a published proactive document (`n` reads `d` after its test).
    // The group-order check (`late`, see recordChange) reads the group's other entries: the new
    // one is not visible to it in the same statement, and has no changes of other transactions.
    const rows = (await this.tx.manager.query(
      `WITH d AS MATERIALIZED (SELECT x.id, x.unit_id, u.code, x.doc_type, x.category, x.document_number, x.interprets, x.state, x.public_attribute
                                FROM documents x JOIN units u ON u.id = x.unit_id WHERE x.id = $1),
            n AS (INSERT INTO index_counters (unit_id, year, last_serial)
                  SELECT d.unit_id, extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int, 1 FROM d WHERE d.state = 'published' AND d.public_attribute = 'proactive'
                  ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = index_counters.last_serial + 1
                  RETURNING year, last_serial AS serial),
            k AS (SELECT ${indexNoSql('d.code', 'n.year', 'n.serial')} AS index_no, n.year, n.serial FROM d, n),
            e AS (INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, document_number, published_at, search, interprets_index_no)
                  SELECT k.index_no, d.id, d.unit_id, k.year, k.serial, $2, $3, $4, d.doc_type, d.category, d.document_number, now(), ${vector},
                         (SELECT CASE WHEN m.revoked_at IS NULL THEN m.index_no END FROM catalogue_entries m WHERE m.document_id = d.interprets)
                    FROM d, k
                  RETURNING index_no, interprets_index_no),
            g AS (SELECT COALESCE(e.interprets_index_no, e.index_no) AS grp FROM e),
            late AS (${LATE_SQL}),
            ins AS (INSERT INTO catalogue_changes (type, index_no, document_id) SELECT 'published', e.index_no, $1 FROM e WHERE NOT EXISTS (SELECT 1 FROM late) RETURNING id, at)
       SELECT e.index_no AS "indexNo", e.interprets_index_no AS "interpretsIndexNo", ins.id::text AS id, ins.at,
              CASE WHEN ins.id IS NOT NULL THEN pg_notify('gongkai_catalogue', '') END AS notified,
              ${receiversSql} AS receivers, ${alongsideSql} AS alongside
         FROM e LEFT JOIN ins ON true`,
      params,
    )) as { indexNo: string; interpretsIndexNo: string | null; id: string | null; at: Date | null; receivers: unknown; alongside: unknown }[];
    if (rows.length !== 1) throw new Error(`document ${documentId} is not a published proactive document`);
    const r = rows[0];
    return { ...changeRef(this.tx.manager, r), indexNo: r.indexNo, interpretsIndexNo: r.interpretsIndexNo, receivers: r.receivers, alongside: r.alongside };
  }

  /**
   * Appends to the change stream (numbered later, see changes.repository.ts) and wakes the caches
   * (`NOTIFY gongkai_catalogue`, delivered to every instance at commit), in one statement.
   *
   * The change stream is numbered in the order the writing transactions started writing (txid,
   * changes.repository.ts). A document and its interpretations must appear in it in the order
   * their changes committed (never an interpretation before its document): so a transaction may
   * not add a change to the group (the document and its interpretations) once a transaction that
   * started writing after it has committed one (`late`; 412: reload and do it again, in a new
   * transaction). Both wait for each other on the document's row (or the interpretation's), so
   * the later one always sees the earlier one here.
   */
  async recordChange(type: 'published' | 'revoked', indexNo: string, documentId: string | null): Promise<ChangeRef> {
    const rows = (await this.tx.manager.query(
      `WITH g AS (SELECT COALESCE(interprets_index_no, index_no) AS grp FROM catalogue_entries WHERE index_no = $2 AND $3::uuid IS NOT NULL),
            late AS (${LATE_SQL}),
            ins AS (INSERT INTO catalogue_changes (type, index_no, document_id) SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM late) RETURNING id, at)
       SELECT ins.id::text AS id, ins.at, pg_notify('gongkai_catalogue', '') FROM ins`,
      [type, indexNo, documentId],
    )) as { id: string; at: Date }[];
    return changeRef(this.tx.manager, rows[0] ?? { id: null, at: null });
  }

  async revokeByDocument(documentId: string): Promise<(ChangeRef & { indexNo: string }) | null> {
    const rows = (await this.tx.manager.query(
      // By the key of the document's one entry (see publishFromDocument for why not `document_id = $1 AND revoked_at IS NULL`).
      `UPDATE catalogue_entries SET revoked_at = now() WHERE index_no = (SELECT e.index_no FROM catalogue_entries e WHERE e.document_id = $1) AND revoked_at IS NULL RETURNING index_no`,
      [documentId],
    )) as [{ index_no: string }[], number];
    const indexNo = rows[0][0]?.index_no ?? null;
    if (!indexNo) return null;
    return { ...(await this.recordChange('revoked', indexNo, documentId)), indexNo };
  }

  /** The catalogue, newest first (no search). */
  async list(o: ListOptions): Promise<CatalogueRow[]> {
    const { params, p } = sqlParams();
    const where = ['c.revoked_at IS NULL', ...filterSql('c', o, p)];
    if (o.after) where.push(`(c.published_at, c.index_no) < (${p(o.after[0])}::timestamptz, ${p(o.after[1])})`);
    // No join: the units come from memory (the join was 45 % of this query's cost at 1,000,000 entries).
    const sql = `SELECT ${ENTRY_COLUMNS}, c.unit_id AS "unitId" FROM catalogue_entries c
        WHERE ${where.join(' AND ')} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(o.limit)}`;
    type Row = Omit<SelectedRow<CatalogueRow>, 'unitCode' | 'unitName'> & { unitId: string };
    // Paging through the whole catalogue (portals, crawlers) is prepared once per connection; a
    // filtered page is planned for its values (a rare category takes its own index).
    const rows = await this.reads.query<Row>(sql, params, o.category || o.unitCode ? undefined : o.after ? 'catalogue_page_after' : 'catalogue_page');
    const units = await this.unitDirectory.byIds(rows.map((r) => r.unitId));
    // Built field by field: an object rest/spread here was 6 % of a deep page's CPU.
    return rows.map((r) => {
      const u = units.get(r.unitId)!;
      const t = publishedTimes(r.publishedEpoch);
      return {
        indexNo: r.indexNo,
        documentId: r.documentId,
        title: r.title,
        summary: r.summary,
        docType: r.docType,
        category: r.category,
        documentNumber: r.documentNumber,
        unitCode: u.code,
        unitName: u.name,
        publishedAt: t.publishedAt,
        cursorTs: t.cursorTs,
      };
    });
  }

  async findPublished(indexNo: string): Promise<CatalogueDetailRow | null> {
    const rows = await this.reads.query<SelectedRow<CatalogueDetailRow>>(
      `SELECT ${COLUMNS}, c.body FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
        WHERE c.index_no = $1 AND c.revoked_at IS NULL`,
      [indexNo],
    );
    return withTimes(rows)[0] ?? null;
  }

  /**
   * The links between live entries and their interpretations, for the entries `indexNos`: each
   * entry's interpretations (newest last) and the entry it interprets.
   */
  async relations(indexNos: string[]): Promise<{ indexNo: string; interpretsIndexNo: string; title: string; interpretsTitle: string }[]> {
    if (indexNos.length === 0) return [];
    return await this.reads.query<{ indexNo: string; interpretsIndexNo: string; title: string; interpretsTitle: string }>(
      `SELECT i.index_no AS "indexNo", i.interprets_index_no AS "interpretsIndexNo", i.title, m.title AS "interpretsTitle"
         FROM catalogue_entries i JOIN catalogue_entries m ON m.index_no = i.interprets_index_no AND m.revoked_at IS NULL
        WHERE i.revoked_at IS NULL AND (i.index_no = ANY($1::text[]) OR i.interprets_index_no = ANY($1::text[]))
        ORDER BY i.published_at, i.index_no`,
      [indexNos],
    );
  }

  /** The newest entries for a feed, with their public body. */
  async newest(o: { category?: string; unitCode?: string; limit: number }): Promise<CatalogueDetailRow[]> {
    const { params, p } = sqlParams();
    const where = ['c.revoked_at IS NULL', ...filterSql('c', o, p)];
    return withTimes(
      await this.reads.query<SelectedRow<CatalogueDetailRow>>(
        `SELECT ${COLUMNS}, c.body FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
          WHERE ${where.join(' AND ')} ORDER BY c.published_at DESC, c.index_no DESC LIMIT ${p(o.limit)}`,
        params,
      ),
    );
  }

  /** Recently revoked entries (for Atom tombstones, RFC 6721). */
  async recentlyRevoked(o: { category?: string; unitCode?: string; limit: number }): Promise<{ indexNo: string; revokedAt: Date }[]> {
    const { params, p } = sqlParams();
    const where = ['c.revoked_at IS NOT NULL', ...filterSql('c', o, p)];
    return this.reads.query<{ indexNo: string; revokedAt: Date }>(
      `SELECT c.index_no AS "indexNo", c.revoked_at AS "revokedAt" FROM catalogue_entries c
        WHERE ${where.join(' AND ')} ORDER BY c.revoked_at DESC LIMIT ${p(o.limit)}`,
      params,
    );
  }

  /** Units with at least one entry in the catalogue or a disclosure guide, with the time their profile was last updated. */
  async units(): Promise<{ code: string; name: string; guideUpdatedAt: Date | null }[]> {
    return this.reads.query<{ code: string; name: string; guideUpdatedAt: Date | null }>(
      `SELECT u.code, u.name, p.updated_at AS "guideUpdatedAt" FROM units u
         LEFT JOIN LATERAL (SELECT updated_at FROM unit_profiles WHERE unit_id = u.id ORDER BY version DESC LIMIT 1) p ON true
        WHERE p.updated_at IS NOT NULL OR EXISTS (SELECT 1 FROM catalogue_entries c WHERE c.unit_id = u.id AND c.revoked_at IS NULL) ORDER BY u.code`,
    );
  }

  async unitExists(code: string): Promise<boolean> {
    return ((await this.tx.manager.query(`SELECT 1 FROM units WHERE code = $1`, [code])) as unknown[]).length > 0;
  }

  /**
   * An entry that has no signing-and-approval form (the annual report, Art. 50): the public text is
   * given directly; searchable like the others; recorded in the change stream. Appended for the
   * reports module.
   */
  async insertStandalone(
    e: { indexNo: string; unitId: string; year: number; serial: number; title: string; summary: string | null; body: string; docType: string; category: string | null },
  ): Promise<ChangeRef> {
    const { params, p } = sqlParams([e.indexNo, e.unitId, e.year, e.serial, e.title, e.summary, e.body, e.docType, e.category]);
    const vector = searchVectorSql(p, { title: e.title, summary: e.summary, body: e.body, attachmentsText: '' });
    await this.tx.manager.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, published_at, search)
       VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, now(), ${vector})`,
      params,
    );
    return this.recordChange('published', e.indexNo, null);
  }
}
