import { Body, Controller, Get, Header, Headers, Inject, Param, ParseUUIDPipe, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../../../config/configuration.js';
import { etagOf, requireIfMatch } from '../../common/http/etag.js';
import { PUBLIC_REVALIDATE } from '../../common/http/http-edge.js';
import { APP_CONFIG } from '../../common/tokens.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CurrentAbility, CurrentActor, Policy, Public } from '../authorization/policy.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { SaveUnitProfileUseCase } from './save-unit-profile.use-case.js';
import { GuideQuery, GuideResponse, SaveUnitProfileRequest, UnitProfileResponse } from './unit-profile.dto.js';
import { UnitProfilesService, toProfileResponse } from './unit-profiles.service.js';

@ApiTags('units')
@Controller('api/v1/units')
export class UnitProfilesController {
  constructor(
    private readonly profiles: UnitProfilesService,
    private readonly saveProfile: SaveUnitProfileUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Put(':id/profile')
  @Policy('update', 'UnitProfile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Write a unit’s profile, from which its disclosure guide is made: a new version (admin, or a liaison of that unit)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'required once the unit has a profile: its ETag, e.g. "3"' })
  @ApiOkResponse({ type: UnitProfileResponse, description: 'the new version, with ETag' })
  @ApiResponse({ status: 400, description: 'a field is missing or invalid (named in the message): a phone, a postcode, …' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 428, description: 'If-Match is missing (the unit has a profile)' })
  async save(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SaveUnitProfileRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @CurrentAbility() ability: AppAbility,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UnitProfileResponse> {
    const version = ifMatch === undefined || ifMatch.trim() === '' ? undefined : requireIfMatch(ifMatch);
    const { unit, profile } = await this.saveProfile.execute({ actor, ability, unitId: id, version, profile: body });
    void reply.header('etag', etagOf(profile.version));
    return toProfileResponse(unit, profile);
  }

  @Get(':id/profile')
  @Policy('read', 'Unit')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A unit’s current profile, with ETag' })
  @ApiOkResponse({ type: UnitProfileResponse })
  @ApiNotFoundResponse({ description: 'unknown unit, or no profile yet' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<UnitProfileResponse> {
    const p = await this.profiles.profile(id);
    void reply.header('etag', etagOf(p.version));
    return p;
  }

  @Get(':id/profile/history')
  @Policy('read', 'Unit')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Every version of a unit’s profile, newest first' })
  @ApiOkResponse({ type: [UnitProfileResponse] })
  history(@Param('id', new ParseUUIDPipe()) id: string): Promise<UnitProfileResponse[]> {
    return this.profiles.history(id);
  }

  @Get(':code/guide')
  @Public()
  @Header('cache-control', PUBLIC_REVALIDATE)
  @ApiOperation({ summary: 'A unit’s disclosure guide (政府信息公开指南): its profile and the standard sections, with the date of its last update; stale after 365 days' })
  @ApiOkResponse({ type: GuideResponse, description: 'with an ETag of its content (304 to a matching If-None-Match)' })
  @ApiNotFoundResponse({ description: 'unknown unit, or no profile yet' })
  async guide(@Param('code') code: string, @Query() q: GuideQuery, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<GuideResponse> {
    const guide = await this.profiles.guide(code, q.lang ?? 'zh', this.config.publicUrl ?? `${req.protocol}://${req.host}`);
    // The guide is made on each request (its staleness moves with the clock): its ETag is its content.
    void reply.header('etag', `"${createHash('sha256').update(JSON.stringify(guide)).digest('base64url').slice(0, 27)}"`);
    return guide;
  }
}
