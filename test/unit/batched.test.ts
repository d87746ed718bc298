import { strict as assert } from "node:assert";
import { CloudError } from "../../provider/errors";
import { batchedById, deleteInBatch, GATHER_MS, type BatchedSpec } from "../../provider/transport/batched";

/** A list API over `tasks` that records the ids of every call. */
function listApi(key: string, maxIds: number, tasks: Record<string, string>, fail?: () => Error | undefined, perSecond?: number) {
  const calls: string[][] = [];
  const startedAt: number[] = [];
  const spec: BatchedSpec<string> = {
    key,
    maxIds,
    perSecond,
    call: async (ids) => {
      calls.push(ids);
      startedAt.push(performance.now());
      await new Promise((r) => setTimeout(r, GATHER_MS * 3));
      const error = fail?.();
      if (error) throw error;
      return new Map(ids.filter((id) => id in tasks).map((id) => [id, tasks[id]]));
    },
  };
  return { calls, startedAt, read: (id: string) => batchedById(spec, id) };
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

  it("with perSecond, starts calls at least 1 ÷ perSecond apart and gathers the ids asked in a trickle meanwhile", async () => {
    const tasks = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, `T${i}`]));
    const api = listApi("spread", 100, tasks, undefined, 20);
    const reads: Array<Promise<string | undefined>> = [];
    for (let i = 0; i < 10; i++) {
      reads.push(api.read(`t${i}`));
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(await Promise.all(reads), Object.values(tasks));
    const gaps = api.startedAt.slice(1).map((t, i) => t - api.startedAt[i]);
    assert.ok(gaps.every((gap) => gap >= 49.9), `calls started ${gaps.map((gap) => gap.toFixed(1)).join(", ")} ms apart`);
    // Ten ids over ~100 ms at 50 ms spacing: three calls, where one per returned call would make five or more.
    assert.ok(api.calls.length <= 3, `${api.calls.length} calls: ${JSON.stringify(api.calls)}`);
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

describe("ProbeTask's polls on a grid of the clock", () => {
  it("are never before they are due, and waits started within one grid cell poll together", async () => {
    const { pauseUntilPoll, POLL_GRID_MS } = await import("../../provider/resources/probe-task");
    assert.equal(POLL_GRID_MS, 100);
    assert.equal(pauseUntilPoll(10_500, 10_000), 500, "due on the grid: exactly then");
    assert.equal(pauseUntilPoll(10_530, 10_030), 570, "due between points: the next point, never earlier");
    assert.equal(10_020 + pauseUntilPoll(10_520, 10_020), 10_090 + pauseUntilPoll(10_590, 10_090), "waits started 70 ms apart in one cell wake together");
    assert.equal(pauseUntilPoll(10_500, 10_650), 0, "a poll already late goes now");
  });

  it("a wait's first look is at the quickest its kind has settled (one poll sooner when looking earlier), never sooner than one poll nor later than 2 s", async () => {
    const { firstPollAfter } = await import("../../provider/resources/probe-task");
    assert.equal(firstPollAfter(500, undefined), 500, "nothing seen yet");
    assert.equal(firstPollAfter(500, 2_030), 2_000, "settled in 2 s: looks then, capped at 2 s");
    assert.equal(firstPollAfter(500, 1_530), 1_530, "settled in 1.5 s: one look, when it settled");
    assert.equal(firstPollAfter(500, 1_530, true), 1_030, "looking earlier: one poll sooner, to follow a cloud that got quicker");
    assert.equal(firstPollAfter(500, 600), 600);
    assert.equal(firstPollAfter(500, 600, true), 500, "never sooner than one poll");
    assert.equal(firstPollAfter(500, 30_000), 2_000, "a slow first wait does not hold every later one back");
  });
});

describe("deleteInBatch", () => {
  const gone = (id: string) => new CloudError({ cloud: "tencent", service: "cat", action: "DeleteCatTask", kind: "notFound", code: "20002", message: `task ${id} does not exist` });

  /** A batch delete over `existing` that, like CAT's, refuses the whole call for one id it does not know. */
  function batchDeleteApi(key: string, existing: string[], refuse: (ids: string[]) => Error | undefined = () => undefined) {
    const tasks = new Set(existing);
    const calls: string[][] = [];
    const spec = {
      key,
      maxIds: 100,
      perSecond: 20,
      deleteIds: async (ids: string[]) => {
        calls.push(ids);
        const unknown = ids.find((id) => !tasks.has(id));
        if (unknown) throw gone(unknown);
        const refused = refuse(ids);
        if (refused) throw refused;
        for (const id of ids) tasks.delete(id);
      },
    };
    return { tasks, calls, del: (id: string) => deleteInBatch(spec, id) };
  }

  it("sends the deletes asked for at the same moment in one call", async () => {
    const api = batchDeleteApi("together", ["1", "2", "3"]);
    await Promise.all(["1", "2", "3"].map(api.del));
    assert.deepEqual(api.calls, [["1", "2", "3"]]);
    assert.equal(api.tasks.size, 0);
  });

  it("when the cloud refuses the batch for an id it no longer knows, deletes each alone: the gone one counts as deleted", async () => {
    const api = batchDeleteApi("one-gone", ["1", "3"]);
    await Promise.all(["1", "2", "3"].map(api.del));
    assert.deepEqual(api.calls[0], ["1", "2", "3"]);
    assert.deepEqual(api.calls.slice(1).sort(), [["1"], ["2"], ["3"]]);
    assert.equal(api.tasks.size, 0, "a not-found batch is never taken as the others' success");
  });

  it("an id the cloud refuses fails only its own delete", async () => {
    const refused = new CloudError({ cloud: "tencent", service: "bh", action: "DeleteOperationTasks", kind: "client", code: "FailedOperation", message: "task 2 is locked" });
    const api = batchDeleteApi("one-refused", ["1", "2", "3"], (ids) => (ids.includes("2") ? refused : undefined));
    const outcomes = await Promise.allSettled(["1", "2", "3"].map(api.del));
    assert.deepEqual(outcomes.map((o) => o.status), ["fulfilled", "rejected", "fulfilled"]);
    assert.equal((outcomes[1] as PromiseRejectedResult).reason, refused);
    assert.deepEqual([...api.tasks], ["2"]);
  });
});
