import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/configuration.js';
import { DatabaseModule } from './common/database/database.module.js';
import { dataSourceOptions } from './common/database/data-source-options.js';
import { APP_CONFIG, DATABASE_URL } from './common/tokens.js';
import { ApplicationsModule } from './modules/applications/applications.module.js';
import { AttachmentsModule } from './modules/attachments/attachments.module.js';
import { AssessmentModule } from './modules/assessment/assessment.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthorizationModule } from './modules/authorization/authorization.module.js';
import { CatalogueModule } from './modules/catalogue/catalogue.module.js';
import { ComplaintsModule } from './modules/complaints/complaints.module.js';
import { ConsultationsModule } from './modules/consultations/consultations.module.js';
import { DelegationsModule } from './modules/delegations/delegations.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { DocumentsModule } from './modules/documents/documents.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { PerformanceModule } from './modules/performance/performance.module.js';
import { ReferralsModule } from './modules/referrals/referrals.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { SupervisionModule } from './modules/supervision/supervision.module.js';
import { UnitProfilesModule } from './modules/units/unit-profiles.module.js';
import { WorkflowModule } from './modules/workflow/workflow.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.dbPoolSize, config.dbPreparedStatements), retryAttempts: 3, retryDelay: 1000 }),
        {
          module: ConfigHolder,
          global: true,
          providers: [
            { provide: APP_CONFIG, useValue: config },
            { provide: DATABASE_URL, useValue: databaseUrl },
          ],
          exports: [APP_CONFIG, DATABASE_URL],
        },
        DatabaseModule,
        AuditModule,
        IdentityModule,
        AuthorizationModule,
        DocumentsModule,
        WorkflowModule,
        ConsultationsModule,
        NotificationsModule,
        DelegationsModule,
        SupervisionModule,
        UnitProfilesModule,
        AssessmentModule,
        CatalogueModule,
        AttachmentsModule,
        HealthModule,
        ApplicationsModule,
        ComplaintsModule,
        ReferralsModule,
        ReportsModule,
        PerformanceModule,
        DemoModule,
      ],
    };
  }
}

@Module({})
class ConfigHolder {}
