/**
 * The assessment's data: one statement per kind of record, each reading one year's range through
 * an index and grouping in the database — by unit for the whole year (the ranking), or by month
 * for every unit together or one unit (trends, a unit's public figures) — so the service receives
 * at most one row per unit, or 12, per kind whatever the number of records. The publication times
 * and the review steps are grouped by their days, which is all the working-day arithmetic needs
 * (domain/figures.ts); the applications of the ranking are read in one pass for their four counts.
 * Months and days are China time, the fixed UTC+8 of common/china-time.ts: a month by its place
 * among the year's month starts (width_bucket, cheaper than a time-zone conversion per row), a day
 * as its number since 1970. Plans at 200,000 catalogue entries: bench/explain/performance-*.txt.
 */
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { DecidedGroup, MonthCount, PublishDaysGroup, RepliedGroup, StepDueTable, YearRecords } from './domain/figures.js';
import { RUBRIC_KEYS, type Weights } from './domain/metrics.js';

export interface UnitRow {
  id: string;
  code: string;
  name: string;
}

/** The year read: [S, E), counted up to asOf (≤ E); `monthStarts`: 1 February … 1 December (China time). */
export interface YearRange {
  S: Date;
  E: Date;
  asOf: Date;
  monthStarts: Date[];
  /** Where the review steps due in the year may have started (a step's limit is at most 60 working days). */
  stepsFrom: Date;
  /** The running count of working days (domain/figures.ts workingDayCounts), from a day before any submission counted. */
  workingDays: { base: number; counts: number[] };
  /** When a step entered on a day is due, for the steps that can be overdue within the year (stepDueTable). */
  stepDue: StepDueTable;
  /** The day numbers of 1 February … 1 December (monthStartDays). */
  monthStartDays: number[];
}

/** By unit for the whole year, or by month for one unit (or every unit together: null). */
export type Grouping = { by: 'unit' } | { by: 'month'; unitId: string | null };

export interface RubricRow {
  version: number;
  weights: Weights;
  updatedBy: string | null;
  updatedAt: Date;
}

/** The review states a step deadline applies to (as supervision's). */
const REVIEW_STATES = `('secrecy_review','attribute_review','leader_review','reassessment_review')`;
const REPLIED = `('replied','delivered','filed')`;
/**
 * The China calendar day of an instant, as days since 1970-01-01 (UTC+8, no daylight saving): in
 * whole seconds and integers (date_part's double precision, not extract's numeric: several times
 * cheaper per row).
 */
const DAY = (column: string) => `((floor(date_part('epoch', ${column}))::bigint + 28800) / 86400)::int`;

/**
 * A statement's parameters and its grouping: by unit (the month is 0), or by month with the
 * unit filter; `$1`, `$2` are S and E (or what the statement passes first).
 */
class Statement {
  readonly params: unknown[];
  constructor(
    first: unknown[],
    private readonly g: Grouping,
    private readonly range: YearRange,
  ) {
    this.params = [...first];
  }

  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  /** The "unitId" and "month" columns for a record dated by `dateColumn` of the unit `unitColumn`. */
  bucket(dateColumn: string, unitColumn: string): string {
    if (this.g.by === 'unit') return `${unitColumn} AS "unitId", 0 AS month`;
    return `'' AS "unitId", width_bucket(${dateColumn}, ${this.param(this.range.monthStarts)}::timestamptz[]) + 1 AS month`;
  }

  /** The unit filter of a grouping by month ("true" when every unit counts). */
  unit(unitColumn: string): string {
    if (this.g.by === 'unit' || this.g.unitId === null) return 'true';
    return `${unitColumn} = ${this.param(this.g.unitId)}::uuid`;
  }
}

