import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { SlidingWindow } from '../../common/rate-limit/sliding-window.js';

/**
 * Limits failed logins, never successful ones: a whole office may sit behind one address.
 * - per account: after 5 failures within 15 minutes the account is locked for 15 minutes;
 * - per client address: more than 30 failures within a minute are refused for that minute.
 * Wrong one-time codes (TOTP, recovery codes) count as failed logins of the account and the
 * address; refused refresh tokens count against the address.
 * Kept in memory per instance: with N instances an attacker gets at most N times the budget,
 * which still bounds guessing; a shared store would be the next step.
 */
@Injectable()
export class LoginThrottle {
  static readonly ACCOUNT_FAILURES = 5;
  static readonly ACCOUNT_WINDOW_MS = 15 * 60_000;
  static readonly LOCK_MS = 15 * 60_000;
  static readonly IP_FAILURES = 30;
  static readonly IP_WINDOW_MS = 60_000;

  private readonly accountFailures = new SlidingWindow(LoginThrottle.ACCOUNT_WINDOW_MS);
  private readonly lockedUntil = new Map<string, number>();
  private readonly ipFailures = new SlidingWindow(LoginThrottle.IP_WINDOW_MS);

  check(username: string, ip: string, now = Date.now()): void {
    const until = this.lockedUntil.get(username);
    if (until !== undefined && until > now) {
      throw new DomainError('rate_limited', `too many failed logins for this account; try again in ${Math.ceil((until - now) / 60000)} minutes`);
    }
    if (this.ipFailures.recent(ip, now).length >= LoginThrottle.IP_FAILURES) {
      throw new DomainError('rate_limited', 'too many failed logins from this address; try again in a minute');
    }
  }

  failed(username: string, ip: string, now = Date.now()): void {
    if (this.accountFailures.add(username, now).length >= LoginThrottle.ACCOUNT_FAILURES) {
      this.lockedUntil.set(username, now + LoginThrottle.LOCK_MS);
      this.accountFailures.delete(username);
    }
    this.ipFailures.add(ip, now);
    if (this.lockedUntil.size > 10_000) for (const [k, v] of this.lockedUntil) if (v <= now) this.lockedUntil.delete(k);
  }

  /** The per-address limit alone (refresh tokens, which name no account). */
  checkAddress(ip: string, now = Date.now()): void {
    if (this.ipFailures.recent(ip, now).length >= LoginThrottle.IP_FAILURES) {
      throw new DomainError('rate_limited', 'too many failed sign-in attempts from this address; try again in a minute');
    }
  }

  failedAddress(ip: string, now = Date.now()): void {
    this.ipFailures.add(ip, now);
  }

  succeeded(username: string): void {
    this.accountFailures.delete(username);
  }
}
