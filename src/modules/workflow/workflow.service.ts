import { Injectable } from '@nestjs/common';
import { AbilityFactory, type AppAbility } from '../authorization/ability.factory.js';
import type { DocumentActions } from '../documents/document.dto.js';
import { asSubject } from '../documents/document.mapper.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import { RecallRule } from './recall-rule.js';
import { actionsFrom, findTransition, type WorkflowAction } from './transitions.js';

/** What a caller may do with a document now, from the same rules the use cases apply. */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly abilities: AbilityFactory,
    private readonly recall: RecallRule,
  ) {}

  async available(actor: Actor, ability: AppAbility, id: string): Promise<DocumentActions> {
    const doc = await this.documents.getReadable(ability, id);
    const subject = asSubject(doc);
    const actions: WorkflowAction[] = [];
    let onBehalfOfId: string | null = null;
    const parts = this.abilities.partsOf(actor);
    for (const a of actionsFrom(doc.state)) {
      const acting = this.abilities.actingFor(actor, a, subject, parts);
      if (!acting) continue;
      if (a === 'propose' && !(doc.reviewDueAt && new Date(doc.reviewDueAt).getTime() <= Date.now())) continue;
      if (a === 'recall' && !(await this.recall.allows(actor, doc, findTransition(doc.state, 'recall')!))) continue;
      actions.push(a);
      onBehalfOfId ??= acting.onBehalfOf?.id ?? null;
    }
    const returnTo: ('drafter' | 'previous')[] = [];
    if (actions.includes('return')) {
      returnTo.push('drafter');
      if (findTransition(doc.state, 'return', 'previous')) returnTo.push('previous');
    }
    const other: DocumentActions['other'] = [];
    if (ability.can('update', subject)) other.push('edit');
    if (ability.can('consult', subject)) other.push('consult');
    if (ability.can('urge', subject)) other.push('urge');
    if (ability.can('redact', subject)) other.push('redact');
    return { actions, returnTo, other, onBehalfOfId };
  }
}
