/**
 * The typed API client: openapi-fetch over the paths generated from the service's own OpenAPI
 * document (schema.d.ts, `npm run api:types`). A type error here means the UI and the API drifted.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type DocumentResponse = Schemas['DocumentResponse'];
export type DocumentSummary = Schemas['DocumentSummary'];
export type TaskItem = Schemas['TaskItem'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type CreateDocumentRequest = Schemas['CreateDocumentRequest'];
export type UpdateDocumentRequest = Schemas['UpdateDocumentRequest'];
export type TransitionRequest = Schemas['TransitionRequest'];
export type UserResponse = Schemas['UserResponse'];
export type UnitResponse = Schemas['UnitResponse'];
export type CatalogueEntry = Schemas['CatalogueEntryResponse'];
export type CatalogueEntryDetail = Schemas['CatalogueEntryDetail'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type UpdateUserRequest = Schemas['UpdateUserRequest'];

export type DocumentState = DocumentResponse['state'];
export type DocType = DocumentResponse['docType'];
export type PublicAttribute = DocumentResponse['publicAttribute'];
export type NonDisclosureReason = NonNullable<DocumentResponse['nonDisclosureReason']>;
export type Category = NonNullable<DocumentResponse['category']>;
export type Role = UserResponse['roles'][number];
export type WorkflowAction = TransitionRequest['action'];

/** The error body of every 4xx/5xx (NestJS style, plus the domain code when there is one). */
export interface ErrorBody {
  statusCode?: number;
  message?: string | string[];
  error?: string;
  code?: string;
  details?: Record<string, unknown>;
}

/** A failed call: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    const m = body?.message;
    super(Array.isArray(m) ? m.join('; ') : (m ?? `HTTP ${status}`));
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return this.body?.code;
  }
}

const TOKEN_KEY = 'gk.token';
let token: string | null = readToken();
const unauthorizedListeners = new Set<() => void>();
const grantListeners = new Set<(grant: SessionGrant) => void>();

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return token;
}

export function setToken(next: string | null): void {
  token = next;
  try {
    if (next) sessionStorage.setItem(TOKEN_KEY, next);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage may be disabled: the token then lives in memory only */
  }
}

/** Called when an authenticated call answers 401 and the session could not be refreshed (it ended, the user was deactivated). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** What POST /api/v1/auth/login and /refresh answer (the refresh token itself stays in its HttpOnly cookie). */
export type SessionGrant = Schemas['LoginResponse'];

/** Called with every new access token this tab obtains by refreshing. */
export function onGrant(listener: (grant: SessionGrant) => void): () => void {
  grantListeners.add(listener);
  return () => grantListeners.delete(listener);
}

/**
 * Whether this browser holds a session: the service sets the readable `gk_signed_in=1` cookie with
 * the HttpOnly refresh cookie (login, refresh, single sign-on) and clears both together. A tab
 * without an access token then refreshes instead of showing the login page.
 */
export function maybeSignedIn(): boolean {
  return /(?:^|;\s*)gk_signed_in=1(?:;|$)/.test(document.cookie);
}

/** The claims the UI reads from its own access token (the server checks it; this only schedules refreshes). */
export function tokenClaims(t: string | null): { sub: string; exp: number } | null {
  if (!t) return null;
  try {
    const payload = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; exp?: unknown };
    return typeof payload.sub === 'string' && typeof payload.exp === 'number' ? { sub: payload.sub, exp: payload.exp } : null;
  } catch {
    return null;
  }
}

let refreshing: Promise<SessionGrant | null> | null = null;

/**
 * A new access token from the refresh cookie, or null when the session is over. One refresh at a
 * time in this tab, and — through the Web Locks API — in the whole browser: the refresh token
 * rotates, and two tabs presenting the same one would count as reuse and end the session. The tab
 * that waited sends the cookie the first one received.
 */
export function refreshAccessToken(): Promise<SessionGrant | null> {
  refreshing ??= (async () => {
    const call = async (): Promise<SessionGrant | null> => {
      try {
        const res = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!res.ok) return null;
        return (await res.json()) as SessionGrant;
      } catch {
        return null;
      }
    };
    const locks = (navigator as Navigator & { locks?: { request<T>(name: string, cb: () => Promise<T>): Promise<T> } }).locks;
    const grant = locks ? await locks.request('gk.refresh', call) : await call();
    if (grant) {
      setToken(grant.accessToken);
      for (const l of grantListeners) l(grant);
    }
    return grant;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Ends the session on the server (cookie and token), then forgets the token here. */
export async function endSession(): Promise<void> {
  try {
    await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    /* offline: the session ends on the server when it expires */
  }
  setToken(null);
}

/** A request's copy before it is sent, to send it again after a refresh (its body can be read once). */
const retryCopies = new WeakMap<Request, Request>();
const isAuthRoute = (url: string) => new URL(url).pathname.startsWith('/api/v1/auth/');

const auth: Middleware = {
  onRequest({ request }) {
    if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
    if (!isAuthRoute(request.url)) retryCopies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || !request.headers.has('Authorization') || isAuthRoute(request.url)) return response;
    // The access token expired (or the page slept): refresh silently and send the request again.
    const copy = retryCopies.get(request);
    const grant = await refreshAccessToken();
    if (grant && copy) {
      copy.headers.set('Authorization', `Bearer ${grant.accessToken}`);
      const again = await fetch(copy);
      if (again.status !== 401) return again;
    }
    for (const l of unauthorizedListeners) l();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  return (await unwrapWithResponse(call)).data;
}

export async function unwrapWithResponse<T>(call: Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  let res: FetchResult<T>;
  try {
    res = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, { message: e instanceof Error ? e.message : String(e) });
  }
  if (!res.response.ok) {
    const body = (typeof res.error === 'object' && res.error !== null ? res.error : { message: res.error ? String(res.error) : undefined }) as ErrorBody;
    throw new ApiError(res.response.status, body);
  }
  return { data: res.data as T, response: res.response };
}

export const ifMatch = (version: number) => `"${version}"`;

export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** What the service found in a document and the attribute it suggests (GET /documents/:id/assessment). */
export type Assessment = Schemas['AssessmentResponse'];
export type FormAssessment = Schemas['FormAssessmentResponse'];
export type Finding = Schemas['FindingResponse'];

export type SubmitApplicationRequest = Schemas['SubmitApplicationRequest'];
export type ApplicationSummary = Schemas['ApplicationSummary'];
export type ApplicationResponse = Schemas['ApplicationResponse'];
export type ApplicationActionRequest = Schemas['ApplicationActionRequest'];
export type ApplicationEvent = Schemas['ApplicationEventResponse'];
export type ApplicationState = ApplicationSummary['state'];
export type ApplicationAction = ApplicationActionRequest['action'];
export type Outcome = NonNullable<ApplicationActionRequest['outcome']>;
export type OutcomeReason = NonNullable<ApplicationActionRequest['reason']>;

/**
 * Downloads a file the API serves (with the signed-in user's token) and hands it to the browser
 * under the server's file name (Content-Disposition) or `fallbackName`. A refusal throws ApiError.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  let res = await fetch(url, { headers: { Authorization: `Bearer ${getToken() ?? ''}` } });
  if (res.status === 401 && (await refreshAccessToken())) res = await fetch(url, { headers: { Authorization: `Bearer ${getToken() ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const disposition = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="?([^";]+)"?/i.exec(disposition);
  const objectUrl = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = m ? decodeURIComponent(m[1]) : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}
