import { Injectable } from '@nestjs/common';
import { DomainError, invalidInput } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DocumentsRepository, type FormFields } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';

/**
 * What an interpretation (政策解读) may interpret: a document its drafter may read (else 404, as
 * for any document the caller cannot see), that is not itself an interpretation (400), not the
 * interpretation itself (400), and that can still be published (409 once withdrawn or revoked).
 */
@Injectable()
export class InterpretedDocument {
  constructor(
    private readonly documents: DocumentsService,
    private readonly repo: DocumentsRepository,
  ) {}

  /** `selfId`: the document being edited (null while creating one). */
  async check(ability: AppAbility, f: FormFields, selfId: string | null): Promise<void> {
    if (f.docType !== 'interpretation' || !f.interprets) return;
    if (f.interprets === selfId) throw invalidInput('interprets: an interpretation cannot interpret itself');
    if (selfId && (await this.repo.hasInterpretations(selfId))) {
      throw invalidInput('docType: this document has interpretations of its own, so it cannot become an interpretation');
    }
    const main = await this.documents.getReadable(ability, f.interprets).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'not_found') throw new DomainError('not_found', 'interprets: the document it interprets was not found');
      throw e;
    });
    if (main.docType === 'interpretation') throw invalidInput('interprets: that document is itself an interpretation; interpret the document it interprets');
    if (main.state === 'withdrawn' || main.state === 'revoked') {
      throw new DomainError('invalid_state', `interprets: the document it interprets was ${main.state} and will not be published`);
    }
  }
}
