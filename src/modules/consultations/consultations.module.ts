import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { AnswerConsultationUseCase } from './answer-consultation.use-case.js';
import { ConsultUnitsUseCase } from './consult-units.use-case.js';
import { ConsultationsController } from './consultations.controller.js';
import { ConsultationsRepository } from './consultations.repository.js';
import { ConsultationsService } from './consultations.service.js';

/** Consultation of units (征求意见): the office asks, the units' liaisons answer. */
@Module({
  imports: [DocumentsModule, SupervisionModule, IdempotencyModule, NotificationsModule],
  controllers: [ConsultationsController],
  providers: [ConsultationsRepository, ConsultationsService, ConsultUnitsUseCase, AnswerConsultationUseCase],
  exports: [ConsultationsRepository],
})
export class ConsultationsModule {}
