/**
 * Receiving a complaint or report through the public form, in one transaction: the row with its
 * reply due date (COMPLAINT_REPLY_DAYS working days after the day of receipt, that day not
 * counted, on the applications' working-day calendar) → the history's `receive` row → the office
 * notified → audit. Neither the audit row nor the notification names the complainant.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { invalidInput } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { newTrackingCode } from '../applications/applicant-identity.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Notifier } from '../notifications/notifier.js';
import { dueAfterWorkingDays } from '../supervision/deadlines.js';
import type { FileComplaintRequest } from './complaint.dto.js';
import { ComplaintsRepository, type ComplaintContact, type ComplaintRow } from './complaints.repository.js';

export interface FileComplaintCommand {
  form: FileComplaintRequest;
  now?: Date;
}

@Injectable()
export class FileComplaintUseCase {
  constructor(
    private readonly tx: TransactionHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ComplaintsRepository,
    private readonly calendar: CalendarService,
    private readonly notifier: Notifier,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ form, now = new Date() }: FileComplaintCommand): Promise<ComplaintRow> {
    const description = form.description.trim();
    if (!description) throw invalidInput('description must not be blank');
    const name = form.name?.trim() || null;
    const contact: ComplaintContact = {};
    if (form.contact.phone?.trim()) contact.phone = form.contact.phone.trim();
    if (form.contact.email?.trim()) contact.email = form.contact.email.trim();

    let unitId: string | null = null;
    if (form.unitCode !== undefined) {
      unitId = await this.repo.unitIdByCode(form.unitCode);
      if (!unitId) throw invalidInput(`unknown unitCode: ${form.unitCode}`);
    }
    let applicationId: string | null = null;
    if (form.applicationTrackingCode !== undefined) {
      applicationId = await this.repo.applicationIdByTrackingCode(form.applicationTrackingCode);
      if (!applicationId) throw invalidInput('applicationTrackingCode names no application');
    }

    const calendar = await this.calendar.forWrite();
    const id = await this.repo.insert({
      trackingCode: newTrackingCode(),
      kind: form.kind,
      unitId,
      applicationId,
      description,
      name,
      contact,
      receivedAt: now,
      dueAt: dueAfterWorkingDays(calendar, now, this.config.complaintReplyDays),
    });
    await this.repo.addEvent({ complaintId: id, action: 'receive', actorId: null, at: now, details: { kind: form.kind, unitId } });
    await this.notifier.complaint(id, 'received', unitId, { actor: null });
    await this.audit.append({ actorId: null, action: 'complaint.receive', subjectType: 'Complaint', subjectId: id, data: { kind: form.kind, unitId, applicationId } });
    return (await this.repo.findById(id))!;
  }
}
