import { Module } from '@nestjs/common';

/** Attachments of the signing-and-approval form (Art. 24: search, view, download). */
@Module({})
export class AttachmentsModule {}
