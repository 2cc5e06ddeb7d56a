import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError, invalidInput, invalidState, notFound } from '../../common/errors/domain-error.js';
import { ApplicationsRepository } from '../applications/applications.repository.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import { AuditService } from '../audit/audit.service.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';
import { dueAfterWorkingDays } from '../supervision/deadlines.js';
import { ReferralsRepository, type ReferralRow } from './referrals.repository.js';

/** Working days a referred unit has to answer, unless the office gives another number. */
export const DEFAULT_REFERRAL_DAYS = 10;

export interface ReferApplicationCommand {
  actor: Actor;
  applicationId: string;
  unitIds: string[];
  comment: string;
  dueInWorkingDays?: number;
  now?: Date;
}

/**
 * The office refers an application it is handling to the units that hold the information (转办):
 * one referral per unit, due in working days; a history row `refer` on the application (a new
 * version); the units' liaisons are notified. The application's row is locked first, so the
 * office's own reply cannot slip between the check of its state and the insert.
 */
@Injectable()
export class ReferApplicationUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly applications: ApplicationsRepository,
    private readonly repo: ReferralsRepository,
    private readonly identity: IdentityRepository,
    private readonly calendar: CalendarService,
    private readonly notifier: Notifier,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, applicationId, unitIds, comment, dueInWorkingDays, now = new Date() }: ReferApplicationCommand): Promise<ReferralRow[]> {
    const calendar = await this.calendar.forWrite();
    const a = await this.applications.findById(applicationId, true);
    if (!a) throw notFound('application');
    if (a.state !== 'handling') throw invalidState(`an application is referred to units while it is handled; this one is ${a.state}`, { state: a.state });
    const units = await this.identity.findUnitsByIds(unitIds);
    const unknown = unitIds.filter((id) => !units.some((u) => u.id === id));
    if (unknown.length > 0) throw invalidInput(`unitIds: unknown unit ${unknown.join(', ')}`);
    const open = (await this.repo.lockOpenFor(a.id)).filter((r) => unitIds.includes(r.unitId));
    if (open.length > 0) {
      throw new DomainError('duplicate', `already referred and not yet answered: ${open.map((r) => r.unitName).join(', ')}`, { referrals: open.map((r) => r.id) });
    }
    const days = dueInWorkingDays ?? DEFAULT_REFERRAL_DAYS;
    const dueAt = dueAfterWorkingDays(calendar, now, days);
    const items: ReferralRow[] = [];
    for (const unitId of unitIds) items.push(await this.repo.insert({ applicationId: a.id, unitId, comment, dueAt, dueInWorkingDays: days, referredBy: actor.id, referredAt: now }));
    const version = await this.applications.bump(a.id, now, ['handling']);
    if (version === null) throw invalidState('the application changed meanwhile; reload it');
    const names = unitIds.map((id) => units.find((u) => u.id === id)!.name);
    await this.applications.addEvent({
      applicationId: a.id,
      version,
      action: 'refer',
      at: now,
      actorId: actor.id,
      fromState: a.state,
      toState: a.state,
      comment: `${comment}（转${names.join('、')}）`.slice(0, 5000),
      data: { referrals: items.map((r) => ({ id: r.id, unitId: r.unitId, unitName: r.unitName })), dueAt: dueAt.toISOString() },
    });
    await this.notifier.referral(a.id, unitIds, dueAt, { actor });
    await this.audit.append({ actorId: actor.id, action: 'application.refer', subjectType: 'Application', subjectId: a.id, data: { unitIds, dueAt: dueAt.toISOString() } });
    return items;
  }
}
