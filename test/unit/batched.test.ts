import { strict as assert } from "node:assert";
import { batchedById, GATHER_MS, type BatchedSpec } from "../../provider/transport/batched";

/** A list API over `tasks` that records the ids of every call. */
function listApi(key: string, maxIds: number, tasks: Record<string, string>, fail?: () => Error | undefined) {
  const calls: string[][] = [];
  const spec: BatchedSpec<string> = {
    key,
    maxIds,
    call: async (ids) => {
      calls.push(ids);
      await new Promise((r) => setTimeout(r, GATHER_MS * 3));
      const error = fail?.();
      if (error) throw error;
      return new Map(ids.filter((id) => id in tasks).map((id) => [id, tasks[id]]));
    },
  };
  return { calls, read: (id: string) => batchedById(spec, id) };
}

describe("batchedById", () => {
  it("answers reads asked within the gathering pause with one call, each with its own task or undefined", async () => {
    const api = listApi("one-turn", 100, { a: "A", b: "B" });
    const answers = await Promise.all(["a", "b", "missing", "a"].map(api.read));
    assert.deepEqual(answers, ["A", "B", undefined, "A"]);
    assert.deepEqual(api.calls, [["a", "b", "missing"]]);
  });

  it("gathers the reads asked while a call is in flight into the next call, at most maxIds each", async () => {
    const tasks = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`t${i}`, `T${i}`]));
    const api = listApi("in-flight", 3, tasks);
    const first = api.read("t0");
    await new Promise((r) => setTimeout(r, GATHER_MS + 5));
    const rest = Promise.all(["t1", "t2", "t3", "t4", "t5", "t6"].map(api.read));
    assert.equal(await first, "T0");
    assert.deepEqual(await rest, ["T1", "T2", "T3", "T4", "T5", "T6"]);
    assert.deepEqual(api.calls, [["t0"], ["t1", "t2", "t3"], ["t4", "t5", "t6"]]);
  });

  it("fails every read of a failed call, and the next reads call again", async () => {
    let failing = true;
    const api = listApi("failing", 10, { a: "A" }, () => (failing ? new Error("throttled past every retry") : undefined));
    const results = await Promise.allSettled([api.read("a"), api.read("b")]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
    failing = false;
    assert.equal(await api.read("a"), "A");
    assert.equal(api.calls.length, 2);
  });

  it("keeps keys (regions, accounts) apart", async () => {
    const east = listApi("east", 10, { a: "east-A" });
    const west = listApi("west", 10, { a: "west-A" });
    assert.deepEqual(await Promise.all([east.read("a"), west.read("a")]), ["east-A", "west-A"]);
    assert.equal(east.calls.length + west.calls.length, 2);
  });
});

describe("ProbeTask's polls on clock ticks", () => {
  it("pause until the next tick at least half a period away, so concurrent waits poll together", async () => {
    const { onTick } = await import("../../provider/resources/probe-task");
    assert.equal(onTick(500, 10_000), 500);
    assert.equal(onTick(500, 10_100), 400);
    assert.equal(onTick(500, 10_300), 700, "200 ms to the tick is under half a period: the one after");
    assert.equal(10_123 + onTick(500, 10_123), 10_129 + onTick(500, 10_129), "two waits a few ms apart wake together");
  });
});
