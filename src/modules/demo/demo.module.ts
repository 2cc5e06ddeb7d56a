import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { ReferralsModule } from '../referrals/referrals.module.js';
import { UnitProfilesModule } from '../units/unit-profiles.module.js';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { DemoSeeder } from './demo.seeder.js';

@Module({ imports: [ApplicationsModule, ComplaintsModule, DocumentsModule, WorkflowModule, UnitProfilesModule, ReferralsModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
