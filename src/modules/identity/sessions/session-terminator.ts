import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { SessionRepository, type SessionEndReason } from './session.repository.js';

/** Ends sessions and audits it, in the caller's transaction (admin actions, user changes). */
@Injectable()
export class SessionTerminator {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  /** Every session of the user; returns how many live ones were ended (audited when any). */
  async endAll(actorId: string | null, userId: string, reason: SessionEndReason): Promise<number> {
    const ended = await this.sessions.endAllOfUser(userId, reason);
    if (ended.length > 0) {
      await this.audit.append({ actorId, action: 'auth.sessions_ended', subjectType: 'User', subjectId: userId, data: { reason, sessionIds: ended } });
    }
    return ended.length;
  }

  /** One live session of the user; false when there is none with that id. */
  async endOne(actorId: string | null, userId: string, sessionId: string, reason: SessionEndReason): Promise<boolean> {
    if (!(await this.sessions.findLiveOfUser(userId, sessionId))) return false;
    await this.sessions.end(sessionId, reason);
    await this.audit.append({ actorId, action: 'auth.session_ended', subjectType: 'Session', subjectId: sessionId, data: { reason, userId } });
    return true;
  }
}
