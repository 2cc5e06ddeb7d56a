/** Reading applications: the officers' worklist and record, the public status, the reply letter, Art. 44 proposals. */
import { subject } from '@casl/ability';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { invalidState, notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/pagination.js';
import { APP_CONFIG } from '../../common/tokens.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { ReferralsRepository } from '../referrals/referrals.repository.js';
import { TRACKING_CODE_PATTERN } from './applicant-identity.js';
import { availableActions } from './application-actions.js';
import { applicationClock } from './application-clock.js';
import type { ApplicationEventResponse, ApplicationPage, ApplicationResponse, ProposalPage, TrackResponse } from './application.dto.js';
import { actionSubject, iso, toApplicationResponse, toEventResponse, toSummary, toTrackResponse } from './application.mapper.js';
import { ApplicationsRepository, type ApplicationRow } from './applications.repository.js';
import { CalendarService } from './calendar/calendar.service.js';
import { explainClock } from './domain/explanation.js';
import { replyLetter } from './domain/letter.js';
import { letterText, noticeLetter } from './domain/notices.js';
import { NoticesService } from './notices/notices.service.js';
import { DEFAULT_AGENCY_NAME, NoticeIssuer } from './notices/notice-issuer.js';
import { REPLIED_STATES, type ApplicationState } from './domain/state-machine.js';

@Injectable()
export class ApplicationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ApplicationsRepository,
    private readonly calendar: CalendarService,
    private readonly notices: NoticesService,
    private readonly issuer: NoticeIssuer,
    private readonly referrals: ReferralsRepository,
  ) {}

  async get(id: string, now = new Date()): Promise<ApplicationResponse> {
    const a = await this.repo.findById(id);
    if (!a) throw notFound('application');
    const [calendar, events, documentIds] = await Promise.all([this.calendar.current(), this.repo.eventsOf([a.id]), this.repo.documentIds(a.id)]);
    const clock = applicationClock(a.receivedAt, events.get(a.id) ?? [], calendar, now);
    return toApplicationResponse(a, clock, documentIds, availableActions(actionSubject(a), now, calendar));
  }

  /**
   * One application for whoever may read it: the office in full; a liaison of a unit it was
   * referred to without the applicant's identity number and contact, and with no actions. 404 for anyone else.
   */
  async getFor(ability: AppAbility, id: string, now = new Date()): Promise<ApplicationResponse> {
    const a = await this.repo.findById(id);
    if (!a) throw notFound('application');
    const s = subject('Application', { id, referredUnitIds: await this.referrals.referredUnitIds(id) });
    if (!ability.can('read', s)) throw notFound('application');
    if (ability.can('manage', s)) return this.get(id, now);
    const [calendar, events, documentIds] = await Promise.all([this.calendar.current(), this.repo.eventsOf([a.id]), this.repo.documentIds(a.id)]);
    return toApplicationResponse(a, applicationClock(a.receivedAt, events.get(a.id) ?? [], calendar, now), documentIds, [], false);
  }

  /** The public status by tracking code: every code costs one lookup (an unknown code and a malformed one answer alike). */
  async track(code: string, now = new Date()): Promise<TrackResponse> {
    const normalised = code.trim().toUpperCase();
    const a = await this.repo.findByTrackingCode(TRACKING_CODE_PATTERN.test(normalised) ? normalised : 'INVALID-TRACKING-CODE');
    if (!a) throw notFound('application');
    const calendar = await this.calendar.current();
    const clock = applicationClock(a.receivedAt, (await this.repo.eventsOf([a.id])).get(a.id) ?? [], calendar, now);
    return toTrackResponse(a, clock, explainClock(clock, calendar, now), await this.notices.trackLinks(a));
  }

  async list(q: { state?: ApplicationState; overdue?: boolean; limit: number; cursor?: string }, now = new Date()): Promise<ApplicationPage> {
    const after = decodeCursor(q.cursor, ['number', 'string', 'string']) as [number, string, string] | null;
    const rows = await this.repo.list({ now, state: q.state, overdue: q.overdue, after, limit: q.limit + 1 });
    const [calendar, events] = await Promise.all([this.calendar.current(), this.repo.eventsOf(rows.map((r) => r.id))]);
    return toPage(
      rows,
      q.limit,
      (r) => toSummary(r, applicationClock(r.receivedAt, events.get(r.id) ?? [], calendar, now)),
      (r) => [r.rank, r.sortDue, r.id],
    );
  }

  async history(id: string): Promise<ApplicationEventResponse[]> {
    if (!(await this.repo.findById(id))) throw notFound('application');
    return (await this.repo.events(id)).map(toEventResponse);
  }

  /** The reply letter (答复书) as plain text, once the application has been replied to. */
  async letter(id: string): Promise<{ fileName: string; asciiName: string; text: string }> {
    const a = await this.repo.findById(id);
    if (!a) throw notFound('application');
    if (!REPLIED_STATES.includes(a.state) || !a.outcome || !a.repliedAt) {
      throw invalidState(`there is no reply letter before the reply (state ${a.state})`);
    }
    const fileName = `政府信息公开申请答复书-${a.trackingCode}.txt`;
    const asciiName = `reply-${a.trackingCode}.txt`;
    // The facts the reply's letter was issued with, as in its DOCX and HTML copies.
    const issued = await this.notices.replyNotice(a.id);
    if (issued) return { fileName, asciiName, text: letterText(noticeLetter(issued.facts)) };
    // Replied before letters were stored: the same letter from the record as it stands.
    const agencyName = (await this.repo.agencyName(a)) ?? DEFAULT_AGENCY_NAME;
    const text = replyLetter({
      trackingCode: a.trackingCode,
      applicantName: a.applicantName,
      receivedAt: new Date(a.receivedAt),
      description: a.description,
      outcome: a.outcome,
      reason: a.reason,
      comment: a.replyComment,
      repliedAt: new Date(a.repliedAt),
      agencyName,
      documents: await this.issuer.documentsOf(await this.repo.documentIds(a.id)),
    });
    return { fileName, asciiName, text };
  }

  async proposals(limit: number, cursor: string | undefined): Promise<ProposalPage> {
    const after = decodeCursor(cursor, ['number', 'string']) as [number, string] | null;
    const threshold = this.config.applicationProposalThreshold;
    const rows = await this.repo.proposals(threshold, after, limit + 1);
    const page = toPage(
      rows,
      limit,
      (r) => ({ documentId: r.documentId, title: r.title, state: r.state, unitId: r.unitId, applicants: r.applicants, applications: r.applications, lastRepliedAt: iso(r.lastRepliedAt)! }),
      (r) => [r.applicants, r.documentId],
    );
    return { ...page, threshold };
  }
}
