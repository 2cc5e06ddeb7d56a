/**
 * The logged-in user: the access token (sessionStorage, this tab only), the user (GET /me) and
 * the CASL ability built from their rules (GET /me/abilities). The UI shows only what the
 * ability allows; the server checks every request again.
 *
 * The session outlives the short access token: the refresh token sits in an HttpOnly cookie, and
 * the client (api/client.ts) refreshes before the token expires while the user is active, and
 * after a 401 (then sends the request again), so nobody is sent back to the login page while
 * working. A new tab, or a reload after the token expired, refreshes before showing anything.
 * A session that must still give or enrol its second factor shows only that (SecondFactorGate).
 */
import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { AbilityProvider, useAbility as useCaslAbility } from '@casl/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  api,
  endSession,
  getToken,
  maybeSignedIn,
  onGrant,
  onUnauthorized,
  refreshAccessToken,
  setToken,
  tokenClaims,
  unwrap,
  type SessionGrant,
  type UserResponse,
} from '../api/client';
import { Loading } from '../components/common';
import { setDraftOwner } from '../lib/draft-storage';
import { SecondFactorGate } from './SecondFactorGate';

export type AppAbility = MongoAbility<[string, string | object]>;
export type Restriction = SessionGrant['restriction'];

interface Session {
  token: string | null;
  user: UserResponse | null;
  ability: AppAbility;
  loading: boolean;
  /** True after a 401 on a logged-in session that could not be refreshed (it ended, the user was deactivated). */
  expired: boolean;
  /** What the session must still do before it is a full one: enrol a second factor, or give its code. */
  restriction: Restriction;
  login(username: string, password: string, totp?: string): Promise<SessionGrant>;
  logout(): Promise<void>;
  /** The second factor was enrolled or given: the session is a full one now. */
  secondFactorDone(): void;
}

const SessionContext = createContext<Session | null>(null);

/** The restricted session's user (GET /me is refused until the second factor is done), kept across a reload. */
const RESTRICTED_KEY = 'gk.restricted';

function readRestricted(): { restriction: Exclude<Restriction, null>; user: UserResponse } | null {
  try {
    const raw = sessionStorage.getItem(RESTRICTED_KEY);
    return raw ? (JSON.parse(raw) as { restriction: Exclude<Restriction, null>; user: UserResponse }) : null;
  } catch {
    return null;
  }
}

function writeRestricted(v: { restriction: Restriction; user: UserResponse } | null): void {
  try {
    if (v && v.restriction) sessionStorage.setItem(RESTRICTED_KEY, JSON.stringify(v));
    else sessionStorage.removeItem(RESTRICTED_KEY);
  } catch {
    /* storage may be disabled */
  }
}

// Before anything renders: the drafts read by the first page are the signed-in user's.
setDraftOwner(tokenClaims(getToken())?.sub ?? null);

/** Whether the user did something (typed, clicked, scrolled) since `since`: only then is the session kept alive ahead of time. */
let lastActivity = 0;
if (typeof window !== 'undefined') {
  for (const ev of ['keydown', 'pointerdown', 'wheel', 'touchstart']) window.addEventListener(ev, () => (lastActivity = Date.now()), { passive: true, capture: true });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setTokenState] = useState<string | null>(getToken);
  const [expired, setExpired] = useState(false);
  const [restricted, setRestricted] = useState(readRestricted);
  // A tab without a token, in a browser that holds a session cookie: refresh before deciding.
  const [booting, setBooting] = useState(() => !getToken() && maybeSignedIn());
  const tokenAt = useRef(Date.now());

  const apply = useCallback(
    (grant: SessionGrant) => {
      setDraftOwner(grant.user.id);
      const r = grant.restriction ? { restriction: grant.restriction, user: grant.user } : null;
      writeRestricted(r);
      setRestricted(r);
      if (!grant.restriction) queryClient.setQueryData(['me'], grant.user);
      tokenAt.current = Date.now();
      setTokenState(grant.accessToken);
      setExpired(false);
    },
    [queryClient],
  );

  useEffect(() => onGrant(apply), [apply]);

  useEffect(() => {
    if (!booting) return;
    void refreshAccessToken().finally(() => setBooting(false));
  }, [booting]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setToken(null);
        writeRestricted(null);
        setRestricted(null);
        setTokenState(null);
        setExpired(true);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'catalogue' });
      }),
    [queryClient],
  );

  // Ahead of expiry, while the user is active: a new access token before the old one lapses.
  useEffect(() => {
    const claims = tokenClaims(token);
    if (!claims) return;
    const lifetime = Math.max(1000, claims.exp * 1000 - tokenAt.current);
    const margin = Math.max(5000, Math.min(60_000, lifetime * 0.2));
    const timer = window.setTimeout(
      () => {
        if (lastActivity > tokenAt.current - 1000) void refreshAccessToken();
      },
      Math.max(0, claims.exp * 1000 - Date.now() - margin),
    );
    return () => window.clearTimeout(timer);
  }, [token]);

  const full = !!token && !restricted;
  const me = useQuery({
    queryKey: ['me'],
    enabled: full,
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/me')),
  });
  const rules = useQuery({
    queryKey: ['abilities'],
    enabled: full,
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/me/abilities')),
  });

  const ability = useMemo(
    () => createMongoAbility((full ? (rules.data?.rules ?? []) : []) as RawRuleOf<AppAbility>[]) as AppAbility,
    [rules.data, full],
  );

  const login = useCallback(
    async (username: string, password: string, totp?: string) => {
      const res = await unwrap(api.POST('/api/v1/auth/login', { body: { username, password, ...(totp ? { totp } : {}) } }));
      queryClient.removeQueries({ queryKey: ['me'] });
      queryClient.removeQueries({ queryKey: ['abilities'] });
      setToken(res.accessToken);
      apply(res);
      return res;
    },
    [queryClient, apply],
  );

  const logout = useCallback(async () => {
    await endSession();
    setDraftOwner(null);
    writeRestricted(null);
    setRestricted(null);
    setTokenState(null);
    setExpired(false);
    queryClient.clear();
  }, [queryClient]);

  const secondFactorDone = useCallback(() => {
    writeRestricted(null);
    setRestricted(null);
  }, []);

  const value: Session = {
    token,
    user: token ? (restricted?.user ?? me.data ?? null) : null,
    ability,
    loading: booting || (full && (me.isPending || rules.isPending)),
    expired,
    restriction: token ? (restricted?.restriction ?? null) : null,
    login,
    logout,
    secondFactorDone,
  };
  return (
    <SessionContext.Provider value={value}>
      <AbilityProvider value={ability}>{booting ? <Loading /> : value.restriction ? <SecondFactorGate /> : children}</AbilityProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function useAbility(): AppAbility {
  return useCaslAbility<AppAbility>();
}
