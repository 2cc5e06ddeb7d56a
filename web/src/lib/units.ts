import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type UnitResponse } from '../api/client';
import { useSession } from '../auth/session';

/** Every unit (paged through 100 at a time); any logged-in user may read them. */
export function useUnits() {
  const { token } = useSession();
  return useQuery({
    queryKey: ['units', 'all'],
    enabled: !!token,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const all: UnitResponse[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 50; i++) {
        const page = await unwrap(api.GET('/api/v1/units', { params: { query: { limit: 100, cursor } } }));
        all.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return all;
    },
  });
}

export function unitLabel(units: UnitResponse[] | undefined, id: string | null | undefined): string {
  if (!id) return '';
  const u = units?.find((x) => x.id === id);
  return u ? u.name : '';
}
