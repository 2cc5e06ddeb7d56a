import { Module } from '@nestjs/common';
import { ChannelsController } from './channels.controller.js';
import { ChannelsRepository } from './channels.repository.js';
import { ChannelsService } from './channels.service.js';
import { CreateSubscriberUseCase } from './create-subscriber.use-case.js';
import { DeliveryController } from './delivery.controller.js';
import { HoldDeliveryUseCase } from './hold-delivery.use-case.js';
import { RecordDeliveryAttemptUseCase } from './record-delivery-attempt.use-case.js';
import { ReplayDeliveryUseCase } from './replay-delivery.use-case.js';
import { UpdateSubscriberUseCase } from './update-subscriber.use-case.js';
import { DeliveryRepository } from './delivery.repository.js';
import { DeliveryService } from './delivery.service.js';
import { ExchangeRepository } from './exchange.repository.js';
import { JobQueue } from './job-queue.service.js';

@Module({
  controllers: [DeliveryController, ChannelsController],
  providers: [
    DeliveryRepository,
    ExchangeRepository,
    DeliveryService,
    JobQueue,
    CreateSubscriberUseCase,
    UpdateSubscriberUseCase,
    ReplayDeliveryUseCase,
    HoldDeliveryUseCase,
    RecordDeliveryAttemptUseCase,
    ChannelsRepository,
    ChannelsService,
  ],
  exports: [DeliveryService, JobQueue],
})
export class DeliveryModule {}
