import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { TokenService } from '../identity/token.service.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import { AbilityFactory } from './ability.factory.js';
import { DURING_SECOND_FACTOR, PUBLIC_ROUTE, ROUTE_POLICY, type AuthenticatedRequest, type RoutePolicy } from './policy.decorator.js';

/**
 * Runs on every route. Authenticates the bearer token against the user's current record (so a
 * deactivation, password or role change takes effect on the next request) and its session (so a
 * logout or an ended session does too), builds the CASL ability once for the request, and applies
 * the route's policy. A session that must still give or enrol its second factor reaches only the
 * routes marked @DuringSecondFactor. Default deny.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly identity: IdentityRepository,
    private readonly abilities: AbilityFactory,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers['authorization'];
    const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;

    if (isPublic) {
      // Public routes still recognise a logged-in caller (the UI's catalogue pages), but never require
      // one; a session still busy with its second factor counts as nobody there.
      if (token) await this.authenticate(req, token).catch(() => undefined);
      if (req.sessionRestriction) {
        req.actor = undefined;
        req.ability = undefined;
      }
      return true;
    }
    if (!token) throw new DomainError('unauthenticated', 'authentication required: send Authorization: Bearer <accessToken>');
    await this.authenticate(req, token);
    if (req.sessionRestriction && !this.reflector.getAllAndOverride<boolean>(DURING_SECOND_FACTOR, targets)) {
      throw new DomainError(
        'forbidden',
        req.sessionRestriction === 'totp'
          ? 'give the one-time code first (POST /api/v1/auth/totp)'
          : 'your role requires a second factor: enrol one first (POST /api/v1/me/totp, then POST /api/v1/me/totp/confirm)',
        { restriction: req.sessionRestriction },
      );
    }

    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(ROUTE_POLICY, targets);
    if (!policy) throw new DomainError('forbidden', 'this route has no access policy');
    if (!req.ability!.can(policy.action, policy.subject as never)) {
      // Not visible = not found, the same answer (and no audit row) as for a record the caller's rules exclude.
      if (policy.deniedAsNotFound) throw new DomainError('not_found', `${policy.subject.toLowerCase()} not found`);
      await this.audit.append({
        actorId: req.actor!.id,
        action: 'authorization.denied',
        subjectType: policy.subject,
        data: { action: policy.action },
      });
      throw new DomainError('forbidden', `you may not ${policy.action} ${policy.subject}`);
    }
    return true;
  }

  private async authenticate(req: AuthenticatedRequest, token: string): Promise<void> {
    const claims = this.tokens.check(token);
    if ('refused' in claims) {
      // Expiry is routine (the client refreshes); anything else is a forged, altered or foreign token.
      if (claims.refused === 'invalid') this.logger.warn({ reqId: req.id, ip: req.ip }, 'an access token with a bad signature or shape was refused');
      throw new DomainError('unauthenticated', claims.refused === 'expired' ? 'the access token has expired: refresh it (POST /api/v1/auth/refresh)' : 'the access token is invalid');
    }
    // The user and the session in one statement (one round trip on every request).
    const caller = await this.identity.findCaller(claims.sub, claims.tokenVersion, claims.sessionId);
    if (!caller) throw new DomainError('unauthenticated', 'the access token is no longer valid');
    const { actor, session } = caller;
    if (!session || session.userId !== actor.id) throw new DomainError('unauthenticated', 'the session has ended: log in again');
    req.sessionId = claims.sessionId;
    req.sessionRestriction = session.restriction;
    req.actor = actor;
    req.ability = this.abilities.createForActor(actor);
  }
}
