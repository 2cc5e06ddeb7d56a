import { Global, Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { AuditChainWorker } from './audit-chain.worker.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { ChainAuditLogUseCase } from './chain-audit-log.use-case.js';

/** Global: every module's use cases append to the one audit log. Its sequencer runs on the job queue. */
@Global()
@Module({
  imports: [DeliveryModule],
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, ChainAuditLogUseCase, AuditChainWorker],
  exports: [AuditService],
})
export class AuditModule {}
