import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { ChangeMailPreferenceUseCase } from './change-mail-preference.use-case.js';
import { DeadlineNoticesRepository } from './deadline-notices.repository.js';
import { DeadlineScan } from './deadline-scan.js';
import { IssueStreamTicketUseCase } from './issue-stream-ticket.use-case.js';
import { MailOutboxRepository } from './mail-outbox.repository.js';
import { Mailer } from './mailer.js';
import { MarkAllNotificationsReadUseCase } from './mark-all-notifications-read.use-case.js';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case.js';
import { NotificationHub } from './notification-hub.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { Notifier } from './notifier.js';
import { NotifyDeadlineUseCase } from './notify-deadline.use-case.js';
import { OpenNotificationStreamUseCase } from './open-notification-stream.use-case.js';
import { StreamTicketsRepository } from './stream-tickets.repository.js';

/**
 * Notifications: created with the change that causes them (Notifier, used by the workflow,
 * consultations and supervision), read in the inbox, pushed live over SSE, mailed from the queue,
 * and deadline notifications from a scheduled job. Who gets what: docs/notifications.md.
 */
@Module({
  imports: [DeliveryModule, ApplicationsModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    MailOutboxRepository,
    DeadlineNoticesRepository,
    StreamTicketsRepository,
    Notifier,
    NotificationsService,
    NotificationHub,
    Mailer,
    DeadlineScan,
    MarkNotificationReadUseCase,
    MarkAllNotificationsReadUseCase,
    IssueStreamTicketUseCase,
    OpenNotificationStreamUseCase,
    ChangeMailPreferenceUseCase,
    NotifyDeadlineUseCase,
  ],
  exports: [Notifier],
})
export class NotificationsModule {}
