/**
 * The logged-in user: the access token (sessionStorage, this tab only), the user (GET /me) and
 * the CASL ability built from their rules (GET /me/abilities). The UI shows only what the
 * ability allows; the server checks every request again.
 */
import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { AbilityProvider, useAbility as useCaslAbility } from '@casl/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, getToken, onUnauthorized, setToken, unwrap, type UserResponse } from '../api/client';

export type AppAbility = MongoAbility<[string, string | object]>;

interface Session {
  token: string | null;
  user: UserResponse | null;
  ability: AppAbility;
  loading: boolean;
  /** True after a 401 on a logged-in session (token expired, user deactivated). */
  expired: boolean;
  login(username: string, password: string): Promise<UserResponse>;
  logout(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setTokenState] = useState<string | null>(getToken);
  const [expired, setExpired] = useState(false);

  useEffect(
    () =>
      onUnauthorized(() => {
        setToken(null);
        setTokenState(null);
        setExpired(true);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'catalogue' });
      }),
    [queryClient],
  );

  const me = useQuery({
    queryKey: ['me', token],
    enabled: !!token,
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/me')),
  });
  const rules = useQuery({
    queryKey: ['abilities', token],
    enabled: !!token,
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/me/abilities')),
  });

  const ability = useMemo(
    () => createMongoAbility((rules.data?.rules ?? []) as RawRuleOf<AppAbility>[]) as AppAbility,
    [rules.data],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await unwrap(api.POST('/api/v1/auth/login', { body: { username, password } }));
      setToken(res.accessToken);
      queryClient.setQueryData(['me', res.accessToken], res.user);
      setTokenState(res.accessToken);
      setExpired(false);
      return res.user;
    },
    [queryClient],
  );

  const logout = useCallback(() => {
    setToken(null);
    setTokenState(null);
    setExpired(false);
    queryClient.clear();
  }, [queryClient]);

  const value: Session = {
    token,
    user: token ? (me.data ?? null) : null,
    ability,
    loading: !!token && (me.isPending || rules.isPending),
    expired,
    login,
    logout,
  };
  return (
    <SessionContext.Provider value={value}>
      <AbilityProvider value={ability}>{children}</AbilityProvider>
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
