/**
 * Reads by id through a list API that has no id filter (CAT 2.0's DescribeCatTaskList, bh's
 * DescribeOperationTask): a read pages through the account's tasks. Concurrent reads share one
 * pass over the pages, which ends once every id asked for is found; a refresh's read of a task a
 * pass listed less than LISTING_TTL_MS ago is answered from that listing, unless this process has
 * changed the task since (the resource reports its changing calls through {@link Listing.changed}).
 *
 * A list API that also filters by ids (CAT 3.0's DescribeProbeTasks `TaskIDs`) gives
 * {@link ListingSpec.lookUp}: its reads list the account only while one page holds it all, which
 * costs the one call a lookup by id would and answers a whole refresh; a larger account is read by id.
 */
import { batchedById } from "./batched";

export interface ListPage<T> {
  items: readonly T[];
  /** The list's length as the page reports it. */
  total: number;
}

/**
 * A page's list length: the one it reports, or, when it reports none, as far as the page shows (a
 * full page promises at least one more).
 */
export function listLengthFrom(reported: number | undefined, offset: number, count: number, limit: number): number {
  return reported ?? offset + count + (count < limit ? 0 : 1);
}

export interface ListingSpec<T> {
  /** Product, region, account: reads with one key share passes and what they listed. */
  key: string;
  pageSize: number;
  page(offset: number, limit: number): Promise<ListPage<T>>;
  idOf(item: T): string;
  /**
   * A narrower lookup of one id, tried before a whole pass when a pass would look for that id
   * alone (bh's name filter with the task's last known name); undefined when it cannot tell.
   */
  lookUpAlone?(id: string): Promise<T | undefined>;
  /** The list's own lookup of these ids (an id missing from the answer is gone); see the module's doc. */
  lookUp?(ids: string[]): Promise<Map<string, T>>;
}

export const LISTING_TTL_MS = 2000;

/** What passes saw lately under one key. */
export class Listing<T> {
  private readonly seen = new Map<string, { item: T; at: number }>();
  private readonly changedAt = new Map<string, number>();
  /**
   * Where the last pass found a task it was asked for. New tasks are listed at one end, not in the
   * middle (which end is undocumented): found within half a page of the end, the next pass starts
   * half a page before the end the list then had, so tasks made since fall in its first page.
   */
  private hint = { offset: 0, nearEnd: false, total: 0 };
  /** For a list that filters by ids: its length as its last first page reported it; undefined until one is read. */
  listLength: number | undefined;

  startOffset(pageSize: number): number {
    return this.hint.nearEnd ? Math.max(0, this.hint.total - Math.floor(pageSize / 2)) : this.hint.offset;
  }

  /** A task asked for was at `position` of a list `total` long, in the page read from `pageOffset`. */
  foundAt(position: number, pageOffset: number, total: number, pageSize: number): void {
    this.hint = { offset: pageOffset, nearEnd: total - position <= pageSize / 2, total };
  }

  recent(id: string, now = Date.now()): T | undefined {
    const entry = this.seen.get(id);
    return entry && now - entry.at < LISTING_TTL_MS ? entry.item : undefined;
  }

  /** Records items answered to a request sent at `askedAt`, skipping tasks changed since (the answer may predate the change). */
  record(items: ReadonlyArray<readonly [string, T]>, askedAt: number, now = Date.now()): void {
    for (const [id, entry] of this.seen) if (now - entry.at >= LISTING_TTL_MS) this.seen.delete(id);
    for (const [id, item] of items) if ((this.changedAt.get(id) ?? -Infinity) < askedAt) this.seen.set(id, { item, at: now });
  }

  /** This process called an action that changes (or may have changed) the task. */
  changed(id: string, now = Date.now()): void {
    this.seen.delete(id);
    this.changedAt.set(id, now);
  }

