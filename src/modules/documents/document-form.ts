import { DomainError, invalidInput } from '../../common/errors/domain-error.js';
import { MAX_BODY_BYTES } from './document.types.js';
import type { FormFields } from './documents.repository.js';

/** Cross-field rules of the form that a per-field validator cannot express. */
export function checkForm(f: FormFields): void {
  if (Buffer.byteLength(f.body, 'utf8') > MAX_BODY_BYTES) {
    throw new DomainError('payload_too_large', `body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  if (f.publicAttribute === 'not_public' && !f.nonDisclosureReason) {
    throw invalidInput('nonDisclosureReason is required when publicAttribute is not_public');
  }
  if (f.publicAttribute !== 'not_public' && f.nonDisclosureReason) {
    throw invalidInput('nonDisclosureReason is only allowed when publicAttribute is not_public');
  }
  if (f.docType === 'interpretation' && !f.interprets) {
    throw invalidInput('interprets is required for an interpretation (docType interpretation): the id of the document it interprets');
  }
  if (f.docType !== 'interpretation' && (f.interprets || f.interpretationForm)) {
    throw invalidInput('interprets and interpretationForm are only accepted with docType interpretation');
  }
}
