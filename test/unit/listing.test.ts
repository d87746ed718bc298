import { strict as assert } from "node:assert";
import { findListed, forgetListings, Listing, LISTING_TTL_MS, type ListingSpec } from "../../provider/transport/listing";

interface Task {
  id: string;
  name: string;
}

/** A list API over `tasks` (in list order) with no id filter, recording the offset of every page asked for. */
function listApi(tasks: Task[], pageSize = 10, alone?: (id: string) => Task | undefined) {
  const offsets: number[] = [];
  const lone: string[] = [];
  const spec: ListingSpec<Task> = {
    key: "test/region/account",
    pageSize,
    page: async (offset, limit) => {
      offsets.push(offset);
      return { items: tasks.slice(offset, offset + limit), total: tasks.length };
    },
    idOf: (t) => t.id,
    lookUpAlone: alone
      ? async (id) => {
          lone.push(id);
          return alone(id);
        }
      : undefined,
  };
  return { spec, offsets, lone };
}

const tasks = (n: number, from = 1): Task[] => Array.from({ length: n }, (_, i) => ({ id: String(from + i), name: `t-${from + i}` }));

describe("reads through a list without an id filter", () => {
  beforeEach(() => forgetListings());

  it("concurrent reads share one pass, which stops at the page holding the last task asked for", async () => {
    const { spec, offsets } = listApi(tasks(50));
    const found = await Promise.all(["3", "17", "25"].map((id) => findListed(spec, id)));
    assert.deepEqual(found.map((t) => t?.name), ["t-3", "t-17", "t-25"]);
    assert.deepEqual(offsets, [0, 10, 20]);
  });

  it("a task the list does not hold reads as undefined after one whole pass", async () => {
    const { spec, offsets } = listApi(tasks(25));
    assert.equal(await findListed(spec, "99"), undefined);
    assert.deepEqual(offsets, [0, 10, 20]);
  });

  it("a pass starts near the end when the last task found was there, so a new task costs one page", async () => {
    const list = tasks(45);
    const { spec, offsets } = listApi(list);
    await findListed(spec, "44");
    list.push(...tasks(3, 46));
    offsets.length = 0;
    assert.equal((await findListed(spec, "47"))?.name, "t-47");
    assert.deepEqual(offsets, [40]);
  });

  it("from the hint, a pass wraps round to the start to find an older task", async () => {
    const { spec, offsets } = listApi(tasks(45));
    await findListed(spec, "44");
    offsets.length = 0;
    assert.equal((await findListed(spec, "2"))?.name, "t-2");
    assert.deepEqual(offsets, [40, 0]);
  });

  it("a lone read tries the narrower lookup first, and a whole pass only when it cannot tell", async () => {
    const { spec, offsets, lone } = listApi(tasks(30), 10, (id) => (id === "25" ? { id, name: "by name" } : undefined));
    assert.equal((await findListed(spec, "25"))?.name, "by name");
    assert.deepEqual([lone, offsets], [["25"], []]);
    assert.equal((await findListed(spec, "12"))?.name, "t-12");
    assert.deepEqual([lone, offsets], [["25", "12"], [0, 10]]);
  });

  it("a refresh's read takes what a pass listed moments ago; other reads ask the cloud", async () => {
    const { spec, offsets } = listApi(tasks(30));
    await findListed(spec, "25");
    offsets.length = 0;
    assert.equal((await findListed(spec, "5", { recentListing: true }))?.name, "t-5");
    assert.deepEqual(offsets, [], "listed by the last pass");
    await findListed(spec, "5");
    assert.ok(offsets.length > 0, "without recentListing the cloud is asked");
  });
});

/** A list API over `tasks` that also looks up by ids, recording pages and lookups asked for. */
function filteredListApi(tasks: Task[], pageSize = 10) {
  const { spec, offsets } = listApi(tasks, pageSize);
  const lookups: string[][] = [];
  spec.lookUp = async (ids) => {
    lookups.push(ids);
    return new Map(tasks.filter((t) => ids.includes(t.id)).map((t) => [t.id, t]));
  };
  return { spec, offsets, lookups };
}

describe("reads through a list that also filters by id", () => {
  beforeEach(() => forgetListings());

  it("an account one page holds is listed whole: that call answers a refresh's later reads, and an id it lacks is gone", async () => {
    const { spec, offsets, lookups } = filteredListApi(tasks(10));
    assert.equal((await findListed(spec, "4", { recentListing: true }))?.name, "t-4");
    const later = await Promise.all(["1", "9", "10"].map((id) => findListed(spec, id, { recentListing: true })));
    assert.deepEqual(later.map((t) => t?.name), ["t-1", "t-9", "t-10"]);
    assert.equal(await findListed(spec, "11"), undefined);
    assert.deepEqual(offsets, [0, 0], "one page for the refresh's reads, one for the read of a task not there");
    assert.deepEqual(lookups, []);
  });

  it("a larger account costs one page per process, then reads by id only what that page did not answer", async () => {
    const { spec, offsets, lookups } = filteredListApi(tasks(25));
    const found = await Promise.all(["3", "17"].map((id) => findListed(spec, id)));
    assert.deepEqual(found.map((t) => t?.name), ["t-3", "t-17"]);
    assert.deepEqual(offsets, [0]);
    assert.deepEqual(lookups, [["17"]]);
    assert.equal(await findListed(spec, "99"), undefined);
    assert.deepEqual(offsets, [0], "no second page: the account is known to be larger than one");
    assert.deepEqual(lookups, [["17"], ["99"]]);
  });
});

describe("what a listing remembers", () => {
  const task = (id: string, name = `t-${id}`): readonly [string, Task] => [id, { id, name }];

  it("answers for LISTING_TTL_MS after the page arrived, then forgets", () => {
    const listing = new Listing<Task>();
    listing.record([task("1")], 1000, 1000);
    assert.equal(listing.recent("1", 1000 + LISTING_TTL_MS - 1)?.name, "t-1");
    assert.equal(listing.recent("1", 1000 + LISTING_TTL_MS), undefined);
  });

  it("forgets a task this process changes, and ignores a page asked for before the change", () => {
    const listing = new Listing<Task>();
    listing.record([task("1")], 1000, 1000);
    listing.changed("1", 1100);
    assert.equal(listing.recent("1", 1200), undefined);
    listing.record([task("1", "stale")], 1050, 1150);
    assert.equal(listing.recent("1", 1200), undefined, "the page was asked for before the change");
    listing.record([task("1", "fresh")], 1101, 1200);
    assert.equal(listing.recent("1", 1250)?.name, "fresh");
  });
});
