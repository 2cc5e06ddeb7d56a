import { Injectable } from '@nestjs/common';
import type { StoredClock, StoredEvent } from './application-clock.js';
import type { ApplicationChange, ApplicationRow, EventRow, ListRow, NewApplication, ProposalRow } from './application-record.js';
import type { ClockState } from './domain/clock.js';
import { REPLIED_STATES, type ApplicationState } from './domain/state-machine.js';
import { sqlParams } from '../../common/database/sql-params.js';
import { TransactionHost } from '../../common/database/transaction-host.js';

export type { ApplicationChange, ApplicationRow, Contact, EventRow, ListRow, NewApplication, ProposalRow } from './application-record.js';

const COLUMNS = `
  a.id, a.tracking_code AS "trackingCode", a.applicant_type AS "applicantType", a.applicant_name AS "applicantName",
  a.id_number AS "idNumber", a.contact, a.applicant_key AS "applicantKey", a.description, a.purpose, a.format, a.delivery,
  a.channel, a.unit_id AS "unitId", a.received_at AS "receivedAt", a.state, a.version, a.clock_state AS "clockState",
  a.due_at AS "dueAt", a.due_provisional AS "dueProvisional", a.calendar_incomplete AS "calendarIncomplete",
  a.correction_requested AS "correctionRequested", a.extended, a.last_event_at AS "lastEventAt", a.outcome, a.reason,
  a.reply_comment AS "replyComment", a.replied_at AS "repliedAt", a.replied_by AS "repliedBy",
  a.delivery_method AS "deliveryMethod", a.delivered_at AS "deliveredAt", a.filed_at AS "filedAt",
  a.fee_method AS "feeMethod", a.fee_pages AS "feePages", a.fee_amount_yuan AS "feeAmountYuan", a.fee_breakdown AS "feeBreakdown",
  a.fee_charged_at AS "feeChargedAt", a.fee_due_at AS "feeDueAt", a.fee_paid_at AS "feePaidAt",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const OPEN_STATES = `('received','awaiting_correction','handling','third_party_consultation')`;

/**
 * Overdue at $now (the same rule as the clock): a running period past its due date; a paused one
 * whose period had expired before the pause; a reply given after the due date.
 */
const overdueSql = (now: string) => `(CASE
    WHEN a.clock_state = 'running' THEN a.due_at < ${now}
    WHEN a.clock_state = 'paused' THEN NOT a.due_provisional AND a.due_at < ${now}
    WHEN a.clock_state = 'done' THEN a.due_at IS NOT NULL AND a.replied_at > a.due_at
    ELSE false END)`;

/** Worklist order: open and overdue, then open by due date (stopped last), then replied ones. */
const rankSql = (now: string) => `(CASE
    WHEN a.state IN ${OPEN_STATES} AND ${overdueSql(now)} THEN 0
    WHEN a.state IN ${OPEN_STATES} THEN 1
    ELSE 2 END)`;

/** The only place that reads and writes applications, their history, appeals aside. */
@Injectable()
export class ApplicationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(a: NewApplication): Promise<string> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO applications (tracking_code, applicant_type, applicant_name, id_number, contact, applicant_key, description, purpose,
                                 format, delivery, channel, unit_id, received_at, last_event_at, clock_state, due_at, due_provisional,
                                 calendar_incomplete, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16, $17, $18) RETURNING id`,
      [
        a.trackingCode,
        a.applicantType,
        a.applicantName,
        a.idNumber,
        JSON.stringify(a.contact),
        a.applicantKey,
        a.description,
        a.purpose,
        a.format,
        a.delivery,
        a.channel,
        a.unitId,
        a.receivedAt,
        a.clockState,
        a.dueAt,
        a.dueProvisional,
        a.calendarIncomplete,
        a.createdBy,
      ],
    )) as { id: string }[];
    return rows[0].id;
  }

  /** One application; `lock` takes its row (FOR UPDATE) for the rest of the transaction. */
  async findById(id: string, lock = false): Promise<ApplicationRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM applications a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as ApplicationRow[];
    return rows[0] ?? null;
  }

  /**
   * A step that is not an action of the office's record (a referral, a unit's answer): a new
   * version (its history row), the latest step's time moved up to `at`. Null unless the
   * application is in one of `states`.
   */
  async bump(id: string, at: Date, states: readonly ApplicationState[]): Promise<number | null> {
    const rows = (await this.tx.manager.query(
      `UPDATE applications SET version = version + 1, last_event_at = GREATEST(last_event_at, $2), updated_at = now()
        WHERE id = $1 AND state = ANY($3::text[]) RETURNING version`,
      [id, at, states],
    )) as [{ version: number }[], number];
    return rows[0][0]?.version ?? null;
  }

  async findByTrackingCode(code: string): Promise<ApplicationRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${COLUMNS} FROM applications a WHERE a.tracking_code = $1`, [code])) as ApplicationRow[];
    return rows[0] ?? null;
  }

  /** Optimistic concurrency: writes only if the row is still at (version, state); false when it was not. */
  async applyChange(id: string, version: number, fromState: ApplicationState, c: ApplicationChange): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE applications SET state = $4, unit_id = $5, correction_requested = $6, extended = $7, last_event_at = $8,
              outcome = $9, reason = $10, reply_comment = $11, replied_at = $12, replied_by = $13,
              delivery_method = $14, delivered_at = $15, filed_at = $16,
              fee_method = $17, fee_pages = $18, fee_amount_yuan = $19, fee_breakdown = $20, fee_charged_at = $21, fee_due_at = $22, fee_paid_at = $23,
              clock_state = $24, due_at = $25, due_provisional = $26, calendar_incomplete = $27,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 AND state = $3`,
      [
        id,
        version,
        fromState,
        c.state,
        c.unitId,
        c.correctionRequested,
        c.extended,
        c.lastEventAt,
        c.outcome,
        c.reason,
        c.replyComment,
        c.repliedAt,
        c.repliedBy,
        c.deliveryMethod,
        c.deliveredAt,
        c.filedAt,
        c.feeMethod,
        c.feePages,
        c.feeAmountYuan,
        c.feeBreakdown === null ? null : JSON.stringify(c.feeBreakdown),
        c.feeChargedAt,
        c.feeDueAt,
        c.feePaidAt,
        c.clockState,
        c.dueAt,
        c.dueProvisional,
        c.calendarIncomplete,
      ],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  async addEvent(
    e: {
      applicationId: string;
      version: number;
      action: string;
      at: Date;
      actorId: string | null;
      fromState: ApplicationState | null;
      toState: ApplicationState;
      comment: string | null;
      data: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO application_events (application_id, version, action, at, actor_id, from_state, to_state, comment, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [e.applicationId, e.version, e.action, e.at, e.actorId, e.fromState, e.toState, e.comment, JSON.stringify(e.data)],
    );
  }

  async events(id: string): Promise<EventRow[]> {
    return (await this.tx.manager.query(
      `SELECT e.id::text AS id, e.version, e.action, e.at, e.recorded_at AS "recordedAt", e.actor_id AS "actorId", u.display_name AS "actorName",
              e.from_state AS "fromState", e.to_state AS "toState", e.comment, e.data
         FROM application_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.application_id = $1 ORDER BY e.version`,
      [id],
    )) as EventRow[];
  }

  /** The clock-relevant history of several applications at once (one query for a page or a recompute). */
  async eventsOf(ids: string[]): Promise<Map<string, StoredEvent[]>> {
    const out = new Map<string, StoredEvent[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = (await this.tx.manager.query(
      `SELECT application_id AS "applicationId", action, at, data FROM application_events
        WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, version`,
      [ids],
    )) as (StoredEvent & { applicationId: string })[];
    for (const r of rows) out.get(r.applicationId)!.push({ action: r.action, at: r.at, data: r.data });
    return out;
  }

  /** Open applications, locked, for recomputing their clocks after a calendar change. */
  async lockOpen(): Promise<{ id: string; receivedAt: Date; clockState: ClockState; dueAt: Date | null; dueProvisional: boolean; calendarIncomplete: boolean }[]> {
    return (await this.tx.manager.query(
      `SELECT a.id, a.received_at AS "receivedAt", a.clock_state AS "clockState", a.due_at AS "dueAt", a.due_provisional AS "dueProvisional",
              a.calendar_incomplete AS "calendarIncomplete"
         FROM applications a WHERE a.state IN ${OPEN_STATES} ORDER BY a.id FOR UPDATE`,
    )) as { id: string; receivedAt: Date; clockState: ClockState; dueAt: Date | null; dueProvisional: boolean; calendarIncomplete: boolean }[];
  }

  /** Open applications whose stored clock is flagged (a year without calendar data), for the calendar page; no lock. */
  async openFlagged(): Promise<{ id: string; receivedAt: Date }[]> {
    return (await this.tx.manager.query(
      `SELECT a.id, a.received_at AS "receivedAt" FROM applications a WHERE a.state IN ${OPEN_STATES} AND a.calendar_incomplete ORDER BY a.id`,
    )) as { id: string; receivedAt: Date }[];
  }

  /** Stores a recomputed clock without a new version: the due date is derived data, the officer's record is unchanged. */
  async updateClock(id: string, c: StoredClock): Promise<void> {
    await this.tx.manager.query(
      `UPDATE applications SET clock_state = $2, due_at = $3, due_provisional = $4, calendar_incomplete = $5, updated_at = now()
        WHERE id = $1 AND state IN ${OPEN_STATES}`,
      [id, c.clockState, c.dueAt, c.dueProvisional, c.calendarIncomplete],
    );
  }

  /**
   * A page of the worklist at `now`: overdue open applications first, then open ones by due date,
   * then replied ones by due date; keyset on (rank, due date, id). Two queries: the open
   * applications (a small set, ranked at `now`) and, when the page has room, the replied ones in
   * index order — so a page costs the open set plus one page, however long the history.
   */
  async list(opts: { now: Date; state?: ApplicationState; overdue?: boolean; after: [number, string, string] | null; limit: number }): Promise<ListRow[]> {
    const done = (s: string) => (REPLIED_STATES as readonly string[]).includes(s);
    const rows: ListRow[] = [];
    const afterRank = opts.after?.[0] ?? -1;
    if ((!opts.state || !done(opts.state)) && afterRank <= 1) rows.push(...(await this.listOpen(opts)));
    if ((!opts.state || done(opts.state)) && rows.length < opts.limit) {
      rows.push(...(await this.listDone({ ...opts, after: afterRank === 2 ? opts.after : null, limit: opts.limit - rows.length })));
    }
    return rows;
  }

  private async listOpen(opts: { now: Date; state?: ApplicationState; overdue?: boolean; after: [number, string, string] | null; limit: number }): Promise<ListRow[]> {
    const { params, p } = sqlParams([opts.now]);
    const where: string[] = [`a.state IN ${OPEN_STATES}`];
    if (opts.state) where.push(`a.state = ${p(opts.state)}`);
    if (opts.overdue !== undefined) where.push(`${overdueSql('$1')} = ${p(opts.overdue)}`);
    if (opts.after) {
      where.push(`(${rankSql('$1')}, COALESCE(a.due_at, 'infinity'::timestamptz), a.id) > (${p(opts.after[0])}::int, ${p(opts.after[1])}::timestamptz, ${p(opts.after[2])}::uuid)`);
    }
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS}, (${overdueSql('$1')})::int AS "overdueFlag", ${rankSql('$1')} AS rank,
              COALESCE(a.due_at, 'infinity'::timestamptz)::text AS "sortDue"
         FROM applications a WHERE ${where.join(' AND ')}
        ORDER BY ${rankSql('$1')}, COALESCE(a.due_at, 'infinity'::timestamptz), a.id LIMIT ${p(opts.limit)}`,
      params,
    )) as ListRow[];
  }

  private async listDone(opts: { state?: ApplicationState; overdue?: boolean; after: [number, string, string] | null; limit: number }): Promise<ListRow[]> {
    const { params, p } = sqlParams();
    const late = `(a.due_at IS NOT NULL AND a.replied_at > a.due_at)`;
    const where: string[] = [`a.state IN (${REPLIED_STATES.map((st) => `'${st}'`).join(',')})`];
    if (opts.state) where.push(`a.state = ${p(opts.state)}`);
    if (opts.overdue !== undefined) where.push(`${late} = ${p(opts.overdue)}`);
    if (opts.after) where.push(`(COALESCE(a.due_at, 'infinity'::timestamptz), a.id) > (${p(opts.after[1])}::timestamptz, ${p(opts.after[2])}::uuid)`);
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS}, ${late}::int AS "overdueFlag", 2 AS rank, COALESCE(a.due_at, 'infinity'::timestamptz)::text AS "sortDue"
         FROM applications a WHERE ${where.join(' AND ')}
        ORDER BY COALESCE(a.due_at, 'infinity'::timestamptz), a.id LIMIT ${p(opts.limit)}`,
      params,
    )) as ListRow[];
  }

  /** How many applications the applicant made in the China calendar month of `receivedAt`, up to and including it. */
  async countInMonth(applicantKey: string, receivedAt: Date): Promise<number> {
    const rows = (await this.tx.manager.query(
      `SELECT count(*)::int AS n FROM applications
        WHERE applicant_key = $1 AND received_at <= $2
          AND received_at >= (date_trunc('month', $2::timestamptz AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`,
      [applicantKey, receivedAt],
    )) as { n: number }[];
    return rows[0].n;
  }

  async existingDocumentIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = (await this.tx.manager.query(`SELECT id FROM documents WHERE id = ANY($1::uuid[])`, [ids])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async unitExists(id: string): Promise<boolean> {
    return ((await this.tx.manager.query(`SELECT 1 FROM units WHERE id = $1`, [id])) as unknown[]).length > 0;
  }

  async addDocuments(applicationId: string, documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    await this.tx.manager.query(`INSERT INTO application_documents (application_id, document_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
      applicationId,
      documentIds,
    ]);
  }

  async documentIds(applicationId: string): Promise<string[]> {
    const rows = (await this.tx.manager.query(`SELECT document_id AS id FROM application_documents WHERE application_id = $1 ORDER BY document_id`, [applicationId])) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }

  /** The name of the agency that replied: the application's unit, else the replying officer's unit. */
  async agencyName(a: ApplicationRow): Promise<string | null> {
    const rows = (await this.tx.manager.query(
      `SELECT COALESCE((SELECT name FROM units WHERE id = $1), (SELECT un.name FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $2)) AS name`,
      [a.unitId, a.repliedBy],
    )) as { name: string | null }[];
    return rows[0]?.name ?? null;
  }

  /**
   * Art. 44: documents disclosed (fully or partly) to at least `threshold` distinct applicants and
   * not published proactively (yet); most asked first, keyset on (applicants, document id).
   */
  async proposals(threshold: number, after: [number, string] | null, limit: number): Promise<ProposalRow[]> {
    return (await this.tx.manager.query(
      `SELECT * FROM (
         SELECT d.id AS "documentId", d.title, d.state, d.unit_id AS "unitId",
                count(DISTINCT a.applicant_key)::int AS applicants, count(*)::int AS applications, max(a.replied_at) AS "lastRepliedAt"
           FROM application_documents ad
           JOIN applications a ON a.id = ad.application_id
           JOIN documents d ON d.id = ad.document_id
          WHERE a.outcome IN ('disclosed','partially_disclosed') AND d.state <> 'published'
          GROUP BY d.id
         HAVING count(DISTINCT a.applicant_key) >= $1
       ) p
       WHERE ($2::int IS NULL OR (p.applicants, p."documentId") < ($2::int, $3::uuid))
       ORDER BY p.applicants DESC, p."documentId" DESC LIMIT $4`,
      [threshold, after?.[0] ?? null, after?.[1] ?? null, limit],
    )) as ProposalRow[];
  }
}
