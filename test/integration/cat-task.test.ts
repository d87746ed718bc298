import { strict as assert } from "node:assert";
import { createServer } from "node:net";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/protocols/types";
import type { CatTaskRecord } from "../../emulator/tencent/cat";
import { CloudError } from "../../provider/errors";
import { progress } from "../../provider/progress";
import { CatVerificationError, handlers } from "../../provider/resources/cat-task";
import { forgetListings } from "../../provider/transport/listing";
import { Tc2CloudError } from "../../provider/transport/tc2";
import { catApi, createTaskOutOfBand, listTasks } from "../support/cat-api";
import { TestCloud } from "../support/emulator";
import { rejection } from "../support/errors";

type Params = Record<string, string>;

/** A local port nothing listens on (fetch refuses to dial "bad ports" such as 1). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Provider → our API 2.0 signer → HTTP → emulator, with nothing stubbed. */
describe("CatTask against the emulator", () => {
  let cloud: TestCloud;
  let lines: string[];
  const write = progress.write;
  before(async () => {
    cloud = await TestCloud.start();
  });
  after(async () => cloud.stop());
  beforeEach(() => {
    cloud.reset();
    lines = [];
    // Progress lines are collected here (the engine prints them during `up`).
    progress.write = (line) => void lines.push(line);
  });
  afterEach(() => {
    progress.write = write;
  });

  const args = {
    taskName: "homepage",
    catTypeName: "https",
    url: "www.tencent.com",
    agentGroupId: 1510,
    period: 5,
    cookie: "session=integration-cookie-value",
  };

  async function checked(inputs: Record<string, unknown>) {
    const result = await handlers.check({}, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs as Record<string, unknown>;
  }

  const base = () => cloud.emulator.url;
  const mutating = (log: RequestLogEntry[]) => log.filter((r) => !r.action.startsWith("Describe"));
  const calls = (log: RequestLogEntry[]) => mutating(log).map((r) => r.action);
  const since = (n: number) => cloud.requests().slice(n);
  /** The emulator's own record of the task (what the list does not show: agent groups, cookie). */
  const record = (taskId: number | string): CatTaskRecord | undefined => {
    const buckets = cloud.emulator.cloud.store.buckets("cat") as Array<{ value: { tasks: CatTaskRecord[] } }>;
    return buckets.flatMap((b) => b.value.tasks).find((t) => t.taskId === Number(taskId));
  };

  it("creates: verify, poll until verified, CreateCatTask with the verified id, RunCatTask", async () => {
    const inputs = await checked(args);
    const { id, outs } = await handlers.create(inputs);
    const log = cloud.requests();
    assert.deepEqual(calls(log), ["SimpleVerifyCatTask", "VerifyCatResult", "VerifyCatResult", "VerifyCatResult", "CreateCatTask", "RunCatTask"]);
    assert.ok(log.every((r) => r.protocol === "tc2" && r.outcome === "ok" && r.region === "ap-guangzhou"));
    const verifiedId = mutating(log)[0];
    const create = log.find((r) => r.action === "CreateCatTask");
    assert.deepEqual(create?.params, {
      taskName: "homepage",
      catTypeName: "https",
      url: "www.tencent.com",
      agentGroupId: "1510",
      period: "5",
      sslVer: "SSLv23",
      cookie: "session=integration-cookie-value",
      taskId: id,
    });
    assert.equal((verifiedId.params as Params).taskName, "homepage", "a new task's name is checked for uniqueness up front");
    const [task] = await listTasks(base());
    assert.equal(String(task.taskId), id);
    assert.equal(task.status, 2);
    assert.equal(outs?.taskId, Number(id));
    assert.equal(outs?.status, 2);
    assert.equal(outs?.addTime, task.addTime);
    assert.equal(outs?.paused, false);
    assert.ok(Object.values(outs ?? {}).every((v) => v !== undefined), "the wire format (protobuf Struct) rejects undefined values");
    assert.equal(lines.length, 1);
    assert.match(lines[0], new RegExp(`CAT task ${id}: verifying the probe target`));
    assert.ok(!lines.join("\n").includes("integration-cookie-value"), "progress never carries inputs");
  });

  it("creates a paused task: PauseCatTask instead of RunCatTask", async () => {
    const { id, outs } = await handlers.create(await checked({ ...args, paused: true }));
    assert.deepEqual(calls(cloud.requests()).slice(-2), ["CreateCatTask", "PauseCatTask"]);
    assert.equal(record(id)?.status, 1);
    assert.equal(outs?.paused, true);
    assert.equal(outs?.status, 1);
  });

  it("a failed verification fails the create with errorReason and suggestion, and leaves no task", async () => {
    const error = await rejection(handlers.create(await checked({ ...args, url: "shop.example.invalid" })));
    assert.ok(error instanceof CatVerificationError);
    assert.equal(error.errorReason, "DNS解析失败");
    assert.match(error.suggestion, /resolves/);
    assert.match(error.message, /verification of the probe target failed: DNS解析失败\. Suggestion: .*No task was created/);
    assert.ok(!calls(cloud.requests()).includes("CreateCatTask"));
    assert.deepEqual(await listTasks(base()), []);
    const unreachable = await rejection(handlers.create(await checked({ ...args, catTypeName: "tcp", cookie: undefined, sslVer: undefined, host: "192.0.2.10" })));
    assert.equal((unreachable as unknown as CatVerificationError).errorReason, "连接失败");
  });

  describe("update, always in place", () => {
    async function created(extra: Record<string, unknown> = {}) {
      const inputs = await checked({ ...args, ...extra });
      const { id, outs } = await handlers.create(inputs);
      return { id, outs: outs ?? {}, inputs, mark: cloud.requests().length };
    }

    it("a period or name change is CreateCatTask with the same id, no verification", async () => {
      const { id, outs, mark } = await created();
      const news = await checked({ ...args, period: 1, taskName: "homepage-1m" });
      const diff = await handlers.diff(id, outs, news);
      assert.deepEqual([diff.changes, diff.replaces], [true, []]);
      const { outs: updated } = await handlers.update(id, outs, news);
      const log = since(mark);
      assert.deepEqual(calls(log), ["CreateCatTask"]);
      assert.equal((mutating(log)[0].params as Params).taskId, id);
      assert.equal(updated?.taskName, "homepage-1m");
      const [task] = await listTasks(base());
      assert.deepEqual([task.period, task.taskName, task.status], [1, "homepage-1m", 2]);
    });

    it("a changed target is verified first, then applied to the same id", async () => {
      const { id, outs, mark } = await created();
      await handlers.update(id, outs, await checked({ ...args, url: "cloud.tencent.com", checkStr: "腾讯云", checkType: "1" }));
      const log = since(mark);
      assert.deepEqual(calls(log), ["SimpleVerifyCatTask", "VerifyCatResult", "VerifyCatResult", "VerifyCatResult", "CreateCatTask"]);
      assert.equal((mutating(log)[0].params as Params).taskName, undefined, "an existing task's own name would look taken");
      assert.equal((mutating(log)[4].params as Params).taskId, id);
      assert.equal(record(id)?.url, "cloud.tencent.com");
      assert.equal(record(id)?.checkStr, "腾讯云");
      assert.equal((await listTasks(base())).length, 1, "verification allocated an id but created no task");
    });

    it("a target that fails verification is not applied", async () => {
      const { id, outs } = await created();
      const error = await rejection(handlers.update(id, outs, await checked({ ...args, url: "gone.invalid" })));
      assert.ok(error instanceof CatVerificationError);
      assert.equal(record(id)?.url, "www.tencent.com");
    });

    it("an agentGroupId change is CreateCatTask, then PauseCatTask and RunCatTask, so the new group probes at once", async () => {
      const { id, outs, mark } = await created();
      assert.equal(record(id)?.runningAgentGroupId, 1510);
      await handlers.update(id, outs, await checked({ ...args, agentGroupId: 1511 }));
      assert.deepEqual(calls(since(mark)), ["CreateCatTask", "PauseCatTask", "RunCatTask"]);
      assert.deepEqual([record(id)?.agentGroupId, record(id)?.runningAgentGroupId, record(id)?.status], [1511, 1511, 2]);
    });

    it("paused drives PauseCatTask and RunCatTask, and nothing else", async () => {
      const { id, outs, mark } = await created();
      const paused = await handlers.update(id, outs, await checked({ ...args, paused: true }));
      assert.deepEqual(calls(since(mark)), ["PauseCatTask"]);
      assert.equal(paused.outs?.status, 1);
      const mark2 = cloud.requests().length;
      const group = await handlers.update(id, paused.outs ?? {}, await checked({ ...args, paused: true, agentGroupId: 1511 }));
      assert.deepEqual(calls(since(mark2)), ["CreateCatTask"], "a paused task takes its new group when it runs again");
      const mark3 = cloud.requests().length;
      const running = await handlers.update(id, group.outs ?? {}, await checked({ ...args, agentGroupId: 1511 }));
      assert.deepEqual(calls(since(mark3)), ["RunCatTask"]);
      assert.deepEqual([running.outs?.status, record(id)?.runningAgentGroupId], [2, 1511]);
    });

    it("updating a task deleted behind Pulumi's back says to refresh", async () => {
      const { id, outs } = await created();
      assert.equal((await catApi(base(), "DeleteCatTask", { "taskId.0": id })).code, 0);
      const error = await rejection(handlers.update(id, outs, await checked({ ...args, period: 15 })));
      assert.match(error.message, /CAT task \d+ no longer exists in ap-guangzhou; run `pulumi refresh`/);
    });
  });

  describe("adopting an existing task with taskId", () => {
    it("modifies that task in place and creates nothing new", async () => {
      const existing = await createTaskOutOfBand(base(), { taskName: "legacy-probe", catTypeName: "http", url: "www.qq.com", agentGroupId: 1511, period: 15 });
      const mark = cloud.requests().length;
      const { id, outs } = await handlers.create(await checked({ ...args, taskId: existing }));
      assert.equal(id, String(existing));
      const log = since(mark);
      const creates = log.filter((r) => r.action === "CreateCatTask");
      assert.deepEqual(creates.map((r) => (r.params as Params).taskId), [String(existing)]);
      assert.deepEqual(calls(log), ["SimpleVerifyCatTask", "VerifyCatResult", "VerifyCatResult", "VerifyCatResult", "CreateCatTask", "PauseCatTask", "RunCatTask"]);
      const tasks = await listTasks(base());
      assert.equal(tasks.length, 1);
      assert.deepEqual([tasks[0].taskName, tasks[0].catTypeName, tasks[0].period], ["homepage", "https", 5]);
      assert.deepEqual([record(existing)?.runningAgentGroupId, outs?.taskId], [1510, existing]);
    });

    it("fails plainly when the id does not exist, calling nothing but the list", async () => {
      const error = await rejection(handlers.create(await checked({ ...args, taskId: 999 })));
      assert.match(error.message, /CAT task 999 \(taskId\) does not exist in ap-guangzhou: remove taskId/);
      assert.deepEqual(calls(cloud.requests()), []);
    });
  });

  describe("read", () => {
    it("reports drift the list shows, returns inputs without taskId, and reads a deleted task as gone", async () => {
      const { id, outs } = await handlers.create(await checked(args));
      await catApi(base(), "CreateCatTask", { taskId: id, taskName: "renamed-by-hand", catTypeName: "https", url: "www.tencent.com", agentGroupId: "1510", period: "30" });
      await catApi(base(), "PauseCatTask", { taskId: id });
      // A refresh is a new provider process: nothing this one listed answers it.
      forgetListings();
      const read = await handlers.read(id, outs ?? {});
      assert.equal(read.id, id);
      assert.deepEqual([read.props?.taskName, read.props?.period, read.props?.paused, read.props?.status], ["renamed-by-hand", 30, true, 1]);
      assert.equal(read.inputs?.taskName, "renamed-by-hand");
      assert.equal(read.inputs?.cookie, args.cookie, "fields the list does not return keep their state value");
      assert.equal(read.inputs?.taskId, undefined);
      assert.equal(read.inputs?.status, undefined, "inputs carry contract fields only");
      await catApi(base(), "DeleteCatTask", { "taskId.0": id });
      forgetListings();
      assert.deepEqual(await handlers.read(id, outs ?? {}), {});
    });

    it("pages through DescribeCatTaskList to find the task", async () => {
      const inputs = await checked({ ...args, catTypeName: "ping", cookie: undefined });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await handlers.create({ ...inputs, taskName: `ping-${i}` })).id);
      // Over 100 tasks: the provider's page size, so the last one is on page two.
      const store = cloud.emulator.cloud.store.buckets("cat")[0].value as { tasks: CatTaskRecord[] };
      const template = store.tasks[0];
      for (let n = 1; n <= 100; n++) store.tasks.unshift({ ...template, taskId: n, taskName: `filler-${n}` });
      forgetListings();
      const mark = cloud.requests().length;
      const read = await handlers.read(ids[2], { ...inputs, taskName: "ping-2" });
      assert.equal(read.id, ids[2]);
      assert.deepEqual(
        since(mark).map((r) => (r.params as Params).offset),
        ["0", "100"],
      );
    });

    /** 250 tasks in the account, ids 1–250, as another tool made them. */
    function fillAccount(template: CatTaskRecord): void {
      const store = cloud.emulator.cloud.store.buckets("cat")[0].value as { tasks: CatTaskRecord[] };
      for (let n = 1; n <= 250; n++) store.tasks.push({ ...template, taskId: n, taskName: `filler-${n}` });
    }

    it("a refresh of every task reads each page once, not once per task", async () => {
      const created = await handlers.create(await checked(args));
      fillAccount(record(created.id) as CatTaskRecord);
      forgetListings();
      const mark = cloud.requests().length;
      // As the engine's reads arrive: a few at a time, each batch after the last one's answers.
      const names: unknown[] = [];
      for (let first = 1; first <= 250; first += 10) {
        const reads = await Promise.all(Array.from({ length: 10 }, (_, i) => handlers.read(String(first + i), { ...args, region: "ap-guangzhou" })));
        names.push(...reads.map((r) => r.props?.taskName));
      }
      assert.deepEqual(names, Array.from({ length: 250 }, (_, i) => `filler-${i + 1}`));
      const pages = since(mark).filter((r) => r.action === "DescribeCatTaskList").length;
      assert.ok(pages <= 5, `${pages} list calls for 3 pages of 100`);
    });

    it("the read after a create starts at the page where the last new task was found", async () => {
      const first = await handlers.create(await checked(args));
      fillAccount(record(first.id) as CatTaskRecord);
      forgetListings();
      await handlers.create(await checked({ ...args, taskName: "second" }));
      const mark = cloud.requests().length;
      const third = await handlers.create(await checked({ ...args, taskName: "third" }));
      assert.equal(third.outs?.status, 2);
      assert.equal(since(mark).filter((r) => r.action === "DescribeCatTaskList").length, 1, "one page, not the whole account");
    });

  });

  it("delete removes the task, and deleting it again succeeds (20002 counts as deleted)", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    await handlers.delete(id, outs ?? {});
    assert.deepEqual(await listTasks(base()), []);
    await handlers.delete(id, outs ?? {});
    const deletes = cloud.requests().filter((r) => r.action === "DeleteCatTask");
    assert.deepEqual(deletes.map((r) => [r.params, r.outcome]), [
      [{ "taskId.0": id }, "ok"],
      [{ "taskId.0": id }, "20002"],
    ]);
  });

  it("a destroy's deletes go out together in DeleteCatTask's taskId.N; one task gone behind Pulumi's back makes them go one by one", async () => {
    const inputs = await checked({ ...args, catTypeName: "ping", cookie: undefined });
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await handlers.create({ ...inputs, taskName: `ping-${i}` }));
    let mark = cloud.requests().length;
    await Promise.all(created.slice(0, 2).map(({ id, outs }) => handlers.delete(id, outs ?? {})));
    assert.deepEqual(since(mark).map((r) => [r.action, Object.keys(r.params as Params).length, r.outcome]), [["DeleteCatTask", 2, "ok"]]);
    await catApi(base(), "DeleteCatTask", { "taskId.0": created[2].id });
    mark = cloud.requests().length;
    await Promise.all(created.slice(2).map(({ id, outs }) => handlers.delete(id, outs ?? {})));
    const outcomes = since(mark).map((r) => [Object.keys(r.params as Params).length, r.outcome]);
    assert.deepEqual(outcomes[0], [2, "20002"], "CAT refuses the whole call for the id it no longer knows");
    assert.deepEqual(outcomes.slice(1).sort(), [[1, "20002"], [1, "ok"]], "alone, the gone one counts as deleted");
    assert.deepEqual(await listTasks(base()), []);
  });

  describe("faults", () => {
    it("a CreateCatTask whose response is lost is repeated on the same id: one task", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateCatTask" });
      const { id } = await handlers.create(await checked(args));
      const creates = cloud.requests().filter((r) => r.action === "CreateCatTask");
      assert.deepEqual(creates.map((r) => (r.params as Params).taskId), [id, id]);
      assert.deepEqual((await listTasks(base())).map((t) => String(t.taskId)), [id]);
    });

    it("a SimpleVerifyCatTask whose response is lost is repeated: the orphan verification makes no task", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "SimpleVerifyCatTask" });
      const { id } = await handlers.create(await checked(args));
      assert.equal(cloud.requests().filter((r) => r.action === "SimpleVerifyCatTask").length, 2);
      assert.deepEqual((await listTasks(base())).map((t) => String(t.taskId)), [id]);
    });

    it("throttling (4400) and gateway failures are retried", async () => {
      cloud.inject({ kind: "error", action: "DescribeCatTaskList", code: "4400", times: 2 });
      cloud.inject({ kind: "http-status", action: "RunCatTask", status: 503 });
      const { outs } = await handlers.create(await checked(args));
      assert.equal(outs?.status, 2);
      const outcomes = cloud.requests().map((r) => `${r.action}:${r.outcome}`);
      assert.ok(outcomes.includes("DescribeCatTaskList:4400"));
      assert.ok(outcomes.includes("RunCatTask:HTTP 503"));
    });

    it("a failed run after the create keeps the task in state, marked paused, and the next update runs it", async () => {
      cloud.inject({ kind: "error", action: "RunCatTask", code: "10001", message: "agent group is full" });
      const inputs = await checked(args);
      const error = await rejection(handlers.create(inputs));
      const [task] = await listTasks(base());
      assert.equal(error.id, String(task.taskId), "the init failure carries the created id");
      const properties = error.properties as Record<string, unknown>;
      assert.equal(properties.paused, true);
      assert.equal(properties.cookie, args.cookie);
      const diff = await handlers.diff(String(error.id), properties, inputs);
      assert.equal(diff.changes, true);
      const mark = cloud.requests().length;
      await handlers.update(String(error.id), properties, inputs);
      assert.deepEqual(calls(since(mark)), ["RunCatTask"]);
      assert.equal(record(task.taskId as number)?.status, 2);
    });

    it("a burst of creates paces itself under the 20 requests/second limit", async () => {
      const inputs = await checked({ ...args, catTypeName: "ping", cookie: undefined });
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => handlers.create({ ...inputs, taskName: `burst-${i}` })));
      assert.equal(new Set(results.map((r) => r.id)).size, 6);
      assert.equal((await listTasks(base())).length, 6);
    });
  });

  describe("the emulator follows the docs' own CreateCatTask example", () => {
    const example = { taskName: "test_http", taskId: 24454, catTypeName: "http", period: 15, agentGroupId: 1510, url: "www.tencent2.com" };

    it("creates task 24454 with no verification before it, and no verification hands that id out again", async () => {
      assert.deepEqual(await catApi(base(), "CreateCatTask", example), { code: 0, message: "", codeDesc: "Success" });
      assert.deepEqual(
        (await listTasks(base())).map((t) => [t.taskId, t.taskName, t.cgiUrl, t.status]),
        [[24454, "test_http", "www.tencent2.com", 0]],
      );
      const verified = await catApi(base(), "SimpleVerifyCatTask", { catTypeName: "http", period: 5, agentGroupId: 1510, url: "www.tencent.com" });
      assert.equal(verified.code, 0);
      assert.notEqual(Number(verified.taskId), 24454);
    });

    it("still refuses an id whose verification is pending or failed, or whose task was deleted", async () => {
      const pending = await catApi(base(), "SimpleVerifyCatTask", { catTypeName: "http", period: 5, agentGroupId: 1510, url: "www.tencent.com" });
      const refusal = await catApi(base(), "CreateCatTask", { ...example, taskId: Number(pending.taskId) });
      assert.deepEqual([refusal.code, refusal.codeDesc], [10001, "InvalidParameter"]);
      assert.match(refusal.message, /has not finished verification/);

      const failing = await catApi(base(), "SimpleVerifyCatTask", { catTypeName: "http", period: 5, agentGroupId: 1510, url: "down.invalid" });
      for (let poll = 0; poll < 3; poll++) await catApi(base(), "VerifyCatResult", { resultId: Number(failing.resultId) });
      assert.match((await catApi(base(), "CreateCatTask", { ...example, taskId: Number(failing.taskId), url: "down.invalid" })).message, /failed verification \(DNS解析失败\)/);

      const own = { ...example, taskId: 30001 };
      assert.equal((await catApi(base(), "CreateCatTask", own)).code, 0);
      assert.equal((await catApi(base(), "DeleteCatTask", { "taskId.0": 30001 })).code, 0);
      const recreated = await catApi(base(), "CreateCatTask", own);
      assert.deepEqual([recreated.code, recreated.message], [10001, "Task 30001 was deleted: call SimpleVerifyCatTask for a new id."]);
      assert.deepEqual(await listTasks(base()), []);
    });
  });

  describe("errors", () => {
    it("carry the cloud's code, codeDesc and message: a taken name is 10001 before anything is created", async () => {
      await handlers.create(await checked(args));
      const error = await rejection(handlers.create(await checked(args)));
      assert.ok(error instanceof Tc2CloudError);
      assert.equal(error.code, "10001");
      assert.equal(error.codeDesc, "InvalidParameter");
      assert.equal(error.kind, "client");
      assert.match(error.message, /^cat:SimpleVerifyCatTask failed: InvalidParameter: taskName homepage is already used by task \d+\. \(10001\)$/);
      assert.equal((await listTasks(base())).length, 1);
    });

    it("an unknown agent group is the cloud's 10001, surfaced as is", async () => {
      const error = await rejection(handlers.create(await checked({ ...args, agentGroupId: 4242 })));
      assert.ok(error instanceof CloudError);
      assert.match(error.message, /agentGroupId 4242 is not one of your agent groups\. \(10001\)/);
    });

    it("a wrong secret key fails with 4100 without retrying and without leaking the key", async () => {
      process.env.TENCENTCLOUD_SECRET_KEY = "wrong-secret-key-value";
      try {
        const error = await rejection(handlers.create(await checked(args)));
        assert.ok(error instanceof Tc2CloudError);
        assert.equal(error.code, "4100");
        assert.equal(error.kind, "auth");
        assert.ok(!error.message.includes("wrong-secret-key-value"));
        assert.equal(cloud.requests().length, 1);
        assert.equal(cloud.requests()[0].outcome, "4100");
      } finally {
        process.env.TENCENTCLOUD_SECRET_KEY = DEMO_TENCENT_CREDENTIAL.secretKey;
      }
    });

    it("an endpoint that refuses connections is retried, then reported with its cause", async () => {
      process.env.CLOUDTASKS_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
      process.env.CLOUDTASKS_MAX_ATTEMPTS = "2";
      try {
        const error = await rejection(handlers.delete("1", { region: "ap-guangzhou" }));
        assert.ok(error instanceof CloudError);
        assert.equal(error.kind, "transient");
        assert.match(error.message, /ECONNREFUSED/);
      } finally {
        process.env.CLOUDTASKS_ENDPOINT = cloud.emulator.url;
        delete process.env.CLOUDTASKS_MAX_ATTEMPTS;
      }
    });
  });
});
