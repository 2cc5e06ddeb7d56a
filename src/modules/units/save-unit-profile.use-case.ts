import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError, assertVersion, forbidden, notFound, staleVersion } from '../../common/errors/domain-error.js';
import type { IfMatch } from '../../common/http/etag.js';
import { AuditService } from '../audit/audit.service.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import type { SaveUnitProfileRequest } from './unit-profile.dto.js';
import { UnitProfilesRepository, type ProfileRow, type UnitRow } from './unit-profiles.repository.js';

export interface SaveUnitProfileCommand {
  actor: Actor;
  ability: AppAbility;
  unitId: string;
  /** If-Match: required once the unit has a profile (428 without it); absent for the first one. */
  version: IfMatch | undefined;
  profile: SaveUnitProfileRequest;
}

/**
 * An administrator, or a liaison of the unit, writes the unit's profile: a new version (the old
 * ones stay as its history), and with it the unit's disclosure guide.
 */
@Injectable()
export class SaveUnitProfileUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: UnitProfilesRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, ability, unitId, version: ifMatch, profile: p }: SaveUnitProfileCommand): Promise<{ unit: UnitRow; profile: ProfileRow }> {
    const unit = await this.repo.unitById(unitId);
    if (!unit) throw notFound('unit');
    if (!ability.can('update', subject('UnitProfile', { unitId }))) throw forbidden('only an administrator or a liaison of this unit may change its profile');
    const current = await this.repo.current(unitId);
    if (current && !ifMatch) throw new DomainError('version_required', `If-Match is required to change the unit’s profile: send its ETag, e.g. If-Match: "${current.version}"`);
    // No profile yet: an If-Match (even "*") matches nothing current (RFC 9110); the first PUT needs none.
    if (!current && ifMatch) throw staleVersion('unit profile');
    const base = current ? assertVersion('unit profile', current, ifMatch!) : 0;
    const saved = await this.repo.insertVersion(
      unitId,
      base + 1,
      {
        functions: p.functions,
        address: p.address,
        postcode: p.postcode,
        officeHours: p.officeHours,
        phone: p.phone,
        fax: p.fax ?? null,
        email: p.email ?? null,
        website: p.website ?? null,
        leaders: p.leaders.map((l) => ({ name: l.name, title: l.title, duties: l.duties })),
        acceptsApplications: p.acceptsApplications,
      },
      actor.id,
    );
    if (!saved) throw staleVersion('unit profile');
    await this.audit.append({ actorId: actor.id, action: 'unit.profile', subjectType: 'Unit', subjectId: unitId, data: { version: saved.version } });
    return { unit, profile: saved };
  }
}
