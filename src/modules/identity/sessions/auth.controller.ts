import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../../../config/configuration.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../../common/tokens.js';
import { CurrentActor, DuringSecondFactor, Policy, Public } from '../../authorization/policy.decorator.js';
import { LoginResponse } from '../identity.dto.js';
import { CompleteOidcLoginUseCase } from '../oidc/complete-oidc-login.use-case.js';
import { OidcClient } from '../oidc/oidc-client.service.js';
import { refusalPage } from '../oidc/oidc-page.js';
import { SignInRefusal } from '../oidc/sign-in-refusal.js';
import { VerifySecondFactorUseCase } from '../totp/verify-second-factor.use-case.js';
import type { Actor } from '../user.types.js';
import { CurrentSession, sendGrant, type CurrentSessionInfo } from './grant-response.js';
import { LogOutUseCase } from './log-out.use-case.js';
import { RefreshSessionUseCase } from './refresh-session.use-case.js';
import { clearOidcCookie, clearRefreshCookie, OIDC_COOKIE, readCookie, refreshTokenOf, sameOrigin, setOidcCookie, setRefreshCookie, userAgentOf } from './session-cookie.js';
import { OneTimeCodeRequest, SignInOptionsResponse } from './sessions.dto.js';

const COOKIE_HEADER = {
  'Set-Cookie': {
    description:
      'gk_refresh=<refresh token>; Path=/api/v1/auth; HttpOnly; SameSite=Strict (Secure over TLS): the rotating refresh token; and gk_signed_in=1; Path=/ (readable by the web UI, no secret): this browser holds a session',
    schema: { type: 'string' },
  },
};

/** A refusal of single sign-on as the error body every other route answers (for clients that do not ask for HTML). */
function asHttpError(r: SignInRefusal): Error {
  if (r.status === 503) return new ServiceUnavailableException(r.message);
  const code = r.status === 400 ? 'invalid_input' : r.status === 401 ? 'unauthenticated' : r.status === 404 ? 'not_found' : 'forbidden';
  return new DomainError(code, r.message, { reason: r.reason });
}

const wantsHtml = (req: FastifyRequest) => typeof req.headers.accept === 'string' && req.headers.accept.includes('text/html');

