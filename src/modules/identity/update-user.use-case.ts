import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { invalidInput, notFound } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { UpdateUserRequest, UserResponse } from './identity.dto.js';
import { IdentityRepository } from './identity.repository.js';
import { PasswordService } from './password.service.js';
import { SessionTerminator } from './sessions/session-terminator.js';
import { checkUnitsExist } from './unit-check.js';
import { checkRoleScope, toUserResponse } from './user-rules.js';
import type { Actor } from './user.types.js';

export interface UpdateUserCommand {
  actor: Actor;
  id: string;
  changes: UpdateUserRequest;
}

/**
 * An admin changes a user; deactivation, a new password and role changes apply at once (tokens
 * already issued included) and end every session of the user.
 */
@Injectable()
export class UpdateUserUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: IdentityRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly terminator: SessionTerminator,
  ) {}

  async execute({ actor, id, changes: req }: UpdateUserCommand): Promise<UserResponse> {
    if (Object.keys(req).length === 0) throw invalidInput('nothing to change: send at least one field');
    // Hashing takes tens of milliseconds of CPU: not while holding a connection in a transaction.
    return this.update(actor, id, req, req.password ? await this.passwords.hash(req.password) : undefined);
  }

  @Transactional()
  private async update(actor: Actor, id: string, req: UpdateUserRequest, passwordHash: string | undefined): Promise<UserResponse> {
    const current = await this.repo.lockUser(id);
    if (!current) throw notFound('user');
    const roles = req.roles ?? current.roles;
    const leads = req.leadsUnitIds ?? current.leadsUnitIds;
    checkRoleScope(roles, current.unitId, leads);
    await checkUnitsExist(this.repo, null, req.leadsUnitIds ?? []);
    if (id === actor.id && (req.active === false || (req.roles && !req.roles.includes('admin')))) {
      throw invalidInput('an administrator cannot deactivate themselves or drop their own admin role');
    }
    const rolesChanged = req.roles !== undefined && [...req.roles].sort().join() !== [...current.roles].sort().join();
    const leadsChanged = req.leadsUnitIds !== undefined && [...req.leadsUnitIds].sort().join() !== [...current.leadsUnitIds].sort().join();
    // Tokens carry no roles (the guard reloads them), but bumping the version on any change of
    // what a token is worth makes the effect immediate and obvious.
    const bump = req.active === false || passwordHash !== undefined || rolesChanged || leadsChanged;
    await this.repo.updateUser(id, { displayName: req.displayName, roles: req.roles, active: req.active, passwordHash, email: req.email, bumpTokenVersion: bump });
    if (req.leadsUnitIds !== undefined) await this.repo.setLeadsUnits(id, req.leadsUnitIds);
    // Sessions end with the tokens: no refresh brings back what the change took away.
    if (bump) await this.terminator.endAll(actor.id, id, req.active === false ? 'deactivated' : passwordHash !== undefined ? 'password_changed' : 'roles_changed');
    const changed = Object.keys(req).filter((k) => k !== 'password');
    await this.audit.append({
      actorId: actor.id,
      action: 'user.update',
      subjectType: 'User',
      subjectId: id,
      data: { changed: passwordHash ? [...changed, 'password'] : changed, roles: req.roles, active: req.active, leadsUnitIds: req.leadsUnitIds },
    });
    return toUserResponse((await this.repo.findUser(id))!);
  }
}
