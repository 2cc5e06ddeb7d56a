import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PublicAttribute } from '../documents/document.types.js';
import type { DocumentRow } from '../documents/documents.repository.js';

/**
 * The confidentiality gate on the review chain. The assessment module fills it in; until then it
 * lets every step through.
 */
@Injectable()
export class AssessmentGate {
  async beforeSecrecyApproval(_m: EntityManager, _doc: DocumentRow, _acknowledged: boolean): Promise<void> {}
  async beforeDecision(_m: EntityManager, _doc: DocumentRow, _finalAttribute: PublicAttribute): Promise<void> {}
}
