import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AttachmentTextSource } from '../assessment/attachment-text.port.js';
import type { TextStatus } from './attachment.types.js';
import { TransactionHost } from '../../common/database/transaction-host.js';

/** An attachment without its bytes and text. */
export interface AttachmentMeta {
  id: string;
  documentId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  storage: string;
  textStatus: TextStatus;
  createdBy: string;
  createdAt: Date;
  /** created_at at full precision, for keyset cursors. */
  cursorTs: string;
}

/** One attachment's text, as the assessment scans it (AttachmentTextSource in assessment/). */
export interface AttachmentTextRow {
  id: string;
  filename: string;
  text: string;
  textStatus: TextStatus;
}

export interface NewAttachment {
  documentId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  storage: string;
  text: string;
  textStatus: TextStatus;
  createdBy: string;
}

const META = `a.id, a.document_id AS "documentId", a.file_name AS "fileName", a.media_type AS "mediaType",
  a.size_bytes::float8 AS "sizeBytes", a.sha256, a.storage, a.text_status AS "textStatus", a.created_by AS "createdBy",
  a.created_at AS "createdAt", a.created_at::text AS "cursorTs"`;

type Db = EntityManager | DataSource;

/**
 * The only place that reads and writes attachment metadata and text. It is also the
 * assessment's AttachmentTextSource (bind ATTACHMENT_TEXT to it with useExisting).
 */
@Injectable()
export class AttachmentsRepository implements AttachmentTextSource {
  constructor(private readonly tx: TransactionHost) {}

  /** Every attachment of a document, oldest first (for the integrator: the document's files). */
  async listMeta(documentId: string): Promise<AttachmentMeta[]> {
    return (await this.tx.manager.query(`SELECT ${META} FROM attachments a WHERE a.document_id = $1 ORDER BY a.created_at, a.id`, [documentId])) as AttachmentMeta[];
  }

  /** A page of a document's attachments, oldest first; keyset on (created_at, id). */
  async page(documentId: string, after: [string, string] | null, limit: number): Promise<AttachmentMeta[]> {
    const params: unknown[] = [documentId, limit];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = `AND (a.created_at, a.id) > ($3::timestamptz, $4::uuid)`;
    }
    return (await this.tx.manager.query(`SELECT ${META} FROM attachments a WHERE a.document_id = $1 ${keyset} ORDER BY a.created_at, a.id LIMIT $2`, params)) as AttachmentMeta[];
  }

  async find(documentId: string, attachmentId: string): Promise<AttachmentMeta | null> {
    const rows = (await this.tx.manager.query(`SELECT ${META} FROM attachments a WHERE a.document_id = $1 AND a.id = $2`, [documentId, attachmentId])) as AttachmentMeta[];
    return rows[0] ?? null;
  }

  async findBySha(documentId: string, sha256: string): Promise<AttachmentMeta | null> {
    const rows = (await this.tx.manager.query(`SELECT ${META} FROM attachments a WHERE a.document_id = $1 AND a.sha256 = $2`, [documentId, sha256])) as AttachmentMeta[];
    return rows[0] ?? null;
  }

  async count(documentId: string): Promise<number> {
    const rows = (await this.tx.manager.query(`SELECT count(*)::int AS n FROM attachments WHERE document_id = $1`, [documentId])) as { n: number }[];
    return rows[0].n;
  }

  /**
   * The text of all of a document's attachments, oldest first, joined with blank lines: what
   * search indexes and what the assessment scans.
   */
  async textOf(documentId: string): Promise<string> {
    const rows = (await this.tx.manager.query(
      `SELECT a.text FROM attachments a WHERE a.document_id = $1 AND a.text <> '' ORDER BY a.created_at, a.id`,
      [documentId],
    )) as { text: string }[];
    return rows.map((r) => r.text).join('\n\n');
  }

  /** Each attachment's text, oldest first. */
  async texts(documentId: string): Promise<AttachmentTextRow[]> {
    return this.textsFrom(((await this.tx.manager.query(`SELECT ${this.textsSql('$1')} AS texts`, [documentId])) as { texts: unknown }[])[0].texts);
  }

  /** `texts` as one scalar SQL expression (assessment's AttachmentTextSource). */
  textsSql(documentId: string): string {
    return `(SELECT COALESCE(json_agg(json_build_object('id', a.id, 'filename', a.file_name, 'text', a.text, 'textStatus', a.text_status) ORDER BY a.created_at, a.id), '[]'::json)
               FROM attachments a WHERE a.document_id = ${documentId})`;
  }

  textsFrom(value: unknown): AttachmentTextRow[] {
    return value as AttachmentTextRow[];
  }

  async insert(a: NewAttachment): Promise<AttachmentMeta> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO attachments (document_id, file_name, media_type, size_bytes, sha256, storage, text, text_status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [a.documentId, a.fileName, a.mediaType, a.sizeBytes, a.sha256, a.storage, a.text, a.textStatus, a.createdBy],
    )) as { id: string }[];
    return (await this.find(a.documentId, rows[0].id))!;
  }

  async delete(documentId: string, attachmentId: string): Promise<boolean> {
    const res = (await this.tx.manager.query(`DELETE FROM attachments WHERE document_id = $1 AND id = $2`, [documentId, attachmentId])) as [unknown[], number];
    return res[1] === 1;
  }

  /**
   * The document behind a catalogue entry the public may see now: the entry exists, is not
   * revoked, and its document (if any: imported entries have none) is still published.
   * undefined = no such public entry; null = a public entry without a document.
   */
  async publishedDocumentOf(indexNo: string): Promise<string | null | undefined> {
    const rows = (await this.tx.manager.query(
      `SELECT c.document_id AS "documentId"
         FROM catalogue_entries c LEFT JOIN documents d ON d.id = c.document_id
        WHERE c.index_no = $1 AND c.revoked_at IS NULL AND (c.document_id IS NULL OR d.state = 'published')`,
      [indexNo],
    )) as { documentId: string | null }[];
    return rows.length === 0 ? undefined : rows[0].documentId;
  }

  /** One attachment of a published, unrevoked entry; null whatever else (unknown, revoked, another document's). */
  async findPublished(indexNo: string, attachmentId: string): Promise<AttachmentMeta | null> {
    // Every row by its key, the tests after (MATERIALIZED): with `revoked_at IS NULL` and the
    // join to documents beside the index number, PostgreSQL may plan the partial index of live
    // entries from documents, or documents' state index, and walk all of it to find one row when
    // its statistics lag behind a growing catalogue (docs/performance.md, rows found by key alone).
    const rows = (await this.tx.manager.query(
      `WITH c AS MATERIALIZED (SELECT c.document_id, c.revoked_at FROM catalogue_entries c WHERE c.index_no = $1),
            d AS MATERIALIZED (SELECT d.id, d.state FROM documents d WHERE d.id = (SELECT c.document_id FROM c))
       SELECT ${META}
         FROM c JOIN d ON d.id = c.document_id JOIN attachments a ON a.document_id = d.id
        WHERE c.revoked_at IS NULL AND d.state = 'published' AND a.id = $2`,
      [indexNo, attachmentId],
    )) as AttachmentMeta[];
    return rows[0] ?? null;
  }
}
