/**
 * A real OpenID provider for the tests: oidc-provider (OpenID Certified), on a loopback port, with
 * its own sign-in pages (devInteractions: any password, the login name is the account) and the
 * accounts' claims given by the test. Consent is granted for the clients, as a district's unified
 * identity platform does for its own systems.
 *
 * `replaceIdToken` lets a test play a provider (or a network in between) that hands the relying
 * party a different, genuinely signed ID token in the token response: one issued to another
 * client (audience), or for another sign-in (nonce). The relying party must refuse both.
 *
 * `signIn` drives the provider's pages over HTTP like a browser (cookies, redirects), from the
 * authorization URL to the redirect back to the client, and returns that last URL.
 */
import Provider from 'oidc-provider';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestProvider {
  issuer: string;
  /** The next token response's id_token is replaced by this one (once), when set. */
  replaceIdToken: string | null;
  /** Claims by login name; a login name not listed gets `preferred_username` = the login name. */
  accounts: Record<string, Record<string, unknown>>;
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  /** An ID token issued to `c` by this provider for a full sign-in of `login`, with the nonce given. */
  idTokenFor(c: TestClient, login: string, nonce: string): Promise<string>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A minimal cookie jar: name=value per origin, enough for the provider's own cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** oidc-provider's notices about its development defaults (devInteractions, dev keys, TTLs): true, and noise here. */
function quietProviderNotices(): () => void {
  const { info, warn } = console;
  const drop = (orig: (...a: unknown[]) => void) => (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
    orig(...args);
  };
  console.info = drop(info);
  console.warn = drop(warn);
  return () => {
    console.info = info;
    console.warn = warn;
  };
}

export async function startOidcProvider(clients: TestClient[]): Promise<TestProvider> {
  const restoreConsole = quietProviderNotices();
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts: Record<string, Record<string, unknown>> = {};
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'] })),
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['gongkai-test-provider-cookie-key'] },
    async findAccount(_ctx: unknown, id: string) {
      return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, name: id, ...(accounts[id] ?? {}) }) };
    },
    // First-party clients of the platform: consent is given (no consent page).
    async loadExistingGrant(ctx: { oidc: { client: { clientId: string }; session: { accountId: string }; provider: Provider } }) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addOIDCClaims(['preferred_username', 'name']);
      await grant.save();
      return grant;
    },
  } as never);
  const handler = provider.callback();

  const state = { replaceIdToken: null as string | null };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && req.url?.startsWith('/token') && state.replaceIdToken) {
      const replacement = state.replaceIdToken;
      state.replaceIdToken = null;
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : typeof chunk === 'string' ? chunk : '';
        try {
          const body = JSON.parse(text) as Record<string, unknown>;
          if (typeof body.id_token === 'string') body.id_token = replacement;
          const out = JSON.stringify(body);
          res.setHeader('content-length', Buffer.byteLength(out));
          return end(out);
        } catch {
          return end(chunk);
        }
      }) as typeof res.end;
    }
    void handler(req, res);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));

  async function signIn(authorizationUrl: string, login: string): Promise<URL> {
    const jar = new Jar();
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < 12; hop++) {
      if (url.origin !== issuer) return url;
      const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
      const res = interaction
        ? await fetch(url, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
          })
        : await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(res);
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 300)}`);
      url = new URL(location, url);
    }
    throw new Error('too many redirects at the provider');
  }

  async function idTokenFor(c: TestClient, login: string, nonce: string): Promise<string> {
    const config = await client.discovery(new URL(issuer), c.client_id, undefined, client.ClientSecretBasic(c.client_secret), { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const st = client.randomState();
    const auth = client.buildAuthorizationUrl(config, {
      redirect_uri: c.redirect_uris[0],
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: st,
      nonce,
    });
    const back = await signIn(auth.href, login);
    const tokens = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: st, expectedNonce: nonce });
    return tokens.id_token!;
  }

  return {
    issuer,
    accounts,
    get replaceIdToken() {
      return state.replaceIdToken;
    },
    set replaceIdToken(v: string | null) {
      state.replaceIdToken = v;
    },
    signIn,
    idTokenFor,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => {
          restoreConsole();
          r();
        });
        server.closeAllConnections();
      }),
  };
}
