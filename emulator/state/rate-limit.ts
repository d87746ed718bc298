/**
 * Per-key requests-per-second limits, as the clouds document them ("20 次/秒" per action and
 * account): a sliding one-second window of admitted request times.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when the request is admitted, false when it is over the limit. */
  admit(key: string, perSecond: number): boolean {
    const t = this.now();
    const window = (this.windows.get(key) ?? []).filter((at) => t - at < 1000);
    if (window.length >= perSecond) {
      this.windows.set(key, window);
      return false;
    }
    window.push(t);
    this.windows.set(key, window);
    return true;
  }

  reset(): void {
    this.windows.clear();
  }
}
