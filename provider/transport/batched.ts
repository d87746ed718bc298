import { deleteIgnoringGone } from "../errors";
import { sleep } from "./rate-limit";

/**
 * Calls by id coalesced into one call for many ids, for APIs that take many (cat's
 * DescribeProbeTasks `TaskIDs`, bh's batch delete DeleteOperationTasks `IdSet`) or answer many
 * at once (a page of a list): a refresh of N tasks, or N creates each waiting for its task to run,
 * costs about N ÷ (ids per call) requests instead of N, which is what keeps a large stack under a
 * per-action limit of 20/s.
 *
 * Ids asked while a call is being gathered (GATHER_IDLE_MS, GATHER_MS) or is in flight join the
 * next call; one call per key is in flight at a time, with at most `maxIds`. With `perSecond`, calls of a key
 * also start at least 1 ÷ perSecond apart, gathering meanwhile: ids asked in a trickle (the engine
 * sends a destroy's deletes as earlier ones finish) then fill a few calls, where sending each as
 * soon as the last returned would spend the action's limit on calls of one or two ids and queue
 * behind its pacing.
 * A failed call fails every id it carried (each call already went through the retry policy).
 */
export interface BatchedSpec<T> {
  /** Product, action, region, account: ids with one key share calls. */
  key: string;
  maxIds: number;
  /** The action's documented requests per second, when calls should be spread to it. */
  perSecond?: number;
  /** One call for these ids; an id missing from the answer gets undefined. */
  call(ids: string[]): Promise<Map<string, T>>;
}

interface Waiting<T> {
  id: string;
  resolve(value: T | undefined): void;
  reject(error: unknown): void;
}

interface Queue<T> {
  waiting: Array<Waiting<T>>;
  busy: boolean;
  /** When this key's last call started. */
  sentAt: number;
  /** While the first ids are being gathered: when gathering began, and the timer that ends it. */
  gathering?: { since: number; timer: NodeJS.Timeout };
}

const queues = new Map<string, Queue<unknown>>();

/**
 * How long a first id waits for others to join it: until none has come for GATHER_IDLE_MS, and at
 * most GATHER_MS. The engine's operations arrive in bursts (a batch answered releases as many new
 * ones at once), so a burst is gathered whole without holding a lone id, or each burst of a
 * refresh, for the whole GATHER_MS.
 */
export const GATHER_MS = 10;
export const GATHER_IDLE_MS = 2;

export function batchedById<T>(spec: BatchedSpec<T>, id: string): Promise<T | undefined> {
  let queue = queues.get(spec.key) as Queue<T> | undefined;
  if (!queue) {
    queue = { waiting: [], busy: false, sentAt: -Infinity };
    queues.set(spec.key, queue as Queue<unknown>);
  }
  const q = queue;
  return new Promise<T | undefined>((resolve, reject) => {
    q.waiting.push({ id, resolve, reject });
    const now = Date.now();
    if (!q.busy) {
      q.busy = true;
      q.gathering = { since: now, timer: setTimeout(() => startDrain(spec, q), GATHER_IDLE_MS) };
    } else if (q.gathering) {
      clearTimeout(q.gathering.timer);
      q.gathering.timer = setTimeout(() => startDrain(spec, q), Math.min(GATHER_IDLE_MS, q.gathering.since + GATHER_MS - now));
    }
  });
}

function startDrain<T>(spec: BatchedSpec<T>, queue: Queue<T>): void {
  queue.gathering = undefined;
  void drain(spec, queue);
}

async function drain<T>(spec: BatchedSpec<T>, queue: Queue<T>): Promise<void> {
  while (queue.waiting.length) {
    // A timer may fire up to a millisecond early (the loop's clock is cached), so the spacing is
    // re-measured until it has truly passed: the cloud counts requests, not our intentions.
    if (spec.perSecond) {
      const spacedUntil = queue.sentAt + 1000 / spec.perSecond;
      while (performance.now() < spacedUntil) await sleep(Math.max(1, Math.ceil(spacedUntil - performance.now())));
    }
    queue.sentAt = performance.now();
    const batch = takeBatch(queue.waiting, spec.maxIds);
    const ids = [...new Set(batch.map((w) => w.id))];
    try {
      const found = await spec.call(ids);
      for (const w of batch) w.resolve(found.get(w.id));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
  queue.busy = false;
}

/** Removes and returns the waiting reads of the first `maxIds` distinct ids (repeated ids ride along). */
function takeBatch<T>(waiting: Array<Waiting<T>>, maxIds: number): Array<Waiting<T>> {
  const ids = new Set<string>();
  const taken: Array<Waiting<T>> = [];
  const left: Array<Waiting<T>> = [];
  for (const w of waiting) {
    if (ids.has(w.id) || ids.size < maxIds) {
      ids.add(w.id);
      taken.push(w);
    } else left.push(w);
  }
  waiting.splice(0, waiting.length, ...left);
  return taken;
}

export interface BatchDeleteSpec {
  /** Product, region, account: deletes with one key share calls. */
  key: string;
  /** The most ids one call carries. */
  maxIds: number;
  /** The batch delete's documented requests per second: calls are spread to it (see batchedById). */
  perSecond: number;
  /** One call deleting these ids. */
  deleteIds(ids: string[]): Promise<unknown>;
}

/**
 * Deletes a task through a documented batch delete (bh's DeleteOperationTasks `IdSet`, CAT's
 * DeleteCatTask `taskId.N`): the deletes asked for at the same moment (a destroy) go out in one
 * call. When a call for several fails, each is deleted alone, so one refused id fails only its own
 * delete: some clouds refuse the whole batch for one id they no longer know. Alone, a task already
 * gone counts as deleted.
 */
export async function deleteInBatch(spec: BatchDeleteSpec, id: string): Promise<void> {
  const outcome = await batchedById<true | Error>({ key: `delete/${spec.key}`, maxIds: spec.maxIds, perSecond: spec.perSecond, call: (ids) => deleteEach(spec, ids) }, id);
  if (outcome instanceof Error) throw outcome;
}

async function deleteEach(spec: BatchDeleteSpec, ids: string[]): Promise<Map<string, true | Error>> {
  const outcomes = new Map<string, true | Error>();
  const alone = async (id: string) => {
    try {
      await deleteIgnoringGone(() => spec.deleteIds([id]));
      outcomes.set(id, true);
    } catch (error) {
      outcomes.set(id, error instanceof Error ? error : new Error(String(error)));
    }
  };
  if (ids.length === 1) {
    await alone(ids[0]);
    return outcomes;
  }
  try {
    await spec.deleteIds(ids);
    for (const id of ids) outcomes.set(id, true);
  } catch {
    await Promise.all(ids.map(alone));
  }
  return outcomes;
}
