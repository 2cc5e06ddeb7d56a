import { Module } from '@nestjs/common';

/** Disclosure on application: intake, the five links, the statutory clock, appeals. */
@Module({})
export class ApplicationsModule {}
