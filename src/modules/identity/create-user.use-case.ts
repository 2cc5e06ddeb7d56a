import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateUserRequest, UserResponse } from './identity.dto.js';
import { IdentityRepository } from './identity.repository.js';
import { PasswordService } from './password.service.js';
import { checkUnitsExist } from './unit-check.js';
import { checkRoleScope, toUserResponse } from './user-rules.js';
import type { Actor } from './user.types.js';

export interface CreateUserCommand {
  /** Null for the first administrator, created at start. */
  actor: Actor | null;
  user: CreateUserRequest;
}

/** An admin creates a user (the password is hashed before the transaction opens). */
@Injectable()
export class CreateUserUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: IdentityRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  async execute({ actor, user: req }: CreateUserCommand): Promise<UserResponse> {
    checkRoleScope(req.roles, req.unitId ?? null, req.leadsUnitIds ?? []);
    // Hashing takes tens of milliseconds of CPU: not while holding a connection in a transaction.
    return this.insert(actor, req, await this.passwords.hash(req.password));
  }

  @Transactional()
  private async insert(actor: Actor | null, req: CreateUserRequest, passwordHash: string): Promise<UserResponse> {
    const leads = req.leadsUnitIds ?? [];
    const unitId = req.unitId ?? null;
    await checkUnitsExist(this.repo, unitId, leads);
    if (await this.repo.usernameExists(req.username)) throw new DomainError('duplicate', `a user named ${req.username} already exists`);
    const id = await this.repo.insertUser({ username: req.username, passwordHash, displayName: req.displayName, unitId, roles: req.roles, leadsUnitIds: leads, email: req.email ?? null });
    await this.audit.append({ actorId: actor?.id ?? null, action: 'user.create', subjectType: 'User', subjectId: id, data: { username: req.username, roles: req.roles, unitId, leadsUnitIds: leads } });
    return toUserResponse((await this.repo.findUser(id))!);
  }
}
