/** Units in public: the publishing units with their guides, a unit's guide, its profile and history; channel states. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';

export type PublishingUnit = Schemas['PublishingUnit'];
export type Guide = Schemas['GuideResponse'];
export type UnitProfile = Schemas['UnitProfileResponse'];
export type SaveUnitProfileRequest = Schemas['SaveUnitProfileRequest'];
export type EntryChannel = Schemas['EntryChannel'];
export type EntryLink = Schemas['EntryLink'];

/** The public list of publishing units, each with its guide's link (no login). */
export function usePublishingUnits() {
  return useQuery({ queryKey: ['catalogue', 'units'], queryFn: () => unwrap(api.GET('/api/v1/catalogue/units')) });
}

export function useGuide(code: string, lang: 'zh' | 'en') {
  return useQuery({
    queryKey: ['guide', code, lang],
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/units/{code}/guide', { params: { path: { code }, query: { lang } } })),
  });
}

/** A catalogue entry's state on each publication channel (the office and administrators). */
export function useEntryChannels(indexNo: string | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['channels', 'entry', indexNo],
    enabled: enabled && !!indexNo,
    queryFn: () => unwrap(api.GET('/api/v1/catalogue/{indexNo}/channels', { params: { path: { indexNo: indexNo! } } })),
  });
}
