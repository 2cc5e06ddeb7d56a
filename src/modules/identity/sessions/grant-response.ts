import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../../authorization/policy.decorator.js';
import type { LoginResponse, UserResponse } from '../identity.dto.js';
import type { SessionGrant } from './session-issuer.js';
import { setRefreshCookie } from './session-cookie.js';

/** A sign-in's or a refresh's answer: the refresh token goes into the cookie, never into the body. */
export function sendGrant(req: FastifyRequest, reply: FastifyReply, grant: SessionGrant & { user: UserResponse }): LoginResponse {
  setRefreshCookie(req, reply, grant.refreshToken, grant.refreshMaxAge);
  return { accessToken: grant.accessToken, expiresIn: grant.expiresIn, user: grant.user, restriction: grant.restriction };
}

export interface CurrentSessionInfo {
  /** Null on a public route called without a (valid) access token. */
  sessionId: string | null;
  restriction: 'totp_enrolment' | 'totp' | null;
}

/** The session of the request's access token, as the guard found it. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentSessionInfo => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return { sessionId: req.sessionId ?? null, restriction: req.sessionRestriction ?? null };
});
