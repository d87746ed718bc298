import { CloudError } from "../errors";
import { maxAttempts } from "../settings";
import { acquire, sleep } from "./rate-limit";

export interface CallPolicy<T> {
  /** Safe to repeat after an ambiguous failure: reads, deletes, full-replace modifies. */
  idempotent: boolean;
  /**
   * For a call that creates something: after an ambiguous failure, finds what that attempt made
   * (undefined when it made nothing), so a retry never duplicates and a success is never orphaned.
   * It gets the failure, to tell an answered one (the cloud is done with the request) from one
   * that went unanswered (the request may still be applied later).
   */
  reconcile?: (failure: CloudError) => Promise<T | undefined>;
  /** Documented requests per second for this action; paced client-side. */
  rateLimit?: { key: string; perSecond: number };
}

const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 8000;

/** Full-jitter exponential backoff. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
}

/**
 * Runs `attempt` (which builds, signs and sends one request) until it succeeds or fails in a way
 * retrying cannot fix. Each attempt is signed afresh, since the signatures carry timestamps.
 */
export async function withRetries<T>(attempt: () => Promise<T>, classify: (error: unknown) => unknown, policy: CallPolicy<T>): Promise<T> {
  const attempts = maxAttempts();
  let last: unknown;
  for (let n = 0; n < attempts; n++) {
    if (n > 0) await sleep(backoffMs(n));
    const release = policy.rateLimit ? await acquire(policy.rateLimit.key, policy.rateLimit.perSecond) : undefined;
    try {
      const result = await attempt();
      release?.();
      return result;
    } catch (raw) {
      release?.();
      const error = classify(raw);
      last = error;
      if (!(error instanceof CloudError)) throw error;
      if (error.retryable) continue;
      if (error.kind !== "ambiguous") throw error;
      if (policy.reconcile) {
        const made = await policy.reconcile(error);
        if (made !== undefined) return made;
        continue;
      }
      if (!policy.idempotent) throw error;
    }
  }
  throw last;
}
