import { Injectable } from '@nestjs/common';
import type { AppealKind, AppealResult } from '../domain/vocabulary.js';
import { TransactionHost } from '../../../common/database/transaction-host.js';

export interface AppealRow {
  id: string;
  applicationId: string;
  trackingCode: string;
  kind: AppealKind;
  filedAt: Date;
  result: AppealResult | null;
  concludedAt: Date | null;
  version: number;
  cursorTs: string;
}

const COLUMNS = `p.id, p.application_id AS "applicationId", a.tracking_code AS "trackingCode", p.kind, p.filed_at AS "filedAt",
  p.result, p.concluded_at AS "concludedAt", p.version, p.filed_at::text AS "cursorTs"`;

/** The only place that reads and writes appeals (reconsiderations and lawsuits). */
@Injectable()
export class AppealsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(a: { applicationId: string; kind: AppealKind; filedAt: Date; createdBy: string }): Promise<string> {
    const rows = (await this.tx.manager.query(`INSERT INTO appeals (application_id, kind, filed_at, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
      a.applicationId,
      a.kind,
      a.filedAt,
      a.createdBy,
    ])) as { id: string }[];
    return rows[0].id;
  }

  async findById(id: string, lock = false): Promise<AppealRow | null> {
    const rows = (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM appeals p JOIN applications a ON a.id = p.application_id WHERE p.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`,
      [id],
    )) as AppealRow[];
    return rows[0] ?? null;
  }

  async conclude(id: string, result: AppealResult, concludedAt: Date): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE appeals SET result = $2, concluded_at = $3, version = version + 1, updated_at = now() WHERE id = $1 AND result IS NULL`,
      [id, result, concludedAt],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  async applicationReceivedAt(applicationId: string): Promise<Date | null> {
    const rows = (await this.tx.manager.query(`SELECT received_at AS "receivedAt" FROM applications WHERE id = $1`, [applicationId])) as { receivedAt: Date }[];
    return rows[0]?.receivedAt ?? null;
  }

  /** Appeals filed in [from, to), oldest first; keyset on (filed_at, id). */
  async list(opts: { from: Date | null; to: Date | null; applicationId?: string; after: [string, string] | null; limit: number }): Promise<AppealRow[]> {
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM appeals p JOIN applications a ON a.id = p.application_id
        WHERE ($1::timestamptz IS NULL OR p.filed_at >= $1) AND ($2::timestamptz IS NULL OR p.filed_at < $2)
          AND ($3::timestamptz IS NULL OR (p.filed_at, p.id) > ($3::timestamptz, $4::uuid))
          AND ($6::uuid IS NULL OR p.application_id = $6)
        ORDER BY p.filed_at, p.id LIMIT $5`,
      [opts.from, opts.to, opts.after?.[0] ?? null, opts.after?.[1] ?? null, opts.limit, opts.applicationId ?? null],
    )) as AppealRow[];
  }
}
