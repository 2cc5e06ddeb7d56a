import { Injectable } from '@nestjs/common';
import type { AppAbility } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import type { DelegationList } from './delegation.dto.js';
import { toDelegationResponse } from './delegation.mapper.js';
import { DelegationsRepository } from './delegations.repository.js';

@Injectable()
export class DelegationsService {
  constructor(private readonly repo: DelegationsRepository) {}

  async list(actor: Actor, ability: AppAbility): Promise<DelegationList> {
    const rows = await this.repo.current(ability.can('manage', 'Delegation') ? null : actor.id);
    const now = Date.now();
    return { items: rows.map((r) => toDelegationResponse(r, now)) };
  }
}