@Injectable()
export class PerformanceRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Runs `work` on one consistent snapshot (REPEATABLE READ), so every figure counts the same data. */
  async snapshot<T>(work: () => Promise<T>): Promise<T> {
    if (this.tx.inTransaction) return work();
    return this.tx.run(async () => {
      await this.tx.manager.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
      return work();
    });
  }

  async units(): Promise<UnitRow[]> {
    return (await this.tx.manager.query(`SELECT id, code, name FROM units ORDER BY code`)) as UnitRow[];
  }

  async unitById(id: string): Promise<UnitRow | null> {
    return ((await this.tx.manager.query(`SELECT id, code, name FROM units WHERE id = $1`, [id])) as UnitRow[])[0] ?? null;
  }

  async unitByCode(code: string): Promise<UnitRow | null> {
    return ((await this.tx.manager.query(`SELECT id, code, name FROM units WHERE code = $1`, [code])) as UnitRow[])[0] ?? null;
  }

  /** Every kind of record of the year, grouped as asked (on the caller's snapshot). */
  async records(r: YearRange, g: Grouping): Promise<YearRecords> {
    const applications = g.by === 'unit' ? await this.applicationsByUnit(r) : null;
    return {
      published: await this.published(r, g),
      publishDays: await this.publishDays(r, g),
      decided: await this.decided(r, g),
      received: applications?.received ?? (await this.received(r, g)),
      replied: applications?.replied ?? (await this.replied(r, g)),
      overdue: applications?.overdue ?? (await this.overdue(r, g)),
      corrected: await this.corrected(r, g),
      complaints: await this.complaintsSubstantiated(r, g),
      stepsOverdue: await this.stepsOverdue(r, g),
      guides: await this.guides(r, g),
    };
  }

  /** Catalogue entries published in [S, E) and not revoked (by unit: an index-only scan of catalogue_unit_idx). */
  async published(r: YearRange, g: Grouping): Promise<MonthCount[]> {
    const q = new Statement([r.S, r.E], g, r);
    return (await this.tx.manager.query(
      `SELECT ${q.bucket('c.published_at', 'c.unit_id')}, count(*)::int AS count
         FROM catalogue_entries c
        WHERE c.revoked_at IS NULL AND c.published_at >= $1 AND c.published_at < $2 AND ${q.unit('c.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as MonthCount[];
  }

  /**
   * Entries published in [S, E) from the review chain, counted by the working days from their
   * document's first submission (the submit rows' partial index, index-only) to the publication,
   * looked up in the running count of working days: a histogram per unit or month.
   */
  async publishDays(r: YearRange, g: Grouping): Promise<PublishDaysGroup[]> {
    const q = new Statement([r.S, r.E, r.workingDays.base, r.workingDays.counts], g, r);
    const at = (day: string) => `($4::int[])[greatest(least(${day}, $3 + cardinality($4::int[]) - 1), $3) - $3 + 1]`;
    return (await this.tx.manager.query(
      `SELECT x."unitId", x.month, ${at('x.published')} - ${at('x.submitted')} AS days, count(*)::int AS count
         FROM (SELECT ${q.bucket('c.published_at', 'c.unit_id')}, ${DAY('s.at')} AS submitted, ${DAY('c.published_at')} AS published
                 FROM catalogue_entries c
                 JOIN LATERAL (SELECT h.at FROM document_history h WHERE h.document_id = c.document_id AND h.action = 'submit' ORDER BY h.id LIMIT 1) s ON true
                WHERE c.revoked_at IS NULL AND c.document_id IS NOT NULL AND c.published_at >= $1 AND c.published_at < $2 AND ${q.unit('c.unit_id')}) x
        GROUP BY 1, 2, 3`,
      q.params,
    )) as PublishDaysGroup[];
  }

  /** Documents whose (last) sign-off fell in [S, E), and how many of them are proactive. */
  async decided(r: YearRange, g: Grouping): Promise<DecidedGroup[]> {
    const q = new Statement([r.S, r.E], g, r);
    return (await this.tx.manager.query(
      `SELECT ${q.bucket('d.decided_at', 'd.unit_id')}, count(*)::int AS decided, count(*) FILTER (WHERE d.public_attribute = 'proactive')::int AS proactive
         FROM documents d
        WHERE d.decided_at IS NOT NULL AND d.decided_at >= $1 AND d.decided_at < $2 AND ${q.unit('d.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as DecidedGroup[];
  }

  /**
   * A unit's applications of the year in one pass (the union of three index ranges: received in
   * it, replied in it, due in it), for the ranking: received, replied, replied by the due date (or
   * with no running clock), and due in [S, asOf) but not replied by then (open or late). The due
   * range goes through the worklist's index (open) and the replied ones' index on their due date.
   */
  async applicationsByUnit(r: YearRange): Promise<Pick<YearRecords, 'received' | 'replied' | 'overdue'>> {
    const rows = (await this.tx.manager.query(
      `SELECT a.unit_id AS "unitId",
              count(*) FILTER (WHERE a.received_at >= $1 AND a.received_at < $2)::int AS received,
              count(*) FILTER (WHERE a.replied_at >= $1 AND a.replied_at < $2)::int AS replied,
              count(*) FILTER (WHERE a.replied_at >= $1 AND a.replied_at < $2 AND (a.due_at IS NULL OR a.replied_at <= a.due_at))::int AS "onTime",
              count(*) FILTER (WHERE a.due_at >= $1 AND a.due_at < $3 AND (a.replied_at IS NULL OR a.replied_at > a.due_at))::int AS overdue
         FROM applications a
        WHERE a.unit_id IS NOT NULL
          AND ((a.received_at >= $1 AND a.received_at < $2) OR (a.replied_at >= $1 AND a.replied_at < $2)
               OR (a.state NOT IN ${REPLIED} AND a.due_at >= $1 AND a.due_at < $3)
               OR (a.state IN ${REPLIED} AND COALESCE(a.due_at, 'infinity'::timestamptz) >= $1 AND COALESCE(a.due_at, 'infinity'::timestamptz) < $3))
        GROUP BY 1`,
      [r.S, r.E, r.asOf],
    )) as { unitId: string; received: number; replied: number; onTime: number; overdue: number }[];
    return {
      received: rows.map((x) => ({ unitId: x.unitId, month: 0, count: x.received })),
      replied: rows.map((x) => ({ unitId: x.unitId, month: 0, replied: x.replied, onTime: x.onTime })),
      overdue: rows.map((x) => ({ unitId: x.unitId, month: 0, count: x.overdue })),
    };
  }

  /** Applications of a unit received in [S, E). */
  async received(r: YearRange, g: Grouping): Promise<MonthCount[]> {
    const q = new Statement([r.S, r.E], g, r);
    return (await this.tx.manager.query(
      `SELECT ${q.bucket('a.received_at', 'a.unit_id')}, count(*)::int AS count
         FROM applications a
        WHERE a.received_at >= $1 AND a.received_at < $2 AND a.unit_id IS NOT NULL AND ${q.unit('a.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as MonthCount[];
  }

  /** Applications of a unit replied in [S, E), and how many by their due date (none: the clock was stopped). */
  async replied(r: YearRange, g: Grouping): Promise<RepliedGroup[]> {
    const q = new Statement([r.S, r.E], g, r);
    return (await this.tx.manager.query(
      `SELECT ${q.bucket('a.replied_at', 'a.unit_id')}, count(*)::int AS replied,
              count(*) FILTER (WHERE a.due_at IS NULL OR a.replied_at <= a.due_at)::int AS "onTime"
         FROM applications a
        WHERE a.replied_at IS NOT NULL AND a.replied_at >= $1 AND a.replied_at < $2 AND a.unit_id IS NOT NULL AND ${q.unit('a.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as RepliedGroup[];
  }

  /** Applications of a unit due in [S, asOf) and not replied by then: still open, or replied late. */
  async overdue(r: YearRange, g: Grouping): Promise<MonthCount[]> {
    const q = new Statement([r.S, r.asOf], g, r);
    return (await this.tx.manager.query(
      `SELECT ${q.bucket('x.due_at', 'x.unit_id')}, count(*)::int AS count
         FROM (SELECT a.unit_id, a.due_at FROM applications a
                WHERE a.state NOT IN ${REPLIED} AND a.due_at >= $1 AND a.due_at < $2
               UNION ALL
               SELECT a.unit_id, a.due_at FROM applications a
                WHERE a.state IN ${REPLIED} AND COALESCE(a.due_at, 'infinity'::timestamptz) >= $1
                  AND COALESCE(a.due_at, 'infinity'::timestamptz) < $2 AND a.replied_at > a.due_at) x
        WHERE x.unit_id IS NOT NULL AND ${q.unit('x.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as MonthCount[];
  }

  /** Reconsiderations and lawsuits about a unit's applications concluded in [S, E) as corrected. */
  async corrected(r: YearRange, g: Grouping): Promise<MonthCount[]> {
    const q = new Statement([r.S, r.E], g, r);
    return (await this.tx.manager.query(
      `SELECT ${q.bucket('p.concluded_at', 'a.unit_id')}, count(*)::int AS count
         FROM appeals p JOIN applications a ON a.id = p.application_id
        WHERE p.result = 'corrected' AND p.concluded_at >= $1 AND p.concluded_at < $2 AND a.unit_id IS NOT NULL AND ${q.unit('a.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as MonthCount[];
  }

  /** Complaints and reports concerning a unit replied in [S, E) with the finding (partly) substantiated. */
  async complaintsSubstantiated(r: YearRange, g: Grouping): Promise<MonthCount[]> {
    const q = new Statement([r.S, r.E], g, r);
    return (await this.tx.manager.query(
      `SELECT ${q.bucket('c.replied_at', 'c.unit_id')}, count(*)::int AS count
         FROM complaints c
        WHERE c.finding IN ('substantiated','partly_substantiated') AND c.replied_at >= $1 AND c.replied_at < $2
          AND c.unit_id IS NOT NULL AND ${q.unit('c.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as MonthCount[];
  }

  /**
   * Review steps overdue in the year: the state changes in [stepsFrom, asOf), each with the next
   * one of its document (when it left the state it entered); a change into a review state is a step
   * whose due day the table gives by its state and day (0: it cannot be overdue in the year), and an
   * overdue one when the next change came after that day, or none by asOf. Counted in the month of
   * the due day; only the overdue steps look up their document's unit.
   */
  async stepsOverdue(r: YearRange, g: Grouping): Promise<MonthCount[]> {
    const t = r.stepDue;
    const q = new Statement([r.stepsFrom, r.asOf, t.states, t.span, t.due, t.base], g, r);
    const month = g.by === 'unit' ? '0' : `width_bucket(o.due, ${q.param(r.monthStartDays)}::int[]) + 1`;
    return (await this.tx.manager.query(
      `WITH changes AS (
         SELECT h.document_id, h.to_state, ${DAY('h.at')} AS entered, ${DAY(`lead(h.at) OVER (PARTITION BY h.document_id ORDER BY h.id)`)} AS "left"
           FROM document_history h
          WHERE h.from_state IS DISTINCT FROM h.to_state AND h.at >= $1 AND h.at < $2
       ), steps AS (
         SELECT c.document_id, c."left", ($5::int[])[(array_position($3::text[], c.to_state) - 1) * $4 + (c.entered - $6) + 1] AS due
           FROM changes c
       ), overdue AS MATERIALIZED (
         SELECT s.document_id, s.due FROM steps s WHERE s.due > 0 AND (s."left" IS NULL OR s."left" > s.due)
       )
       SELECT ${g.by === 'unit' ? 'd.unit_id' : `''`} AS "unitId", ${month} AS month, count(*)::int AS count
         FROM overdue o JOIN documents d ON d.id = o.document_id
        WHERE ${q.unit('d.unit_id')}
        GROUP BY 1, 2`,
      q.params,
    )) as MonthCount[];
  }

  /** Each unit's last guide (profile) update before asOf (grouped by month: the unit's, or none for every unit together). */
  async guides(r: YearRange, g: Grouping): Promise<{ unitId: string; updatedAt: Date }[]> {
    if (g.by === 'month' && g.unitId === null) return [];
    const q = new Statement([r.asOf], g, r);
    return (await this.tx.manager.query(
      `SELECT ${g.by === 'unit' ? 'p.unit_id' : `''`} AS "unitId", max(p.updated_at) AS "updatedAt" FROM unit_profiles p
        WHERE p.updated_at < $1 AND ${q.unit('p.unit_id')}
        GROUP BY 1`,
      q.params,
    )) as { unitId: string; updatedAt: Date }[];
  }

  // ------------------------------------------------------------------------------ the rubric

  /** The current rubric (the highest version; version 1 is seeded by the migration). */
  async rubric(lock = false): Promise<RubricRow> {
    if (lock) await this.tx.manager.query(`LOCK TABLE performance_rubrics IN SHARE ROW EXCLUSIVE MODE`);
    const rows = (await this.tx.manager.query(
      `SELECT version, weights, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM performance_rubrics ORDER BY version DESC LIMIT 1`,
    )) as RubricRow[];
    return { ...rows[0], weights: Object.fromEntries(RUBRIC_KEYS.map((k) => [k, Number(rows[0].weights[k] ?? 0)])) as Weights };
  }

  /** Inserts the next version; null when another writer inserted it first. */
  async insertRubric(version: number, weights: Weights, actorId: string): Promise<RubricRow | null> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO performance_rubrics (version, weights, updated_by) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING
       RETURNING version, weights, updated_by AS "updatedBy", updated_at AS "updatedAt"`,
      [version, JSON.stringify(weights), actorId],
    )) as RubricRow[];
    return rows[0] ?? null;
  }
}
