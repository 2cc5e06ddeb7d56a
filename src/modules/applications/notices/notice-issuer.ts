/**
 * Issues the statutory letter of a step (in the step's transaction): accept → 受理回执, request_correction →
 * 补正告知书, extend → 延期答复告知书, consult_third_party → 第三方意见征询函, charge_fee → 收费通知,
 * reply → 答复书. The letter's facts are frozen as they stand after the step, and it takes the next
 * number of its agency's year (〔2026〕第12号). The agency is the unit handling the application, else
 * the unit of the officer who takes the step.
 */
import { Injectable } from '@nestjs/common';
import { chinaYearOf, formatChinaIso } from '../../../common/china-time.js';
import { AssessmentRepository } from '../../assessment/assessment.repository.js';
import { DocumentsRepository } from '../../documents/documents.repository.js';
import type { Actor } from '../../identity/user.types.js';
import type { Action } from '../application.types.js';
import type { ApplicationChange, ApplicationRow } from '../applications.repository.js';
import { maskPersonalData } from '../domain/masking.js';
import { noticeNumber, type NoticeDocument, type NoticeFacts, type NoticeKind } from '../domain/notices.js';
import { NoticesRepository } from './notices.repository.js';

export const NOTICE_OF_ACTION: Partial<Record<Action, NoticeKind>> = {
  accept: 'receipt',
  request_correction: 'correction',
  extend: 'extension',
  consult_third_party: 'third_party',
  charge_fee: 'fee',
  reply: 'reply',
};

/** The agency's name when the application has no unit and the officer none either. */
export const DEFAULT_AGENCY_NAME = '政府信息公开工作机构';

export interface IssueNoticeInput {
  /** The application before the step, and the columns after it. */
  before: ApplicationRow;
  after: ApplicationChange;
  action: Action;
  /** The version of the step's history row. */
  version: number;
  at: Date;
  actor: Actor;
  comment: string | null;
  consultee?: 'third_party' | 'other_agency';
  documentIds: string[];
}

@Injectable()
export class NoticeIssuer {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly documents: DocumentsRepository,
    private readonly redactions: AssessmentRepository,
  ) {}

  async issue(s: IssueNoticeInput): Promise<void> {
    const kind = NOTICE_OF_ACTION[s.action];
    if (!kind) return;
    const agencyUnitId = s.after.unitId ?? s.actor.unitId ?? null;
    const agencyName = (await this.repo.unitName(agencyUnitId)) ?? DEFAULT_AGENCY_NAME;
    const year = chinaYearOf(s.at);
    const serial = await this.repo.nextSerial(agencyUnitId ?? '-', year);
    const facts: NoticeFacts = {
      kind,
      number: noticeNumber(year, serial),
      agencyName,
      applicantName: s.before.applicantName,
      trackingCode: s.before.trackingCode,
      receivedAt: formatChinaIso(new Date(s.before.receivedAt)),
      description: maskPersonalData(s.before.description),
      issuedAt: formatChinaIso(s.at),
      ...(await this.specific(kind, s)),
    };
    await this.repo.insert({ applicationId: s.before.id, kind, eventVersion: s.version, agencyUnitId, year, serial, issuedAt: s.at, facts });
  }

  private async specific(kind: NoticeKind, s: IssueNoticeInput): Promise<Partial<NoticeFacts>> {
    const comment = s.comment && s.comment.trim() ? maskPersonalData(s.comment.trim()) : null;
    const due = s.after.dueAt ? formatChinaIso(new Date(s.after.dueAt)) : null;
    switch (kind) {
      case 'receipt':
        return { dueAt: due };
      case 'correction':
        return { comment };
      case 'extension':
        return { comment, dueAt: due };
      case 'third_party':
        // The officer's comment stays internal: it may name the third party, and the applicant reads this letter too.
        return { consultee: s.consultee ?? 'third_party' };
      case 'fee': {
        const a = s.after;
        return {
          fee: { method: a.feeMethod!, pages: a.feePages, amountYuan: a.feeAmountYuan!, breakdown: a.feeBreakdown ?? [], payBy: formatChinaIso(new Date(a.feeDueAt!)) },
        };
      }
      case 'reply':
        return { comment, outcome: s.after.outcome!, reason: s.after.reason, documents: await this.documentsOf(s.documentIds) };
    }
  }

  /** The documents a reply provides, as the letter lists them (title, number, whether parts are covered). */
  async documentsOf(ids: string[]): Promise<NoticeDocument[]> {
    const out: NoticeDocument[] = [];
    for (const id of ids) {
      const d = await this.documents.findById(id);
      if (!d) continue;
      out.push({ title: d.title, documentNumber: d.documentNumber, redacted: (await this.redactions.redactions(id)).length > 0 });
    }
    return out;
  }
}
