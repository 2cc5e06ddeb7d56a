/**
 * Deadline notifications from a scheduled job on the pg-boss queue: every minute (pg-boss's cron,
 * which sends each scheduled job once per minute across instances), one scan notifies
 * - `overdue`: a document's review step past its due date (whoever can act on the step now), an
 *   open consultation past its due date (the consulted unit's liaisons), an application not
 *   replied past its statutory due date (the office);
 * - `application_due_soon`: an application due within 2 working days (the office), on the
 *   applications' working-day calendar.
 * Each item and threshold is noticed once (deadline_notices, unique), in the transaction that
 * writes its notifications: two instances scanning at the same moment notify once.
 * - `overdue` for complaints and reports not replied past their due date (the office) and
 *   rectifications ordered on them not done past theirs (the rectifying unit's liaisons).
 * - `overdue` for referrals of applications (转办) not answered past their due date (the referred unit's liaisons).
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { chinaDate } from '../../common/china-time.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import { JobQueue } from '../delivery/job-queue.service.js';
import { DUE_SOON_WORKING_DAYS, dueWithin } from '../supervision/deadlines.js';
import { DeadlineNoticesRepository } from './deadline-notices.repository.js';
import { STEP_LABELS_ZH } from './notification.types.js';
import { NotifyDeadlineUseCase } from './notify-deadline.use-case.js';

export const DEADLINE_QUEUE = 'notification-deadlines';
const BATCH = 500;

const chinaDay = (d: Date) => chinaDate(new Date(d));

@Injectable()
export class DeadlineScan implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeadlineScan');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly repo: DeadlineNoticesRepository,
    private readonly calendar: CalendarService,
    private readonly notify: NotifyDeadlineUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.ready;
    await this.queue.boss.createQueue(DEADLINE_QUEUE, { name: DEADLINE_QUEUE, retryLimit: 2, retryDelay: 30, expireInSeconds: 300 });
    if (!this.config.deliveryWorker) return;
    // One schedule for the whole cluster (pg-boss keeps it by name); each minute's job runs once.
    await this.queue.boss.schedule(DEADLINE_QUEUE, '* * * * *', {}, { expireInSeconds: 300, retryLimit: 0 });
    await this.queue.boss.work(DEADLINE_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
      const n = await this.scan();
      if (n > 0) this.logger.log(`deadline notifications: ${n}`);
    });
  }

  /** One pass over every clock; returns how many notifications it wrote. */
  async scan(now = new Date()): Promise<number> {
    let created = 0;
    for (const s of await this.repo.overdueSteps(BATCH)) {
      created += await this.notify.execute({
        notice: { itemType: 'document_step', itemKey: s.itemKey, threshold: 'overdue', dueAt: s.dueAt },
        event: {
          kind: 'overdue',
          subjectType: 'document',
          subjectId: s.id,
          title: `已超期：${STEP_LABELS_ZH[s.state] ?? '审查'}（${chinaDay(s.dueAt)}到期）：《${s.title}》`,
          recipients: { kind: 'step', documentId: s.id },
        },
      });
    }
    for (const c of await this.repo.overdueConsultations(BATCH)) {
      created += await this.notify.execute({
        notice: { itemType: 'consultation', itemKey: c.id, threshold: 'overdue', dueAt: c.dueAt },
        event: { kind: 'overdue', subjectType: 'document', subjectId: c.documentId, title: `征求意见已超期（${chinaDay(c.dueAt)}到期）：《${c.title}》`, recipients: { kind: 'liaisons', unitIds: [c.unitId] } },
      });
    }
    for (const r of await this.repo.overdueReferrals(BATCH)) {
      created += await this.notify.execute({
        notice: { itemType: 'referral', itemKey: r.id, threshold: 'overdue', dueAt: r.dueAt },
        event: {
          kind: 'overdue',
          subjectType: 'application',
          subjectId: r.applicationId,
          title: `转办的政府信息公开申请已超期（${chinaDay(r.dueAt)}到期），请尽快答复`,
          recipients: { kind: 'liaisons', unitIds: [r.unitId] },
        },
      });
    }
    for (const k of await this.repo.overdueComplaints(BATCH)) {
      created += await this.notify.execute({
        notice: { itemType: 'complaint', itemKey: k.itemKey, threshold: 'overdue', dueAt: k.dueAt },
        event: k.unitId
          ? { kind: 'overdue', subjectType: 'complaint', subjectId: k.id, title: `投诉举报的整改已超期（${chinaDay(k.dueAt)}到期），请尽快完成`, recipients: { kind: 'liaisons', unitIds: [k.unitId] } }
          : { kind: 'overdue', subjectType: 'complaint', subjectId: k.id, title: `一件投诉举报已超过答复期限（${chinaDay(k.dueAt)}到期）`, recipients: { kind: 'officers' } },
      });
    }
    const applications = await this.repo.clockedApplications(15, BATCH);
    if (applications.length > 0) {
      const calendar = await this.calendar.current();
      for (const a of applications) {
        const due = new Date(a.dueAt);
        if (due.getTime() < now.getTime()) {
          created += await this.notify.execute({
            notice: { itemType: 'application', itemKey: a.id, threshold: 'overdue', dueAt: due },
            event: { kind: 'overdue', subjectType: 'application', subjectId: a.id, title: `一件政府信息公开申请已超过答复期限（${chinaDay(due)}到期）`, recipients: { kind: 'officers' } },
          });
        } else if (!a.dueSoonNoticed && dueWithin(calendar, due, now, DUE_SOON_WORKING_DAYS)) {
          created += await this.notify.execute({
            notice: { itemType: 'application', itemKey: a.id, threshold: 'due_soon', dueAt: due },
            event: {
              kind: 'application_due_soon',
              subjectType: 'application',
              subjectId: a.id,
              title: `一件政府信息公开申请将于${chinaDay(due)}到期，请及时答复`,
              recipients: { kind: 'officers' },
            },
          });
        }
      }
    }
    return created;
  }
}
