import { strict as assert } from "node:assert";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator";
import { progress } from "../../provider/progress";
import { handlers } from "../../provider/resources/chaos-experiment";
import { rejection } from "../support/errors";
import { TestCloud, withShortRequestTimeout } from "../support/emulator";

/** Provider → official SDK → HTTP → emulator, with nothing stubbed. */
describe("ChaosExperiment against the emulator", function () {
  this.timeout(60_000);
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
    progress.write = (line) => void lines.push(line);
  });
  afterEach(() => {
    progress.write = write;
  });

  /** Seed 002's first request: an experiment from template 626. */
  const fromTemplate = {
    templateId: 626,
    taskConfig: { taskTitle: "This is an example of creating an experiment from the API", taskGroupsConfig: [{ taskGroupInstances: ["ins-xxxxxxxx"] }] },
  };
  /** Seed 002's second request: an experiment from action 462. */
  const fromAction = {
    taskActionId: 462,
    taskInstances: ["ins-xxxxxxxx"],
    taskTitle: "Network Packet Loss",
    taskDescription: "This experiment was created from the openapi",
    taskActionCustomConfiguration: { interfaces: "eth0" },
  };

  async function checked(inputs: Record<string, unknown>) {
    const result = await handlers.check({}, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs as Record<string, unknown>;
  }

  const writes = () => cloud.requests().filter((r) => !r.action.startsWith("Describe")).map((r) => r.action);

  async function injectedFaults(): Promise<unknown[]> {
    const products = (await cloud.state()).products as Record<string, Record<string, Record<string, { injectedFaults: unknown[]; tasks: unknown[] }>>>;
    return products.cfg?.[DEMO_TENCENT_CREDENTIAL.account]?.["ap-guangzhou"]?.injectedFaults ?? [];
  }
  async function experimentsInCloud() {
    return (await cloud.cfgClient().DescribeTaskList({ Limit: 100, Offset: 0 })).TaskList ?? [];
  }

  it("creates seed 002's template experiment, reaching the emulator field for field", async () => {
    const { id, outs } = await handlers.create(await checked(fromTemplate));
    const create = cloud.requests().find((r) => r.action === "CreateTaskFromTemplate");
    assert.deepEqual(create?.params, {
      TemplateId: 626,
      TaskConfig: { TaskTitle: "This is an example of creating an experiment from the API", TaskGroupsConfig: [{ TaskGroupInstances: ["ins-xxxxxxxx"] }] },
    });
    const { Task } = await cloud.cfgClient().DescribeTask({ TaskId: Number(id) });
    assert.equal(Task?.TaskTitle, fromTemplate.taskConfig.taskTitle);
    assert.deepEqual(Task?.TaskGroups[0].TaskGroupActions.map((a) => [a.ActionId, a.ActionTitle, a.ActionAttribute]), [
      [12, "Empty Operation", 1],
      [13, "Empty Operation (rollback)", 2],
    ]);
    assert.equal(outs?.taskStatus, 1001);
    const groups = outs?.taskGroups as Array<{ taskGroupId: number; actions: Array<{ taskGroupActionId: number; instances: Array<{ objectId: string }> }> }>;
    assert.equal(groups[0].taskGroupId, Task?.TaskGroups[0].TaskGroupId);
    assert.equal(groups[0].actions[1].taskGroupActionId, Task?.TaskGroups[0].TaskGroupActions[1].TaskGroupActionId);
    assert.equal(groups[0].actions[0].instances[0].objectId, "ins-xxxxxxxx");
    assert.deepEqual(writes(), ["CreateTaskFromTemplate"], "no execute unless asked");
  });

  it("creates seed 002's action experiment, the custom configuration as canonical JSON text", async () => {
    await handlers.create(await checked(fromAction));
    const create = cloud.requests().find((r) => r.action === "CreateTaskFromAction");
    assert.deepEqual(create?.params, {
      TaskActionId: 462,
      TaskInstances: ["ins-xxxxxxxx"],
      TaskTitle: "Network Packet Loss",
      TaskDescription: "This experiment was created from the openapi",
      TaskActionCustomConfiguration: '{"interfaces":"eth0"}',
    });
    const [listed] = await experimentsInCloud();
    const { Task } = await cloud.cfgClient().DescribeTask({ TaskId: listed.TaskId as number });
    assert.equal(Task?.TaskTitle, "Network Packet Loss");
    assert.equal(Task?.TaskDescription, "This experiment was created from the openapi");
    const [fault, rollback] = Task!.TaskGroups[0].TaskGroupActions;
    assert.deepEqual([fault.ActionId, fault.ActionAttribute, rollback.ActionId, rollback.ActionAttribute], [462, 1, 463, 2]);
    assert.deepEqual(JSON.parse(fault.TaskGroupActionCustomConfiguration), { interfaces: "eth0", duration: 180, percent: 50 }, "the seed's field, and the defaults of the others");
    assert.deepEqual(fault.TaskGroupInstances.map((i) => i.TaskGroupInstanceObjectId), ["ins-xxxxxxxx"]);
    assert.equal(fault.TaskGroupActionRecoverId, rollback.TaskGroupActionRandomId, "the fault is linked to its rollback");
  });

  it("creates from several actions, each followed by its rollback", async () => {
    const { id } = await handlers.create(
      await checked({
        taskInstances: ["ins-aaaa0001"],
        taskAction: [{ taskActionId: 12 }, { taskActionId: 466, taskActionCustomConfiguration: '{"ip": "10.0.0.1", "domain": "api.example.com"}' }],
      }),
    );
    const create = cloud.requests().find((r) => r.action === "CreateTaskFromMultiAction");
    assert.deepEqual((create?.params as Record<string, unknown>).TaskAction, [{ TaskActionId: 12 }, { TaskActionId: 466, TaskActionCustomConfiguration: '{"domain":"api.example.com","ip":"10.0.0.1"}' }]);
    const { Task } = await cloud.cfgClient().DescribeTask({ TaskId: Number(id) });
    assert.deepEqual(Task?.TaskGroups[0].TaskGroupActions.map((a) => a.ActionId), [12, 13, 466, 467]);
  });

  describe("check", () => {
    it("a wrong group count fails on taskConfig with read-only calls only", async () => {
      const result = await handlers.check({}, { ...fromTemplate, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-1"] }, { taskGroupInstances: ["ins-2"] }] } });
      assert.deepEqual(result.failures, [
        { property: "taskConfig", reason: "taskConfig.taskGroupsConfig has 2 entries, but template 626 has 1 action group: give one entry per group, in the template's order" },
      ]);
      assert.deepEqual(cloud.actions(), ["DescribeTemplate"]);
    });

    it("an action's required custom fields come from DescribeActionFieldConfigList", async () => {
      const result = await handlers.check({}, { taskActionId: 466, taskInstances: ["ins-1"], taskActionCustomConfiguration: { ip: "10.0.0.1" } });
      assert.deepEqual(result.failures, [
        { property: "taskActionCustomConfiguration", reason: "taskActionCustomConfiguration misses domain, required by action 466 (DescribeActionFieldConfigList)" },
      ]);
      const multi = await handlers.check({}, { taskInstances: ["ins-1"], taskAction: [{ taskActionId: 12 }, { taskActionId: 999 }] });
      assert.deepEqual(multi.failures, [{ property: "taskAction", reason: "action 999 is not in the action library of ap-guangzhou (DescribeActionLibraryList)" }]);
      assert.ok(cloud.actions().every((a) => a.startsWith("Describe")), "check only reads");
    });

    it("offline rules fail before any API call", async () => {
      const result = await handlers.check({}, { ...fromAction, templateId: 626 });
      assert.ok((result.failures ?? []).some((f) => f.property === "templateId" && /exactly one creation mode/.test(f.reason)));
      assert.deepEqual(cloud.requests(), []);
    });

    it("an unchanged definition is not re-checked against the cloud", async () => {
      const inputs = await checked(fromAction);
      const before = cloud.requests().length;
      await handlers.check(inputs, { ...fromAction, execute: true });
      assert.equal(cloud.requests().length, before);
    });
  });

  it("execute with waiting drives a manual experiment to its end, logging progress, and the conclusion ends it", async () => {
    const inputs = await checked({ ...fromTemplate, execute: true, waitForCompletion: true, waitTimeoutSeconds: 60, conclusion: { summary: "This experiment meets the expectations", isExpect: true } });
    const { id, outs } = await handlers.create(inputs);
    assert.equal(outs?.taskStatus, 1004);
    assert.equal(outs?.taskStatusType, 1);
    assert.equal(outs?.taskSummary, "This experiment meets the expectations");
    assert.equal(outs?.taskExpect, 1);
    assert.deepEqual(outs?.faultsNotRolledBack, []);
    assert.deepEqual(writes(), ["CreateTaskFromTemplate", "ExecuteTask", "ExecuteTaskInstance", "ExecuteTaskInstance", "ModifyTaskRunStatus"]);
    const end = cloud.requests().find((r) => r.action === "ModifyTaskRunStatus");
    assert.deepEqual(end?.params, { TaskId: Number(id), Status: 1004, IsExpect: true, Summary: "This experiment meets the expectations" });
    assert.ok(lines.some((l) => /action \d+ \(Empty Operation\): 2004 ended, success; instances: ins-xxxxxxxx 3003 ended, success/.test(l)), lines.join("\n"));
    assert.ok(lines.some((l) => /action \d+ \(Empty Operation \(rollback\)\): 2002 pending; instances: ins-xxxxxxxx 3001 not started/.test(l)), "the provider saw the rollback's turn come");
    assert.deepEqual(await injectedFaults(), []);
  });

  it("a conclusion change records the new conclusion in place", async () => {
    const conclusion = { summary: "first", isExpect: true };
    const inputs = await checked({ ...fromTemplate, execute: true, waitForCompletion: true, conclusion });
    const { id, outs } = await handlers.create(inputs);
    const news = await checked({ ...fromTemplate, execute: true, waitForCompletion: true, conclusion: { summary: "second look: failover was slow", isExpect: false, issue: "DNS TTL too long" } });
    const diff = await handlers.diff(id, outs ?? {}, news);
    assert.deepEqual(diff.replaces, []);
    assert.equal(diff.changes, true);
    const { outs: updated } = await handlers.update(id, outs ?? {}, news);
    assert.equal(updated?.taskSummary, "second look: failover was slow");
    assert.equal(updated?.taskExpect, 2);
    const definitionChange = await handlers.diff(id, updated ?? {}, await checked({ ...fromTemplate, taskConfig: { ...fromTemplate.taskConfig, taskTitle: "renamed" } }));
    assert.deepEqual(definitionChange.replaces, ["taskConfig"]);
  });

  it("destroy of an executing experiment rolls its faults back, ends it, then deletes it", async () => {
    const { id, outs } = await handlers.create(await checked({ ...fromAction, execute: true }));
    const client = cloud.cfgClient();
    const { Task } = await client.DescribeTask({ TaskId: Number(id) });
    const group = Task!.TaskGroups[0];
    const fault = group.TaskGroupActions[0];
    await client.ExecuteTaskInstance({ TaskId: Number(id), TaskActionId: fault.TaskGroupActionId, TaskInstanceIds: [], IsOperateAll: true, ActionType: 2, TaskGroupId: group.TaskGroupId });
    assert.equal((await injectedFaults()).length, 1, "the packet loss is injected");
    const refused = await rejection(client.DeleteTask({ TaskId: Number(id) }));
    assert.equal((refused as { code?: string }).code, "FailedOperation", "the cloud refuses to delete a running experiment");

    const since = cloud.requests().length;
    await handlers.delete(id, outs ?? {});
    const calls = cloud.requests().slice(since).filter((r) => !r.action.startsWith("Describe"));
    assert.deepEqual(calls.map((r) => r.action), ["ModifyTaskRunStatus", "ExecuteTaskInstance", "ModifyTaskRunStatus", "DeleteTask"]);
    assert.equal((calls[0].params as { Status: number }).Status, 1003);
    assert.equal((calls[1].params as { TaskActionId: number }).TaskActionId, group.TaskGroupActions[1].TaskGroupActionId, "the rollback action ran");
    const end = calls[2].params as { Status: number; IsExpect: boolean; Summary: string };
    assert.equal(end.Status, 1004);
    assert.equal(end.IsExpect, false);
    assert.match(end.Summary, /Ended by pulumi-cloudtasks on destroy/);
    assert.deepEqual(await experimentsInCloud(), []);
    assert.deepEqual(await injectedFaults(), [], "no fault is left injected");
    await handlers.delete(id, outs ?? {}); // already gone is success
  });

  it("a recovery that keeps failing stops destroy with the objects named, and leaves the experiment running, not ended", async () => {
    const { id, outs } = await handlers.create(await checked({ ...fromAction, taskInstances: ["ins-fail0001"], execute: true, waitForCompletion: true, waitTimeoutSeconds: 30 }));
    assert.equal((await injectedFaults()).length, 1);
    const error = await rejection(handlers.delete(id, outs ?? {}));
    assert.match(error.message, /may still be injected on ins-fail0001/);
    const [left] = await experimentsInCloud();
    assert.ok(left.TaskStatus === 1002 || left.TaskStatus === 1003, `not ended (status ${left.TaskStatus})`);
    assert.ok(cloud.actions().filter((a) => a === "ExecuteTaskInstance").length >= 3, "the rollback was retried");
  });

  it("the emulator models the danger: ending by hand leaves the fault injected, even after the delete", async () => {
    const { id } = await handlers.create(await checked({ ...fromAction, execute: true, waitForCompletion: true }));
    const client = cloud.cfgClient();
    // waitForCompletion ran the fault and its rollback: nothing injected.
    assert.deepEqual(await injectedFaults(), []);
    const again = await handlers.create(await checked({ ...fromAction, taskTitle: "second", execute: true }));
    const { Task } = await client.DescribeTask({ TaskId: Number(again.id) });
    const group = Task!.TaskGroups[0];
    await client.ExecuteTaskInstance({ TaskId: Number(again.id), TaskActionId: group.TaskGroupActions[0].TaskGroupActionId, TaskInstanceIds: [], IsOperateAll: true, ActionType: 2, TaskGroupId: group.TaskGroupId });
    const missing = await rejection(client.ModifyTaskRunStatus({ TaskId: Number(again.id), Status: 1004 }));
    assert.equal((missing as { code?: string }).code, "MissingParameter");
    await client.ModifyTaskRunStatus({ TaskId: Number(again.id), Status: 1004, IsExpect: true, Summary: "ended by hand" });
    await client.DeleteTask({ TaskId: Number(again.id) });
    const faults = (await injectedFaults()) as Array<{ objectId: string; experimentDeleted?: boolean }>;
    assert.deepEqual(faults.map((f) => [f.objectId, f.experimentDeleted]), [["ins-xxxxxxxx", true]]);
    assert.deepEqual((await experimentsInCloud()).map((t) => String(t.TaskId)), [id], "only the first experiment is left");
  });

  it("read reports the run state and drops a deleted experiment", async () => {
    const { id, outs } = await handlers.create(await checked(fromTemplate));
    await cloud.cfgClient().ExecuteTask({ TaskId: Number(id) });
    const read = await handlers.read(id, outs ?? {});
    assert.equal(read.props?.taskStatus, 1002);
    assert.equal(read.inputs?.taskStatus, undefined, "inputs carry contract fields only");
    await handlers.delete(id, read.props ?? {});
    assert.deepEqual(await handlers.read(id, outs ?? {}), {});
  });

  it("waiting on an automatic experiment lets the cloud advance it, driving nothing", async () => {
    const inputs = await checked({ templateId: 627, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-web1"] }, { taskGroupInstances: ["ins-app1"] }] }, execute: true, waitForCompletion: true });
    const { outs } = await handlers.create(inputs);
    assert.equal(outs?.taskMode, 2);
    assert.equal(outs?.taskStatus, 1002, "every action ended; the experiment awaits its conclusion");
    assert.deepEqual(writes(), ["CreateTaskFromTemplate", "ExecuteTask"]);
    const actions = (outs?.taskGroups as Array<{ actions: Array<{ status: number; statusType: number }> }>).flatMap((g) => g.actions);
    assert.deepEqual(actions.map((a) => [a.status, a.statusType]), [[2004, 1], [2004, 1], [2004, 1], [2004, 1]]);
  });

  it("takes seed 002's ExecuteTaskInstance and ModifyTaskRunStatus examples as written", async () => {
    const client = cloud.cfgClient();
    const { id: created } = await handlers.create(await checked({ ...fromTemplate, execute: true }));
    const id = Number(created);
    const task = async () => (await client.DescribeTask({ TaskId: id })).Task!;
    const group = (await task()).TaskGroups[0];
    const [fault, rollback] = group.TaskGroupActions;
    const common = { TaskId: String(id), TaskInstanceIds: ["xxxxxxxx-01", "xxxxxxxx-02"], IsOperateAll: true, ActionType: 2, TaskGroupId: group.TaskGroupId };
    // The SDK's types say numbers; the seed sends numeric strings and placeholder ids, which the API accepts.
    const raw = (body: Record<string, unknown>) => client.ExecuteTaskInstance(body as never);
    await raw({ ...common, TaskActionId: String(fault.TaskGroupActionId) });
    cloud.emulator.cloud.clockOffsetMs += 1_000;
    await raw({ ...common, TaskActionId: String(rollback.TaskGroupActionId) });
    cloud.emulator.cloud.clockOffsetMs += 1_000;
    assert.deepEqual((await task()).TaskGroups[0].TaskGroupActions.map((a) => [a.TaskGroupActionStatus, a.TaskGroupActionStatusType]), [[2004, 1], [2004, 1]]);
    await client.ModifyTaskRunStatus({ TaskId: id, Status: 1004, Summary: "This experiment meets the expectations", IsExpect: true });
    const ended = await task();
    assert.deepEqual([ended.TaskStatus, ended.TaskStatusType, ended.TaskSummary, ended.TaskExpect], [1004, 1, "This experiment meets the expectations", 1]);
  });

  /**
   * Slow actions (60 s fault, 30 s rollback, moved on by the emulator's clock), so no step depends
   * on how fast the test runs; every advance keeps the clock within the 5-minute signature window.
   */
  describe("the emulator's experiment model, with templates and actions seeded from its config", () => {
    let model: TestCloud;
    const slow = (id: number, attribute: 1 | 2, relationActionId: number, executeSeconds: number) => ({
      id,
      title: attribute === 1 ? "Slow CPU burn" : "Slow CPU burn (rollback)",
      description: "",
      attribute,
      relationActionId,
      objectTypeId: 1,
      risk: "Low risk",
      executeSeconds,
      custom: [],
    });
    const group = (title: string) => ({ title, description: "", mode: 1, objectTypeId: 1, actions: [{ actionId: 900, general: {}, custom: {} }, { actionId: 901, general: {}, custom: {} }] });
    before(async () => {
      model = await TestCloud.start({
        seeds: {
          cfg: {
            actions: [slow(900, 1, 901, 60), slow(901, 2, 900, 30)],
            templates: [{ id: 700, title: "Two-tier drill", description: "from config", mode: 2, pauseDuration: 30, policyDealType: 1, groups: [group("web"), group("db")] }],
          },
        },
      });
    });
    after(async () => model.stop());
    beforeEach(() => model.reset());

    const client = () => model.cfgClient();
    const advance = (ms: number) => (model.emulator.cloud.clockOffsetMs += ms);
    async function created(inputs: Record<string, unknown>) {
      const { id } = await handlers.create(await checked(inputs));
      return Number(id);
    }
    async function task(id: number) {
      return (await client().DescribeTask({ TaskId: id })).Task!;
    }
    async function faultsNow(): Promise<string[]> {
      const products = (await model.state()).products as Record<string, Record<string, Record<string, { injectedFaults: Array<{ objectId: string }> }>>>;
      return (products.cfg?.[DEMO_TENCENT_CREDENTIAL.account]?.["ap-guangzhou"]?.injectedFaults ?? []).map((f) => f.objectId);
    }

    it("are there beside the built-in ones, and the check counts their groups", async () => {
      const { Template } = await client().DescribeTemplate({ TemplateId: 700 });
      assert.equal(Template?.TemplateGroups?.length, 2);
      assert.equal((await client().DescribeTemplate({ TemplateId: 626 })).Template?.TemplateTitle, "Empty operation drill");
      const oneGroup = await handlers.check({}, { templateId: 700, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-w"] }] } });
      assert.match(String(oneGroup.failures?.[0]?.reason), /has 1 entry, but template 700 has 2 action groups/);
    });

    it("moves an automatic experiment forward on its clock: fault, then recovery, group after group; a pause holds the next action", async () => {
      const id = await created({ templateId: 700, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-web1"] }, { taskGroupInstances: ["ins-app1"] }] } });
      await client().ExecuteTask({ TaskId: id });
      const statuses = async () => (await task(id)).TaskGroups.flatMap((g) => g.TaskGroupActions.map((a) => a.TaskGroupActionStatus));
      assert.deepEqual(await statuses(), [2003, 2001, 2001, 2001]);
      assert.deepEqual(await faultsNow(), ["ins-web1"]);
      advance(60_000);
      assert.deepEqual(await statuses(), [2004, 2003, 2001, 2001], "the fault ended and its rollback runs");
      assert.deepEqual(await faultsNow(), ["ins-web1"], "injected until the rollback succeeds");
      advance(30_000);
      assert.deepEqual(await statuses(), [2004, 2004, 2003, 2001]);
      assert.deepEqual(await faultsNow(), ["ins-app1"]);
      await client().ModifyTaskRunStatus({ TaskId: id, Status: 1003 });
      advance(120_000);
      assert.deepEqual(await statuses(), [2004, 2004, 2004, 2002], "paused: the running fault ends, the next action waits");
      await client().ModifyTaskRunStatus({ TaskId: id, Status: 1002 });
      assert.deepEqual(await statuses(), [2004, 2004, 2004, 2003], "resumed: the rollback starts now");
      advance(30_000);
      assert.deepEqual(await statuses(), [2004, 2004, 2004, 2004]);
      assert.deepEqual(await faultsNow(), []);
    });

    it("a wait that runs out fails naming the experiment, and keeps the started experiment in state", async () => {
      const error = await rejection(handlers.create(await checked({ taskActionId: 900, taskInstances: ["ins-a"], execute: true, waitForCompletion: true, waitTimeoutSeconds: 1 })));
      assert.match(error.message, /gave up waiting for every action to end after 1s/);
      const [experiment] = (await client().DescribeTaskList({ Limit: 10, Offset: 0 })).TaskList ?? [];
      assert.equal(error.id, String(experiment.TaskId), "the init failure carries the created id");
      assert.equal((error.properties as Record<string, unknown>).execute, true, "the start is not repeated by the next up");
      assert.equal(experiment.TaskStatus, 1002);
    });

    it("drives a manual experiment's instances: a subset, skip, retry; refuses out of turn and after the end", async () => {
      const id = await created({ taskActionId: 900, taskInstances: ["ins-a", "ins-fail1"], execute: true });
      const g = (await task(id)).TaskGroups[0];
      const [fault, recovery] = g.TaskGroupActions;
      const op = (action: typeof fault, actionType: number, ids: number[], all = false) =>
        client().ExecuteTaskInstance({ TaskId: id, TaskActionId: action.TaskGroupActionId, TaskInstanceIds: ids, IsOperateAll: all, ActionType: actionType, TaskGroupId: g.TaskGroupId });
      assert.equal(((await rejection(op(recovery, 2, [], true))) as { code?: string }).code, "OperationDenied", "a recovery waits until its fault has run");
      await op(fault, 2, [fault.TaskGroupInstances[1].TaskGroupInstanceId]);
      let now = (await task(id)).TaskGroups[0].TaskGroupActions[0];
      assert.deepEqual(now.TaskGroupInstances.map((i) => i.TaskGroupInstanceStatus), [3001, 3002], "only the chosen instance runs");
      await op(fault, 3, [fault.TaskGroupInstances[0].TaskGroupInstanceId]);
      advance(60_000);
      now = (await task(id)).TaskGroups[0].TaskGroupActions[0];
      assert.deepEqual(now.TaskGroupInstances.map((i) => [i.TaskGroupInstanceStatus, i.TaskGroupInstanceStatusType]), [[3003, 4], [3003, 2]]);
      assert.deepEqual([now.TaskGroupActionStatus, now.TaskGroupActionStatusType], [2004, 2]);
      await op(fault, 5, [], true);
      now = (await task(id)).TaskGroups[0].TaskGroupActions[0];
      assert.equal(now.TaskGroupInstances[1].TaskGroupInstanceStatus, 3002);
      assert.equal(now.TaskGroupInstances[1].TaskGroupInstanceIsRedo, true);
      assert.equal(((await rejection(client().ExecuteTask({ TaskId: id }))) as { code?: string }).code, "FailedOperation", "a started experiment does not start again");
      await client().ModifyTaskRunStatus({ TaskId: id, Status: 1004, IsExpect: false, Summary: "stopped early" });
      const ended = await task(id);
      assert.deepEqual([ended.TaskStatus, ended.TaskStatusType], [1004, 3]);
      assert.equal(((await rejection(op(recovery, 2, [], true))) as { code?: string }).code, "OperationDenied");
      assert.equal(((await rejection(client().DescribeTask({ TaskId: 999999 }))) as { code?: string }).code, "ResourceNotFound");
    });
  });

  describe("faults", () => {
    for (const [action, inputs] of [
      ["CreateTaskFromAction", fromAction],
      ["CreateTaskFromTemplate", fromTemplate],
      ["CreateTaskFromMultiAction", { taskInstances: ["ins-1"], taskAction: [{ taskActionId: 12 }] }],
    ] as const) {
      it(`a ${action} whose response is lost is adopted, not duplicated`, async () => {
        // Another experiment with the same title already exists: the adopted one must be the new one.
        await cloud.cfgClient().CreateTaskFromAction({ TaskActionId: 12, TaskInstances: ["ins-other"], TaskTitle: fromAction.taskTitle });
        const [existing] = await experimentsInCloud();
        cloud.inject({ kind: "drop-after-commit", action });
        const since = cloud.requests().length;
        const { id } = await handlers.create(await checked(inputs));
        const list = await experimentsInCloud();
        assert.equal(list.length, 2);
        assert.ok(list.some((t) => String(t.TaskId) === id) && id !== String(existing.TaskId));
        assert.equal(cloud.actions().slice(since).filter((a) => a === action).length, 1, "the create was not sent twice");
      });
    }

    it("two resources declaring the same experiment, one create's answer lost: two experiments, each adopted once", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateTaskFromAction" });
      const inputs = await checked(fromAction);
      const results = await Promise.all([handlers.create(inputs), handlers.create(inputs)]);
      const list = await experimentsInCloud();
      assert.equal(list.length, 2);
      assert.deepEqual(results.map((r) => r.id).sort(), list.map((t) => String(t.TaskId)).sort());
      assert.equal(cloud.actions().filter((a) => a === "CreateTaskFromAction").length, 2);
    });

    it("a lost ExecuteTask answer is not repeated, and throttling is retried", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "ExecuteTask" });
      cloud.inject({ kind: "error", action: "DescribeTask", code: "RequestLimitExceeded", times: 2 });
      const { outs } = await handlers.create(await checked({ ...fromTemplate, execute: true }));
      assert.equal(outs?.taskStatus, 1002);
      assert.equal(cloud.actions().filter((a) => a === "ExecuteTask").length, 1);
    });

    /** Runs `body` with requests timing out after a second (so settle windows are two seconds). */
    it("an ExecuteTask applied after the request timed out is confirmed within the settle window, not repeated", () =>
      withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "ExecuteTask", delayMs: 1800 });
        const { outs } = await handlers.create(await checked({ ...fromAction, execute: true }));
        assert.equal(outs?.taskStatus, 1002);
        assert.equal(cloud.actions().filter((a) => a === "ExecuteTask").length, 1, "ExecuteTask was sent once");
      }));

    it("a create applied after the request timed out is found within the settle window, not duplicated", () =>
      withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "CreateTaskFromAction", delayMs: 1800 });
        const { id } = await handlers.create(await checked(fromAction));
        assert.deepEqual((await experimentsInCloud()).map((t) => String(t.TaskId)), [id]);
        assert.equal(cloud.actions().filter((a) => a === "CreateTaskFromAction").length, 1);
      }));

    it("two identical new experiments after a lost answer fail the create naming both, and nothing more is created", () =>
      withShortRequestTimeout(async () => {
        const inputs = await checked(fromAction);
        await handlers.create(inputs);
        // Another client creates an identical experiment, then our next create's answer is lost.
        await cloud.cfgClient().CreateTaskFromAction({
          TaskActionId: 462,
          TaskInstances: ["ins-xxxxxxxx"],
          TaskTitle: fromAction.taskTitle,
          TaskDescription: fromAction.taskDescription,
          TaskActionCustomConfiguration: JSON.stringify(fromAction.taskActionCustomConfiguration),
        });
        cloud.inject({ kind: "drop-after-commit", action: "CreateTaskFromAction" });
        const error = await rejection(handlers.create(inputs));
        assert.equal((await experimentsInCloud()).length, 3, "nothing created beyond the lost create");
        assert.match(error.message, /2 tasks that match this resource exactly \(ids \d+, \d+\)/);
      }));

    it("the documented 10 requests/second limit of ExecuteTask is enforced", async () => {
      const client = cloud.cfgClient();
      const results = await Promise.allSettled(Array.from({ length: 15 }, () => client.ExecuteTask({ TaskId: 1 })));
      const throttled = results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "RequestLimitExceeded");
      assert.equal(throttled.length, 5);
    });
  });
});
