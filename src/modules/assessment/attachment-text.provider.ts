import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AttachmentText, AttachmentTextSource } from './attachment-text.port.js';

/** Attachments' extracted text for the assessment and the public copy. */
@Injectable()
export class AttachmentTextProvider implements AttachmentTextSource {
  async texts(_m: EntityManager | DataSource, _documentId: string): Promise<AttachmentText[]> {
    return [];
  }
}
