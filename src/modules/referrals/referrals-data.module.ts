import { Module } from '@nestjs/common';
import { ReferralsRepository } from './referrals.repository.js';

/**
 * The referrals' table, for the applications module too: the office's reply checks (and may close)
 * an application's open referrals in its own transaction, without depending on the referral
 * routes, which depend on the applications module.
 */
@Module({ providers: [ReferralsRepository], exports: [ReferralsRepository] })
export class ReferralsDataModule {}
