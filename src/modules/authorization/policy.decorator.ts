import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AppAbility, AppAction, SubjectName } from './ability.factory.js';
import type { Actor } from '../identity/user.types.js';

export const PUBLIC_ROUTE = 'gongkai:public';
export const ROUTE_POLICY = 'gongkai:policy';
export const DURING_SECOND_FACTOR = 'gongkai:during-second-factor';

export interface RoutePolicy {
  action: AppAction;
  subject: SubjectName;
  /** For routes addressing one record: a caller with no rule at all gets 404 (not visible = not found), like one whose rules exclude the record. */
  deniedAsNotFound?: boolean;
}

/** A route anyone may call without logging in (catalogue, feeds, login, health, intake). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A route a restricted session may call: one that must still enrol a second factor
 * (MFA_REQUIRED_ROLES) or give its one-time code after single sign-on. Every other route answers
 * such a session 403.
 */
export const DuringSecondFactor = () => SetMetadata(DURING_SECOND_FACTOR, true);

/**
 * The coarse check the guard makes before the handler runs: the caller must hold at least one
 * rule for (action, subject). Handlers then check the loaded record itself. A route with neither
 * @Public nor @Policy is refused (default deny).
 */
export const Policy = (action: AppAction, subject: SubjectName) =>
  applyDecorators(SetMetadata(ROUTE_POLICY, { action, subject } satisfies RoutePolicy));

/** @Policy for a route that reads one record: without any read rule the answer is 404, as for any record the caller cannot see. */
export const ReadPolicy = (subject: SubjectName) =>
  applyDecorators(SetMetadata(ROUTE_POLICY, { action: 'read', subject, deniedAsNotFound: true } satisfies RoutePolicy));

export interface AuthenticatedRequest {
  id: string;
  ip: string;
  actor?: Actor;
  ability?: AppAbility;
  /** The session of the access token (auth_sessions), and what it must still do before it is a full one. */
  sessionId?: string;
  sessionRestriction?: 'totp_enrolment' | 'totp' | null;
  headers: Record<string, string | string[] | undefined>;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return req.actor!;
});

export const CurrentAbility = createParamDecorator((_: unknown, ctx: ExecutionContext): AppAbility => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return req.ability!;
});