  /** Runs a call that changes these tasks; answered or not, what was listed of them no longer answers a read. */
  async changing<R>(ids: ReadonlyArray<string | number>, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } finally {
      for (const id of ids) this.changed(String(id));
    }
  }
}

const listings = new Map<string, Listing<unknown>>();

export function listingOf<T>(key: string): Listing<T> {
  let listing = listings.get(key);
  if (!listing) listings.set(key, (listing = new Listing<unknown>()));
  return listing as Listing<T>;
}

/** Forgets what was listed, as a new provider process would (tests). */
export function forgetListings(): void {
  listings.clear();
}

/**
 * The task with this id, or undefined. `recentListing`: a refresh's read may take the task as a
 * listing showed it moments ago; the reads a change acts on ask the cloud.
 */
export function findListed<T>(spec: ListingSpec<T>, id: string, { recentListing = false } = {}): Promise<T | undefined> {
  const listing = listingOf<T>(spec.key);
  const recent = recentListing ? listing.recent(id) : undefined;
  if (recent !== undefined) return Promise.resolve(recent);
  return batchedById<T>({ key: `listing/${spec.key}`, maxIds: 1000, call: (ids) => pass(spec, listing, new Set(ids)) }, id);
}

/**
 * One pass over the pages, from where the last pass found its task (see Listing.startOffset) round to the same place, ending
 * once every id asked for is found. Pages advance by what each page held, so a server that caps
 * `limit` below ours still gets read to the end.
 */
async function pass<T>(spec: ListingSpec<T>, listing: Listing<T>, wanted: Set<string>): Promise<Map<string, T>> {
  if (spec.lookUp) return firstPageOrLookUp(spec, spec.lookUp, listing, wanted);
  const found = new Map<string, T>();
  if (wanted.size === 1 && spec.lookUpAlone) {
    const [id] = wanted;
    const askedAt = Date.now();
    const item = await spec.lookUpAlone(id);
    if (item !== undefined) {
      listing.record([[id, item]], askedAt);
      return found.set(id, item);
    }
  }
  const start = listing.startOffset(spec.pageSize);
  let wrapped = start === 0;
  for (let offset = start; ; ) {
    const { page, items } = await readPage(spec, listing, offset);
    items.forEach(([id, item], index) => {
      if (!wanted.has(id)) return;
      found.set(id, item);
      listing.foundAt(offset + index, offset, page.total, spec.pageSize);
    });
    if (found.size === wanted.size) return found;
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) {
      if (wrapped) return found;
      [wrapped, offset] = [true, 0];
    } else if (wrapped && start > 0 && offset >= start) return found;
  }
}

/** One page from `offset`, recorded in the listing as of when it was asked for. */
async function readPage<T>(spec: ListingSpec<T>, listing: Listing<T>, offset: number) {
  const askedAt = Date.now();
  const page = await spec.page(offset, spec.pageSize);
  const items = page.items.map((item) => [spec.idOf(item), item] as const);
  listing.record(items, askedAt);
  return { page, items };
}

/**
 * For a list that filters by ids: while the account may fit in one page, that page (which then
 * lists every task there is, so an id it lacks is gone); the ids it does not settle, by id.
 */
async function firstPageOrLookUp<T>(spec: ListingSpec<T>, lookUp: (ids: string[]) => Promise<Map<string, T>>, listing: Listing<T>, wanted: Set<string>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  let left = [...wanted];
  if (listing.listLength === undefined || listing.listLength <= spec.pageSize) {
    const { page, items } = await readPage(spec, listing, 0);
    listing.listLength = page.total;
    for (const [id, item] of items) if (wanted.has(id)) found.set(id, item);
    if (page.total <= page.items.length) return found;
    left = left.filter((id) => !found.has(id));
    if (left.length === 0) return found;
  }
  const askedAt = Date.now();
  const byId = await lookUp(left);
  listing.record([...byId], askedAt);
  for (const [id, item] of byId) found.set(id, item);
  return found;
}
