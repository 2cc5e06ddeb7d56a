import { Global, Module } from '@nestjs/common';
import { IdentityController } from './identity.controller.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SettingsRepository } from './settings.repository.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  controllers: [IdentityController],
  providers: [IdentityRepository, IdentityService, PasswordService, SettingsRepository, TokenService, LoginThrottle],
  exports: [IdentityRepository, IdentityService, TokenService, PasswordService],
})
export class IdentityModule {}
