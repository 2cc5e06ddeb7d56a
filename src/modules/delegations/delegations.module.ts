import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { CreateDelegationUseCase } from './create-delegation.use-case.js';
import { DelegationsController } from './delegations.controller.js';
import { DelegationsRepository } from './delegations.repository.js';
import { DelegationsService } from './delegations.service.js';
import { EndDelegationUseCase } from './end-delegation.use-case.js';

/** Deputies (代理): who takes whose review steps, and when. The deputies' rules are the ability factory's. */
@Module({
  imports: [IdempotencyModule],
  controllers: [DelegationsController],
  providers: [DelegationsRepository, DelegationsService, CreateDelegationUseCase, EndDelegationUseCase],
})
export class DelegationsModule {}
