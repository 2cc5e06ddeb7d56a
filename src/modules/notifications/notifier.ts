/**
 * Creates notifications inside the transaction of the change that causes them (the caller's: a
 * use case's `@Transactional()`), so they commit or roll back with it — never lost, never twice.
 * Each event is one INSERT … SELECT computing its recipients in SQL (notifications.repository.ts;
 * a document's transition writes it as part of its history row's statement), plus, when mail is
 * configured and some recipient wants it, one statement adding their mail jobs to the queue; the
 * mails themselves are sent after commit by the queue's worker (mailer.ts).
 *
 * Who receives what is the table in docs/notifications.md.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../../config/configuration.js';
import type { JoinedStatement } from '../../common/database/statements.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { JobQueue } from '../delivery/job-queue.service.js';
import type { Actor } from '../identity/user.types.js';
import { NotificationsRepository, type DeadlineNotice } from './notifications.repository.js';
import { STEP_LABELS_ZH, type NotificationEvent } from './notification.types.js';

export const MAIL_QUEUE = 'notification-mail';
/** One attempt: connection, greeting and socket timeouts (mailer.ts) stay well within it. */
export const MAIL_JOB_EXPIRY_SECONDS = 30;

export interface NotifiedDocument {
  id: string;
  title: string;
}

/** Who caused the event: never notified of it (nor the delegator a deputy acted for). */
export interface Cause {
  actor: Actor | null;
  onBehalfOf?: Actor | null;
}

const quoted = (title: string) => `《${title}》`;

/** What a transition to `to` notifies (documentTransitionStatement), or null. */
function transitionEvent(doc: NotifiedDocument, to: string, action: string): Omit<NotificationEvent, 'eventId' | 'exclude'> | null {
  const step = STEP_LABELS_ZH[to];
  if (step) {
    const title = action === 'return' ? `退回重新${step}：${quoted(doc.title)}` : action === 'recall' ? `取回后待${step}：${quoted(doc.title)}` : `待${step}：${quoted(doc.title)}`;
    return { kind: 'task', subjectType: 'document', subjectId: doc.id, title, recipients: { kind: 'step', documentId: doc.id } };
  }
  if (to === 'returned') {
    return { kind: 'returned', subjectType: 'document', subjectId: doc.id, title: `文稿被退回修改：${quoted(doc.title)}`, recipients: { kind: 'drafter', documentId: doc.id } };
  }
  if (to === 'published') {
    return { kind: 'published', subjectType: 'document', subjectId: doc.id, title: `已主动公开：${quoted(doc.title)}`, recipients: { kind: 'drafter', documentId: doc.id } };
  }
  return null;
}

/** A China calendar date, for titles: 2026-03-05. */
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

