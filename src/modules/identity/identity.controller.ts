import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_PAGE_LIMIT, PageQuery } from '../../common/pagination/pagination.js';
import { CurrentActor, Policy, Public } from '../authorization/policy.decorator.js';
import {
  CreateUnitRequest,
  CreateUserRequest,
  DirectoryPage,
  DirectoryQuery,
  LoginRequest,
  LoginResponse,
  UnitPage,
  UnitResponse,
  UpdateUserRequest,
  UserPage,
  UserResponse,
} from './identity.dto.js';
import { CreateUnitUseCase } from './create-unit.use-case.js';
import { CreateUserUseCase } from './create-user.use-case.js';
import { IdentityService } from './identity.service.js';
import type { Actor } from './user.types.js';
import { LogInUseCase } from './log-in.use-case.js';
import { sendGrant } from './sessions/grant-response.js';
import { userAgentOf } from './sessions/session-cookie.js';
import { UpdateUserUseCase } from './update-user.use-case.js';

@ApiTags('identity')
@Controller('api/v1')
export class IdentityController {
  constructor(
    private readonly identity: IdentityService,
    private readonly logIn: LogInUseCase,
    private readonly createUnit: CreateUnitUseCase,
    private readonly createUser: CreateUserUseCase,
    private readonly updateUser: UpdateUserUseCase,
  ) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in; returns a short-lived access token and sets the rotating refresh cookie',
    description:
      'The refresh token is set as the gk_refresh cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth, Secure over TLS): POST /api/v1/auth/refresh gives the next access token. Once the user has a second factor, "totp" is required.',
  })
  @ApiOkResponse({
    type: LoginResponse,
    headers: { 'Set-Cookie': { description: 'gk_refresh=<refresh token>; Path=/api/v1/auth; HttpOnly; SameSite=Strict (Secure over TLS)', schema: { type: 'string' } } },
  })
  @ApiUnauthorizedResponse({
    description: 'wrong username or password (same message for both); for a user with a second factor, a missing (details.totp "required"), wrong or already used one-time code',
  })
  @ApiForbiddenResponse({ description: 'password login is turned off here (PASSWORD_LOGIN=false): sign in with single sign-on' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins from this address or for this account (Retry-After)' })
  async login(@Body() body: LoginRequest, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    const result = await this.logIn.execute({ username: body.username, password: body.password, totp: body.totp, clientIp: req.ip, userAgent: userAgentOf(req) });
    return sendGrant(req, reply, result);
  }

  @Get('me')
  @Policy('read', 'Profile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    return this.identity.me(actor);
  }

  @Post('units')
  @Policy('manage', 'Unit')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a unit (admin)' })
  @ApiCreatedResponse({ type: UnitResponse })
  @ApiConflictResponse({ description: 'the code is taken' })
  @ApiBadRequestResponse({ description: 'invalid code or name' })
  @ApiForbiddenResponse({ description: 'not an administrator' })
  addUnit(@Body() body: CreateUnitRequest, @CurrentActor() actor: Actor): Promise<UnitResponse> {
    return this.createUnit.execute({ actor, code: body.code, name: body.name });
  }

  @Get('units')
  @Policy('read', 'Unit')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List units, by code' })
  @ApiOkResponse({ type: UnitPage })
  listUnits(@Query() q: PageQuery): Promise<UnitPage> {
    return this.identity.listUnits(q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor);
  }

  @Post('users')
  @Policy('manage', 'User')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'the username is taken' })
  addUser(@Body() body: CreateUserRequest, @CurrentActor() actor: Actor): Promise<UserResponse> {
    return this.createUser.execute({ actor, user: body });
  }

  @Get('users/directory')
  @Policy('read', 'Profile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Active people to choose from (e.g. a deputy): name, unit and roles only (any signed-in user)' })
  @ApiOkResponse({ type: DirectoryPage })
  directory(@Query() q: DirectoryQuery): Promise<DirectoryPage> {
    return this.identity.directory(q.q, q.limit ?? 50);
  }

  @Get('users')
  @Policy('manage', 'User')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List users, by username (admin)' })
  @ApiOkResponse({ type: UserPage })
  listUsers(@Query() q: PageQuery): Promise<UserPage> {
    return this.identity.listUsers(q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor);
  }

  @Patch('users/:id')
  @Policy('manage', 'User')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a user (admin); deactivation, password and role changes apply at once' })
  @ApiOkResponse({ type: UserResponse })
  changeUser(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserRequest,
    @CurrentActor() actor: Actor,
  ): Promise<UserResponse> {
    return this.updateUser.execute({ actor, id, changes: body });
  }
}
