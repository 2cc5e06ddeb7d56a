import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AbilityFactory } from './ability.factory.js';
import { AuthGuard } from './auth.guard.js';
import { AuthorizationController } from './authorization.controller.js';

@Global()
@Module({
  controllers: [AuthorizationController],
  providers: [AbilityFactory, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AbilityFactory],
})
export class AuthorizationModule {}
