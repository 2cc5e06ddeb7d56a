import { Injectable } from '@nestjs/common';
import { IdentityRepository } from './identity.repository.js';

export interface UnitName {
  code: string;
  name: string;
}

/**
 * Units by id, kept in memory for the hot public reads. Units are never renamed or removed (no
 * route or job changes a unit once created: identity.repository.ts only inserts), so an entry
 * stays valid for the life of the process; an id not seen yet is read once.
 */
@Injectable()
export class UnitDirectory {
  private readonly cache = new Map<string, UnitName>();

  constructor(private readonly repo: IdentityRepository) {}

  /** A map that holds (at least) every unit of `ids`. */
  async byIds(ids: Iterable<string>): Promise<ReadonlyMap<string, UnitName>> {
    let missing: Set<string> | null = null;
    for (const id of ids) if (!this.cache.has(id)) (missing ??= new Set()).add(id);
    if (missing) for (const u of await this.repo.findUnitsByIds([...missing])) this.cache.set(u.id, { code: u.code, name: u.name });
    return this.cache;
  }
}
