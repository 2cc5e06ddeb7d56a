import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';

/**
 * Limits failed logins, never successful ones: a whole office may sit behind one address.
 * - per account: after 5 failures within 15 minutes the account is locked for 15 minutes;
 * - per client address: more than 30 failures within a minute are refused for that minute.
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

  private readonly accountFailures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private readonly ipFailures = new Map<string, number[]>();

  check(username: string, ip: string, now = Date.now()): void {
    const until = this.lockedUntil.get(username);
    if (until !== undefined && until > now) {
      throw new DomainError('rate_limited', `too many failed logins for this account; try again in ${Math.ceil((until - now) / 60000)} minutes`);
    }
    const ipList = this.recent(this.ipFailures, ip, LoginThrottle.IP_WINDOW_MS, now);
    if (ipList.length >= LoginThrottle.IP_FAILURES) {
      throw new DomainError('rate_limited', 'too many failed logins from this address; try again in a minute');
    }
  }

  failed(username: string, ip: string, now = Date.now()): void {
    const list = this.recent(this.accountFailures, username, LoginThrottle.ACCOUNT_WINDOW_MS, now);
    list.push(now);
    this.accountFailures.set(username, list);
    if (list.length >= LoginThrottle.ACCOUNT_FAILURES) {
      this.lockedUntil.set(username, now + LoginThrottle.LOCK_MS);
      this.accountFailures.delete(username);
    }
    const ipList = this.recent(this.ipFailures, ip, LoginThrottle.IP_WINDOW_MS, now);
    ipList.push(now);
    this.ipFailures.set(ip, ipList);
    this.prune(now);
  }

  succeeded(username: string): void {
    this.accountFailures.delete(username);
  }

  private recent(map: Map<string, number[]>, key: string, windowMs: number, now: number): number[] {
    return (map.get(key) ?? []).filter((t) => t > now - windowMs);
  }

  private prune(now: number): void {
    if (this.ipFailures.size + this.accountFailures.size < 10_000) return;
    for (const [k, v] of this.ipFailures) if (v.every((t) => t <= now - LoginThrottle.IP_WINDOW_MS)) this.ipFailures.delete(k);
    for (const [k, v] of this.accountFailures) if (v.every((t) => t <= now - LoginThrottle.ACCOUNT_WINDOW_MS)) this.accountFailures.delete(k);
    for (const [k, v] of this.lockedUntil) if (v <= now) this.lockedUntil.delete(k);
  }
}
