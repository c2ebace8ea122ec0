/**
 * Slows password guessing: after too many failures for one address (or from one client) in a window, sign-in
 * answers 429 until the window passes. Per process, which is enough to make online guessing impractical.
 */
const WINDOW_MS = 15 * 60_000;
const MAX_PER_EMAIL = 10;
const MAX_PER_IP = 50;

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const since = this.now() - WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfterSeconds(email: string, ip: string): number {
    const byEmail = this.recent(`e:${email}`);
    const byIp = this.recent(`i:${ip}`);
    const blocked = byEmail.length >= MAX_PER_EMAIL ? byEmail : byIp.length >= MAX_PER_IP ? byIp : undefined;
    if (!blocked) return 0;
    return Math.max(1, Math.ceil((blocked[0]! + WINDOW_MS - this.now()) / 1000));
  }

  recordFailure(email: string, ip: string): void {
    // Guessing with ever-new addresses must not grow memory without bound: past a size, forget stale keys.
    if (this.failures.size > 10_000) for (const key of [...this.failures.keys()]) this.recent(key);
    for (const key of [`e:${email}`, `i:${ip}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  recordSuccess(email: string): void {
    this.failures.delete(`e:${email}`);
  }
}
