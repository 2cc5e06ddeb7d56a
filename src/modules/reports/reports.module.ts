import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PublishAnnualReportUseCase } from './publish-annual-report.use-case.js';
import { RepealDocumentUseCase } from './repeal-document.use-case.js';
import { ReportSubmissionsController } from './report-submissions.controller.js';
import { ReportSubmissionsRepository } from './report-submissions.repository.js';
import { ReportSubmissionsService } from './report-submissions.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { SaveReportInputsUseCase } from './save-report-inputs.use-case.js';
import { SaveReportNarrativeUseCase } from './save-report-narrative.use-case.js';
import { SubmitAnnualReportUseCase } from './submit-annual-report.use-case.js';

/** The annual report (Art. 50), computed from the data: tables, exports, narrative, publication, submission, reminders. */
@Module({
  imports: [DocumentsModule, CatalogueModule, DeliveryModule],
  controllers: [ReportsController, ReportSubmissionsController],
  providers: [
    ReportsRepository,
    ReportsService,
    SaveReportInputsUseCase,
    SaveReportNarrativeUseCase,
    PublishAnnualReportUseCase,
    RepealDocumentUseCase,
    ReportSubmissionsRepository,
    ReportSubmissionsService,
    SubmitAnnualReportUseCase,
  ],
  exports: [ReportsService],
})
export class ReportsModule {}
