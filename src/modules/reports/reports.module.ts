import { Module } from '@nestjs/common';

/** The annual report (Art. 50), computed from the data. */
@Module({})
export class ReportsModule {}
