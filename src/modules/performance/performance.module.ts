import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { PerformanceController } from './performance.controller.js';
import { PerformanceRepository } from './performance.repository.js';
import { PerformanceService } from './performance.service.js';
import { SetPerformanceRubricUseCase } from './set-performance-rubric.use-case.js';

/** The performance assessment of units (绩效考核, Art. 46): metrics, the rubric, the ranking, trends, the units' public figures. */
@Module({
  imports: [ApplicationsModule, SupervisionModule],
  controllers: [PerformanceController],
  providers: [PerformanceRepository, PerformanceService, SetPerformanceRubricUseCase],
})
export class PerformanceModule {}
