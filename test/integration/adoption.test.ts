import { strict as assert } from "node:assert";
import { handlers as operationTask } from "../../provider/resources/operation-task";
import { handlers as perfTestTask } from "../../provider/resources/perf-test-task";
import { handlers as probeTask } from "../../provider/resources/probe-task";
import { TestCloud } from "../support/emulator";
import { cptsCalls, sdkCall } from "../support/huawei";

type Inputs = Record<string, unknown>;

/**
 * Adoption by `taskId` on the dynamic resources (CatTask's is in its own suite; IotBatchTask and
 * ChaosExperiment have none yet): a task made out of
 * band, with the official SDKs, is taken over in place — never a second task. The plugin's
 * `pulumi import` is the other way in (test/e2e/yaml-plugin.e2e.test.ts).
 */
describe("adopting an existing task by taskId", function () {
  this.timeout(60_000);
  let cloud: TestCloud;
  before(async () => {
    cloud = await TestCloud.start();
  });
  after(async () => cloud.stop());
  beforeEach(() => cloud.reset());

  async function checked(check: (o: Inputs, n: Inputs) => Promise<{ inputs?: Inputs; failures?: unknown[] }>, inputs: Inputs): Promise<Inputs> {
    const result = await check({}, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs ?? {};
  }

  describe("OperationTask", () => {
    const declared = { name: "adopted-report", type: 1, account: "root", timeout: 45, script: "df -h", deviceIdSet: [34, 56] };

    async function outOfBandTask(): Promise<number> {
      const res = await cloud.bhClient().CreateOperationTask({ Name: "made-elsewhere", Type: 1, Account: "ubuntu", Timeout: 10, Script: "uptime", DeviceIdSet: [13], Encoding: 0 });
      assert.ok(res.TaskId);
      return res.TaskId;
    }

    it("modifies the existing task to the declared fields instead of creating one", async () => {
      const existing = await outOfBandTask();
      const { id, outs } = await operationTask.create(await checked(operationTask.check, { ...declared, taskId: existing }));
      assert.equal(id, String(existing));
      assert.equal(outs?.taskId, existing);
      const actions = cloud.actions();
      assert.equal(actions.filter((a) => a === "CreateOperationTask").length, 1, "only the out-of-band create");
      assert.ok(actions.includes("ModifyOperationTask"));
      const tasks = (await cloud.bhClient().DescribeOperationTask({ Limit: 100 })).OperationTasks ?? [];
      assert.deepEqual(
        tasks.map((t) => [t.Id, t.Name]),
        [[existing, "adopted-report"]],
      );
    });

    it("an unknown taskId fails naming it, and creates nothing", async () => {
      await assert.rejects(operationTask.create(await checked(operationTask.check, { ...declared, taskId: 999 })), /operation task 999 \(taskId\) does not exist in ap-guangzhou/);
      assert.ok(!cloud.actions().some((a) => a === "CreateOperationTask" || a === "ModifyOperationTask"));
    });

    it("once adopted, leaving taskId out is no change, and refresh does not put it back into the inputs", async () => {
      const existing = await outOfBandTask();
      const inputs = await checked(operationTask.check, { ...declared, taskId: existing });
      const { id, outs = {} } = await operationTask.create(inputs);
      const withoutTaskId = await checked(operationTask.check, declared);
      assert.equal((await operationTask.diff(id, outs, withoutTaskId)).changes, false);
      assert.deepEqual((await operationTask.diff(id, outs, { ...withoutTaskId, taskId: existing + 1 })).replaces, ["taskId"]);
      const read = await operationTask.read(id, outs);
      assert.equal(read.props?.taskId, existing);
      assert.equal(read.inputs?.taskId, undefined);
    });
  });

  describe("PerfTestTask", () => {
    const declared = { name: "adopted-load", projectId: 393862, caseIdList: [449271, 449272] };

    async function outOfBandTask(): Promise<number> {
      const reply = await sdkCall({
        endpoint: cloud.emulator.url,
        method: "POST",
        path: "/v3/{project_id}/tasks",
        body: { name: "made-elsewhere", parallel: false, project_id: 393862, operate_mode: 2, case_id_list: [449269] },
      });
      assert.equal(reply.status, 201);
      return Number(reply.body.task_id);
    }

    it("updates the existing task to the declared name and cases instead of creating one", async () => {
      const existing = await outOfBandTask();
      const { id, outs } = await perfTestTask.create(await checked(perfTestTask.check, { ...declared, taskId: existing }));
      assert.equal(id, String(existing));
      assert.equal(outs?.taskId, existing);
      assert.equal(cloud.actions().filter((a) => a.includes("CreateNewTask") || a.startsWith("POST /v3")).length, 1, "only the out-of-band create");
      const shown = (await cptsCalls.showTask(cloud.emulator.url, existing)).body.taskInfo as { name: string; case_list: Array<{ case_id: number }> };
      assert.equal(shown.name, "adopted-load");
      assert.deepEqual(
        shown.case_list.map((c) => c.case_id),
        [449271, 449272],
      );
      const listed = (await cptsCalls.listTasks(cloud.emulator.url)).body.tasks as unknown[];
      assert.equal(listed.length, 1, "no second task");
    });

    it("a task of another test project, or an unknown one, fails naming taskId and changes nothing", async () => {
      const existing = await outOfBandTask();
      await assert.rejects(
        perfTestTask.create(await checked(perfTestTask.check, { ...declared, projectId: 393863, caseIdList: [449280], taskId: existing })),
        /belongs to CPTS test project 393862, not projectId 393863/,
      );
      await assert.rejects(perfTestTask.create(await checked(perfTestTask.check, { ...declared, taskId: 999999 })), /perf test task 999999 \(taskId\) does not exist/);
      assert.equal(((await cptsCalls.showTask(cloud.emulator.url, existing)).body.taskInfo as { name: string }).name, "made-elsewhere");
    });
  });

  describe("ProbeTask", () => {
    const declared = { name: "adopted-probe", targetAddress: "https://www.example.com", taskType: 1, nodes: ["10003"], interval: 15 };

    async function outOfBandTask(targetAddress = "https://www.example.com"): Promise<string> {
      const made = await cloud.catClient().CreateProbeTasks({
        BatchTasks: [{ Name: "made-elsewhere", TargetAddress: targetAddress }],
        TaskType: 1,
        Nodes: ["10001", "10002"],
        Interval: 5,
        Parameters: "{}",
        TaskCategory: 1,
      });
      const id = made.TaskIDs?.[0];
      assert.ok(id);
      return id;
    }
    const taskInCloud = async (id: string) => ((await cloud.catClient().DescribeProbeTasks({ TaskIDs: [id] })).TaskSet ?? [])[0];

    it("updates the existing task in place to the declared name, nodes and interval instead of creating one", async () => {
      const existing = await outOfBandTask();
      const { id, outs } = await probeTask.create(await checked(probeTask.check, { ...declared, taskId: existing }));
      assert.equal(id, existing);
      assert.equal(outs?.taskId, existing);
      assert.equal(cloud.actions().filter((a) => a === "CreateProbeTasks").length, 1, "only the out-of-band create");
      const task = await taskInCloud(existing);
      assert.equal(task?.Name, "adopted-probe");
      assert.deepEqual(task?.Nodes, ["10003"]);
      assert.equal(task?.Interval, 15);
    });

    it("refuses a task whose target differs (that would replace it) or that does not exist, changing nothing", async () => {
      const existing = await outOfBandTask("https://other.example.com");
      await assert.rejects(probeTask.create(await checked(probeTask.check, { ...declared, taskId: existing })), /differs in targetAddress, which cannot change in place/);
      await assert.rejects(probeTask.create(await checked(probeTask.check, { ...declared, taskId: "task-missing1" })), /probe task task-missing1 \(taskId\) does not exist/);
      assert.equal((await taskInCloud(existing))?.Name, "made-elsewhere");
      assert.ok(!cloud.actions().some((a) => a.startsWith("UpdateProbeTask")));
    });
  });
});
