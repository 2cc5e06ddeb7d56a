import { Module } from '@nestjs/common';
import { CreateSubscriberUseCase } from './create-subscriber.use-case.js';
import { DeliveryController } from './delivery.controller.js';
import { ReplayDeliveryUseCase } from './replay-delivery.use-case.js';
import { UpdateSubscriberUseCase } from './update-subscriber.use-case.js';
import { DeliveryRepository } from './delivery.repository.js';
import { DeliveryService } from './delivery.service.js';
import { JobQueue } from './job-queue.service.js';

@Module({
  controllers: [DeliveryController],
  providers: [DeliveryRepository, DeliveryService, JobQueue, CreateSubscriberUseCase, UpdateSubscriberUseCase, ReplayDeliveryUseCase],
  exports: [DeliveryService, JobQueue],
})
export class DeliveryModule {}
