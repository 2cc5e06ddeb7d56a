import { Injectable } from '@nestjs/common';
import { invalidInput, notFound } from '../../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../../common/pagination/pagination.js';
import { IdentityRepository } from '../identity.repository.js';
import type { SessionPage, SessionResponse } from './sessions.dto.js';
import { SessionRepository, type SessionRow } from './session.repository.js';

export function toSessionResponse(s: SessionRow, currentSessionId: string | null): SessionResponse {
  return {
    id: s.id,
    method: s.method,
    secondFactor: s.secondFactor,
    restriction: s.restriction,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    expiresAt: new Date(Math.min(s.idleExpiresAt.getTime(), s.expiresAt.getTime())).toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
    current: s.id === currentSessionId,
  };
}

/** The reads of sessions: a user's live sessions, newest first. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: IdentityRepository,
  ) {}

  async listOfUser(userId: string, limit: number, cursor: string | undefined, currentSessionId: string | null): Promise<SessionPage> {
    const after = decodeCursor(cursor, ['string', 'string']) as [string, string] | null;
    if (after && (Number.isNaN(Date.parse(after[0])) || !/^[0-9a-f-]{36}$/i.test(after[1]))) throw invalidInput('cursor is not valid');
    if (!(await this.users.findUser(userId))) throw notFound('user');
    const rows = await this.sessions.listLive(userId, limit + 1, after ? { createdAt: after[0], id: after[1] } : null);
    return toPage(rows, limit, (s) => toSessionResponse(s, currentSessionId), (s) => [s.createdAt.toISOString(), s.id]);
  }
}
