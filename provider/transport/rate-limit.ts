/**
 * Client-side pacing, one window per cloud/service/region/account/action, shared by every resource
 * in the provider process, so a large `pulumi up` stays under the documented limits instead of
 * burning retries on throttling.
 *
 * The cloud counts requests when they arrive, which is some time between our send and its answer.
 * So a request holds its place in the window from when it is sent until one second after it was
 * answered (or given up on): a new request goes out only while fewer than `perSecond` requests are
 * in flight or were answered within the last second. Any two requests counted in one arrival
 * second then both overlap the later one's send, so no one-second window at the cloud, the first
 * included, ever sees more than the limit, however the network delays them.
 */
export const WINDOW_MS = 1000;

/** One admitted request: sent at `sentAt`, answered (or abandoned) at `doneAt`. */
export interface Slot {
  sentAt: number;
  doneAt?: number;
}

const windows = new Map<string, Slot[]>();
/** How often a full window of requests still in flight is looked at again. */
const IN_FLIGHT_POLL_MS = 20;

/** A slot never released (a caller that ignored `acquire`'s release) counts as answered this long after its send. */
const ABANDONED_AFTER_MS = 120_000;

const doneAt = (slot: Slot) => slot.doneAt ?? slot.sentAt + ABANDONED_AFTER_MS;
const holds = (slot: Slot, t: number) => t - doneAt(slot) < WINDOW_MS;

/** Admits a request at `t` (returning its slot), or says how long to wait before asking again. */
export function admitOrWait(key: string, perSecond: number, t: number): { slot: Slot } | { waitMs: number } {
  const held = (windows.get(key) ?? []).filter((s) => holds(s, t));
  windows.set(key, held);
  if (held.length < Math.max(1, Math.floor(perSecond))) {
    const slot: Slot = { sentAt: t };
    held.push(slot);
    return { slot };
  }
  const frees = held.filter((s) => s.doneAt !== undefined).map((s) => doneAt(s) + WINDOW_MS - t);
  return { waitMs: Math.max(1, Math.min(IN_FLIGHT_POLL_MS, ...frees)) };
}

/** Waits for a place in the window; call the returned function when the request is answered or abandoned. */
export async function acquire(key: string, perSecond: number, now: () => number = Date.now): Promise<() => void> {
  for (;;) {
    const admitted = admitOrWait(key, perSecond, now());
    if ("slot" in admitted) {
      return () => {
        admitted.slot.doneAt ??= now();
      };
    }
    await sleep(admitted.waitMs);
  }
}

/** Forgets every window (tests). */
export function resetPacing(): void {
  windows.clear();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
