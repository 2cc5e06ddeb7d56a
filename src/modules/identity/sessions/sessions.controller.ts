import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_PAGE_LIMIT, PageQuery } from '../../../common/pagination/pagination.js';
import { CurrentActor, DuringSecondFactor, Policy } from '../../authorization/policy.decorator.js';
import { ConfirmTotpUseCase } from '../totp/confirm-totp.use-case.js';
import { SecondFactorService } from '../totp/second-factor.service.js';
import { ResetTotpUseCase } from '../totp/reset-totp.use-case.js';
import { StartTotpEnrolmentUseCase } from '../totp/start-totp-enrolment.use-case.js';
import type { Actor } from '../user.types.js';
import { EndSessionsUseCase } from './end-sessions.use-case.js';
import { CurrentSession, type CurrentSessionInfo } from './grant-response.js';
import { SessionIssuer } from './session-issuer.js';
import { EndedSessionsResponse, SessionPage, TotpConfirmRequest, TotpConfirmResponse, TotpEnrolmentResponse, TotpStatusResponse } from './sessions.dto.js';
import { SessionsService } from './sessions.service.js';

/** Sessions (a user's own, and any user's for an admin) and the second factor. */
@ApiTags('sign-in')
@ApiBearerAuth()
@Controller('api/v1')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly endSessions: EndSessionsUseCase,
    private readonly startTotp: StartTotpEnrolmentUseCase,
    private readonly confirmTotp: ConfirmTotpUseCase,
    private readonly resetTotp: ResetTotpUseCase,
    private readonly secondFactor: SecondFactorService,
    private readonly issuer: SessionIssuer,
  ) {}

  @Get('users/:id/sessions')
  @Policy('manage', 'User')
  @ApiOperation({ summary: 'A user’s live sessions, newest first (admin)', description: 'Live: not ended, not expired. Keyset-paginated.' })
  @ApiOkResponse({ type: SessionPage })
  @ApiNotFoundResponse({ description: 'no such user' })
  @ApiForbiddenResponse({ description: 'not an administrator' })
  listOfUser(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: PageQuery, @CurrentSession() current: CurrentSessionInfo): Promise<SessionPage> {
    return this.sessions.listOfUser(id, q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor, current.sessionId);
  }

  @Delete('users/:id/sessions/:sessionId')
  @Policy('manage', 'User')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends one session of a user (admin): its access and refresh tokens are refused at once' })
  @ApiNoContentResponse({ description: 'ended' })
  @ApiNotFoundResponse({ description: 'no such user, or no live session of theirs with that id' })
  @ApiForbiddenResponse({ description: 'not an administrator' })
  async endOne(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.endSessions.execute({ actor, userId: id, sessionId });
  }

  @Delete('users/:id/sessions')
  @Policy('manage', 'User')
  @ApiOperation({ summary: 'Ends every session of a user (admin): signed out everywhere, at once' })
  @ApiOkResponse({ type: EndedSessionsResponse })
  @ApiNotFoundResponse({ description: 'no such user' })
  @ApiForbiddenResponse({ description: 'not an administrator' })
  endAll(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<EndedSessionsResponse> {
    return this.endSessions.execute({ actor, userId: id, sessionId: null });
  }

  @Get('me/sessions')
  @Policy('read', 'Profile')
  @ApiOperation({ summary: 'The caller’s own live sessions, newest first (`current` marks this one)' })
  @ApiOkResponse({ type: SessionPage })
  mine(@CurrentActor() actor: Actor, @Query() q: PageQuery, @CurrentSession() current: CurrentSessionInfo): Promise<SessionPage> {
    return this.sessions.listOfUser(actor.id, q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor, current.sessionId);
  }

  @Delete('me/sessions/:sessionId')
  @Policy('read', 'Profile')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends one of the caller’s own sessions (another device, or this one)' })
  @ApiNoContentResponse({ description: 'ended' })
  @ApiNotFoundResponse({ description: 'no live session of the caller with that id' })
  async endMine(@Param('sessionId', new ParseUUIDPipe()) sessionId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.endSessions.execute({ actor, userId: actor.id, sessionId });
  }

  @Get('me/totp')
  @Policy('read', 'Profile')
  @DuringSecondFactor()
  @ApiOperation({ summary: 'The caller’s second factor: enabled, pending, recovery codes left, required by their role' })
  @ApiOkResponse({ type: TotpStatusResponse })
  async totpStatus(@CurrentActor() actor: Actor): Promise<TotpStatusResponse> {
    return { ...(await this.secondFactor.status(actor.id)), required: this.issuer.mfaRequired(actor.roles) };
  }

  @Post('me/totp')
  @Policy('read', 'Profile')
  @DuringSecondFactor()
  @ApiOperation({
    summary: 'Starts enrolling a second factor (TOTP): the otpauth URL to scan',
    description: 'A new secret each time until it is confirmed (POST /api/v1/me/totp/confirm); the secret is never shown again after that.',
  })
  @ApiCreatedResponse({ type: TotpEnrolmentResponse })
  @ApiConflictResponse({ description: 'a second factor is already enabled (an administrator can reset it)' })
  enrol(@CurrentActor() actor: Actor): Promise<TotpEnrolmentResponse> {
    return this.startTotp.execute({ actor });
  }

  @Post('me/totp/confirm')
  @Policy('read', 'Profile')
  @DuringSecondFactor()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enables the second factor with a current code; answers the recovery codes, once',
    description: 'From now on POST /api/v1/auth/login needs "totp". A session waiting for enrolment (MFA_REQUIRED_ROLES) becomes a full one.',
  })
  @ApiOkResponse({ type: TotpConfirmResponse })
  @ApiBadRequestResponse({ description: 'the code is not a current code of the enrolment’s secret' })
  @ApiConflictResponse({ description: 'no enrolment started, or the second factor is already enabled' })
  confirm(@Body() body: TotpConfirmRequest, @CurrentActor() actor: Actor, @CurrentSession() current: CurrentSessionInfo, @Req() req: FastifyRequest): Promise<TotpConfirmResponse> {
    return this.confirmTotp.execute({ actor, sessionId: current.sessionId!, code: body.code, clientIp: req.ip });
  }

  @Delete('users/:id/totp')
  @Policy('manage', 'User')
  @HttpCode(204)
  @ApiOperation({ summary: 'Removes a user’s second factor and recovery codes (admin; a lost phone); their sessions end' })
  @ApiNoContentResponse({ description: 'removed; the user enrols again' })
  @ApiNotFoundResponse({ description: 'no such user, or the user has no second factor' })
  @ApiForbiddenResponse({ description: 'not an administrator' })
  async reset(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.resetTotp.execute({ actor, userId: id });
  }
}