@Injectable()
export class Notifier {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A workflow transition has put the document in state `to`: a task for whoever can act on the
   * new review step, `returned` or `published` for the drafter; null for other states. Returned as
   * a statement for the change's own (DocumentChanges.record writes it with the history row: one
   * round trip); its `settle` queues the mails, and is null when mail is off (nothing reads the answer).
   */
  documentTransitionStatement(doc: NotifiedDocument, to: string, action: string, cause: Cause): JoinedStatement | null {
    const e = transitionEvent(doc, to, action);
    if (!e) return null;
    return {
      statement: this.repo.insertStatement(this.event(e, cause), this.config.mail !== null),
      settle: this.config.mail ? async (rows) => this.enqueueMails(this.repo.inserted(rows).mailIds) : null,
    };
  }

  /** The office asked units for their opinion: each consulted unit's liaisons. */
  async consultation(doc: NotifiedDocument, unitIds: string[], dueAt: Date, cause: Cause): Promise<number> {
    return this.emit(
      { kind: 'consultation', subjectType: 'document', subjectId: doc.id, title: `征求意见（${chinaDay(dueAt)}前答复）：${quoted(doc.title)}`, recipients: { kind: 'liaisons', unitIds } },
      cause,
    );
  }

  /** A unit answered: the office — every disclosure officer who may act on the document's office step. */
  async consultationAnswered(doc: NotifiedDocument, unitName: string, cause: Cause): Promise<number> {
    return this.emit(
      {
        kind: 'consultation_answered',
        subjectType: 'document',
        subjectId: doc.id,
        title: `${unitName}已答复征求意见：${quoted(doc.title)}`,
        recipients: { kind: 'step', documentId: doc.id, state: 'attribute_review' },
      },
      cause,
    );
  }

  /** The office urged the step the document waits in: everyone who can act on it now. */
  async urged(doc: NotifiedDocument, state: string, cause: Cause): Promise<number> {
    return this.emit(
      { kind: 'urged', subjectType: 'document', subjectId: doc.id, title: `督办：请尽快完成${STEP_LABELS_ZH[state] ?? '办理'}：${quoted(doc.title)}`, recipients: { kind: 'step', documentId: doc.id } },
      cause,
    );
  }

  /**
   * An application referred to units (转办): their liaisons (src/modules/referrals); the title
   * names no applicant.
   */
  async referral(applicationId: string, unitIds: string[], dueAt: Date, cause: Cause): Promise<number> {
    return this.emit(
      { kind: 'referral', subjectType: 'application', subjectId: applicationId, title: `转办：一件政府信息公开申请请贵单位办理（${chinaDay(dueAt)}前答复）`, recipients: { kind: 'liaisons', unitIds } },
      cause,
    );
  }

  /** A referred unit answered (转办): the office. The title names no applicant. */
  async referralAnswered(applicationId: string, unitName: string, cause: Cause): Promise<number> {
    return this.emit(
      { kind: 'referral', subjectType: 'application', subjectId: applicationId, title: `${unitName}已答复转办的政府信息公开申请`, recipients: { kind: 'officers' } },
      cause,
    );
  }

  /**
   * A complaint or report (投诉举报): received → the office; assigned to a unit → that unit's
   * liaisons; a rectification ordered → the rectifying unit's liaisons; reported done → the
   * office. For the complaints use cases; the title names no complainant.
   */
  async complaint(complaintId: string, what: 'received' | 'assigned' | 'rectification' | 'rectified', unitId: string | null, cause: Cause): Promise<number> {
    const toUnit = (what === 'assigned' || what === 'rectification') && unitId;
    const recipients = toUnit ? { kind: 'liaisons' as const, unitIds: [unitId] } : { kind: 'officers' as const };
    const titles = {
      received: '收到一件投诉举报，请受理',
      assigned: '投诉举报已交贵单位办理',
      rectification: '投诉举报经查属实，请贵单位按要求整改',
      rectified: '投诉举报的整改已完成，请核查后办结',
    } as const;
    return this.emit({ kind: 'complaint', subjectType: 'complaint', subjectId: complaintId, title: titles[what], recipients }, cause);
  }

  /** A deadline threshold passed (the scheduled job, notifications/deadlines.ts): once per item and threshold. */
  async deadline(notice: DeadlineNotice, e: Omit<NotificationEvent, 'eventId' | 'exclude'>): Promise<number> {
    const { created, mailIds } = await this.repo.insert({ ...e, eventId: randomUUID(), exclude: [] }, this.config.mail !== null, notice);
    await this.enqueueMails(mailIds);
    return created;
  }

  private event(e: Omit<NotificationEvent, 'eventId' | 'exclude'>, cause: Cause): NotificationEvent {
    const exclude = [cause.actor?.id, cause.onBehalfOf?.id].filter((x): x is string => !!x);
    return { ...e, eventId: randomUUID(), exclude };
  }

  private async emit(e: Omit<NotificationEvent, 'eventId' | 'exclude'>, cause: Cause): Promise<number> {
    const { created, mailIds } = await this.repo.insert(this.event(e, cause), this.config.mail !== null);
    await this.enqueueMails(mailIds);
    return created;
  }

  private async enqueueMails(ids: string[]): Promise<void> {
    const mail = this.config.mail;
    if (!mail || ids.length === 0) return;
    await this.queue.insertInTransaction(
      ids.map((notificationId) => ({
        name: MAIL_QUEUE,
        data: { notificationId },
        retryLimit: mail.retryLimit,
        retryDelay: mail.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: MAIL_JOB_EXPIRY_SECONDS,
      })),
    );
  }
}
