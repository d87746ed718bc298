import { strict as assert } from "node:assert";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator";
import { seedNodes, type ProbeTaskRecord } from "../../emulator/tencent/cat-probe";
import { CloudError } from "../../provider/errors";
import { progress } from "../../provider/progress";
import { handlers } from "../../provider/resources/probe-task";
import { forgetListings } from "../../provider/transport/listing";
import { rejection } from "../support/errors";
import { TestCloud, withShortRequestTimeout } from "../support/emulator";

/** Provider → official SDK (cat 2018-04-09) → HTTP → emulator, with nothing stubbed. */
describe("ProbeTask against the emulator", function () {
  this.timeout(60_000);
  let cloud: TestCloud;
  let lines: string[] = [];
  const write = progress.write;
  before(async () => {
    cloud = await TestCloud.start();
    progress.write = (line) => void lines.push(line);
  });
  after(async () => {
    progress.write = write;
    await cloud.stop();
  });
  beforeEach(() => {
    cloud.reset();
    forgetListings();
    lines = [];
  });

  const args = {
    name: "homepage",
    targetAddress: "https://www.example.com",
    taskType: 1,
    nodes: ["10001", "10002"],
    interval: 5,
    parameters: { ipType: 0, netIcmpOn: 1 },
  };

  async function checked(inputs: Record<string, unknown>) {
    const result = await handlers.check({}, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs as Record<string, unknown>;
  }

  const tasksInCloud = async () => (await cloud.catClient().DescribeProbeTasks({ Limit: 100 })).TaskSet ?? [];
  const taskInCloud = async (id: string) => (await tasksInCloud()).find((t) => t.TaskId === id);
  const writes = () => cloud.actions().filter((a) => !a.startsWith("Describe"));
  /** The emulator's own record of a task, for putting it in states the cloud reaches only on its own. */
  const record = (id: string): ProbeTaskRecord => {
    const store = cloud.emulator.cloud.store.bucket<{ tasks: ProbeTaskRecord[] }>("cat-probe", DEMO_TENCENT_CREDENTIAL.account, "ap-guangzhou", () => ({
      nodes: seedNodes(),
      tasks: [],
    }));
    const found = store.tasks.find((t) => t.taskId === id);
    assert.ok(found, `task ${id} is in the emulator`);
    return found;
  };

  it("creates one task, waits until it runs, and reports progress", async () => {
    const inputs = await checked(args);
    const { id, outs } = await handlers.create(inputs);
    const create = cloud.requests().find((r) => r.action === "CreateProbeTasks");
    assert.deepEqual(create?.params, {
      BatchTasks: [{ Name: "homepage", TargetAddress: "https://www.example.com" }],
      TaskType: 1,
      Nodes: ["10001", "10002"],
      Interval: 5,
      Parameters: '{"ipType":0,"netIcmpOn":1}',
      TaskCategory: 1,
      NodeIpType: 0,
    });
    assert.match(id, /^task-[0-9a-z]{8}$/);
    const task = await taskInCloud(id);
    assert.equal(task?.Status, 2);
    assert.equal(outs?.status, 2);
    assert.equal(outs?.taskId, id);
    assert.equal(outs?.parameters, '{"ipType":0,"netIcmpOn":1}');
    assert.ok(cloud.actions().filter((a) => a === "DescribeProbeTasks").length >= 2, "the create polled the status");
    assert.ok(lines.some((l) => l.includes(id) && /status 1 \(creating\)/.test(l)), lines.join("\n"));
    assert.ok(Object.values(outs ?? {}).every((v) => v !== undefined));
  });

  it("a task with a cron schedule is ready when the cron task is paused (10) or running", async () => {
    const { id, outs } = await handlers.create(await checked({ ...args, cron: "0 3 31 2 *" }));
    assert.equal(outs?.status, 10, "30-odd February never comes: the schedule is never active");
    assert.equal((await taskInCloud(id))?.Cron, "0 3 31 2 *");
  });

  it("renames in place through UpdateProbeTaskAttributes only", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    const news = await checked({ ...args, name: "homepage-2" });
    assert.deepEqual((await handlers.diff(id, outs ?? {}, news)).replaces, []);
    cloud.emulator.cloud.store.clearLog();
    const { outs: updated } = await handlers.update(id, outs ?? {}, news);
    assert.deepEqual(writes(), ["UpdateProbeTaskAttributes"]);
    assert.equal((await taskInCloud(id))?.Name, "homepage-2");
    assert.equal(updated?.name, "homepage-2");
  });

  it("changes nodes in place through UpdateProbeTaskConfigurationList with the full configuration", async () => {
    const { id, outs } = await handlers.create(await checked({ ...args, cron: "* * * * *" }));
    cloud.emulator.cloud.store.clearLog();
    await handlers.update(id, outs ?? {}, await checked({ ...args, nodes: ["10003", "20001"] }));
    assert.deepEqual(writes(), ["UpdateProbeTaskConfigurationList"]);
    const update = cloud.requests().find((r) => r.action === "UpdateProbeTaskConfigurationList");
    assert.deepEqual(update?.params, { TaskIds: [id], Nodes: ["10003", "20001"], Interval: 5, Parameters: '{"ipType":0,"netIcmpOn":1}', Cron: "", NodeIpType: 0 });
    const task = await taskInCloud(id);
    assert.deepEqual(task?.Nodes, ["10003", "20001"]);
    assert.equal(task?.Cron, "", "the removed schedule is cleared");
  });

  it("suspends and resumes declaratively, waiting for the task to be paused", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    const suspended = await handlers.update(id, outs ?? {}, await checked({ ...args, suspended: true }));
    assert.equal((await taskInCloud(id))?.Status, 6);
    assert.equal(suspended.outs?.status, 6);
    assert.ok(lines.some((l) => /status 4 \(pausing\)/.test(l)));
    await handlers.update(id, suspended.outs ?? {}, await checked({ ...args, suspended: false }));
    assert.equal((await taskInCloud(id))?.Status, 2);
    assert.deepEqual(writes(), ["CreateProbeTasks", "SuspendProbeTask", "ResumeProbeTask"]);
  });

  it("creates a task suspended when asked to", async () => {
    const { id, outs } = await handlers.create(await checked({ ...args, suspended: true }));
    assert.equal((await taskInCloud(id))?.Status, 6);
    assert.equal(outs?.suspended, true);
  });

  it("a task that fails to start (status 3) is an error naming it, and stays in state", async () => {
    const error = await rejection(handlers.create(await checked({ ...args, name: "broken", targetAddress: "https://probe.invalid/" })));
    const [task] = await tasksInCloud();
    assert.equal(task.Status, 3);
    assert.match(error.message, new RegExp(`probe task ${task.TaskId} \\("broken"\\): the cloud reports status 3 \\(running error\\)`));
    assert.equal(error.id, task.TaskId, "the init failure keeps the task in state");
    assert.equal((error.properties as Record<string, unknown>).targetAddress, "https://probe.invalid/");
    // The next up updates the kept task: nothing to change, and the error status is reported again.
    const inputs = await checked({ ...args, name: "broken", targetAddress: "https://probe.invalid/" });
    const { outs } = await handlers.update(task.TaskId ?? "", error.properties as Record<string, unknown>, inputs);
    assert.equal(outs?.status, 3);
    assert.ok(lines.some((l) => l.includes(`warning: probe task ${task.TaskId} ("broken") reports status 3`)));
    assert.deepEqual(writes(), ["CreateProbeTasks"], "nothing was changed or created again");
  });

  it("read reports out-of-band drift, and a task deleted behind Pulumi's back reads as gone", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    await cloud.catClient().UpdateProbeTaskAttributes({ TaskId: id, Name: "renamed-by-hand" });
    await cloud.catClient().SuspendProbeTask({ TaskIds: [id] });
    // Each read here stands for a refresh, a new provider process: nothing this one listed answers it.
    forgetListings();
    const read = await handlers.read(id, outs ?? {});
    assert.equal(read.props?.name, "renamed-by-hand");
    assert.equal(read.inputs?.name, "renamed-by-hand");
    assert.equal(read.inputs?.suspended, true);
    assert.equal(read.inputs?.parameters, outs?.parameters);
    assert.equal(read.inputs?.taskId, undefined, "inputs carry contract fields only");
    await cloud.catClient().DeleteProbeTask({ TaskIds: [id] });
    forgetListings();
    assert.deepEqual(await handlers.read(id, outs ?? {}), {}, "deleting (7) is gone");
    cloud.emulator.cloud.clockOffsetMs += 60_000;
    assert.equal((await taskInCloud(id))?.Status, 9);
    forgetListings();
    assert.deepEqual(await handlers.read(id, outs ?? {}), {}, "deleted (9) is gone");
    // Past its retention a deleted task is no longer listed (an hour on, beyond the signature's 5-minute window).
    Object.assign(record(id), { deletedAt: cloud.emulator.cloud.now().getTime() - 3_600_000 });
    assert.equal(await taskInCloud(id), undefined);
    forgetListings();
    assert.deepEqual(await handlers.read(id, outs ?? {}), {}, "no longer listed is gone");
  });

  it("a refresh's reads in an account whose live tasks one page holds cost one DescribeProbeTasks, which lists it whole", async () => {
    const make = async (names: string[]) =>
      (
        await cloud.catClient().CreateProbeTasks({
          BatchTasks: names.map((name) => ({ Name: name, TargetAddress: "https://www.example.com" })),
          TaskType: 1,
          Nodes: ["10001"],
          Interval: 5,
          Parameters: "{}",
          TaskCategory: 1,
        })
      ).TaskIDs ?? [];
    // Deleted tasks the cloud still lists (status 9) do not count towards the page.
    const old = await make(Array.from({ length: 100 }, (_, i) => `old-${i}`));
    await cloud.catClient().DeleteProbeTask({ TaskIds: old });
    cloud.emulator.cloud.clockOffsetMs += 60_000;
    const ids = await make(["a", "b", "c", "d"]);
    assert.equal(ids.length, 4);
    assert.equal((await cloud.catClient().DescribeProbeTasks({ TaskIDs: [old[0]] })).TaskSet?.[0]?.Status, 9, "the deleted ones are still listed");
    const before = cloud.requests().length;
    const props = { region: "ap-guangzhou" };
    const first = await Promise.all(ids.slice(0, 2).map((id) => handlers.read(id, props)));
    const later = await Promise.all(ids.slice(2).map((id) => handlers.read(id, props)));
    assert.deepEqual([...first, ...later].map((r) => r.props?.name), ["a", "b", "c", "d"]);
    const calls = cloud.requests().slice(before);
    assert.deepEqual(calls.map((r) => r.action), ["DescribeProbeTasks"]);
    assert.equal((calls[0].params as { TaskIDs?: string[] }).TaskIDs, undefined, "the account listed, not the ids");
    forgetListings();
    assert.deepEqual(await handlers.read(old[0], props), {}, "a deleted task, which the list leaves out, is gone");
  });

  it("delete waits for status 9, and deleting again succeeds", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    cloud.emulator.cloud.store.clearLog();
    await handlers.delete(id, outs ?? {});
    assert.equal((await taskInCloud(id))?.Status, 9);
    const actions = cloud.actions();
    assert.equal(actions[0], "DeleteProbeTask");
    assert.ok(actions.filter((a) => a === "DescribeProbeTasks").length >= 2, "the delete polled until 9");
    assert.ok(lines.some((l) => l.includes(id) && /status 7 \(deleting\)/.test(l)));
    await handlers.delete(id, outs ?? {});
  });

  it("a delete error (status 8) fails the delete, naming the task", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    Object.assign(record(id), { status: 7, next: { status: 8, at: cloud.emulator.cloud.now().getTime() + 500 } });
    const error = await rejection(handlers.delete(id, outs ?? {}));
    assert.match(error.message, new RegExp(`probe task ${id} \\("homepage"\\): the cloud reports status 8 \\(delete error\\)`));
  });

  it("a failure reported in SuspendProbeTask's Results is an error with the cloud's code", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    record(id).status = 5;
    const error = await rejection(handlers.update(id, outs ?? {}, await checked({ ...args, suspended: true })));
    assert.ok(error instanceof CloudError);
    assert.equal(error.code, "FailedOperation.TaskNotRunning");
    assert.match(error.message, /^cat:SuspendProbeTask failed: FailedOperation\.TaskNotRunning: task .* is not running \(status 5\)/);
    assert.match(error.message, /RequestId [0-9a-f-]{36}/);
  });

  it("an update waits for a task that is still being created before changing it", async () => {
    const { outs } = await handlers.create(await checked(args));
    const made = await cloud.catClient().CreateProbeTasks({
      BatchTasks: [{ Name: "homepage", TargetAddress: "https://www.example.com" }],
      TaskType: 1,
      Nodes: ["10001", "10002"],
      Interval: 5,
      Parameters: "{}",
      TaskCategory: 1,
    });
    const id = made.TaskIDs?.[0] ?? "";
    assert.equal((await taskInCloud(id))?.Status, 1);
    cloud.emulator.cloud.store.clearLog();
    await handlers.update(id, { ...outs, taskId: id }, await checked({ ...args, nodes: ["10003"] }));
    assert.deepEqual(
      cloud.requests().map((r) => `${r.action}:${r.outcome}`).filter((a) => !a.startsWith("Describe")),
      ["UpdateProbeTaskConfigurationList:ok"],
      "the change was sent once the task ran, and was not refused",
    );
    assert.deepEqual((await taskInCloud(id))?.Nodes, ["10003"]);
  });

  it("updating a task deleted behind Pulumi's back says to refresh", async () => {
    const { id, outs } = await handlers.create(await checked(args));
    await cloud.catClient().DeleteProbeTask({ TaskIds: [id] });
    const error = await rejection(handlers.update(id, outs ?? {}, await checked({ ...args, interval: 10 })));
    assert.match(error.message, /no longer exists.*pulumi refresh/);
  });

  describe("faults", () => {
    it("a create whose response is lost is adopted, not duplicated — even beside a task with the same name and target", async () => {
      const first = await handlers.create(await checked(args));
      cloud.inject({ kind: "drop-after-commit", action: "CreateProbeTasks" });
      const second = await handlers.create(await checked({ ...args, interval: 10 }));
      const tasks = await tasksInCloud();
      assert.equal(tasks.length, 2, "exactly one task per resource");
      assert.notEqual(second.id, first.id, "the other resource's task is not adopted");
      assert.equal(tasks.find((t) => t.TaskId === second.id)?.Interval, 10);
      assert.equal(cloud.actions().filter((a) => a === "CreateProbeTasks").length, 2, "the lost create was not sent again");
    });

    /** Runs `body` with requests timing out after a second (so settle windows are two seconds). */
    it("a lost create that cannot be told apart from another new look-alike fails naming both instead of guessing", () =>
      withShortRequestTimeout(async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateProbeTasks" });
      // The listing before the create answers at once; the reconciliation's listing waits, while
      // another stack creates the same task.
      cloud.inject({ kind: "delay", action: "DescribeProbeTasks", delayMs: 0 });
      cloud.inject({ kind: "delay", action: "DescribeProbeTasks", delayMs: 1_500 });
      const racing = rejection(handlers.create(await checked(args)));
      while (!cloud.actions().includes("CreateProbeTasks")) await new Promise((r) => setTimeout(r, 20));
      await cloud.catClient().CreateProbeTasks({
        BatchTasks: [{ Name: "homepage", TargetAddress: "https://www.example.com" }],
        TaskType: 1,
        Nodes: ["10002", "10001"],
        Interval: 5,
        Parameters: '{"netIcmpOn":1,"ipType":0}',
        TaskCategory: 1,
      });
      const error = await racing;
      assert.match(error.message, /probe task "homepage" in ap-guangzhou: an ambiguous create failure left 2 tasks that match this resource exactly \(ids task-\w+, task-\w+\)/);
      assert.equal((await tasksInCloud()).length, 2);
      assert.equal(cloud.actions().filter((a) => a === "CreateProbeTasks").length, 2, "never a blind second create");
    }));

    it("a create applied after the request timed out is found within the settle window, not duplicated", () =>
      withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "CreateProbeTasks", delayMs: 1800 });
        const { id } = await handlers.create(await checked(args));
        assert.deepEqual((await tasksInCloud()).map((t) => t.TaskId), [id]);
        assert.equal(cloud.actions().filter((a) => a === "CreateProbeTasks").length, 1);
      }));

    it("two resources of one name and target, one answer lost: two tasks, each adopted once", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateProbeTasks" });
      const inputs = await checked(args);
      const results = await Promise.all([handlers.create(inputs), handlers.create(inputs)]);
      const ids = (await tasksInCloud()).map((t) => t.TaskId).sort();
      assert.deepEqual(results.map((r) => r.id).sort(), ids);
      assert.equal(ids.length, 2);
      assert.equal(cloud.actions().filter((a) => a === "CreateProbeTasks").length, 2);
    });

    it("throttling, gateway failures and InternalError on reads are retried", async () => {
      cloud.inject({ kind: "error", action: "DescribeProbeTasks", code: "RequestLimitExceeded", times: 2 });
      cloud.inject({ kind: "http-status", action: "DeleteProbeTask", status: 503 });
      const { id, outs } = await handlers.create(await checked(args));
      cloud.inject({ kind: "error", action: "DescribeProbeTasks", code: "InternalError" });
      await handlers.delete(id, outs ?? {});
      const outcomes = cloud.requests().map((r) => `${r.action}:${r.outcome}`);
      assert.ok(outcomes.includes("DescribeProbeTasks:RequestLimitExceeded"));
      assert.ok(outcomes.includes("DeleteProbeTask:HTTP 503"));
      assert.ok(outcomes.includes("DescribeProbeTasks:InternalError"));
      assert.equal((await taskInCloud(id))?.Status, 9);
    });

    it("the documented 20 requests/second limit is enforced per action", async () => {
      const client = cloud.catClient();
      const burst = await Promise.allSettled(Array.from({ length: 30 }, () => client.DescribeNodes({})));
      const throttled = burst.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "RequestLimitExceeded");
      assert.equal(throttled.length, 10);
      await client.DescribeProbeNodes({});
    });
  });

  describe("the emulated node catalogue and errors", () => {
    it("DescribeNodes and DescribeProbeNodes list the seeded nodes, filtered", async () => {
      const nodes = (await cloud.catClient().DescribeNodes({ TaskType: 7 })).NodeSet ?? [];
      assert.ok(nodes.some((n) => n.Code === "10001"));
      assert.ok(!nodes.some((n) => n.Code === "40001"), "a LastMile node without task type 7 is left out");
      const overseas = (await cloud.catClient().DescribeProbeNodes({ Location: 3 })).NodeSet ?? [];
      assert.deepEqual(overseas.map((n) => [n.Code, n.NodeDefineStatus]), [["30001", 1]]);
    });

    it("an offline node fails the create with FailedOperation.NoValidNodes, leaving no task", async () => {
      const error = await rejection(handlers.create(await checked({ ...args, nodes: ["50001"] })));
      assert.ok(error instanceof CloudError);
      assert.equal(error.code, "FailedOperation.NoValidNodes");
      assert.match(error.message, /^cat:CreateProbeTasks failed: Node 50001 does not exist or is offline\. \(FailedOperation\.NoValidNodes, RequestId/);
      assert.deepEqual(await tasksInCloud(), []);
    });
  });
});
