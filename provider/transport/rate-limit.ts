/**
 * Client-side token buckets, one per cloud/service/account/action, shared by every resource in the
 * provider process, so a large `pulumi up` paces itself under the documented limits instead of
 * burning retries on throttling.
 */
interface Bucket {
  tokens: number;
  updatedAt: number;
}

const buckets = new Map<string, Bucket>();

export async function acquire(key: string, perSecond: number, now: () => number = Date.now): Promise<void> {
  for (;;) {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: perSecond, updatedAt: t };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((t - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    await sleep(Math.ceil(((1 - bucket.tokens) / perSecond) * 1000));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
