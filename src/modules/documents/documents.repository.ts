import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { SqlFragment } from '../authorization/rules-to-sql.js';
import { DOCUMENT_STATES, type DocType, type DocumentState, type InterpretationForm, type NonDisclosureReason, type PublicAttribute } from './document.types.js';
import { deferred } from '../../common/database/preparing-client.js';
import { sqlParams } from '../../common/database/sql-params.js';
import { withWrites, type Statement } from '../../common/database/statements.js';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface DocumentRow {
  id: string;
  unitId: string;
  drafterId: string;
  title: string;
  docType: DocType;
  body: string;
  summary: string | null;
  category: string | null;
  documentNumber: string | null;
  publicAttribute: PublicAttribute;
  nonDisclosureReason: NonDisclosureReason | null;
  attributeRationale: string | null;
  officeAttribute: PublicAttribute | null;
  officeReason: NonDisclosureReason | null;
  proposedAttribute: PublicAttribute | null;
  proposedReason: NonDisclosureReason | null;
  reviewDueAt: Date | null;
  state: DocumentState;
  version: number;
  secrecyApproverIds: string[];
  officeApproverIds: string[];
  leaderApproverIds: string[];
  indexNo: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** created_at at full precision, for keyset cursors. */
  cursorTs: string;
  /** The units consulted on the document (any consultation), for the liaisons' read rule. */
  consultedUnitIds: string[];
  /** When the document entered its current review step, and when that step is due (working days). */
  stepEnteredAt: Date | null;
  stepDueAt: Date | null;
  /** For an interpretation: the document it interprets, and its form. */
  interprets: string | null;
  interpretationForm: InterpretationForm | null;
}

export type DocumentSummaryRow = Omit<DocumentRow, 'body' | 'summary' | 'attributeRationale' | 'consultedUnitIds'>;

const COLUMNS = `
  d.id, d.unit_id AS "unitId", d.drafter_id AS "drafterId", d.title, d.doc_type AS "docType",
  d.category, d.document_number AS "documentNumber", d.public_attribute AS "publicAttribute",
  d.non_disclosure_reason AS "nonDisclosureReason", d.office_attribute AS "officeAttribute",
  d.office_reason AS "officeReason", d.state, d.version,
  d.proposed_attribute AS "proposedAttribute", d.proposed_reason AS "proposedReason", d.review_due_at AS "reviewDueAt",
  d.secrecy_approver_ids AS "secrecyApproverIds", d.office_approver_ids AS "officeApproverIds",
  d.leader_approver_ids AS "leaderApproverIds", d.created_at AS "createdAt", d.updated_at AS "updatedAt",
  d.created_at::text AS "cursorTs", d.step_entered_at AS "stepEnteredAt", d.step_due_at AS "stepDueAt",
  d.interprets, d.interpretation_form AS "interpretationForm"`;

/** States written into a statement's text (it has its own parameters): only the known states. */
function stateList(states: readonly DocumentState[]): string {
  if (states.length === 0) throw new Error('no states');
  return states
    .map((s) => {
      if (!DOCUMENT_STATES.includes(s)) throw new Error(`not a document state: ${s}`);
      return `'${s}'`;
    })
    .join(', ');
}

const FULL = `${COLUMNS}, d.body, d.summary, d.attribute_rationale AS "attributeRationale",
  (SELECT c.index_no FROM catalogue_entries c WHERE c.document_id = d.id) AS "indexNo",
  COALESCE((SELECT array_agg(k.unit_id) FROM consultations k WHERE k.document_id = d.id), '{}') AS "consultedUnitIds"`;

export interface FormFields {
  title: string;
  docType: DocType;
  body: string;
  summary: string | null;
  category: string | null;
  documentNumber: string | null;
  publicAttribute: PublicAttribute;
  nonDisclosureReason: NonDisclosureReason | null;
  attributeRationale: string | null;
  interprets: string | null;
  interpretationForm: InterpretationForm | null;
}

export interface StateChange {
  state: DocumentState;
  publicAttribute: PublicAttribute;
  nonDisclosureReason: NonDisclosureReason | null;
  attributeRationale: string | null;
  officeAttribute: PublicAttribute | null;
  officeReason: NonDisclosureReason | null;
  proposedAttribute: PublicAttribute | null;
  proposedReason: NonDisclosureReason | null;
  /** Set a new Art. 18 re-assessment date (the document is withheld). */
  reviewDue: boolean;
  addSecrecyApprover?: string;
  addOfficeApprover?: string;
  addLeaderApprover?: string;
  /** A delegator whose deputy takes the step: counted as that step's approver too. */
  coApprover?: string;
  /** A recall: these people no longer count as the step's approvers. */
  recall?: { step: 'secrecy' | 'office' | 'leader'; ids: string[] };
  decided: boolean;
  /** The end of the new review step's time limit; null when the new state is not a review step. */
  stepDueAt?: Date | null;
}