@ApiTags('sign-in')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refreshSession: RefreshSessionUseCase,
    private readonly logOut: LogOutUseCase,
    private readonly verifySecondFactor: VerifySecondFactorUseCase,
    private readonly completeOidc: CompleteOidcLoginUseCase,
    private readonly oidc: OidcClient,
  ) {}

  private checkOrigin(req: FastifyRequest): void {
    if (!sameOrigin(req, this.config.publicUrl)) throw new DomainError('forbidden', 'this request comes from another site');
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new access token and a new refresh token, for the refresh cookie',
    description:
      'Send the gk_refresh cookie (browsers do: it is scoped to /api/v1/auth). The token presented is used up; the answer sets the next one. A refresh token presented a second time ends the whole session (reuse detection): log in again. No body.',
  })
  @ApiOkResponse({ type: LoginResponse, headers: COOKIE_HEADER })
  @ApiUnauthorizedResponse({ description: 'no cookie, an unknown, used, expired or ended refresh token, or a user changed since (deactivated, new password, new roles)' })
  @ApiForbiddenResponse({ description: 'the request comes from another site (Origin)' })
  @ApiTooManyRequestsResponse({ description: 'too many refused refreshes from this address' })
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    this.checkOrigin(req);
    try {
      return sendGrant(req, reply, await this.refreshSession.execute({ refreshToken: refreshTokenOf(req), clientIp: req.ip }));
    } catch (e) {
      // Nothing to refresh with any more: the browser forgets the cookie and the signed-in hint.
      if (e instanceof DomainError && e.code === 'unauthenticated') clearRefreshCookie(req, reply);
      throw e;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Ends the session of the refresh cookie (or of the access token): both are refused from now on',
    description: 'Always 204, also when there is nothing to end; the cookie is cleared.',
  })
  @ApiNoContentResponse({ description: 'the session is ended and the cookie cleared' })
  @ApiForbiddenResponse({ description: 'the request comes from another site (Origin)' })
  async logout(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentSession() session: CurrentSessionInfo,
    @CurrentActor() actor: Actor | undefined,
  ): Promise<void> {
    this.checkOrigin(req);
    await this.logOut.execute({ refreshToken: refreshTokenOf(req), sessionId: session.sessionId, actorId: actor?.id ?? null, clientIp: req.ip });
    clearRefreshCookie(req, reply);
  }

  @Get('options')
  @Public()
  @ApiOperation({ summary: 'How one may sign in here (for the login page)' })
  @ApiOkResponse({ type: SignInOptionsResponse })
  options(): SignInOptionsResponse {
    const c = this.config;
    return {
      passwordLogin: c.passwordLogin ? 'all' : c.adminPasswordLogin ? 'admin' : 'none',
      sso: c.oidc ? { displayName: c.oidc.displayName, loginUrl: '/api/v1/auth/oidc/login' } : null,
    };
  }

  @Post('totp')
  @Policy('read', 'Profile')
  @DuringSecondFactor()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The one-time code after single sign-on',
    description:
      'A user with a second factor who signed in through the provider gets a session with restriction `totp`: this route takes the code (TOTP or a recovery code) and makes it a full session. The login limits apply.',
  })
  @ApiNoContentResponse({ description: 'the session is a full one now' })
  @ApiBadRequestResponse({ description: 'the code is wrong, or was already used' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins of the account or from the address' })
  async totp(@Body() body: OneTimeCodeRequest, @CurrentActor() actor: Actor, @CurrentSession() session: CurrentSessionInfo, @Req() req: FastifyRequest): Promise<void> {
    await this.verifySecondFactor.execute({ actor, sessionId: session.sessionId!, restriction: session.restriction, code: body.code, clientIp: req.ip });
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({
    summary: 'Single sign-on: redirects to the OpenID provider (authorization code with PKCE, state, nonce)',
    description: 'Sets the gk_oidc cookie (the sign-in’s sealed state, ten minutes). `next`: a path of the web UI to come back to.',
  })
  @ApiQuery({ name: 'next', required: false, example: '/tasks' })
  @ApiFoundResponse({ description: 'to the provider’s authorization endpoint' })
  @ApiNotFoundResponse({ description: 'single sign-on is not configured' })
  async oidcLogin(@Query('next') next: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const { url, sealed, maxAge } = await this.oidc.begin(this.callbackUrl(req), next);
      setOidcCookie(req, reply, sealed, maxAge);
      void reply.code(302).header('location', url).send();
    } catch (e) {
      if (e instanceof SignInRefusal) throw asHttpError(e);
      throw e;
    }
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({
    summary: 'Single sign-on: the provider sends the browser back here',
    description:
      'Checks `state` against the browser’s gk_oidc cookie, redeems the code (PKCE), validates the ID token (signature, issuer, audience, expiry, nonce) and signs in the active user whose username is the OIDC_USERNAME_CLAIM value; then 302 to the web UI with the refresh cookie set. A refusal answers a page saying why (or the JSON error, unless the client accepts text/html).',
  })
  @ApiProduces('text/html', 'application/json')
  @ApiFoundResponse({ description: 'signed in: to the web UI page the sign-in started from', headers: COOKIE_HEADER })
  @ApiBadRequestResponse({ description: 'no or a wrong `state` (another browser, expired), an error from the provider, a code the provider refused' })
  @ApiUnauthorizedResponse({ description: 'the ID token did not validate (audience, nonce, signature, expiry)' })
  @ApiForbiddenResponse({ description: 'no user with that username here, or the user is deactivated' })
  @ApiNotFoundResponse({ description: 'single sign-on is not configured' })
  async oidcCallback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = req.url.indexOf('?');
    clearOidcCookie(req, reply);
    try {
      const result = await this.completeOidc.execute({
        sealedState: readCookie(req.headers.cookie, OIDC_COOKIE),
        query: q < 0 ? '' : req.url.slice(q + 1),
        clientIp: req.ip,
        userAgent: userAgentOf(req),
      });
      setRefreshCookie(req, reply, result.refreshToken, result.refreshMaxAge);
      void reply.code(302).header('location', result.next).send();
    } catch (e) {
      if (!(e instanceof SignInRefusal)) throw e;
      if (!wantsHtml(req)) throw asHttpError(e);
      void reply.code(e.status).type('text/html; charset=utf-8').send(refusalPage(e.reason, e.status));
    }
  }

  /** The redirect URI: under PUBLIC_URL when set, else under the address the browser used. */
  private callbackUrl(req: FastifyRequest): string {
    const base = this.config.publicUrl ?? `${req.protocol}://${req.host}`;
    return `${base}/api/v1/auth/oidc/callback`;
  }
}
