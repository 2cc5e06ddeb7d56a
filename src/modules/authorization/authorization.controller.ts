import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AppAbility } from './ability.factory.js';
import { CurrentAbility, Policy } from './policy.decorator.js';

class AbilityRule {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'approve' }) action: string | string[];
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'Document' }) subject: string | string[];
  @ApiProperty({ required: false, type: Object, example: { state: 'secrecy_review' } }) conditions?: Record<string, unknown>;
  @ApiProperty({ required: false }) inverted?: boolean;
}

class AbilityResponse {
  @ApiProperty({ type: [AbilityRule], description: 'CASL rules of the caller, for createMongoAbility on the client' })
  rules: AbilityRule[];
}

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/me')
export class AuthorizationController {
  @Get('abilities')
  @Policy('read', 'Profile')
  @ApiOperation({ summary: 'The caller’s permission rules (the UI shows only actions these allow; the server checks again)' })
  @ApiOkResponse({ type: AbilityResponse })
  abilities(@CurrentAbility() ability: AppAbility): AbilityResponse {
    return { rules: ability.rules as AbilityRule[] };
  }
}
