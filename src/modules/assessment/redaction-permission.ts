import { DomainError, forbidden } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { asSubject } from '../documents/document.mapper.js';

/** 409 when the state forbids changing redactions, 403 when the caller may not redact at all. */
export function checkRedact(ability: AppAbility, doc: Parameters<typeof asSubject>[0]): void {
  if (ability.can('redact', asSubject(doc))) return;
  for (const state of ['attribute_review', 'leader_review']) {
    if (ability.can('redact', asSubject(doc, { state }))) throw new DomainError('invalid_state', `redactions cannot be changed in state ${doc.state}`);
  }
  throw forbidden('only the disclosure office (at attribute review) or the leader in charge (at sign-off) may redact');
}
