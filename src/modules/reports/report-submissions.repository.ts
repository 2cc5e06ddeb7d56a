import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { AnnualReport } from './domain/index.js';

/** A published annual report as its submission needs it: the tables as published and its catalogue entry. */
export interface PublishedReportRow {
  indexNo: string;
  report: AnnualReport;
  title: string;
  publishedAt: Date;
  revokedAt: Date | null;
  unitCode: string;
  unitName: string;
  /** SHA-256 (hex) of the entry's body, as the public entry serves it. */
  bodySha256: string;
}

/** Reads for the submission of annual reports to the upper-level platform. */
@Injectable()
export class ReportSubmissionsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The published report of the year (a unit's, or with `unitId` null the government's), or null. */
  async publishedReport(year: number, unitId: string | null): Promise<PublishedReportRow | null> {
    const rows = (await this.tx.manager.query(
      `SELECT p.index_no AS "indexNo", p.report, c.title, c.published_at AS "publishedAt", c.revoked_at AS "revokedAt",
              u.code AS "unitCode", u.name AS "unitName", encode(sha256(convert_to(c.body, 'UTF8')), 'hex') AS "bodySha256"
         FROM report_publications p JOIN catalogue_entries c ON c.index_no = p.index_no JOIN units u ON u.id = c.unit_id
        WHERE p.year = $1 AND p.unit_id IS NOT DISTINCT FROM $2::uuid`,
      [year, unitId],
    )) as PublishedReportRow[];
    return rows[0] ?? null;
  }
}
