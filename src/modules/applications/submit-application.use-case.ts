/**
 * Receiving an application, in one transaction: the public form (channel online, received now)
 * or a disclosure officer's entry of a paper, post or fax application with its Art. 31 receipt
 * date → the row with its first due date → the history's `receive` row → audit.
 * The audit row names no personal data.
 */
import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { forbidden, invalidInput } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { applicantKey, newTrackingCode } from './applicant-identity.js';
import { applicationClock, storedClock } from './application-clock.js';
import type { SubmitApplicationRequest } from './application.dto.js';
import { EARLIEST_RECEIPT, type Channel } from './application.types.js';
import { ApplicationsRepository, type ApplicationRow, type Contact } from './applications.repository.js';
import { CalendarService } from './calendar/calendar.service.js';

export interface SubmitApplicationCommand {
  /** The caller: null for the public form; a disclosure officer may record channel, receivedAt, unitId. */
  actor: Actor | null;
  ability: AppAbility | null;
  form: SubmitApplicationRequest;
  now?: Date;
}

@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: ApplicationsRepository,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, ability, form: req, now = new Date() }: SubmitApplicationCommand): Promise<ApplicationRow> {
    const staff = actor !== null && ability !== null && ability.can('manage', 'Application');
    const staffFields = (['channel', 'receivedAt', 'unitId'] as const).filter((f) => req[f] !== undefined);
    if (staffFields.length > 0 && !staff) {
      throw forbidden(`only a disclosure officer records ${staffFields.join(', ')} (paper, post and fax applications)`);
    }
    if (req.receivedAt !== undefined && req.channel === undefined) throw invalidInput('channel is required with receivedAt: how did the application arrive?');
    const contact: Contact = {};
    if (req.contact.phone !== undefined) contact.phone = req.contact.phone.trim();
    if (req.contact.email !== undefined) contact.email = req.contact.email.trim();
    if (req.contact.address !== undefined) contact.address = req.contact.address.trim();
    if (!contact.phone && !contact.email && !contact.address) throw invalidInput('contact needs at least one of phone, email, address');
    if (!req.applicantName.trim()) throw invalidInput('applicantName must not be blank');
    if (!req.description.trim()) throw invalidInput('description must not be blank');

    const receivedAt = req.receivedAt !== undefined ? new Date(req.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime()) throw invalidInput('receivedAt must not be in the future');
    if (receivedAt.getTime() < EARLIEST_RECEIPT.getTime()) throw invalidInput('receivedAt must not be before 2008-05-01');
    const channel: Channel = req.channel ?? 'online';
    if (req.unitId !== undefined && !(await this.repo.unitExists(req.unitId))) throw invalidInput(`unknown unit id: ${req.unitId}`);

    const calendar = await this.calendar.forWrite();
    const clock = storedClock(applicationClock(receivedAt, [], calendar, now));
    const idNumber = req.idNumber?.trim() || null;
    const id = await this.repo.insert({
      trackingCode: newTrackingCode(),
      applicantType: req.applicantType,
      applicantName: req.applicantName.trim(),
      idNumber,
      contact,
      applicantKey: applicantKey(req.applicantName, idNumber, contact),
      description: req.description.trim(),
      purpose: req.purpose?.trim() || null,
      format: req.format,
      delivery: req.delivery,
      channel,
      unitId: req.unitId ?? null,
      receivedAt,
      createdBy: staff ? actor.id : null,
      ...clock,
    });
    await this.repo.addEvent({
      applicationId: id,
      version: 1,
      action: 'receive',
      at: receivedAt,
      actorId: staff ? actor.id : null,
      fromState: null,
      toState: 'received',
      comment: null,
      data: { channel },
    });
    await this.audit.append({
      actorId: staff ? actor.id : null,
      action: 'application.receive',
      subjectType: 'Application',
      subjectId: id,
      data: { channel, applicantType: req.applicantType, staffEntry: staff && staffFields.length > 0 },
    });
    return (await this.repo.findById(id))!;
  }
}
