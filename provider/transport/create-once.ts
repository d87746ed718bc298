import type { CloudError } from "../errors";
import { requestTimeoutSeconds } from "../settings";
import { sleep } from "./rate-limit";

/**
 * Creates that cannot orphan or duplicate, for APIs that take no client token and allow several
 * tasks of one name (bh operation tasks, CPTS tasks):
 * - creates of one name in one scope (product, region, account, and the API's own grouping) run
 *   one at a time in the provider process, so between the "before" snapshot and the lookup after
 *   an ambiguous failure only this create can have added a task of that name;
 * - the snapshot of what existed is read once per scope (product, region, account) and process,
 *   whatever the names, and kept current by our own creates, so a stack of many tasks costs no
 *   extra read per create: up is the create and the read of its outputs;
 * - after an ambiguous failure, the task this create made is the one new task of that name whose
 *   every field the read API returns matches the request (the fingerprint); a failure nobody
 *   answered (timeout, reset) may still be applied, so the lookup repeats for a settle window
 *   before the create is tried again; several matching candidates wait for the same window, then
 *   fail naming them. Nothing is ever created blindly.
 */
export interface CreateOnce<T, Id extends string | number = number> {
  /** How errors name the task, e.g. `operation task "nightly"`. */
  what: string;
  /** Product, region, account and any grouping the API lists by (e.g. a CPTS test project): what the snapshot covers. */
  scope: string;
  name: string;
  /** Every task of the scope, all pages: read once per scope and process for the snapshot of what existed before. */
  listScope(): Promise<T[]>;
  /** The tasks that may carry `name`, looked at after an ambiguous failure (a name filter may match more); default `listScope`. */
  listCandidates?(): Promise<T[]>;
  idOf(task: T): Id;
  nameOf(task: T): string;
  /** Whether a new task of our name carries exactly the fields we sent, as far as the read API shows them. */
  matches(task: T): boolean | Promise<boolean>;
  /** The create call, given the reconcile to hand to the retry policy. */
  create(reconcile: (failure: CloudError) => Promise<Id | undefined>): Promise<Id>;
}

/** The ids of the tasks already present per scope, read once, then extended by our creates. */
const snapshots = new Map<string, Promise<Set<string | number>>>();
/** The tail of the queue of creates per scope and name. */
const queues = new Map<string, Promise<unknown>>();

/**
 * How long a request nobody answered may still be applied after it timed out: two request
 * timeouts (the README states this window).
 */
export function settleWindowMs(): number {
  return 2 * requestTimeoutSeconds() * 1000;
}

/** Polls `look` with growing pauses until it answers or `deadline` passes; returns its last answer. */
export async function lookUntil<R>(look: () => Promise<R | undefined>, deadline: number): Promise<R | undefined> {
  let pause = 250;
  for (;;) {
    const found = await look();
    if (found !== undefined || Date.now() >= deadline) return found;
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
    pause = Math.min(pause * 2, 2000);
  }
}

/** Several new tasks match and none can be told apart: a person must pick one. */
export class AmbiguousCreateError extends Error {
  constructor(
    what: string,
    readonly candidates: Array<string | number>,
  ) {
    super(
      `${what}: an ambiguous create failure left ${candidates.length} tasks that match this resource exactly (ids ${candidates.join(", ")}) ` +
        `and nothing tells which one this create made. Nothing more was created. Import the right one (\`pulumi import\`) or delete the extras in the cloud, then run \`pulumi up\` again.`,
    );
    this.name = "AmbiguousCreateError";
  }
}

function snapshotOf<T, Id extends string | number>(spec: CreateOnce<T, Id>): Promise<Set<string | number>> {
  let snapshot = snapshots.get(spec.scope);
  if (!snapshot) {
    snapshot = spec.listScope().then((tasks) => new Set<string | number>(tasks.map((t) => spec.idOf(t))));
    // A failed read is not cached: the next create reads again.
    snapshot.catch(() => snapshots.delete(spec.scope));
    snapshots.set(spec.scope, snapshot);
  }
  return snapshot;
}

async function serialized<R>(key: string, run: () => Promise<R>): Promise<R> {
  const previous = queues.get(key) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(run);
  const tail = mine.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await mine;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

export function createOnce<T, Id extends string | number = number>(spec: CreateOnce<T, Id>): Promise<Id> {
  return serialized(`${spec.scope}\u0000${spec.name}`, async () => {
    const before = await snapshotOf(spec);
    const candidates = async (): Promise<Id[]> => {
      const fresh = (await (spec.listCandidates ?? spec.listScope)()).filter((t) => spec.nameOf(t) === spec.name && !before.has(spec.idOf(t)));
      const own: Id[] = [];
      for (const task of fresh) if (await spec.matches(task)) own.push(spec.idOf(task));
      return own;
    };
    const reconcile = async (failure: CloudError): Promise<Id | undefined> => {
      const deadline = Date.now() + (failure.answered ? 0 : settleWindowMs());
      let seen: Id[] = [];
      const found = await lookUntil(async () => {
        seen = await candidates();
        return seen.length === 1 ? seen[0] : undefined;
      }, deadline);
      if (found !== undefined) return found;
      if (seen.length > 1) {
        // Look again for one more window (an out-of-band delete may settle it); then a person must choose.
        const settled = await lookUntil(async () => {
          seen = await candidates();
          return seen.length === 1 ? seen[0] : undefined;
        }, Date.now() + settleWindowMs());
        if (settled !== undefined) return settled;
        throw new AmbiguousCreateError(spec.what, seen);
      }
      return undefined;
    };
    const id = await spec.create(reconcile);
    before.add(id);
    return id;
  });
}

/** Forgets snapshots (tests). */
export function resetCreateSnapshots(): void {
  snapshots.clear();
}
