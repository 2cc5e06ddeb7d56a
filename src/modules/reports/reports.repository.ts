/**
 * The report's data. The four queries aggregate in the database: each returns one row per group of
 * records that the domain counts identically (same cells of the tables), with a representative date
 * and a count; computeAnnualReport() then classifies the groups (the records' `count` weight). So
 * the work in the service is proportional to the number of groups, not of applications, and the
 * counting rules stay in one place (domain/annual-report.ts).
 */
import { Injectable } from '@nestjs/common';
import type { AnnualReport, AppealRecord, ApplicationRecord, ComplaintFigures, NormativeDocumentRecord, ProactiveInputs, PublicationRecord } from './domain/types.js';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface UnitRow {
  id: string;
  code: string;
  name: string;
}

export interface VersionedInputs {
  data: ProactiveInputs;
  version: number;
  updatedAt: Date | null;
}

export interface Narrative {
  overall: string | null;
  problems: string | null;
  other: string | null;
}

export interface PublicationRow {
  year: number;
  unitId: string | null;
  indexNo: string;
  publishedAt: Date;
}

export interface RepealableDocument {
  id: string;
  title: string;
  docType: string;
  state: string;
  repealedAt: Date | null;
  indexNo: string | null;
  publishedAt: Date | null;
  revokedAt: Date | null;
}

