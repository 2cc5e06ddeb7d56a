import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { TokenService } from '../identity/token.service.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import { AbilityFactory } from './ability.factory.js';
import { PUBLIC_ROUTE, ROUTE_POLICY, type AuthenticatedRequest, type RoutePolicy } from './policy.decorator.js';

/**
 * Runs on every route. Authenticates the bearer token against the user's current record (so a
 * deactivation, password or role change takes effect on the next request), builds the CASL
 * ability once for the request, and applies the route's policy. Default deny.
 */
@Injectable()
export class AuthGuard implements CanActivate {
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
      // Public routes still recognise a logged-in caller (the UI's catalogue pages), but never require one.
      if (token) await this.authenticate(req, token).catch(() => undefined);
      return true;
    }
    if (!token) throw new DomainError('unauthenticated', 'authentication required: send Authorization: Bearer <accessToken>');
    await this.authenticate(req, token);

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
    const claims = await this.tokens.verify(token);
    if (!claims) throw new DomainError('unauthenticated', 'the access token is invalid or expired');
    const actor = await this.identity.findActiveActor(claims.sub, claims.tokenVersion);
    if (!actor) throw new DomainError('unauthenticated', 'the access token is no longer valid');
    req.actor = actor;
    req.ability = this.abilities.createForActor(actor);
  }
}
