/** The state of a referral (转办) as a tag. */
import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';
import type { ReferralState } from '../lib/referrals';

/** Colours with at least 4.5:1 contrast. */
const REFERRAL_COLOURS: Record<ReferralState, { color: string; background: string; border: string }> = {
  open: { color: '#8a3b00', background: '#fff4e6', border: '#f5c28c' },
  answered: { color: '#0f5132', background: '#e8f5ee', border: '#9fd3b5' },
  closed: { color: '#434343', background: '#f0f0f0', border: '#bfbfbf' },
};

export function ReferralStateTag({ state }: { state: ReferralState }) {
  const { tv } = useI18n();
  const c = REFERRAL_COLOURS[state];
  return (
    <Tag style={{ color: c.color, background: c.background, borderColor: c.border }} data-testid="referral-state">
      {tv('referral.state', state)}
    </Tag>
  );
}

