import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { forbidden, invalidInput } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import type { Actor } from '../identity/user.types.js';
import type { CreateDelegationRequest } from './delegation.dto.js';
import { DelegationsRepository, type DelegationRow } from './delegations.repository.js';

export interface CreateDelegationCommand {
  actor: Actor;
  ability: AppAbility;
  delegation: CreateDelegationRequest;
}

/** At most a year ahead and a year long: a delegation is for a trip or a leave, not a second role. */
const MAX_SPAN_MS = 366 * 24 * 3600_000;

/**
 * A person names a deputy for a period (代理); an administrator may do it for someone. Within the
 * period the deputy takes the delegator's review steps with the delegator's scope. One deputy at a
 * time: periods of one delegator do not overlap (400), and nobody delegates to themselves or to an
 * inactive or unknown user (400).
 */
@Injectable()
export class CreateDelegationUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: DelegationsRepository,
    private readonly identity: IdentityRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, ability, delegation: req }: CreateDelegationCommand): Promise<DelegationRow> {
    const fromUserId = req.fromUserId ?? actor.id;
    if (fromUserId !== actor.id && !ability.can('manage', 'Delegation')) throw forbidden('only an administrator may name a deputy for someone else');
    if (req.toUserId === fromUserId) throw invalidInput('toUserId: nobody can be their own deputy');
    const startsAt = new Date(req.startsAt);
    const endsAt = new Date(req.endsAt);
    if (endsAt.getTime() <= startsAt.getTime()) throw invalidInput('endsAt must be after startsAt');
    if (endsAt.getTime() <= Date.now()) throw invalidInput('endsAt is in the past');
    if (endsAt.getTime() - startsAt.getTime() > MAX_SPAN_MS || startsAt.getTime() - Date.now() > MAX_SPAN_MS) {
      throw invalidInput('a delegation lasts at most a year and starts within a year');
    }
    const from = await this.identity.findUser(fromUserId);
    if (!from || !from.active) throw invalidInput('fromUserId: no active user with this id');
    const to = await this.identity.findUser(req.toUserId);
    if (!to || !to.active) throw invalidInput('toUserId: no active user with this id');
    await this.repo.lockDelegator(fromUserId);
    const overlap = await this.repo.overlapping(fromUserId, startsAt, endsAt);
    if (overlap.length > 0) {
      throw invalidInput(`the period overlaps the delegation ${overlap[0].id} (${new Date(overlap[0].startsAt).toISOString()} – ${new Date(overlap[0].endsAt).toISOString()}): end it first`);
    }
    const row = await this.repo.insert({ fromUserId, toUserId: req.toUserId, startsAt, endsAt, reason: req.reason, createdBy: actor.id });
    await this.audit.append({
      actorId: actor.id,
      action: 'delegation.create',
      subjectType: 'Delegation',
      subjectId: row.id,
      data: { fromUserId, toUserId: req.toUserId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
    });
    return row;
  }
}
