import { Injectable } from '@nestjs/common';
import { AbilityFactory } from '../authorization/ability.factory.js';
import type { Actor } from '../identity/user.types.js';
import { SaveUnitProfileUseCase } from './save-unit-profile.use-case.js';

/** The demo district's unit profiles (and so their disclosure guides), written by each unit's liaison. */
@Injectable()
export class UnitsDemo {
  constructor(
    private readonly saveProfile: SaveUnitProfileUseCase,
    private readonly abilities: AbilityFactory,
  ) {}

  async seed(liaisons: { unitId: string; actor: Actor; functions: string; leaders: { name: string; title: string; duties: string }[] }[]): Promise<void> {
    let n = 0;
    for (const l of liaisons) {
      n++;
      await this.saveProfile.execute({
        actor: l.actor,
        ability: this.abilities.createForActor(l.actor),
        unitId: l.unitId,
        version: undefined,
        profile: {
          functions: l.functions,
          address: `北京市朝阳区日坛北路${30 + n}号`,
          postcode: '100020',
          officeHours: '工作日 上午9:00—12:00，下午13:30—17:00（法定节假日除外）',
          phone: `010-6509${1230 + n}`,
          email: `gongkai${n}@example.gov.cn`,
          leaders: l.leaders,
          acceptsApplications: true,
        },
      });
    }
  }
}
