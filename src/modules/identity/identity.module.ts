import { Global, Module } from '@nestjs/common';
import { CreateUnitUseCase } from './create-unit.use-case.js';
import { CreateUserUseCase } from './create-user.use-case.js';
import { IdentityController } from './identity.controller.js';
import { LogInUseCase } from './log-in.use-case.js';
import { UpdateUserUseCase } from './update-user.use-case.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SettingsRepository } from './settings.repository.js';
import { TokenService } from './token.service.js';
import { UnitDirectory } from './unit-directory.js';

@Global()
@Module({
  controllers: [IdentityController],
  providers: [
    IdentityRepository,
    IdentityService,
    PasswordService,
    SettingsRepository,
    TokenService,
    LoginThrottle,
    UnitDirectory,
    LogInUseCase,
    CreateUnitUseCase,
    CreateUserUseCase,
    UpdateUserUseCase,
  ],
  exports: [IdentityRepository, IdentityService, TokenService, PasswordService, UnitDirectory, CreateUnitUseCase, CreateUserUseCase],
})
export class IdentityModule {}
