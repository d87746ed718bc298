import { strict as assert } from "node:assert";
import { Client as CfgClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_client";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "../support/e2e";

/** The real `pulumi` CLI, the packed package, the emulator as its own process. */
describe("ChaosExperiment under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "chaos-experiment",
      `const groups = Array.from({ length: config.getNumber("groups") || 1 }, () => ({ taskGroupInstances: ["ins-bfydnvta", "ins-ehxmry76"] }));
      const drill = new ct.ChaosExperiment("drill", {
        templateId: 626,
        taskConfig: { taskTitle: config.require("title"), taskGroupsConfig: groups },
        execute: true,
        waitForCompletion: true,
        waitTimeoutSeconds: 120,
        conclusion: { summary: config.require("summary"), isExpect: true },
      });
      const loss = new ct.ChaosExperiment("packet-loss", {
        taskActionId: 462,
        taskInstances: ["ins-xxxxxxxx"],
        taskTitle: "Network Packet Loss",
        taskDescription: "This experiment was created from the openapi",
        taskActionCustomConfiguration: { interfaces: "eth0" },
        execute: true,
      });
      exports.drillId = drill.taskId;
      exports.drillStatus = drill.taskStatus;
      exports.drillSummary = drill.taskSummary;
      exports.lossId = loss.taskId;
      exports.lossGroups = loss.taskGroups;`,
    );
    await stack.config({ title: "This is an example of creating an experiment from the API", summary: "This experiment meets the expectations" });
  });
  after(async () => stack?.dispose());

  const cfg = () =>
    new CfgClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { endpoint: new URL(stack.emulator.url).host, protocol: "http://" } },
    });
  const experiments = async () => (await cfg().DescribeTaskList({ Limit: 100, Offset: 0 })).TaskList ?? [];
  async function injectedFaults(): Promise<Array<{ objectId: string }>> {
    const state = await emulatorControl<{ products: Record<string, Record<string, Record<string, { injectedFaults: Array<{ objectId: string }> }>>> }>(stack.emulator.url, "state");
    return state.products.cfg?.[DEMO_TENCENT_CREDENTIAL.account]?.["ap-guangzhou"]?.injectedFaults ?? [];
  }

  it("preview shows both creates and changes nothing in the cloud", async () => {
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+ pulumi-nodejs:dynamic\/cloudtasks:ChaosExperiment: \(create\)/);
    assert.deepEqual(await stack.writes(), []);
  });

  it("up executes the template experiment to its end with progress, and leaves the action experiment executing", async () => {
    const up = await stack.up();
    assert.match(up.stdout + up.stderr, /chaos experiment \d+: action \d+ \(Empty Operation\): 2004 ended, success; instances: ins-bfydnvta 3003 ended, success, ins-ehxmry76 3003 ended, success/);
    assert.match(up.stdout + up.stderr, /chaos experiment \d+: action \d+ \(Empty Operation \(rollback\)\): 2002 pending/);
    assert.match(up.stdout + up.stderr, /chaos experiment \d+: ended \(status 1004\)/);
    const outputs = await stack.outputs();
    assert.equal(outputs.drillStatus, 1004);
    assert.equal(outputs.drillSummary, "This experiment meets the expectations");
    const list = await experiments();
    assert.equal(list.length, 2);
    assert.equal(list.find((t) => t.TaskId === outputs.lossId)?.TaskStatus, 1002);
    const create = (await stack.requests()).find((r) => r.action === "CreateTaskFromAction");
    assert.deepEqual(create?.params, {
      TaskActionId: 462,
      TaskInstances: ["ins-xxxxxxxx"],
      TaskTitle: "Network Packet Loss",
      TaskDescription: "This experiment was created from the openapi",
      TaskActionCustomConfiguration: '{"interfaces":"eth0"}',
    });
  });

  it("a separate emulator process sees the same experiments, and refresh finds no drift", async () => {
    await stack.restartEmulator();
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    await stack.ok("preview", "--expect-no-changes");
  });

  it("the state holds no secret key, and a small provider stub that loads the installed package", async () => {
    const exported = await stack.exportText();
    assert.ok(!exported.includes(DEMO_TENCENT_CREDENTIAL.secretKey));
    const provider = /"__provider": "((?:[^"\\]|\\.)*)"/.exec(exported)?.[1] ?? "";
    assert.match(provider, /pulumi-cloudtasks\/resources\/chaos-experiment/);
    assert.ok(provider.length < 4096, `__provider stays small (${provider.length} bytes)`);
  });

  it("a conclusion change acts in place; nothing else changes", async () => {
    const { drillId } = await stack.outputs();
    const since = await stack.lastSeq();
    await stack.config({ summary: "Failover took 4 s: within the objective" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/cloudtasks:ChaosExperiment: \(update\)/);
    assert.doesNotMatch(preview.stdout, /replace/);
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["ModifyTaskRunStatus"]);
    const outputs = await stack.outputs();
    assert.equal(outputs.drillId, drillId);
    assert.equal(outputs.drillSummary, "Failover took 4 s: within the objective");
  });

  it("a definition change replaces the experiment", async () => {
    const { drillId } = await stack.outputs();
    const since = await stack.lastSeq();
    await stack.config({ title: "Second drill" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+-\s*pulumi-nodejs:dynamic\/cloudtasks:ChaosExperiment: \(replace\)/);
    await stack.up();
    const writes = await stack.writeActions(since);
    assert.deepEqual(writes.slice(0, 2), ["CreateTaskFromTemplate", "ExecuteTask"]);
    assert.equal(writes[writes.length - 1], "DeleteTask");
    const outputs = await stack.outputs();
    assert.notEqual(outputs.drillId, drillId);
    assert.equal(outputs.drillStatus, 1004);
    assert.ok(!(await experiments()).some((t) => t.TaskId === drillId), "the old experiment is deleted");
  });

  it("a wrong group count fails at preview, naming taskConfig, with no change in the cloud", async () => {
    const since = await stack.lastSeq();
    await stack.config({ groups: "2", title: "Third drill" });
    const preview = await stack.run("preview");
    assert.notEqual(preview.code, 0);
    assert.match(preview.stdout + preview.stderr, /taskConfig.taskGroupsConfig has 2 entries, but template 626 has 1 action group/);
    assert.deepEqual(await stack.writes(since), []);
    await stack.config({ groups: "1", title: "Second drill" });
  });

  it("an experiment deleted behind Pulumi's back disappears on refresh, and up recreates it", async () => {
    const { drillId } = await stack.outputs();
    await cfg().DeleteTask({ TaskId: Number(drillId) });
    await stack.ok("refresh", "--yes", "--skip-preview");
    assert.equal((await stack.resourceTypes()).filter((t) => t.endsWith("cloudtasks:ChaosExperiment")).length, 1);
    await stack.up();
    const outputs = await stack.outputs();
    assert.notEqual(outputs.drillId, drillId);
    assert.equal(outputs.drillStatus, 1004);
  });

  it("destroy of an executing experiment runs its recovery, ends it and deletes it: no experiment, no injected fault", async () => {
    const { lossId } = await stack.outputs();
    const { Task } = await cfg().DescribeTask({ TaskId: Number(lossId) });
    const group = Task!.TaskGroups[0];
    await cfg().ExecuteTaskInstance({ TaskId: Number(lossId), TaskActionId: group.TaskGroupActions[0].TaskGroupActionId, TaskInstanceIds: [], IsOperateAll: true, ActionType: 2, TaskGroupId: group.TaskGroupId });
    assert.deepEqual((await injectedFaults()).map((f) => f.objectId), ["ins-xxxxxxxx"], "the packet loss is injected");
    const since = await stack.lastSeq();
    const destroy = await stack.ok("destroy", "--yes", "--skip-preview");
    assert.match(destroy.stdout + destroy.stderr, /rolling back its faults and ending it before deleting it/);
    const writes = await stack.writes(since);
    const forLoss = writes.filter((r) => (r.params as { TaskId?: number }).TaskId === lossId).map((r) => `${r.action}${r.action === "ModifyTaskRunStatus" ? ` ${(r.params as { Status: number }).Status}` : ""}`);
    assert.deepEqual(forLoss, ["ModifyTaskRunStatus 1003", "ExecuteTaskInstance", "ModifyTaskRunStatus 1004", "DeleteTask"]);
    assert.deepEqual(await experiments(), []);
    assert.deepEqual(await injectedFaults(), []);
  });
});

