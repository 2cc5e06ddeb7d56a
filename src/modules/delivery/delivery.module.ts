import { Module } from '@nestjs/common';
import { DeliveryController } from './delivery.controller.js';
import { DeliveryRepository } from './delivery.repository.js';
import { DeliveryService } from './delivery.service.js';
import { JobQueue } from './job-queue.service.js';

@Module({
  controllers: [DeliveryController],
  providers: [DeliveryRepository, DeliveryService, JobQueue],
  exports: [DeliveryService, JobQueue],
})
export class DeliveryModule {}
