/**
 * The public facts of the review chain's transition table (transitions.ts), for clients that must
 * know before sending a step whether it needs a comment. Who may take a step is not here: that is
 * each caller's own ability (GET /api/v1/me/abilities).
 */
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Policy } from '../authorization/policy.decorator.js';
import { DOCUMENT_STATES, type DocumentState } from '../documents/document.types.js';
import { TRANSITIONS, WORKFLOW_ACTIONS, type WorkflowAction } from './transitions.js';

class WorkflowTransitionRule {
  @ApiProperty({ enum: DOCUMENT_STATES, example: 'leader_review' }) from: DocumentState;
  @ApiProperty({ enum: WORKFLOW_ACTIONS, example: 'return' }) action: WorkflowAction;
  @ApiProperty({
    enum: [...DOCUMENT_STATES, 'decided'],
    example: 'returned',
    description: 'decided: published when the final public attribute is proactive, otherwise issued',
  })
  to: DocumentState | 'decided';
  @ApiProperty({ example: true, description: 'the step is refused without a comment' }) commentRequired: boolean;
}

class WorkflowRulesResponse {
  @ApiProperty({ type: [WorkflowTransitionRule], description: 'every (state, action) the workflow allows, in the table’s order' })
  transitions: WorkflowTransitionRule[];
}

const RULES: WorkflowRulesResponse = Object.freeze({
  transitions: TRANSITIONS.map(({ from, action, to, commentRequired }) => Object.freeze({ from, action, to, commentRequired })),
});

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('api/v1/workflow')
export class WorkflowRulesController {
  @Get('rules')
  @Policy('read', 'Profile')
  @ApiOperation({ summary: 'The workflow’s transitions: from which state each action leads where, and whether it needs a comment (any signed-in user)' })
  @ApiOkResponse({ type: WorkflowRulesResponse })
  @ApiUnauthorizedResponse({ description: 'no valid access token' })
  rules(): WorkflowRulesResponse {
    return RULES;
  }
}
