/**
 * One action on an application, in one transaction:
 * body fields (400) → load (404) → version (412) → outcome pair and `at` (400) → state (409) →
 * the new values → `UPDATE … WHERE id AND version AND state` (row count checked) → history row →
 * documents of the reply (Art. 44) → the step's statutory letter (notices/notice-issuer.ts) → audit, last.
 * The due date is recomputed from the stored history plus this step with computeClock, on the
 * calendar as it stands (shared calendar lock). The application's row is locked first, then its
 * referrals: a reply while a referral to a unit is open is refused (409) unless it closes them
 * (`closeOpenReferrals`).
 */
import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { assertVersion, invalidInput, invalidState, notFound, staleVersion } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { ReferralsRepository } from '../referrals/referrals.repository.js';
import type { Actor } from '../identity/user.types.js';
import { checkAction, fieldProblems } from './application-actions.js';
import { applicationClock, storedClock } from './application-clock.js';
import type { ApplicationActionRequest } from './application.dto.js';
import { actionSubject } from './application.mapper.js';
import { DELIVERY_METHODS, type DeliveryMethod } from './application.types.js';
import { ApplicationsRepository, type ApplicationChange, type ApplicationRow } from './applications.repository.js';
import { CalendarService } from './calendar/calendar.service.js';
import { chinaDate, endOfChinaDay, formatChinaIso } from '../../common/china-time.js';
import type { WorkingDayCalendar } from './domain/calendar.js';
import { computeFee, FREE_APPLICATIONS_PER_MONTH, FREE_PAGES, type FeeMethod } from './domain/fees.js';
import { isValidOutcome, outcomeRule } from './domain/outcomes.js';
import { NoticeIssuer } from './notices/notice-issuer.js';

/** Working days the applicant has to pay a fee notice (国办函〔2020〕109号 Art. 9). */
export const FEE_PAYMENT_WORKING_DAYS = 20;

export interface TakeApplicationActionCommand {
  actor: Actor;
  id: string;
  /** The version(s) the caller read (If-Match), or the version itself (in-process callers). */
  version: IfMatch | number;
  step: ApplicationActionRequest;
  now?: Date;
}

