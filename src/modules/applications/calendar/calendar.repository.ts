import { Injectable } from '@nestjs/common';
import type { CalendarOverride, CalendarOverrideKind } from '../domain/calendar.js';
import { TransactionHost } from '../../../common/database/transaction-host.js';

export interface OverrideRow {
  date: string;
  kind: CalendarOverrideKind;
  name: string | null;
}

/** pg advisory lock key of the calendar (shared: computing due dates; exclusive: changing the calendar). */
const CALENDAR_LOCK = 727274101;

/** Administrator overrides of the working-day calendar and the years whose arrangement is complete. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Takes the calendar lock in shared mode until the transaction ends (a write that computes due dates). */
  async lockShared(): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [CALENDAR_LOCK]);
  }

  /** Takes the calendar lock exclusively until the transaction ends (a change of the calendar). */
  async lockExclusive(): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock($1)`, [CALENDAR_LOCK]);
  }

  async overrides(year?: number): Promise<OverrideRow[]> {
    return (await this.tx.manager.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_overrides
        WHERE ($1::int IS NULL OR extract(year FROM date)::int = $1) ORDER BY date`,
      [year ?? null],
    )) as OverrideRow[];
  }

  async publishedYears(): Promise<number[]> {
    const rows = (await this.tx.manager.query(`SELECT year FROM calendar_years ORDER BY year`)) as { year: number }[];
    return rows.map((r) => r.year);
  }

  async upsert(o: CalendarOverride, actorId: string): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO calendar_overrides (date, kind, name, created_by) VALUES ($1::date, $2, $3, $4)
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, created_by = EXCLUDED.created_by, created_at = now()`,
      [o.date, o.kind, o.name ?? null, actorId],
    );
  }

  async remove(date: string): Promise<boolean> {
    const res = (await this.tx.manager.query(`DELETE FROM calendar_overrides WHERE date = $1::date`, [date])) as [unknown[], number];
    return res[1] > 0;
  }

  async publishYear(year: number, actorId: string): Promise<void> {
    await this.tx.manager.query(`INSERT INTO calendar_years (year, published_by) VALUES ($1, $2) ON CONFLICT (year) DO NOTHING`, [year, actorId]);
  }

  async unpublishYear(year: number): Promise<boolean> {
    const res = (await this.tx.manager.query(`DELETE FROM calendar_years WHERE year = $1`, [year])) as [unknown[], number];
    return res[1] > 0;
  }
}
