/**
 * Event times per key within a sliding window, in memory (the login and intake limits). Keys
 * whose events have all left the window are dropped once more than `maxKeys` are held.
 * Hand-written: the rate-limit packages for Nest count per route and answer by themselves, while
 * these limits count only some events (failed logins) or decide with the caller (staff entry).
 */
export class SlidingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** The key's event times still inside the window, oldest first. */
  recent(key: string, now: number): number[] {
    return (this.times.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  /** Records an event; returns the key's times inside the window, this one included. */
  add(key: string, now: number): number[] {
    const list = this.recent(key, now);
    list.push(now);
    this.times.set(key, list);
    if (this.times.size > this.maxKeys) this.prune(now);
    return list;
  }

  delete(key: string): void {
    this.times.delete(key);
  }

  private prune(now: number): void {
    for (const [k, v] of this.times) if (v.every((t) => t <= now - this.windowMs)) this.times.delete(k);
  }
}
