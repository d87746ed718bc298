import { strict as assert } from "node:assert";
import { Client as CatClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cat/v20180409/cat_client";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import { E2eStack } from "../support/e2e";

const TYPE = "pulumi-nodejs:dynamic/cloudtasks:ProbeTask";

/** The real `pulumi` CLI, the packed package, the emulator as its own process. */
describe("ProbeTask under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "probe-task",
      `const task = new ct.ProbeTask("probe", {
        name: config.require("name"),
        targetAddress: config.require("target"),
        taskType: 1,
        nodes: config.require("nodes").split(","),
        interval: config.requireNumber("interval"),
        parameters: { netIcmpOn: 1, ipType: 0 },
        suspended: config.getBoolean("suspended") || false,
      });
      exports.taskId = task.taskId;
      exports.status = task.status;`,
    );
    await stack.config({ name: "homepage", target: "https://www.example.com", nodes: "10001,10002", interval: "5" });
  });
  after(async () => stack?.dispose());

  const cat = () =>
    new CatClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { endpoint: new URL(stack.emulator.url).host, protocol: "http://" } },
    });
  const tasksInCloud = async () => (await cat().DescribeProbeTasks({ Limit: 100 })).TaskSet ?? [];
  const taskInCloud = async (id: unknown) => (await tasksInCloud()).find((t) => t.TaskId === id);
  const liveTasks = async () => (await tasksInCloud()).filter((t) => t.Status !== 9);

  it("preview shows the create and calls no mutating API", async () => {
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+ pulumi-nodejs:dynamic\/cloudtasks:ProbeTask: \(create\)/);
    assert.deepEqual(await stack.writes(), []);
  });

  it("up creates the task and waits until it runs", async () => {
    await stack.up();
    const tasks = await tasksInCloud();
    assert.equal(tasks.length, 1);
    const outputs = await stack.outputs();
    assert.equal(outputs.taskId, tasks[0].TaskId);
    assert.equal(outputs.status, 2);
    assert.equal(tasks[0].Status, 2);
    assert.equal(tasks[0].Parameters, '{"ipType":0,"netIcmpOn":1}');
    assert.deepEqual(await stack.writeActions(), ["CreateProbeTasks"]);
  });

  it("a name change updates in place through UpdateProbeTaskAttributes", async () => {
    const since = await stack.lastSeq();
    const { taskId } = await stack.outputs();
    await stack.config({ name: "homepage-renamed" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/cloudtasks:ProbeTask: \(update\)/);
    assert.doesNotMatch(preview.stdout, /replace/);
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["UpdateProbeTaskAttributes"]);
    assert.equal((await stack.outputs()).taskId, taskId);
    assert.equal((await taskInCloud(taskId))?.Name, "homepage-renamed");
  });

  it("a nodes change updates in place through UpdateProbeTaskConfigurationList", async () => {
    const since = await stack.lastSeq();
    const { taskId } = await stack.outputs();
    await stack.config({ nodes: "10003,20001,30001" });
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["UpdateProbeTaskConfigurationList"]);
    assert.equal((await stack.outputs()).taskId, taskId);
    assert.deepEqual((await taskInCloud(taskId))?.Nodes, ["10003", "20001", "30001"]);
  });

  it("a separate emulator process sees the same cloud, and refresh finds no drift", async () => {
    await stack.restartEmulator();
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    await stack.ok("preview", "--expect-no-changes");
  });

  it("suspended: true suspends the task and false resumes it, in place", async () => {
    const { taskId } = await stack.outputs();
    let since = await stack.lastSeq();
    await stack.config({ suspended: "true" });
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["SuspendProbeTask"]);
    assert.equal((await taskInCloud(taskId))?.Status, 6);
    assert.equal((await stack.outputs()).status, 6);
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    since = await stack.lastSeq();
    await stack.config({ suspended: "false" });
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["ResumeProbeTask"]);
    assert.equal((await taskInCloud(taskId))?.Status, 2);
  });

  it("a targetAddress change replaces the task: the new one is created before the old one is deleted", async () => {
    const { taskId: oldId } = await stack.outputs();
    await stack.config({ target: "https://www.example.org" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+-\s*pulumi-nodejs:dynamic\/cloudtasks:ProbeTask: \(replace\)/);
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["CreateProbeTasks", "DeleteProbeTask"]);
    const { taskId: newId } = await stack.outputs();
    assert.notEqual(newId, oldId);
    assert.equal((await taskInCloud(oldId))?.Status ?? 9, 9, "the old task was deleted");
    const live = await liveTasks();
    assert.deepEqual(live.map((t) => [t.TaskId, t.TargetAddress, t.Name]), [[newId, "https://www.example.org", "homepage-renamed"]]);
  });

  it("bad input fails at preview, naming the property, with no API call", async () => {
    const since = await stack.lastSeq();
    await stack.config({ interval: "7" });
    const preview = await stack.run("preview");
    assert.notEqual(preview.code, 0);
    assert.match(preview.stdout + preview.stderr, /property interval value \{7\} has a problem: interval must be one of 1, 5, 10, 15, 30, 60, 120, 240/);
    assert.deepEqual(await stack.requests(since), []);
    await stack.config({ interval: "5" });
  });

  it("a task deleted behind Pulumi's back drops out on refresh, and up recreates it", async () => {
    const { taskId } = await stack.outputs();
    await cat().DeleteProbeTask({ TaskIds: [String(taskId)] });
    await stack.ok("refresh", "--yes", "--skip-preview");
    assert.ok(!(await stack.resourceTypes()).includes(TYPE));
    await stack.up();
    const live = await liveTasks();
    assert.equal(live.length, 1);
    assert.notEqual(live[0].TaskId, taskId);
    assert.equal(live[0].Status, 2);
  });

  it("the exported state holds no secret key and a small provider stub", async () => {
    const exported = await stack.exportText();
    assert.ok(!exported.includes(DEMO_TENCENT_CREDENTIAL.secretKey));
    const provider = /"__provider": "((?:[^"\\]|\\.)*)"/.exec(exported)?.[1] ?? "";
    assert.match(provider, /pulumi-cloudtasks\/resources\/probe-task/);
    assert.ok(provider.length < 4096, `__provider stays small (${provider.length} bytes)`);
  });

  it("destroy waits until the task is deleted (status 9)", async () => {
    const { taskId } = await stack.outputs();
    const since = await stack.lastSeq();
    await stack.ok("destroy", "--yes", "--skip-preview");
    assert.equal((await taskInCloud(taskId))?.Status, 9, "deleting (7) has finished before destroy returns");
    const log = await stack.requests(since);
    const deleteAt = log.findIndex((r) => r.action === "DeleteProbeTask");
    assert.ok(deleteAt >= 0);
    assert.ok(log.slice(deleteAt + 1).filter((r) => r.action === "DescribeProbeTasks").length >= 2, "destroy polled the status");
    assert.deepEqual(await liveTasks(), []);
  });
});
