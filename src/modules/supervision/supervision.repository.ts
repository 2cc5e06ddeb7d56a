import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface DueItem {
  id: string;
  unitId: string;
  state: string;
  dueAt: Date;
}

const STEP_DEADLINES_KEY = 'step_deadlines';

/** The only place that reads the due dates supervision follows, and writes the step-deadline setting. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly tx: TransactionHost) {}

  async stepDeadlines(): Promise<Record<string, unknown> | null> {
    const rows = (await this.tx.manager.query(`SELECT value FROM settings WHERE key = $1`, [STEP_DEADLINES_KEY])) as { value: string }[];
    return rows.length ? (JSON.parse(rows[0].value) as Record<string, unknown>) : null;
  }

  async saveStepDeadlines(value: Record<string, number>): Promise<void> {
    await this.tx.manager.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      STEP_DEADLINES_KEY,
      JSON.stringify(value),
    ]);
  }

  /** Documents waiting in a review step, with the step's due date. */
  async documentSteps(): Promise<(DueItem & { stepEnteredAt: Date })[]> {
    return (await this.tx.manager.query(
      `SELECT d.id, d.unit_id AS "unitId", d.state, d.step_due_at AS "dueAt", d.step_entered_at AS "stepEnteredAt"
         FROM documents d WHERE d.step_due_at IS NOT NULL ORDER BY d.step_due_at, d.id`,
    )) as (DueItem & { stepEnteredAt: Date })[];
  }

  /** Documents in a review step (locked), for recomputing their due dates on a new calendar or new limits. */
  async lockDocumentsInReview(): Promise<{ id: string; state: string; stepEnteredAt: Date }[]> {
    return (await this.tx.manager.query(
      `SELECT d.id, d.state, d.step_entered_at AS "stepEnteredAt" FROM documents d
        WHERE d.state IN ('secrecy_review','attribute_review','leader_review','reassessment_review') AND d.step_entered_at IS NOT NULL
        ORDER BY d.id FOR UPDATE`,
    )) as { id: string; state: string; stepEnteredAt: Date }[];
  }

  async setStepDue(id: string, dueAt: Date | null): Promise<void> {
    await this.tx.manager.query(`UPDATE documents SET step_due_at = $2 WHERE id = $1`, [id, dueAt]);
  }

  /** Open consultations (locked), for recomputing their due dates on a new calendar. */
  async lockOpenConsultations(): Promise<{ id: string; askedAt: Date; days: number }[]> {
    return (await this.tx.manager.query(
      `SELECT c.id, c.asked_at AS "askedAt", c.due_in_working_days AS days FROM consultations c WHERE c.state = 'open' ORDER BY c.id FOR UPDATE`,
    )) as { id: string; askedAt: Date; days: number }[];
  }

  async setConsultationDue(id: string, dueAt: Date): Promise<void> {
    await this.tx.manager.query(`UPDATE consultations SET due_at = $2 WHERE id = $1`, [id, dueAt]);
  }

  /** Open consultations; the unit is the consulted one (it has to answer). */
  async openConsultations(): Promise<(DueItem & { documentId: string })[]> {
    return (await this.tx.manager.query(
      `SELECT c.id, c.unit_id AS "unitId", c.document_id AS "documentId", c.state, c.due_at AS "dueAt" FROM consultations c WHERE c.state = 'open' ORDER BY c.due_at, c.id`,
    )) as (DueItem & { documentId: string })[];
  }

  /** Open referrals of applications (转办); the unit is the referred one (it has to answer); documentId carries the application. */
  async openReferrals(): Promise<(DueItem & { applicationId: string })[]> {
    return (await this.tx.manager.query(
      `SELECT r.id, r.unit_id AS "unitId", r.application_id AS "applicationId", r.state, r.due_at AS "dueAt" FROM referrals r WHERE r.state = 'open' ORDER BY r.due_at, r.id`,
    )) as (DueItem & { applicationId: string })[];
  }

  /** Units' disclosure guides, due for review a year after their profile's last update (id: the unit; state stale once past). */
  async guides(): Promise<DueItem[]> {
    return (await this.tx.manager.query(
      `SELECT p.unit_id AS id, p.unit_id AS "unitId", CASE WHEN p.updated_at + interval '365 days' < now() THEN 'stale' ELSE 'current' END AS state,
              p.updated_at + interval '365 days' AS "dueAt"
         FROM (SELECT DISTINCT ON (unit_id) unit_id, updated_at FROM unit_profiles ORDER BY unit_id, version DESC) p
        ORDER BY 4, 1`,
    )) as DueItem[];
  }

  /** Applications not yet replied, with their statutory due date; the unit is the office that handles them (null: the district's office). */
  async openApplications(): Promise<(Omit<DueItem, 'unitId'> & { unitId: string | null })[]> {
    return (await this.tx.manager.query(
      `SELECT a.id, a.unit_id AS "unitId", a.state, a.due_at AS "dueAt" FROM applications a
        WHERE a.state IN ('received','handling','awaiting_correction','third_party_consultation') AND a.due_at IS NOT NULL
        ORDER BY a.due_at, a.id`,
    )) as (Omit<DueItem, 'unitId'> & { unitId: string | null })[];
  }

  /** Complaints not yet replied, with their reply due date; the unit is the one concerned (null: not yet assigned, the office's). */
  async openComplaints(): Promise<(Omit<DueItem, 'unitId'> & { unitId: string | null })[]> {
    return (await this.tx.manager.query(
      `SELECT k.id, k.unit_id AS "unitId", k.state, k.due_at AS "dueAt" FROM complaints k
        WHERE k.state IN ('received','assigned') ORDER BY k.due_at, k.id`,
    )) as (Omit<DueItem, 'unitId'> & { unitId: string | null })[];
  }

  /** Rectifications ordered on a complaint and not yet reported done (id: the complaint; the unit: the one rectifying). */
  async openRectifications(): Promise<DueItem[]> {
    return (await this.tx.manager.query(
      `SELECT k.id, k.rectification_unit_id AS "unitId", 'rectifying' AS state, k.rectification_due_at AS "dueAt" FROM complaints k
        WHERE k.rectification_unit_id IS NOT NULL AND k.rectified_at IS NULL ORDER BY k.rectification_due_at, k.id`,
    )) as DueItem[];
  }
}
