/**
 * Rate limit of the public complaint form (POST /api/v1/complaints), like the applications'
 * intake and with the same settings (APPLICATION_INTAKE_LIMIT per APPLICATION_INTAKE_WINDOW_SECONDS
 * per client address, 429 with Retry-After beyond) but its own budget: a flood of complaints does
 * not stop applications from the same address, nor the other way round.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../common/errors/domain-error.js';
import { IntakeThrottle } from '../applications/intake-throttle.guard.js';
import type { AuthenticatedRequest } from '../authorization/policy.decorator.js';

/** The complaints' own sliding window (a second instance of the intake throttle). */
@Injectable()
export class ComplaintIntakeThrottle extends IntakeThrottle {}

@Injectable()
export class ComplaintIntakeThrottleGuard implements CanActivate {
  constructor(private readonly throttle: ComplaintIntakeThrottle) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const wait = this.throttle.hit(req.ip);
    if (wait !== null) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(wait));
      throw new DomainError('rate_limited', `too many complaints from this address; try again in ${wait} seconds`);
    }
    return true;
  }
}
