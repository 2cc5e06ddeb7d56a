/**
 * Rate limit of the public intake (POST /api/v1/applications): at most APPLICATION_INTAKE_LIMIT
 * requests per client address per APPLICATION_INTAKE_WINDOW_SECONDS (sliding window), answered
 * 429 with Retry-After beyond. Every attempt counts, valid or not, so a flood of garbage is
 * stopped before validation. Disclosure officers entering paper applications are not limited.
 *
 * Kept in memory per instance, like the login throttle: with N instances a client gets at most N
 * times the budget, which still bounds a flood; a shared store would be the next step. It is a
 * guard on this one route only, so no other route (and no other test file) is affected. The
 * client address is Fastify's `req.ip`, which honours X-Forwarded-For because the service runs
 * with trustProxy (deployments behind a reverse proxy); exposed directly, a client could choose
 * its address and the proxy must then overwrite that header.
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../../../config/configuration.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { SlidingWindow } from '../../common/rate-limit/sliding-window.js';
import { APP_CONFIG } from '../../common/tokens.js';
import type { AuthenticatedRequest } from '../authorization/policy.decorator.js';

@Injectable()
export class IntakeThrottle {
  private readonly attempts: SlidingWindow;
  private readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.applicationIntakeLimit;
    this.attempts = new SlidingWindow(config.applicationIntakeWindowSeconds * 1000);
  }

  /** Counts one attempt; returns the seconds to wait when over the limit, else null. */
  hit(key: string, now = Date.now()): number | null {
    const recent = this.attempts.recent(key, now);
    if (recent.length >= this.limit) return Math.max(1, Math.ceil((recent[0] + this.attempts.windowMs - now) / 1000));
    this.attempts.add(key, now);
    return null;
  }
}

@Injectable()
export class IntakeThrottleGuard implements CanActivate {
  constructor(private readonly throttle: IntakeThrottle) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // The global AuthGuard has run: a valid token of a disclosure officer is staff entry.
    if (req.actor && req.ability?.can('manage', 'Application')) return true;
    const wait = this.throttle.hit(req.ip);
    if (wait !== null) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(wait));
      throw new DomainError('rate_limited', `too many applications from this address; try again in ${wait} seconds`);
    }
    return true;
  }
}