/** Adoption by taskId under the real CLI: an experiment made with the official SDK, taken over. */
describe("ChaosExperiment adoption (taskId) under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;
  let existing: number;

  before(async () => {
    stack = await E2eStack.create(
      "chaos-adoption",
      `const adopt = config.get("adopt");
      const summary = config.get("summary");
      const adopted = new ct.ChaosExperiment("adopted", {
        taskActionId: 462,
        taskInstances: ["ins-adopt001"],
        taskTitle: "Adopted packet loss",
        taskActionCustomConfiguration: { interfaces: "eth0" },
        execute: config.getBoolean("execute") || false,
        conclusion: summary ? { summary, isExpect: true } : undefined,
        ...(adopt ? { taskId: Number(adopt) } : {}),
      });
      exports.adoptedId = adopted.taskId;
      exports.adoptedStatus = adopted.taskStatus;`,
    );
    const client = new CfgClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { endpoint: new URL(stack.emulator.url).host, protocol: "http://" } },
    });
    const made = await client.CreateTaskFromAction({ TaskActionId: 462, TaskInstances: ["ins-adopt001"], TaskTitle: "Adopted packet loss", TaskActionCustomConfiguration: '{"interfaces":"eth0"}' });
    existing = made.TaskId as number;
    await stack.config({ adopt: String(existing), execute: "false" });
  });
  after(async () => stack?.dispose());

  it("up adopts the experiment: no create, the same id", async () => {
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), [], "nothing created, started or ended");
    const outputs = await stack.outputs();
    assert.equal(outputs.adoptedId, existing);
    assert.equal(outputs.adoptedStatus, 1001);
  });

  it("after a refresh, an in-place change with taskId still declared is an update, not a replace", async () => {
    await stack.ok("refresh", "--yes", "--skip-preview");
    await stack.config({ execute: "true" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/cloudtasks:ChaosExperiment: \(update\)/);
    assert.doesNotMatch(preview.stdout, /replace/);
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["ExecuteTask"]);
    assert.equal((await stack.outputs()).adoptedId, existing);
  });

  it("leaving taskId out is no change, and together with an in-place change still an update of the same experiment", async () => {
    await stack.config({ adopt: "" });
    await stack.ok("preview", "--expect-no-changes");
    await stack.config({ summary: "Adopted and concluded" });
    const preview = await stack.ok("preview", "--diff");
    assert.doesNotMatch(preview.stdout, /replace/);
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["ModifyTaskRunStatus", "ModifyTaskRunStatus"], "paused, then ended with the conclusion; never deleted or created");
    const outputs = await stack.outputs();
    assert.equal(outputs.adoptedId, existing);
    assert.equal(outputs.adoptedStatus, 1004);
  });
});
