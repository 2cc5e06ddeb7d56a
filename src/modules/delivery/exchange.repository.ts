import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { ActiveSubscriber } from './delivery.repository.js';
import type { ExchangeEntryRow } from './exchange-package.js';

/** A delivery of an annual report's submission, with its receiver (no URL, no secret). */
export interface ReportDeliveryRow {
  id: string;
  subscriberId: string;
  channel: string;
  description: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  remoteUrl: string | null;
}

/**
 * What the exchange packages are made of and the deliveries of annual reports. An entry is read
 * from the catalogue only (what the public may see); the form behind it gives nothing but the
 * date of its sign-off (成文日期), which a public document's metadata carries.
 */
@Injectable()
export class ExchangeRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The catalogue entry (published, or revoked since), or null when the catalogue has none. */
  async entry(indexNo: string): Promise<ExchangeEntryRow | null> {
    const rows = (await this.tx.manager.query(
      `SELECT c.index_no AS "indexNo", c.title, c.summary, c.doc_type AS "docType", c.category, c.document_number AS "documentNumber",
              u.code AS "unitCode", u.name AS "unitName", c.published_at AS "publishedAt", c.revoked_at AS "revokedAt",
              c.interprets_index_no AS "interpretsIndexNo", m.title AS "interpretsTitle",
              COALESCE(
                (SELECT to_char(min(h.at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') FROM document_history h
                  WHERE c.document_id IS NOT NULL AND h.document_id = c.document_id AND h.action = 'approve' AND h.to_state IN ('published', 'issued', 'awaiting_main')),
                (SELECT i.written_on::text FROM catalogue_imports i WHERE i.index_no = c.index_no)) AS "writtenOn"
         FROM catalogue_entries c JOIN units u ON u.id = c.unit_id
         LEFT JOIN catalogue_entries m ON m.index_no = c.interprets_index_no
        WHERE c.index_no = $1`,
      [indexNo],
    )) as ExchangeEntryRow[];
    return rows[0] ?? null;
  }

  async activeExchangeSubscribers(): Promise<ActiveSubscriber[]> {
    return (await this.tx.manager.query(
      `SELECT id, format, json_build_object('code', sender_code, 'name', sender_name) AS sender FROM subscribers
        WHERE active AND format = 'exchange' ORDER BY created_at, id`,
    )) as ActiveSubscriber[];
  }

  /** One delivery of the report to the subscriber; false when it already has one. */
  async insertReportDelivery(d: { id: string; subscriberId: string; reportIndexNo: string; eventType: string; payload: unknown }): Promise<boolean> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO deliveries (id, subscriber_id, report_index_no, event_type, payload) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT deliveries_report_once DO NOTHING RETURNING id`,
      [d.id, d.subscriberId, d.reportIndexNo, d.eventType, JSON.stringify(d.payload)],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The report's deliveries that failed for good, to active receivers, pending again; their ids. */
  async requeueFailed(reportIndexNo: string): Promise<string[]> {
    const rows = (await this.tx.manager.query(
      `UPDATE deliveries d SET status = 'pending' FROM subscribers s
        WHERE d.report_index_no = $1 AND d.status = 'failed' AND s.id = d.subscriber_id AND s.active
        RETURNING d.id`,
      [reportIndexNo],
    )) as [{ id: string }[], number];
    return rows[0].map((r) => r.id);
  }

  async reportDeliveries(reportIndexNo: string): Promise<ReportDeliveryRow[]> {
    return (await this.tx.manager.query(
      `SELECT d.id, d.subscriber_id AS "subscriberId", s.channel, s.description, d.status, d.attempts, d.last_status AS "lastStatus",
              d.last_error AS "lastError", d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", d.remote_url AS "remoteUrl"
         FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.report_index_no = $1 ORDER BY d.created_at, d.id`,
      [reportIndexNo],
    )) as ReportDeliveryRow[];
  }
}