@Injectable()
export class TakeApplicationActionUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: ApplicationsRepository,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly referrals: ReferralsRepository,
    private readonly notices: NoticeIssuer,
  ) {}

  @Transactional()
  async execute({ actor, id, version: ifMatch, step: req, now = new Date() }: TakeApplicationActionCommand): Promise<{ id: string; version: number }> {
    const { action, ...fields } = req;
    const problem = fieldProblems(action, fields);
    if (problem) throw invalidInput(problem);
    const calendar = await this.calendar.forWrite();
    const a = await this.repo.findById(id, true);
    if (!a) throw notFound('application');
    const version = assertVersion('application', a, ifMatch);

    if (action === 'reply') {
      const reason = req.reason ?? null;
      if (!isValidOutcome(req.outcome!, reason)) {
        throw invalidInput(`outcome ${req.outcome} ${reason ? `with reason ${reason}` : 'without a reason'} is not a valid pair (Art. 36–39)`);
      }
      if (req.documentIds?.length && req.outcome !== 'disclosed' && req.outcome !== 'partially_disclosed') {
        throw invalidInput('documentIds are only accepted with the outcomes disclosed and partially_disclosed');
      }
    }
    const at = this.effectiveTime(req, now);
    if (at.getTime() > now.getTime()) throw invalidInput(`at ${req.at ?? req.receivedAt ?? req.deliveredAt} is in the future`);
    if (at.getTime() < new Date(a.lastEventAt).getTime()) {
      throw invalidInput(`at must not be before the previous step (${formatChinaIso(new Date(a.lastEventAt))})`);
    }

    const check = checkAction(actionSubject(a), action, { at, calendar, outcome: req.outcome, reason: req.reason ?? null });
    if (!check.ok) throw invalidState(check.message, { state: a.state, action });

    const closed = action === 'reply' ? await this.closeReferrals(a.id, req.closeOpenReferrals === true, actor) : [];
    const change = await this.change(a, req, at, check.next, calendar, actor);
    const data = { ...this.eventData(req, change), ...(closed.length ? { closedReferrals: closed } : {}) };
    const events = [...((await this.repo.eventsOf([a.id])).get(a.id) ?? []), { action, at, data }];
    Object.assign(change, storedClock(applicationClock(a.receivedAt, events, calendar, now)));

    if (action === 'reply' && req.documentIds?.length) {
      const found = await this.repo.existingDocumentIds(req.documentIds);
      const missing = req.documentIds.filter((d) => !found.includes(d));
      if (missing.length) throw invalidInput(`unknown document id: ${missing.join(', ')}`);
    }
    if (!(await this.repo.applyChange(a.id, version, a.state, change))) throw staleVersion('application');
    await this.repo.addEvent({
      applicationId: a.id,
      version: version + 1,
      action,
      at,
      actorId: actor.id,
      fromState: a.state,
      toState: change.state,
      comment: req.comment ?? null,
      data,
    });
    if (action === 'reply' && req.documentIds?.length) await this.repo.addDocuments(a.id, req.documentIds);
    await this.notices.issue({
      before: a,
      after: change,
      action,
      version: version + 1,
      at,
      actor,
      comment: req.comment ?? null,
      consultee: req.consultee,
      documentIds: req.documentIds ?? [],
    });
    await this.audit.append({
      actorId: actor.id,
      action: `application.${action}`,
      subjectType: 'Application',
      subjectId: a.id,
      data: { from: a.state, to: change.state, at: at.toISOString(), ...data },
    });
    // applyChange wrote exactly this version (`version = version + 1` where it matched).
    return { id: a.id, version: version + 1 };
  }

  /**
   * Before a reply: the referrals to units still open refuse it (409, naming the units), unless the
   * office closes them with it. Returns the referrals closed.
   */
  private async closeReferrals(applicationId: string, close: boolean, actor: Actor): Promise<{ id: string; unitId: string }[]> {
    const open = await this.referrals.lockOpenFor(applicationId);
    if (open.length === 0) return [];
    if (!close) {
      throw invalidState(`referrals to units are still open: ${open.map((r) => r.unitName).join(', ')}; wait for their answers, or reply with "closeOpenReferrals": true`, {
        referrals: open.map((r) => ({ id: r.id, unitId: r.unitId, dueAt: r.dueAt })),
      });
    }
    return this.referrals.closeOpen(applicationId, actor.id, new Date());
  }

  /** When the step happened: `receivedAt` of a correction, `deliveredAt` of a delivery, else `at`, else now. */
  private effectiveTime(req: ApplicationActionRequest, now: Date): Date {
    const own = req.action === 'corrected' ? req.receivedAt : req.action === 'deliver' ? req.deliveredAt : undefined;
    if (own !== undefined && req.at !== undefined && new Date(own).getTime() !== new Date(req.at).getTime()) {
      throw invalidInput(`${req.action === 'corrected' ? 'receivedAt' : 'deliveredAt'} and at differ: give one of them`);
    }
    const raw = own ?? req.at;
    return raw === undefined ? now : new Date(raw);
  }

  /** The row after the action (the clock columns are filled in afterwards). */
  private async change(
    a: ApplicationRow,
    req: ApplicationActionRequest,
    at: Date,
    next: ApplicationRow['state'],
    calendar: WorkingDayCalendar,
    actor: Actor,
  ): Promise<ApplicationChange> {
    const c: ApplicationChange = {
      state: next,
      unitId: a.unitId,
      correctionRequested: a.correctionRequested,
      extended: a.extended,
      lastEventAt: at,
      outcome: a.outcome,
      reason: a.reason,
      replyComment: a.replyComment,
      repliedAt: a.repliedAt,
      repliedBy: a.repliedBy,
      deliveryMethod: a.deliveryMethod,
      deliveredAt: a.deliveredAt,
      filedAt: a.filedAt,
      feeMethod: a.feeMethod,
      feePages: a.feePages,
      feeAmountYuan: a.feeAmountYuan,
      feeBreakdown: a.feeBreakdown,
      feeChargedAt: a.feeChargedAt,
      feeDueAt: a.feeDueAt,
      feePaidAt: a.feePaidAt,
      clockState: a.clockState,
      dueAt: a.dueAt,
      dueProvisional: a.dueProvisional,
      calendarIncomplete: a.calendarIncomplete,
    };
    switch (req.action) {
      case 'request_correction':
        c.correctionRequested = true;
        break;
      case 'accept':
        if (req.unitId !== undefined) {
          if (!(await this.repo.unitExists(req.unitId))) throw invalidInput(`unknown unit id: ${req.unitId}`);
          c.unitId = req.unitId;
        }
        break;
      case 'extend':
        c.extended = true;
        break;
      case 'reply': {
        const rule = outcomeRule(req.outcome!, req.reason ?? null)!;
        c.outcome = rule.outcome;
        c.reason = rule.reason;
        c.replyComment = req.comment!;
        c.repliedAt = at;
        c.repliedBy = actor.id;
        break;
      }
      case 'deliver':
        if (!(DELIVERY_METHODS as readonly string[]).includes(req.method!)) {
          throw invalidInput(`method must be one of ${DELIVERY_METHODS.join(', ')} to deliver`);
        }
        c.deliveryMethod = req.method as DeliveryMethod;
        c.deliveredAt = at;
        break;
      case 'file':
        c.filedAt = at;
        break;
      case 'charge_fee': {
        const method = req.method as string;
        if (method !== 'per_application' && method !== 'per_volume') throw invalidInput('method must be per_application or per_volume to charge a fee (never both, Art. 42)');
        let fee;
        if (method === 'per_volume') {
          if (req.pages === undefined) throw invalidInput('pages is required to charge per_volume');
          if (req.pages <= FREE_PAGES) throw invalidInput(`the first ${FREE_PAGES} pages are free: no fee for ${req.pages} pages`);
          fee = computeFee({ method, pages: req.pages });
        } else {
          if (req.pages !== undefined) throw invalidInput('pages is only accepted with per_volume');
          const nth = await this.repo.countInMonth(a.applicantKey, new Date(a.receivedAt));
          if (nth <= FREE_APPLICATIONS_PER_MONTH) {
            throw invalidState(`this is the applicant’s application no. ${nth} of the month: the first ${FREE_APPLICATIONS_PER_MONTH} are free`);
          }
          fee = computeFee({ method, applicationsThisMonth: nth });
        }
        c.feeMethod = method as FeeMethod;
        c.feePages = method === 'per_volume' ? req.pages! : null;
        c.feeAmountYuan = fee.amountYuan;
        c.feeBreakdown = fee.breakdown;
        c.feeChargedAt = at;
        c.feeDueAt = endOfChinaDay(calendar.addWorkingDays(chinaDate(at), FEE_PAYMENT_WORKING_DAYS));
        break;
      }
      case 'fee_paid':
        c.feePaidAt = at;
        break;
      default:
        break;
    }
    return c;
  }

  private eventData(req: ApplicationActionRequest, c: ApplicationChange): Record<string, unknown> {
    switch (req.action) {
      case 'consult_third_party':
        return { consultee: req.consultee ?? 'third_party' };
      case 'accept':
        return req.unitId ? { unitId: req.unitId } : {};
      case 'reply':
        return { outcome: c.outcome, reason: c.reason, documentIds: req.documentIds ?? [] };
      case 'deliver':
        return { method: c.deliveryMethod };
      case 'charge_fee':
        return { method: c.feeMethod, pages: c.feePages, amountYuan: c.feeAmountYuan, payBy: c.feeDueAt?.toISOString() };
      default:
        return {};
    }
  }
}
