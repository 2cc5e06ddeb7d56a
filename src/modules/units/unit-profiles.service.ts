import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../../common/errors/domain-error.js';
import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';
import { guideSections, isStale, staleAt, type GuideLang } from './disclosure-guide.js';
import type { GuideResponse, UnitProfileFields, UnitProfileResponse } from './unit-profile.dto.js';
import { UnitProfilesRepository, type ProfileRow, type UnitRow } from './unit-profiles.repository.js';

function fields(p: ProfileRow): UnitProfileFields {
  return {
    functions: p.functions,
    address: p.address,
    postcode: p.postcode,
    officeHours: p.officeHours,
    phone: p.phone,
    fax: p.fax,
    email: p.email,
    website: p.website,
    leaders: p.leaders,
    acceptsApplications: p.acceptsApplications,
  };
}

export function toProfileResponse(unit: UnitRow, p: ProfileRow, now = new Date()): UnitProfileResponse {
  const updatedAt = new Date(p.updatedAt);
  return {
    unitId: unit.id,
    unitCode: unit.code,
    unitName: unit.name,
    version: p.version,
    updatedAt: updatedAt.toISOString(),
    updatedBy: p.updatedBy,
    stale: isStale(updatedAt, now),
    ...fields(p),
  };
}

/** Units' profiles and the disclosure guides made from them. */
@Injectable()
export class UnitProfilesService {
  constructor(private readonly repo: UnitProfilesRepository) {}

  async profile(unitId: string): Promise<UnitProfileResponse> {
    const unit = await this.repo.unitById(unitId);
    if (!unit) throw notFound('unit');
    const p = await this.repo.current(unitId);
    if (!p) throw notFound('unit profile');
    return toProfileResponse(unit, p);
  }

  async history(unitId: string): Promise<UnitProfileResponse[]> {
    const unit = await this.repo.unitById(unitId);
    if (!unit) throw notFound('unit');
    return (await this.repo.history(unitId)).map((p) => toProfileResponse(unit, p));
  }

  /** The public guide of the unit with this code; 404 for an unknown unit, or one without a profile yet. */
  async guide(code: string, lang: GuideLang, baseUrl: string, now = new Date()): Promise<GuideResponse> {
    const unit = UNIT_CODE_PATTERN.test(code) ? await this.repo.unitByCode(code) : null;
    if (!unit) throw notFound('unit');
    const p = await this.repo.current(unit.id);
    if (!p) throw new DomainError('not_found', `unit ${unit.code} has no disclosure guide yet: its profile has not been written`);
    const updatedAt = new Date(p.updatedAt);
    const profile = fields(p);
    return {
      unit: { code: unit.code, name: unit.name },
      profile,
      sections: guideSections({ unit, profile, channels: await this.repo.activeChannels(), baseUrl, lang }),
      version: p.version,
      updatedAt: updatedAt.toISOString(),
      stale: isStale(updatedAt, now),
      staleAt: staleAt(updatedAt).toISOString(),
      lang,
    };
  }
}
