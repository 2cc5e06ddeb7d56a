import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../../common/database/transaction-host.js';
import { AuditService } from '../../audit/audit.service.js';
import { hashRefreshToken } from './session-issuer.js';
import { SessionRepository } from './session.repository.js';

export interface LogOutCommand {
  /** The refresh cookie's value, when the request carries it. */
  refreshToken: string | null;
  /** The session of the request's access token, when it carries a valid one. */
  sessionId: string | null;
  /** The user of that access token. */
  actorId: string | null;
  clientIp: string;
}

/**
 * Ends the session the refresh cookie (or else the access token) belongs to: its refresh tokens
 * and access tokens are refused from now on. Nothing to end is no error (logging out twice is fine).
 */
@Injectable()
export class LogOutUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute(cmd: LogOutCommand): Promise<void> {
    const byCookie = cmd.refreshToken ? await this.sessions.lockRefreshToken(hashRefreshToken(cmd.refreshToken)) : null;
    const sessionId = byCookie?.session.id ?? cmd.sessionId;
    if (!sessionId) return;
    const userId = byCookie?.session.userId ?? cmd.actorId;
    if (!(await this.sessions.end(sessionId, 'logout'))) return;
    await this.audit.append({ actorId: userId, action: 'auth.session_ended', subjectType: 'Session', subjectId: sessionId, data: { reason: 'logout', ip: cmd.clientIp } });
  }
}
