import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { UnitResponse } from './identity.dto.js';
import { IdentityRepository } from './identity.repository.js';
import type { Actor } from './user.types.js';

export interface CreateUnitCommand {
  actor: Actor;
  code: string;
  name: string;
}

/** An admin creates a unit; its code is unique (409). */
@Injectable()
export class CreateUnitUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: IdentityRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, code, name }: CreateUnitCommand): Promise<UnitResponse> {
    const unit = await this.repo.insertUnit(code, name);
    if (!unit) throw new DomainError('duplicate', `a unit with code ${code} already exists`);
    await this.audit.append({ actorId: actor.id, action: 'unit.create', subjectType: 'Unit', subjectId: unit.id, data: { code, name } });
    return unit;
  }
}
