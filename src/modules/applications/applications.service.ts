/** Reading applications: the officers' worklist and record, the public status, the reply letter, Art. 44 proposals. */
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { invalidState, notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/pagination.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { TRACKING_CODE_PATTERN } from './applicant-identity.js';
import { availableActions } from './application-actions.js';
import { applicationClock } from './application-clock.js';
import type { ApplicationEventResponse, ApplicationPage, ApplicationResponse, ProposalPage, TrackResponse } from './application.dto.js';
import { actionSubject, iso, toApplicationResponse, toEventResponse, toSummary, toTrackResponse } from './application.mapper.js';
import { ApplicationsRepository, type ApplicationRow } from './applications.repository.js';
import { CalendarService } from './calendar/calendar.service.js';
import type { Clock } from './domain/clock.js';
import { replyLetter } from './domain/letter.js';
import { REPLIED_STATES, type ApplicationState } from './domain/state-machine.js';

@Injectable()
export class ApplicationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ApplicationsRepository,
    private readonly calendar: CalendarService,
  ) {}

  private async clockOf(a: ApplicationRow, now: Date): Promise<Clock> {
    const [calendar, events] = await Promise.all([this.calendar.current(), this.repo.eventsOf([a.id])]);
    return applicationClock(a.receivedAt, events.get(a.id) ?? [], calendar, now);
  }

  async get(id: string, now = new Date()): Promise<ApplicationResponse> {
    const a = await this.repo.findById(id);
    if (!a) throw notFound('application');
    const [calendar, events, documentIds] = await Promise.all([this.calendar.current(), this.repo.eventsOf([a.id]), this.repo.documentIds(a.id)]);
    const clock = applicationClock(a.receivedAt, events.get(a.id) ?? [], calendar, now);
    return toApplicationResponse(a, clock, documentIds, availableActions(actionSubject(a), now, calendar));
  }

  async track(code: string, now = new Date()): Promise<TrackResponse> {
    const normalised = code.trim().toUpperCase();
    const a = TRACKING_CODE_PATTERN.test(normalised) ? await this.repo.findByTrackingCode(normalised) : null;
    if (!a) throw notFound('application');
    return toTrackResponse(a, await this.clockOf(a, now));
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
    const agencyName = (await this.repo.agencyName(a)) ?? '政府信息公开工作机构';
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
    });
    return { fileName: `政府信息公开申请答复书-${a.trackingCode}.txt`, asciiName: `reply-${a.trackingCode}.txt`, text };
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
