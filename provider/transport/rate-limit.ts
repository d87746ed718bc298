/**
 * Client-side pacing, one sliding window per cloud/service/region/account/action, shared by every
 * resource in the provider process, so a large `pulumi up` stays under the documented limits
 * instead of burning retries on throttling. A request is sent only when fewer than `perSecond`
 * requests were sent in the window before it, so no one-second window (measured anywhere, from a
 * cold start on) ever holds more than the limit. The window is a little longer than a second, so
 * jitter in how fast requests reach the cloud cannot squeeze `perSecond + 1` into its second.
 */
export const WINDOW_MS = 1000;
const GUARD_MS = 25;

/** Send times (ms) of each key's last `perSecond` admitted requests, oldest first. */
const sent = new Map<string, number[]>();

/** How long to wait before a request may go out under `perSecond` per window; 0 admits it (and records it). */
export function admitOrWait(key: string, perSecond: number, t: number): number {
  const window = (sent.get(key) ?? []).filter((at) => t - at < WINDOW_MS + GUARD_MS);
  sent.set(key, window);
  const limit = Math.max(1, Math.floor(perSecond));
  if (window.length < limit) {
    window.push(t);
    return 0;
  }
  return window[window.length - limit] + WINDOW_MS + GUARD_MS - t;
}

export async function acquire(key: string, perSecond: number, now: () => number = Date.now): Promise<void> {
  for (;;) {
    const wait = admitOrWait(key, perSecond, now());
    if (wait <= 0) return;
    await sleep(wait);
  }
}

/** Forgets every window (tests). */
export function resetPacing(): void {
  sent.clear();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
