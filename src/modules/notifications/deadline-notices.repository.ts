import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

export interface OverdueStep {
  id: string;
  title: string;
  state: string;
  dueAt: Date;
  /** The step's occurrence: a document that enters the step again is a new item. */
  itemKey: string;
}

export interface OverdueConsultation {
  id: string;
  documentId: string;
  unitId: string;
  title: string;
  dueAt: Date;
}

/** A complaint not replied past its due date (`unitId` null) or a rectification not done past its own (`unitId`: the rectifying unit). */
export interface OverdueComplaintItem {
  id: string;
  itemKey: string;
  unitId: string | null;
  dueAt: Date;
}

/** An open referral past its due date: the referred unit's liaisons are told. */
export interface OverdueReferral {
  id: string;
  applicationId: string;
  unitId: string;
  dueAt: Date;
}

export interface ClockedApplication {
  id: string;
  dueAt: Date;
  overdueNoticed: boolean;
  dueSoonNoticed: boolean;
}

/** Where the deadline job looks: items on a clock past a threshold they have not been noticed for. */
@Injectable()
export class DeadlineNoticesRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Documents whose review step is past its due date, not yet noticed for this occurrence of the step. */
  async overdueSteps(limit: number): Promise<OverdueStep[]> {
    return (await this.tx.manager.query(
      `SELECT s.* FROM (
         SELECT d.id, d.title, d.state, d.step_due_at AS "dueAt",
                d.id::text || ':' || d.state || ':' || COALESCE((extract(epoch FROM d.step_entered_at) * 1000000)::bigint::text, '-') AS "itemKey"
           FROM documents d
          WHERE d.step_due_at IS NOT NULL AND d.step_due_at < now()
            AND d.state IN ('secrecy_review','attribute_review','leader_review','reassessment_review')) s
        WHERE NOT EXISTS (SELECT 1 FROM deadline_notices n WHERE n.item_type = 'document_step' AND n.item_key = s."itemKey" AND n.threshold = 'overdue')
        ORDER BY s."dueAt" LIMIT $1`,
      [limit],
    )) as OverdueStep[];
  }

  /** Open consultations past their due date, not yet noticed. */
  async overdueConsultations(limit: number): Promise<OverdueConsultation[]> {
    return (await this.tx.manager.query(
      `SELECT c.id, c.document_id AS "documentId", c.unit_id AS "unitId", d.title, c.due_at AS "dueAt"
         FROM consultations c JOIN documents d ON d.id = c.document_id
        WHERE c.state = 'open' AND c.due_at < now()
          AND NOT EXISTS (SELECT 1 FROM deadline_notices n WHERE n.item_type = 'consultation' AND n.item_key = c.id::text AND n.threshold = 'overdue')
        ORDER BY c.due_at LIMIT $1`,
      [limit],
    )) as OverdueConsultation[];
  }

  /** Open referrals (转办) past their due date, not yet noticed. */
  async overdueReferrals(limit: number): Promise<OverdueReferral[]> {
    return (await this.tx.manager.query(
      `SELECT r.id, r.application_id AS "applicationId", r.unit_id AS "unitId", r.due_at AS "dueAt"
         FROM referrals r
        WHERE r.state = 'open' AND r.due_at < now()
          AND NOT EXISTS (SELECT 1 FROM deadline_notices n WHERE n.item_type = 'referral' AND n.item_key = r.id::text AND n.threshold = 'overdue')
        ORDER BY r.due_at LIMIT $1`,
      [limit],
    )) as OverdueReferral[];
  }

  /** Complaints not replied past their due date, and ordered rectifications not done past theirs, not yet noticed. */
  async overdueComplaints(limit: number): Promise<OverdueComplaintItem[]> {
    return (await this.tx.manager.query(
      `SELECT * FROM (
         SELECT k.id, k.id::text AS "itemKey", NULL::uuid AS "unitId", k.due_at AS "dueAt" FROM complaints k
          WHERE k.state IN ('received','assigned') AND k.due_at < now()
         UNION ALL
         SELECT k.id, 'rectification:' || k.id AS "itemKey", k.rectification_unit_id, k.rectification_due_at FROM complaints k
          WHERE k.rectification_unit_id IS NOT NULL AND k.rectified_at IS NULL AND k.rectification_due_at < now()
       ) i
       WHERE NOT EXISTS (SELECT 1 FROM deadline_notices n WHERE n.item_type = 'complaint' AND n.item_key = i."itemKey" AND n.threshold = 'overdue')
       ORDER BY i."dueAt" LIMIT $1`,
      [limit],
    )) as OverdueComplaintItem[];
  }

  /**
   * Applications not yet replied whose due date is past or near (within `horizonDays` calendar
   * days: the job then counts working days), with the thresholds already noticed.
   */
  async clockedApplications(horizonDays: number, limit: number): Promise<ClockedApplication[]> {
    return (await this.tx.manager.query(
      `SELECT a.id, a.due_at AS "dueAt",
              EXISTS (SELECT 1 FROM deadline_notices n WHERE n.item_type = 'application' AND n.item_key = a.id::text AND n.threshold = 'overdue') AS "overdueNoticed",
              EXISTS (SELECT 1 FROM deadline_notices n WHERE n.item_type = 'application' AND n.item_key = a.id::text AND n.threshold = 'due_soon') AS "dueSoonNoticed"
         FROM applications a
        WHERE a.state IN ('received','handling','awaiting_correction','third_party_consultation') AND a.due_at IS NOT NULL
          AND a.due_at < now() + make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM deadline_notices n WHERE n.item_type = 'application' AND n.item_key = a.id::text AND n.threshold = 'overdue')
        ORDER BY a.due_at LIMIT $2`,
      [horizonDays, limit],
    )) as ClockedApplication[];
  }
}
