import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../common/database/transaction-host.js';
import type { NoticeFacts, NoticeKind } from '../domain/notices.js';

export interface NoticeRow {
  id: string;
  applicationId: string;
  kind: NoticeKind;
  eventVersion: number;
  year: number;
  serial: number;
  issuedAt: Date;
  facts: NoticeFacts;
}

const COLUMNS = `n.id, n.application_id AS "applicationId", n.kind, n.event_version AS "eventVersion", n.year, n.serial, n.issued_at AS "issuedAt", n.facts`;

/** The only place that reads and writes the letters issued on applications and their numbers. */
@Injectable()
export class NoticesRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * The next number of the agency's year: the counter's row is created or incremented, and stays
   * locked until the transaction ends, so numbers are gap-free (a rolled-back letter gives its back).
   */
  async nextSerial(agencyKey: string, year: number): Promise<number> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO notice_counters (agency_key, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (agency_key, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last`,
      [agencyKey, year],
    )) as { last: number }[];
    return rows[0].last;
  }

  async insert(n: { applicationId: string; kind: NoticeKind; eventVersion: number; agencyUnitId: string | null; year: number; serial: number; issuedAt: Date; facts: NoticeFacts }): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO application_notices (application_id, kind, event_version, agency_key, agency_unit_id, year, serial, issued_at, facts)
       VALUES ($1, $2, $3, COALESCE($4::uuid::text, '-'), $4, $5, $6, $7, $8)`,
      [n.applicationId, n.kind, n.eventVersion, n.agencyUnitId, n.year, n.serial, n.issuedAt, JSON.stringify(n.facts)],
    );
  }

  /** The application's letters, in the order they were issued. */
  async forApplication(applicationId: string): Promise<NoticeRow[]> {
    return (await this.tx.manager.query(`SELECT ${COLUMNS} FROM application_notices n WHERE n.application_id = $1 ORDER BY n.event_version`, [applicationId])) as NoticeRow[];
  }

  /** The latest letter of a kind (a third party may be consulted more than once). */
  async latest(applicationId: string, kind: NoticeKind): Promise<NoticeRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM application_notices n WHERE n.application_id = $1 AND n.kind = $2 ORDER BY n.event_version DESC LIMIT 1`, [
      applicationId,
      kind,
    ])) as NoticeRow[];
    return rows[0] ?? null;
  }

  async unitName(unitId: string | null): Promise<string | null> {
    if (!unitId) return null;
    const rows = (await this.tx.manager.query(`SELECT name FROM units WHERE id = $1`, [unitId])) as { name: string }[];
    return rows[0]?.name ?? null;
  }
}
