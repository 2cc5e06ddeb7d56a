import { subject } from '@casl/ability';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/pagination.js';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { REFERRAL_FIELDS, rulesToSql } from '../authorization/rules-to-sql.js';
import { dueAfterWorkingDays } from '../supervision/deadlines.js';
import type { ReferralPage, ReferralResponse } from './referral.dto.js';
import { toReferralResponse } from './referral.mapper.js';
import { ReferralsRepository, type ReferralRow, type ReferralState } from './referrals.repository.js';

export const referralSubject = (r: ReferralRow) => subject('Referral', { id: r.id, unitId: r.unitId, applicationId: r.applicationId, state: r.state });

/** Reading referrals (a liaison: its unit's; the office: all), and their due dates on a new calendar. */
@Injectable()
export class ReferralsService implements OnModuleInit {
  constructor(
    private readonly repo: ReferralsRepository,
    private readonly calendar: CalendarService,
  ) {}

  onModuleInit(): void {
    // Open referrals are due on the working-day calendar: a calendar change recomputes them in its transaction.
    this.calendar.onCalendarChange(async (calendar) => {
      for (const r of await this.repo.lockOpen()) await this.repo.setDue(r.id, dueAfterWorkingDays(calendar, new Date(r.referredAt), r.days));
    });
  }

  /** Newest first, filtered in SQL by the caller's rules. */
  async list(ability: AppAbility, q: { state?: ReferralState; applicationId?: string; limit: number; cursor?: string }): Promise<ReferralPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const filter = rulesToSql(ability, 'read', 'Referral', REFERRAL_FIELDS);
    const rows = await this.repo.list(filter, { state: q.state, applicationId: q.applicationId, after, limit: q.limit + 1 });
    return toPage(rows, q.limit, toReferralResponse, (r) => [r.cursorTs, r.id]);
  }

  /** One referral; 404 when unknown or not the caller's. */
  async get(ability: AppAbility, id: string): Promise<ReferralResponse> {
    const r = await this.repo.findById(id);
    if (!r || !ability.can('read', referralSubject(r))) throw notFound('referral');
    return toReferralResponse(r);
  }
}
