import { Module } from '@nestjs/common';
import { SaveUnitProfileUseCase } from './save-unit-profile.use-case.js';
import { UnitProfilesController } from './unit-profiles.controller.js';
import { UnitProfilesRepository } from './unit-profiles.repository.js';
import { UnitProfilesService } from './unit-profiles.service.js';
import { UnitsDemo } from './units-demo.js';

/** Units in public: their profiles (versioned) and the disclosure guides made from them (Art. 12). */
@Module({
  controllers: [UnitProfilesController],
  providers: [UnitProfilesRepository, UnitProfilesService, SaveUnitProfileUseCase, UnitsDemo],
  exports: [UnitsDemo],
})
export class UnitProfilesModule {}
