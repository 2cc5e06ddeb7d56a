import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { AppConfig, OidcConfig } from '../../../../config/configuration.js';
import { APP_CONFIG } from '../../../common/tokens.js';
import { TokenService } from '../token.service.js';
import { openPending, PENDING_SIGN_IN_SECONDS, safeNext, sealPending } from './oidc-state.js';
import { SignInRefusal } from './sign-in-refusal.js';

/** Who the provider says signed in. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  /** The OIDC_USERNAME_CLAIM value, lower-cased (usernames are lower case). */
  username: string;
  next: string;
}

/** openid-client errors that mean "the provider could not be reached" rather than "it said no". */
function unreachable(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (c instanceof TypeError && /fetch/i.test(c.message)) return true;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|UND_ERR_)/.test(code)) return true;
    if (c === (c as { cause?: unknown }).cause) break;
  }
  return false;
}

/**
 * For the audit: the library's message and code, and the claim that failed (aud, nonce, iss,
 * exp…), which oauth4webapi names in the cause of the error openid-client wraps it in.
 */
function describe(e: unknown): { error: string; code: unknown; claim: string | null; cause: string | null } {
  let claim: string | null = null;
  let cause: string | null = null;
  for (let c: unknown = (e as { cause?: unknown }).cause, depth = 0; c && typeof c === 'object' && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if (c instanceof Error) cause ??= c.message;
    const named = (c as { claim?: unknown }).claim;
    if (typeof named === 'string') claim ??= named;
  }
  return { error: e instanceof Error ? e.message : String(e), code: (e as { code?: unknown }).code ?? null, claim, cause };
}

/**
 * The relying party of single sign-on (openid-client): authorization code flow with PKCE (S256),
 * `state` and `nonce`; the ID token's signature, issuer, audience, expiry and nonce are checked by
 * the library. The provider's metadata is discovered on first use (the service starts while the
 * provider is down) and kept; a failed discovery is tried again on the next sign-in.
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger('OIDC');
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  get settings(): OidcConfig | null {
    return this.config.oidc;
  }

  private get key(): Buffer {
    return this.tokens.subkey('oidc-pending-sign-in');
  }

  private configuration(): Promise<oidc.Configuration> {
    const o = this.config.oidc;
    if (!o) throw new SignInRefusal('not_configured', 'single sign-on is not configured (OIDC_ISSUER)');
    this.discovered ??= oidc
      .discovery(new URL(o.issuer), o.clientId, undefined, oidc.ClientSecretBasic(o.clientSecret), {
        // configuration.ts allows http only for a provider on this host.
        execute: new URL(o.issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        this.discovered = null;
        this.logger.error({ err: e instanceof Error ? e.message : String(e), issuer: o.issuer }, 'the OpenID provider could not be discovered');
        throw new SignInRefusal('provider_unavailable', 'the sign-in provider does not answer; try again in a moment', { error: e instanceof Error ? e.message : String(e) });
      });
    return this.discovered;
  }

  /** The provider's authorization URL and the sealed state for the browser's cookie. */
  async begin(redirectUri: string, next: unknown): Promise<{ url: string; sealed: string; maxAge: number }> {
    const config = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      redirectUri,
      next: safeNext(next),
      expiresAt: Date.now() + PENDING_SIGN_IN_SECONDS * 1000,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.config.oidc!.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, sealed: sealPending(this.key, pending), maxAge: PENDING_SIGN_IN_SECONDS };
  }

  /** Checks the callback against the browser's sealed state, redeems the code and reads the username claim. */
  async finish(sealed: string | null, rawQuery: string): Promise<ProviderIdentity> {
    const o = this.config.oidc;
    if (!o) throw new SignInRefusal('not_configured', 'single sign-on is not configured (OIDC_ISSUER)');
    const pending = openPending(this.key, sealed);
    if (!pending) throw new SignInRefusal('state_missing', 'this sign-in was not started in this browser, or took more than ten minutes');
    const params = new URLSearchParams(rawQuery);
    if (params.get('state') !== pending.state) throw new SignInRefusal('state_mismatch', 'the answer does not belong to the sign-in this browser started', { state: params.get('state')?.slice(0, 100) ?? null });
    if (params.has('error')) {
      throw new SignInRefusal('provider_error', 'the sign-in provider did not sign you in', { error: params.get('error')?.slice(0, 100), description: params.get('error_description')?.slice(0, 300) });
    }
    const config = await this.configuration();
    const callbackUrl = new URL(pending.redirectUri);
    callbackUrl.search = params.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      const detail = describe(e);
      if (e instanceof oidc.ResponseBodyError) throw new SignInRefusal('code_rejected', 'the sign-in provider refused the sign-in code (used already, or expired)', { ...detail, providerError: e.error });
      if (e instanceof oidc.AuthorizationResponseError) throw new SignInRefusal('provider_error', 'the sign-in provider did not sign you in', { ...detail, providerError: e.error });
      if (unreachable(e)) throw new SignInRefusal('provider_unavailable', 'the sign-in provider does not answer; try again in a moment', detail);
      throw new SignInRefusal('id_token_invalid', 'the sign-in provider’s answer could not be verified', detail);
    }
    const claims = tokens.claims();
    if (!claims) throw new SignInRefusal('id_token_invalid', 'the sign-in provider sent no ID token');
    let value: unknown = claims[o.usernameClaim];
    if (value === undefined && tokens.access_token) {
      try {
        value = (await oidc.fetchUserInfo(config, tokens.access_token, claims.sub))[o.usernameClaim];
      } catch (e) {
        this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'userinfo could not be read');
      }
    }
    if (typeof value !== 'string' || value.trim() === '' || value.length > 100) {
      throw new SignInRefusal('claim_missing', `the sign-in provider did not say who you are (no ${o.usernameClaim})`, { sub: claims.sub, claim: o.usernameClaim });
    }
    return { issuer: claims.iss, subject: claims.sub, username: value.trim().toLowerCase(), next: pending.next };
  }
}
