/**
 * The rules of disclosure on application a client needs to build a valid step: the reply
 * outcomes with the reasons each takes (domain/outcomes.ts) and which actions need a comment
 * (application-actions.ts). Whether an action is possible now is each application's
 * `availableActions`.
 */
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Policy } from '../authorization/policy.decorator.js';
import { ACTION_FIELDS } from './application-actions.js';
import { ACTIONS, type Action } from './application.types.js';
import { OUTCOMES, OUTCOME_REASONS, type Outcome, type OutcomeReason } from './domain/outcomes.js';

const ALL_REASONS = [...new Set(Object.values(OUTCOME_REASONS).flat())] as OutcomeReason[];

class OutcomeReasonsRule {
  @ApiProperty({ enum: OUTCOMES, example: 'unable_to_provide' }) outcome: Outcome;
  @ApiProperty({
    enum: ALL_REASONS,
    isArray: true,
    example: ['not_held', 'needs_creation', 'unclear_after_correction'],
    description: 'the reasons a reply with this outcome may give; empty: the reply takes no reason',
  })
  reasons: OutcomeReason[];
}

class ApplicationActionRule {
  @ApiProperty({ enum: ACTIONS, example: 'extend' }) action: Action;
  @ApiProperty({ example: true, description: 'the step is refused without a comment' }) commentRequired: boolean;
}

class ApplicationRulesResponse {
  @ApiProperty({ type: [OutcomeReasonsRule], description: 'the reply outcomes in the annual report’s order, each with its valid reasons' })
  outcomes: OutcomeReasonsRule[];
  @ApiProperty({ type: [ApplicationActionRule], description: 'every action, and whether its request must carry a comment' })
  actions: ApplicationActionRule[];
}

const RULES: ApplicationRulesResponse = Object.freeze({
  outcomes: OUTCOMES.map((outcome) => Object.freeze({ outcome, reasons: [...OUTCOME_REASONS[outcome]] as OutcomeReason[] })),
  actions: ACTIONS.map((action) => Object.freeze({ action, commentRequired: ACTION_FIELDS[action].required.includes('comment') })),
});

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class ApplicationRulesController {
  @Get('rules')
  @Policy('read', 'Profile')
  @ApiOperation({ summary: 'The reply outcomes with their valid reasons, and which actions need a comment (any signed-in user)' })
  @ApiOkResponse({ type: ApplicationRulesResponse })
  @ApiUnauthorizedResponse({ description: 'no valid access token' })
  rules(): ApplicationRulesResponse {
    return RULES;
  }
}