/** The only place that reads and writes documents and their history. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Locks the document's row until the transaction ends (steps that must not interleave with another's). */
  async lock(id: string): Promise<void> {
    await this.tx.manager.query(`SELECT 1 FROM documents WHERE id = $1 FOR UPDATE`, [id]);
  }

  async findById(id: string): Promise<DocumentRow | null> {
    const rows = (await this.tx.manager.query(`SELECT ${FULL} FROM documents d WHERE d.id = $1`, [id])) as DocumentRow[];
    return rows[0] ?? null;
  }

  /**
   * `findById`, with the value of `alongside` (a scalar SQL expression of another module, `$1` the
   * document's id) read in the same statement when the document is in one of `whenIn` (null in
   * the others, where it is not evaluated): the document and, say, the gate's inputs in one round trip.
   */
  async findByIdWith(id: string, alongside: string, whenIn: readonly DocumentState[]): Promise<{ doc: DocumentRow; alongside: unknown } | null> {
    const rows = (await this.tx.manager.query(
      `SELECT ${FULL}, CASE WHEN d.state IN (${stateList(whenIn)}) THEN ${alongside} END AS gk_alongside FROM documents d WHERE d.id = $1`,
      [id],
    )) as (DocumentRow & { gk_alongside: unknown })[];
    if (!rows[0]) return null;
    const { gk_alongside, ...doc } = rows[0];
    return { doc: doc as DocumentRow, alongside: gk_alongside };
  }

  async insert(unitId: string, drafterId: string, f: FormFields): Promise<DocumentRow> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO documents (unit_id, drafter_id, title, doc_type, body, summary, category, document_number,
                              public_attribute, non_disclosure_reason, attribute_rationale, interprets, interpretation_form)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [unitId, drafterId, f.title, f.docType, f.body, f.summary, f.category, f.documentNumber, f.publicAttribute, f.nonDisclosureReason, f.attributeRationale, f.interprets, f.interpretationForm],
    )) as { id: string }[];
    return (await this.findById(rows[0].id))!;
  }

  /** Optimistic concurrency: changes the row only if it is still at `version`; false when it was not. */
  async updateForm(id: string, version: number, f: FormFields): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE documents SET title = $3, doc_type = $4, body = $5, summary = $6, category = $7, document_number = $8,
              public_attribute = $9, non_disclosure_reason = $10, attribute_rationale = $11,
              interprets = $12, interpretation_form = $13,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 AND state IN ('draft', 'returned')`,
      [id, version, f.title, f.docType, f.body, f.summary, f.category, f.documentNumber, f.publicAttribute, f.nonDisclosureReason, f.attributeRationale, f.interprets, f.interpretationForm],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  /** Applies a workflow transition if the row is still at (version, fromState): the document as it is now (the use case's answer), or null when it was not. */
  async applyTransition(id: string, version: number, fromState: DocumentState, c: StateChange, reviewDays: number): Promise<DocumentRow | null> {
    const ids = (one: string | undefined) => [
      ...(one ? [one] : []),
      ...(one && c.coApprover ? [c.coApprover] : []),
    ];
    const removed = (step: 'secrecy' | 'office' | 'leader') => (c.recall?.step === step ? c.recall.ids : []);
    // Each step's approvers: add the new ones (not twice), then remove those a recall takes back.
    const approvers = (column: string, add: string, remove: string) =>
      `ARRAY(SELECT x FROM unnest(${column} || ARRAY(SELECT a FROM unnest(${add}::uuid[]) a WHERE a <> ALL(${column}))) x WHERE x <> ALL(${remove}::uuid[]))`;
    const res = (await this.tx.manager.query(
      `UPDATE documents d SET state = $4, public_attribute = $5, non_disclosure_reason = $6, attribute_rationale = $7,
              office_attribute = $8, office_reason = $9,
              secrecy_approver_ids = ${approvers('secrecy_approver_ids', '$10', '$18')},
              office_approver_ids  = ${approvers('office_approver_ids', '$11', '$19')},
              leader_approver_ids  = ${approvers('leader_approver_ids', '$12', '$20')},
              decided_at = CASE WHEN $13 THEN now() ELSE decided_at END,
              proposed_attribute = $14, proposed_reason = $15,
              review_due_at = CASE WHEN $16 THEN now() + make_interval(days => $17::int) WHEN $4 = 'issued' THEN review_due_at ELSE NULL END,
              step_entered_at = CASE WHEN $21::timestamptz IS NULL THEN NULL ELSE now() END, step_due_at = $21,
              version = version + 1, updated_at = now()
        WHERE d.id = $1 AND d.version = $2 AND d.state = $3
        RETURNING ${FULL}`,
      [
        id,
        version,
        fromState,
        c.state,
        c.publicAttribute,
        c.nonDisclosureReason,
        c.attributeRationale,
        c.officeAttribute,
        c.officeReason,
        ids(c.addSecrecyApprover),
        ids(c.addOfficeApprover),
        ids(c.addLeaderApprover),
        c.decided,
        c.proposedAttribute,
        c.proposedReason,
        c.reviewDue,
        reviewDays,
        removed('secrecy'),
        removed('office'),
        removed('leader'),
        c.stepDueAt ?? null,
      ],
    )) as [DocumentRow[], number];
    return res[0][0] ?? null;
  }

  /**
   * A new version of the document without a change of its own fields (its files or redaction spans
   * changed, so approvals refer to a new version): only while still at `version` and in one of `states`.
   */
  async bumpVersion(id: string, version: number, states: readonly DocumentState[]): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE documents SET version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 AND state = ANY($3::text[])`,
      [id, version, states],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  async clearRedactions(documentId: string): Promise<void> {
    await this.tx.manager.query(`DELETE FROM redactions WHERE document_id = $1`, [documentId]);
  }

  async addHistory(
    h: {
      documentId: string;
      actorId: string;
      action: string;
      fromState: DocumentState | null;
      toState: DocumentState;
      comment: string | null;
      publicAttribute: PublicAttribute | null;
      nonDisclosureReason: NonDisclosureReason | null;
      version: number;
      /** The delegator, when a deputy acted on their behalf. */
      onBehalfOfId?: string | null;
    },
    /** Rows written in the same statement (the change's audit row, statements.ts). */
    also: readonly Statement[] = [],
    /** A statement whose answer this one returns, the history row and `also` its writes (the change's notifications). */
    last?: Statement,
    /** Nothing reads the answer: the statement goes with the transaction's next one, and answers no rows (preparing-client.ts). */
    unread = false,
  ): Promise<unknown[]> {
    const history: Statement = {
      sql: `INSERT INTO document_history (document_id, actor_id, action, from_state, to_state, comment, public_attribute, non_disclosure_reason, version, on_behalf_of_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      params: [h.documentId, h.actorId, h.action, h.fromState, h.toState, h.comment, h.publicAttribute, h.nonDisclosureReason, h.version, h.onBehalfOfId ?? null],
    };
    const s = last ? withWrites([history, ...also], last) : withWrites(also, history);
    return (await this.tx.manager.query(unread ? deferred(s.sql) : s.sql, s.params)) as unknown[];
  }

  /**
   * The last versioned change of the document (not consultations, urges): who took it, on whose
   * behalf, and when. What a recall takes back.
   */
  async lastStep(documentId: string): Promise<{ action: string; actorId: string; onBehalfOfId: string | null; toState: DocumentState; at: Date } | null> {
    const rows = (await this.tx.manager.query(
      `SELECT h.action, h.actor_id AS "actorId", h.on_behalf_of_id AS "onBehalfOfId", h.to_state AS "toState", h.at FROM document_history h
        WHERE h.document_id = $1 AND h.action NOT IN ('consult','consultation_answer','consultation_closed','urge')
        ORDER BY h.id DESC LIMIT 1`,
      [documentId],
    )) as { action: string; actorId: string; onBehalfOfId: string | null; toState: DocumentState; at: Date }[];
    return rows[0] ?? null;
  }

  async history(documentId: string) {
    return (await this.tx.manager.query(
      `SELECT h.at, h.actor_id AS "actorId", u.display_name AS "actorName", h.on_behalf_of_id AS "onBehalfOfId",
              (SELECT b.display_name FROM users b WHERE b.id = h.on_behalf_of_id) AS "onBehalfOfName", h.action, h.from_state AS "fromState",
              h.to_state AS "toState", h.comment, h.public_attribute AS "publicAttribute",
              h.non_disclosure_reason AS "nonDisclosureReason"
         FROM document_history h JOIN users u ON u.id = h.actor_id
        WHERE h.document_id = $1 ORDER BY h.id`,
      [documentId],
    )) as {
      at: Date;
      actorId: string;
      actorName: string;
      onBehalfOfId: string | null;
      onBehalfOfName: string | null;
      action: string;
      fromState: DocumentState | null;
      toState: DocumentState;
      comment: string | null;
      publicAttribute: PublicAttribute | null;
      nonDisclosureReason: NonDisclosureReason | null;
    }[];
  }

  /**
   * The document an interpretation interprets, its row locked until the transaction ends: its
   * publication and the interpretation's sign-off then happen one after the other, never both
   * unaware of each other (see workflow/interpretation-publication.ts).
   */
  async lockInterpreted(id: string): Promise<DocumentRow | null> {
    await this.lock(id);
    return this.findById(id);
  }

  /** The interpretations of a document in one of `states`, locked (a concurrent change of one of them is waited for, then re-read). */
  async interpretationsOf(documentId: string, states: readonly DocumentState[]): Promise<DocumentRow[]> {
    const rows = (await this.tx.manager.query(`SELECT ${this.interpretationsOfSql('$1', states)} AS ids`, [documentId])) as { ids: string[] }[];
    return this.interpretationsFrom(rows[0].ids);
  }

  /**
   * `interpretationsOf` as one scalar SQL expression (their ids, locked, in the same order) of the
   * document whose id is the SQL expression `documentId`, for a statement of another module that
   * takes them beside its own write (CatalogueRepository.publishFromDocument); `interpretationsFrom`
   * reads its value. Only in a statement that runs after the document's own row was locked: its
   * snapshot must be taken after that lock, for a sign-off of an interpretation that committed
   * meanwhile to be seen.
   */
  interpretationsOfSql(documentId: string, states: readonly DocumentState[]): string {
    return `(SELECT COALESCE(array_agg(w.id::text ORDER BY w.created_at, w.id), '{}') FROM
               (SELECT d.id, d.created_at FROM documents d WHERE d.interprets = ${documentId} AND d.state IN (${stateList(states)}) ORDER BY d.created_at, d.id FOR UPDATE) w)`;
  }

  /** The rows of `interpretationsOfSql`'s value. */
  async interpretationsFrom(value: unknown): Promise<DocumentRow[]> {
    const rows: DocumentRow[] = [];
    for (const id of value as string[]) rows.push((await this.findById(id))!);
    return rows;
  }

  /** Whether any document (in any state) interprets this one. */
  async hasInterpretations(documentId: string): Promise<boolean> {
    return ((await this.tx.manager.query(`SELECT 1 FROM documents d WHERE d.interprets = $1 LIMIT 1`, [documentId])) as unknown[]).length > 0;
  }

  /** How many interpretations of the document are prepared or published (not withdrawn or revoked). */
  async countInterpretations(documentId: string): Promise<number> {
    const rows = (await this.tx.manager.query(
      `SELECT count(*)::int AS n FROM documents d WHERE d.interprets = $1 AND d.state NOT IN ('withdrawn','revoked')`,
      [documentId],
    )) as { n: number }[];
    return rows[0].n;
  }

  /** A change of state alone (an interpretation published or revoked with its document), if the row is still at (version, fromState). */
  async moveState(id: string, version: number, fromState: DocumentState, toState: DocumentState): Promise<boolean> {
    const res = (await this.tx.manager.query(
      `UPDATE documents SET state = $4, step_entered_at = NULL, step_due_at = NULL, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 AND state = $3`,
      [id, version, fromState, toState],
    )) as [unknown[], number];
    return res[1] === 1;
  }

  /**
   * A page of documents newest first, restricted by an authorization filter (SQL compiled from
   * the CASL rules) and optional state; keyset on (created_at, id).
   */
  async list(filter: SqlFragment, opts: { state?: DocumentState; interprets?: string; after: [string, string] | null; limit: number }): Promise<DocumentSummaryRow[]> {
    const { params, p } = sqlParams([...filter.params]);
    const where = [filter.sql];
    if (opts.state) where.push(`d.state = ${p(opts.state)}`);
    if (opts.interprets) where.push(`d.interprets = ${p(opts.interprets)}::uuid`);
    if (opts.after) where.push(`(d.created_at, d.id) < (${p(opts.after[0])}::timestamptz, ${p(opts.after[1])}::uuid)`);
    return (await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM documents d WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT ${p(opts.limit)}`,
      params,
    )) as DocumentSummaryRow[];
  }

  async countByState(filter: SqlFragment): Promise<Record<string, number>> {
    const rows = (await this.tx.manager.query(`SELECT d.state, count(*)::int AS n FROM documents d WHERE ${filter.sql} GROUP BY d.state`, filter.params)) as {
      state: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}
