import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CalendarOverride, CalendarOverrideKind } from '../domain/calendar.js';

export interface OverrideRow {
  date: string;
  kind: CalendarOverrideKind;
  name: string | null;
}

/** Administrator overrides of the working-day calendar and the years whose arrangement is complete. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async overrides(m: EntityManager | DataSource = this.db, year?: number): Promise<OverrideRow[]> {
    return (await m.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_overrides
        WHERE ($1::int IS NULL OR extract(year FROM date)::int = $1) ORDER BY date`,
      [year ?? null],
    )) as OverrideRow[];
  }

  async publishedYears(m: EntityManager | DataSource = this.db): Promise<number[]> {
    const rows = (await m.query(`SELECT year FROM calendar_years ORDER BY year`)) as { year: number }[];
    return rows.map((r) => r.year);
  }

  async upsert(m: EntityManager, o: CalendarOverride, actorId: string): Promise<void> {
    await m.query(
      `INSERT INTO calendar_overrides (date, kind, name, created_by) VALUES ($1::date, $2, $3, $4)
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, created_by = EXCLUDED.created_by, created_at = now()`,
      [o.date, o.kind, o.name ?? null, actorId],
    );
  }

  async remove(m: EntityManager, date: string): Promise<boolean> {
    const res = (await m.query(`DELETE FROM calendar_overrides WHERE date = $1::date`, [date])) as [unknown[], number];
    return res[1] > 0;
  }

  async publishYear(m: EntityManager, year: number, actorId: string): Promise<void> {
    await m.query(`INSERT INTO calendar_years (year, published_by) VALUES ($1, $2) ON CONFLICT (year) DO NOTHING`, [year, actorId]);
  }

  async unpublishYear(m: EntityManager, year: number): Promise<boolean> {
    const res = (await m.query(`DELETE FROM calendar_years WHERE year = $1`, [year])) as [unknown[], number];
    return res[1] > 0;
  }
}