@Injectable()
export class ReportsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Runs `work` on one consistent snapshot of the data: in the open transaction when there is one
   * (a publication counts what it publishes), else in a REPEATABLE READ transaction of its own.
   */
  async snapshot<T>(work: () => Promise<T>): Promise<T> {
    if (this.tx.inTransaction) return work();
    return this.tx.run(async () => {
      await this.tx.manager.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
      return work();
    });
  }

  /** Applications that reach into [S, E): received before E and not replied before S. */
  async applicationGroups(S: Date, E: Date, unitId: string | null): Promise<ApplicationRecord[]> {
    const rows = (await this.tx.manager.query(
      `WITH year_applications AS (
         -- received in the year; received before it and replied in or after it; received before it and still open.
         -- Three index range scans, so the work follows the year's applications, not the whole history.
         SELECT applicant_type, outcome, reason, received_at, replied_at FROM applications
          WHERE received_at >= $1 AND received_at < $2 AND ($3::uuid IS NULL OR unit_id = $3)
         UNION ALL
         SELECT applicant_type, outcome, reason, received_at, replied_at FROM applications
          WHERE replied_at >= $1 AND received_at < $1 AND ($3::uuid IS NULL OR unit_id = $3)
         UNION ALL
         SELECT applicant_type, outcome, reason, received_at, replied_at FROM applications
          WHERE replied_at IS NULL AND received_at < $1 AND ($3::uuid IS NULL OR unit_id = $3)
       )
       SELECT a.applicant_type AS "applicantType", a.outcome, a.reason,
              min(a.received_at) AS "receivedAt", min(a.replied_at) AS "repliedAt", count(*)::int AS count
         FROM year_applications a
        GROUP BY a.applicant_type, a.outcome, a.reason, (a.received_at >= $1), (a.replied_at IS NOT NULL AND a.replied_at < $2)`,
      [S, E, unitId],
    )) as (Omit<ApplicationRecord, 'id'> & { count: number })[];
    return rows.map((r, i) => ({ ...r, id: `group-${i}` }));
  }

  /** Appeals filed in [S, E), by kind and by their status at E. */
  async appealGroups(S: Date, E: Date, unitId: string | null): Promise<AppealRecord[]> {
    return (await this.tx.manager.query(
      `SELECT p.kind, p.result, min(p.filed_at) AS "filedAt", min(p.concluded_at) AS "concludedAt", count(*)::int AS count
         FROM appeals p JOIN applications a ON a.id = p.application_id
        WHERE p.filed_at >= $1 AND p.filed_at < $2 AND ($3::uuid IS NULL OR a.unit_id = $3)
        GROUP BY p.kind, p.result, (p.concluded_at IS NOT NULL AND p.concluded_at < $2)`,
      [S, E, unitId],
    )) as AppealRecord[];
  }

  /**
   * Normative documents published in the catalogue before E and not repealed before S (an entry
   * revoked from the catalogue counts as never validly published).
   */
  async normativeDocumentGroups(S: Date, E: Date, unitId: string | null): Promise<NormativeDocumentRecord[]> {
    return (await this.tx.manager.query(
      `SELECT min(c.published_at) AS "publishedAt", min(d.repealed_at) AS "repealedAt", count(*)::int AS count
         FROM documents d JOIN catalogue_entries c ON c.document_id = d.id
        WHERE d.doc_type = 'normative_document' AND c.revoked_at IS NULL AND c.published_at < $2
          AND (d.repealed_at IS NULL OR d.repealed_at >= $1) AND ($3::uuid IS NULL OR d.unit_id = $3)
        GROUP BY (c.published_at >= $1), (d.repealed_at IS NOT NULL AND d.repealed_at < $2)`,
      [S, E, unitId],
    )) as NormativeDocumentRecord[];
  }

  /** Catalogue entries published in [S, E) and not revoked, by category and month (China time). */
  async publicationGroups(S: Date, E: Date, unitId: string | null): Promise<PublicationRecord[]> {
    return (await this.tx.manager.query(
      `SELECT c.category, min(c.published_at) AS "publishedAt", count(*)::int AS count
         FROM catalogue_entries c
        WHERE c.revoked_at IS NULL AND c.published_at >= $1 AND c.published_at < $2 AND ($3::uuid IS NULL OR c.unit_id = $3)
        GROUP BY c.category, date_trunc('month', c.published_at AT TIME ZONE 'Asia/Shanghai')`,
      [S, E, unitId],
    )) as PublicationRecord[];
  }

  /** 一（六）: complaints and reports of the year (of the unit concerned, for a unit's report). */
  async complaintFigures(S: Date, E: Date, unitId: string | null): Promise<ComplaintFigures> {
    const rows = (await this.tx.manager.query(
      `SELECT count(*) FILTER (WHERE k.received_at >= $1 AND k.received_at < $2)::int AS received,
              count(*) FILTER (WHERE k.replied_at >= $1 AND k.replied_at < $2 AND k.finding IN ('substantiated','partly_substantiated'))::int AS substantiated,
              count(*) FILTER (WHERE k.rectified_at >= $1 AND k.rectified_at < $2)::int AS rectified,
              count(*) FILTER (WHERE k.replied_at >= $1 AND k.replied_at < $2 AND k.accountability_kind IN ('talk','criticism','sanction'))::int AS accountability
         FROM complaints k
        WHERE ($3::uuid IS NULL OR k.unit_id = $3) AND (k.received_at < $2) AND (k.received_at >= $1 OR k.replied_at >= $1 OR k.rectified_at >= $1)`,
      [S, E, unitId],
    )) as ComplaintFigures[];
    return rows[0];
  }

  async units(): Promise<UnitRow[]> {
    return (await this.tx.manager.query(`SELECT id, code, name FROM units ORDER BY code`)) as UnitRow[];
  }

  async inputs(year: number, unitId: string | null, lock = false): Promise<VersionedInputs> {
    const rows = (await this.tx.manager.query(
      `SELECT data, version, updated_at AS "updatedAt" FROM report_inputs WHERE year = $1 AND unit_id IS NOT DISTINCT FROM $2::uuid ${lock ? 'FOR UPDATE' : ''}`,
      [year, unitId],
    )) as VersionedInputs[];
    return rows[0] ?? { data: {}, version: 0, updatedAt: null };
  }

  /** Writes the figures if the stored version is still `version` (0: none stored); false when it was not. */
  async saveInputs(year: number, unitId: string | null, data: ProactiveInputs, version: number, actorId: string): Promise<boolean> {
    if (version === 0) {
      const rows = (await this.tx.manager.query(
        `INSERT INTO report_inputs (year, unit_id, data, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING version`,
        [year, unitId, JSON.stringify(data), actorId],
      )) as unknown[];
      return rows.length === 1;
    }
    const res = (await this.tx.manager.query(
      `UPDATE report_inputs SET data = $3, version = version + 1, updated_by = $5, updated_at = now()
        WHERE year = $1 AND unit_id IS NOT DISTINCT FROM $2::uuid AND version = $4`,
      [year, unitId, JSON.stringify(data), version, actorId],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  async narrative(year: number, unitId: string | null, lock = false): Promise<Narrative & { version: number }> {
    const rows = (await this.tx.manager.query(
      `SELECT overall, problems, other, version FROM report_narratives WHERE year = $1 AND unit_id IS NOT DISTINCT FROM $2::uuid ${lock ? 'FOR UPDATE' : ''}`,
      [year, unitId],
    )) as (Narrative & { version: number })[];
    return rows[0] ?? { overall: null, problems: null, other: null, version: 0 };
  }

  async saveNarrative(year: number, unitId: string | null, n: Narrative, version: number, actorId: string): Promise<boolean> {
    if (version === 0) {
      const rows = (await this.tx.manager.query(
        `INSERT INTO report_narratives (year, unit_id, overall, problems, other, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING version`,
        [year, unitId, n.overall, n.problems, n.other, actorId],
      )) as unknown[];
      return rows.length === 1;
    }
    const res = (await this.tx.manager.query(
      `UPDATE report_narratives SET overall = $3, problems = $4, other = $5, version = version + 1, updated_by = $7, updated_at = now()
        WHERE year = $1 AND unit_id IS NOT DISTINCT FROM $2::uuid AND version = $6`,
      [year, unitId, n.overall, n.problems, n.other, version, actorId],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  async publication(year: number, unitId: string | null): Promise<PublicationRow | null> {
    const rows = (await this.tx.manager.query(
      `SELECT year, unit_id AS "unitId", index_no AS "indexNo", published_at AS "publishedAt" FROM report_publications
        WHERE year = $1 AND unit_id IS NOT DISTINCT FROM $2::uuid`,
      [year, unitId],
    )) as PublicationRow[];
    return rows[0] ?? null;
  }

  async publications(years: number[]): Promise<PublicationRow[]> {
    return (await this.tx.manager.query(
      `SELECT year, unit_id AS "unitId", index_no AS "indexNo", published_at AS "publishedAt" FROM report_publications WHERE year = ANY($1::int[])`,
      [years],
    )) as PublicationRow[];
  }

  /** Records the publication; false when the report of that year and unit was published meanwhile. */
  async insertPublication(p: { year: number; unitId: string | null; indexNo: string; report: AnnualReport; actorId: string }): Promise<boolean> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO report_publications (year, unit_id, index_no, report, published_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING index_no`,
      [p.year, p.unitId, p.indexNo, JSON.stringify(p.report), p.actorId],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The document with what a repeal needs to know, locked. */
  async lockDocument(id: string): Promise<RepealableDocument | null> {
    const rows = (await this.tx.manager.query(
      `SELECT d.id, d.title, d.doc_type AS "docType", d.state, d.repealed_at AS "repealedAt",
              c.index_no AS "indexNo", c.published_at AS "publishedAt", c.revoked_at AS "revokedAt"
         FROM documents d LEFT JOIN catalogue_entries c ON c.document_id = d.id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [id],
    )) as RepealableDocument[];
    return rows[0] ?? null;
  }

  async repeal(id: string, at: Date, actorId: string): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE documents SET repealed_at = $2, repealed_by = $3 WHERE id = $1 AND repealed_at IS NULL`,
      [id, at, actorId],
    )) as [unknown[], number];
    return res[1] === 1;
  }
}
