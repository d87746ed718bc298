import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator";
import { CloudError } from "../../provider/errors";
import type { OperationTaskRecord } from "../../emulator/tencent/bh";
import { handlers } from "../../provider/resources/operation-task";
import { forgetListings } from "../../provider/transport/listing";
import { resetSettings } from "../../provider/settings";
import { rejection } from "../support/errors";
import { TestCloud, withShortRequestTimeout } from "../support/emulator";

/** Provider → official SDK → HTTP → emulator, with nothing stubbed. */
describe("OperationTask against the emulator", () => {
  let cloud: TestCloud;
  before(async () => {
    cloud = await TestCloud.start();
  });
  after(async () => cloud.stop());
  beforeEach(() => cloud.reset());

  const args = {
    name: "disk-report",
    type: 1,
    account: "root",
    timeout: 30,
    script: "df -h\necho done",
    deviceIdSet: [34, 56],
  };

  async function checked(inputs: Record<string, unknown>) {
    const result = await handlers.check({}, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs as Record<string, unknown>;
  }

  async function storedTasks() {
    const res = await cloud.bhClient().DescribeOperationTask({ Limit: 100 });
    return res.OperationTasks ?? [];
  }

  it("creates the task with the script base64-encoded on the wire and the region filled from the environment", async () => {
    const inputs = await checked(args);
    assert.equal(inputs.region, "ap-guangzhou");
    assert.equal(inputs.encoding, 1);
    const { id, outs } = await handlers.create(inputs);
    const create = cloud.requests().find((r) => r.action === "CreateOperationTask");
    assert.ok(create);
    assert.deepEqual(create.params, {
      Name: "disk-report",
      Type: 1,
      Account: "root",
      Timeout: 30,
      Script: Buffer.from("df -h\necho done").toString("base64"),
      DeviceIdSet: [34, 56],
      Encoding: 1,
    });
    assert.equal(create.region, "ap-guangzhou");
    const [task] = await storedTasks();
    assert.equal(String(task.Id), id);
    assert.equal(outs?.taskId, task.Id);
    assert.equal(outs?.operationId, task.OperationId);
    assert.equal(outs?.script, "df -h\necho done");
    assert.ok(!cloud.actions().includes("RunOperationTask"), "no runTriggers: the task is not run");
    assert.ok(Object.values(outs ?? {}).every((v) => v !== undefined), "the wire format (protobuf Struct) rejects undefined values");
  });

  it("updates in place through ModifyOperationTask with the full field set", async () => {
    const inputs = await checked(args);
    const { id, outs } = await handlers.create(inputs);
    const news = await checked({ ...args, timeout: 90, name: "disk-report-2" });
    const diff = await handlers.diff(id, outs ?? {}, news);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    const before = cloud.requests().length;
    const { outs: updated } = await handlers.update(id, outs ?? {}, news);
    const calls = cloud.requests().slice(before).map((r) => r.action);
    assert.deepEqual(calls.filter((a) => !a.startsWith("Describe")), ["ModifyOperationTask"]);
    const modify = cloud.requests().find((r) => r.action === "ModifyOperationTask");
    assert.equal((modify?.params as Record<string, unknown>).Id, Number(id));
    assert.equal((modify?.params as Record<string, unknown>).Timeout, 90);
    assert.equal(updated?.name, "disk-report-2");
    const [task] = await storedTasks();
    assert.equal(task.Name, "disk-report-2");
  });

  it("changing the region replaces the task", async () => {
    const inputs = await checked(args);
    const { id, outs } = await handlers.create(inputs);
    const diff = await handlers.diff(id, outs ?? {}, await checked({ ...args, region: "ap-shanghai" }));
    assert.deepEqual(diff.replaces, ["region"]);
  });

  it("runs on create when runTriggers are set, again only when they change", async () => {
    const inputs = await checked({ ...args, runTriggers: ["v1"] });
    const { id, outs } = await handlers.create(inputs);
    assert.equal(cloud.actions().filter((a) => a === "RunOperationTask").length, 1);
    assert.match(String(outs?.lastRunSubTaskId), /^ops-/);
    const same = await handlers.update(id, outs ?? {}, await checked({ ...args, runTriggers: ["v1"], timeout: 31 }));
    assert.equal(cloud.actions().filter((a) => a === "RunOperationTask").length, 1);
    await handlers.update(id, same.outs ?? {}, await checked({ ...args, runTriggers: ["v2"], timeout: 31 }));
    assert.equal(cloud.actions().filter((a) => a === "RunOperationTask").length, 2);
    assert.equal(cloud.actions().filter((a) => a === "ModifyOperationTask").length, 1, "a trigger-only change modifies nothing");
  });

  it("read reports out-of-band drift and returns matching inputs; a deleted task reads as gone", async () => {
    const { id, outs } = await handlers.create(await checked({ ...args, type: 2, period: 1, firstTime: "2025-03-25T08:00:01+08:00" }));
    await cloud.bhClient().ModifyOperationTask({
      Id: Number(id),
      Name: "renamed-by-hand",
      Type: 2,
      Period: 7,
      FirstTime: "2025-03-25T08:00:01+08:00",
      Account: "root",
      Timeout: 30,
      Script: "ls",
      DeviceIdSet: [34],
    });
    // A refresh is a new provider process: nothing this one listed answers it.
    forgetListings();
    const read = await handlers.read(id, outs ?? {});
    assert.equal(read.id, id);
    assert.equal(read.props?.name, "renamed-by-hand");
    assert.equal(read.props?.period, 7);
    assert.equal(read.inputs?.name, "renamed-by-hand");
    assert.equal(read.inputs?.firstTime, "2025-03-25T08:00:01+08:00");
    assert.equal(read.inputs?.taskId, undefined, "inputs carry contract fields only");
    await cloud.bhClient().DeleteOperationTasks({ IdSet: [Number(id)] });
    forgetListings();
    assert.deepEqual(await handlers.read(id, outs ?? {}), {});
  });

  /** `n` tasks in the account, as another tool made them; their ids. */
  async function fillAccount(n: number): Promise<string[]> {
    const { outs } = await handlers.create(await checked(args));
    const store = cloud.emulator.cloud.store.buckets("bh")[0].value as { tasks: OperationTaskRecord[] };
    const template = store.tasks[0];
    for (let i = 1; i <= n; i++) store.tasks.push({ ...template, id: 1000 + i, name: `filler-${i}` });
    forgetListings();
    assert.ok(outs);
    return Array.from({ length: n }, (_, i) => String(1000 + i + 1));
  }

  it("a refresh's reads share passes over the list, not one lookup each", async () => {
    const ids = await fillAccount(250);
    const mark = cloud.requests().length;
    const names: unknown[] = [];
    // As the engine's reads arrive: a few at a time, each batch after the last one's answers.
    for (let at = 0; at < ids.length; at += 10) {
      const reads = await Promise.all(ids.slice(at, at + 10).map((id, i) => handlers.read(id, { ...args, name: `filler-${at + i + 1}`, region: "ap-guangzhou" })));
      names.push(...reads.map((r) => r.props?.name));
    }
    assert.deepEqual(names, ids.map((_, i) => `filler-${i + 1}`));
    const lists = cloud.requests().slice(mark).filter((r) => r.action === "DescribeOperationTask").length;
    assert.ok(lists <= 6, `${lists} list calls for 3 pages of 100`);
  });

  it("a lone read narrows the list by the task's name", async () => {
    const ids = await fillAccount(250);
    const mark = cloud.requests().length;
    const read = await handlers.read(ids[199], { ...args, name: "filler-200", region: "ap-guangzhou" });
    assert.equal(read.props?.name, "filler-200");
    assert.deepEqual(cloud.requests().slice(mark).map((r) => [r.action, (r.params as { Name?: string }).Name]), [["DescribeOperationTask", "filler-200"]]);
  });

  it("a destroy's deletes go out together in DeleteOperationTasks' IdSet", async () => {
    const ids = await fillAccount(30);
    const mark = cloud.requests().length;
    await Promise.all(ids.map((id) => handlers.delete(id, { ...args, region: "ap-guangzhou" })));
    const deletes = cloud.requests().slice(mark).filter((r) => r.action === "DeleteOperationTasks");
    assert.ok(deletes.length <= 2, `${deletes.length} calls`);
    assert.deepEqual(deletes.flatMap((r) => (r.params as { IdSet: number[] }).IdSet).sort(), ids.map(Number).sort());
    assert.deepEqual((await storedTasks()).map((t) => t.Name), ["disk-report"]);
  });

  it("when a batch delete is refused, each task is deleted alone and only the refused one fails", async () => {
    const ids = await fillAccount(5);
    cloud.inject({ product: "bh", action: "DeleteOperationTasks", kind: "error", code: "FailedOperation.DuplicateData", times: 2 });
    const outcomes = await Promise.allSettled(ids.map((id) => handlers.delete(id, { ...args, region: "ap-guangzhou" })));
    const failed = outcomes.filter((o) => o.status === "rejected");
    assert.equal(failed.length, 1);
    assert.match(String((failed[0] as PromiseRejectedResult).reason), /FailedOperation\.DuplicateData/);
    assert.equal((await storedTasks()).length, 2, "the refused task and the first one stay");
  });

  it("delete removes the task, and deleting it again succeeds", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    await handlers.delete(id, outs ?? {});
    assert.deepEqual(await storedTasks(), []);
    await handlers.delete(id, outs ?? {});
  });

  it("updating a task deleted behind Pulumi's back says to refresh", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    await cloud.bhClient().DeleteOperationTasks({ IdSet: [Number(id)] });
    const error = await rejection(handlers.update(id, outs ?? {}, await checked({ ...args, timeout: 5 })));
    assert.match(error.message, /no longer exists.*pulumi refresh/);
  });

  describe("faults", () => {
    it("a create whose response is lost is adopted, not duplicated", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateOperationTask" });
      const { id } = await handlers.create(await checked(args));
      const tasks = await storedTasks();
      assert.equal(tasks.length, 1, "exactly one task exists");
      assert.equal(String(tasks[0].Id), id);
      assert.equal(cloud.actions().filter((a) => a === "CreateOperationTask").length, 1, "the create was not sent twice");
    });

    it("a create refused with InternalError before it ran is retried once and leaves one task", async () => {
      cloud.inject({ kind: "error", action: "CreateOperationTask", code: "InternalError" });
      const { id } = await handlers.create(await checked(args));
      const tasks = await storedTasks();
      assert.deepEqual(tasks.map((t) => String(t.Id)), [id]);
      assert.deepEqual(
        cloud.requests().filter((r) => r.action === "CreateOperationTask").map((r) => r.outcome),
        ["InternalError", "ok"],
      );
    });

    it("throttling and gateway failures are retried", async () => {
      cloud.inject({ kind: "error", action: "DescribeOperationTask", code: "RequestLimitExceeded", times: 2 });
      cloud.inject({ kind: "http-status", action: "DeleteOperationTasks", status: 503 });
      const { id, outs } = await handlers.create(await checked(args));
      await handlers.delete(id, outs ?? {});
      assert.deepEqual(await storedTasks(), []);
      const outcomes = cloud.requests().map((r) => `${r.action}:${r.outcome}`);
      assert.ok(outcomes.includes("DescribeOperationTask:RequestLimitExceeded"));
      assert.ok(outcomes.includes("DeleteOperationTasks:HTTP 503"));
    });

    it("a run whose response is lost is confirmed in the cloud's run records, not repeated, and the create succeeds", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "RunOperationTask" });
      const { outs } = await handlers.create(await checked({ ...args, runTriggers: ["v1"] }));
      assert.equal((await storedTasks()).length, 1);
      assert.equal(cloud.actions().filter((a) => a === "RunOperationTask").length, 1, "the script ran once");
      const [record] = (await cloud.bhClient().SearchTaskResult({ OperationId: String(outs?.operationId) })).TaskResult ?? [];
      assert.equal(outs?.lastRunSubTaskId, record.Id, "the run found in the records is the one reported");
    });

    it("a run refused with InternalError before it ran is run once on the retry", async () => {
      const { id, outs } = await handlers.create(await checked(args));
      cloud.inject({ kind: "error", action: "RunOperationTask", code: "InternalError" });
      await handlers.update(id, outs ?? {}, await checked({ ...args, runTriggers: ["v2"] }));
      assert.deepEqual(
        cloud.requests().filter((r) => r.action === "RunOperationTask").map((r) => r.outcome),
        ["InternalError", "ok"],
      );
      assert.equal((await cloud.bhClient().SearchTaskResult({ OperationId: String(outs?.operationId) })).TotalCount, 1);
    });

    it("same-name creates racing under lost answers each adopt their own task: as many tasks as creates", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateOperationTask", times: 3 });
      const inputs = await checked({ ...args, name: "twin" });
      const results = await Promise.all([handlers.create(inputs), handlers.create(inputs), handlers.create({ ...inputs, timeout: 99 }), handlers.create(inputs)]);
      assert.equal(new Set(results.map((r) => r.id)).size, 4, "four distinct ids");
      assert.equal((await storedTasks()).length, 4);
      assert.equal(cloud.actions().filter((a) => a === "CreateOperationTask").length, 4, "no create was sent twice");
    });

    it("a create applied after the request timed out is found within the settle window, not duplicated", async () => {
      await withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "CreateOperationTask", delayMs: 1800 });
        const { id } = await handlers.create(await checked(args));
        const tasks = await storedTasks();
        assert.deepEqual(tasks.map((t) => String(t.Id)), [id]);
        assert.equal(cloud.actions().filter((a) => a === "CreateOperationTask").length, 1);
      });
    });

    it("several identical new tasks of one name fail the create naming them, and nothing more is created", async () => {
      await withShortRequestTimeout(async () => {
        const inputs = await checked({ ...args, name: "clone" });
        // The first create reads what the account held (nothing) and adds its own task.
        await handlers.create(inputs);
        // Another client creates an identical task out of band, then our next create's answer is lost.
        await cloud.bhClient().CreateOperationTask({ Name: "clone", Type: 1, Account: "root", Timeout: 30, Script: "bHM=", Encoding: 1, DeviceIdSet: [34] });
        cloud.inject({ kind: "drop-after-commit", action: "CreateOperationTask" });
        const error = await rejection(handlers.create(inputs));
        assert.equal((await storedTasks()).length, 3, "nothing created beyond the lost create");
        assert.match(error.message, /2 tasks that match this resource exactly \(ids \d+, \d+\)/);
      });
    });

    it("the documented 20 requests/second limit is enforced, and the provider paces itself under it", async () => {
      const client = cloud.bhClient();
      const direct = await Promise.allSettled(Array.from({ length: 30 }, () => client.DescribeOperationTask({})));
      const throttled = direct.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "RequestLimitExceeded");
      assert.equal(throttled.length, 10, "a burst of 30 raw SDK calls gets 10 RequestLimitExceeded");
      cloud.reset();
      const inputs = await checked(args);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => handlers.create({ ...inputs, name: `burst-${i}` })));
      assert.equal(new Set(results.map((r) => r.id)).size, 12);
      assert.equal((await storedTasks()).length, 12);
    });
  });

  describe("pacing", () => {
    it("a burst of 50 creates from one process is never throttled: no one-second window exceeds the limit, the first included", async () => {
      const inputs = await checked(args);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => handlers.create({ ...inputs, name: `paced-${i}` })));
      assert.equal(new Set(results.map((r) => r.id)).size, 50);
      const throttled = cloud.requests().filter((r) => r.outcome === "throttled" || r.outcome === "RequestLimitExceeded");
      assert.deepEqual(throttled.map((r) => r.action), [], "the emulator throttled none of the provider's calls");
    });
  });

  describe("credentials from the SDK's profile file only", () => {
    it("creates and reads with no key in the environment or config (the account keys the create snapshot)", async () => {
      const saved = { HOME: process.env.HOME, id: process.env.TENCENTCLOUD_SECRET_ID, key: process.env.TENCENTCLOUD_SECRET_KEY };
      const home = mkdtempSync(join(tmpdir(), "cloudtasks-profile-home-"));
      mkdirSync(join(home, ".tencentcloud"));
      writeFileSync(join(home, ".tencentcloud", "credentials"), `[default]\nsecret_id = ${DEMO_TENCENT_CREDENTIAL.secretId}\nsecret_key = ${DEMO_TENCENT_CREDENTIAL.secretKey}\n`);
      process.env.HOME = home;
      delete process.env.TENCENTCLOUD_SECRET_ID;
      delete process.env.TENCENTCLOUD_SECRET_KEY;
      resetSettings();
      try {
        const { id, outs } = await handlers.create(await checked(args));
        assert.equal((await handlers.read(id, outs ?? {})).id, id);
        assert.deepEqual((await storedTasks()).map((t) => String(t.Id)), [id]);
      } finally {
        process.env.HOME = saved.HOME;
        process.env.TENCENTCLOUD_SECRET_ID = saved.id;
        process.env.TENCENTCLOUD_SECRET_KEY = saved.key;
        resetSettings();
        rmSync(home, { recursive: true, force: true });
      }
    });
  });

  describe("errors", () => {
    it("carry the cloud's code, message and request id, and never the secret key", async () => {
      const inputs = await checked({ ...args, deviceIdSet: [999] });
      const error = await rejection(handlers.create(inputs));
      assert.ok(error instanceof CloudError);
      assert.equal(error.code, "FailedOperation.DataNotFound");
      assert.match(error.message, /^bh:CreateOperationTask failed: Device 999 does not exist\. \(FailedOperation\.DataNotFound, RequestId [0-9a-f-]{36}\)$/);
    });

    it("a wrong secret key fails with AuthFailure.SignatureFailure without retrying and without leaking the key", async () => {
      process.env.TENCENTCLOUD_SECRET_KEY = "wrong-secret-key-value";
      try {
        const error = await rejection(handlers.create(await checked(args)));
        assert.ok(error instanceof CloudError);
        assert.equal(error.code, "AuthFailure.SignatureFailure");
        assert.equal(error.kind, "auth");
        assert.ok(!error.message.includes("wrong-secret-key-value"));
        assert.equal(cloud.requests().length, 1);
      } finally {
        process.env.TENCENTCLOUD_SECRET_KEY = DEMO_TENCENT_CREDENTIAL.secretKey;
      }
    });
  });
});
