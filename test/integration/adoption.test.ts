import { strict as assert } from "node:assert";
import { handlers as chaosExperiment } from "../../provider/resources/chaos-experiment";
import { handlers as iotBatchTask } from "../../provider/resources/iot-batch-task";
import { handlers as operationTask } from "../../provider/resources/operation-task";
import { handlers as perfTestTask } from "../../provider/resources/perf-test-task";
import { handlers as probeTask } from "../../provider/resources/probe-task";
import { TestCloud } from "../support/emulator";
import { cptsCalls, sdkCall } from "../support/huawei";

type Inputs = Record<string, unknown>;

/**
 * Adoption by `taskId` on the dynamic resources (CatTask's is in its own suite): a task made out of
 * band, with the official SDKs, is taken over in place — never a second task. IotBatchTask and
 * ChaosExperiment cannot be edited, so there a definition that differs is refused, naming the
 * fields. The plugin's `pulumi import` is the other way in (test/e2e/yaml-plugin.e2e.test.ts).
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

  describe("IotBatchTask", () => {
    const declared = { taskType: "UpdateShadow", productId: "ABCDE12345", deviceNameFilter: "^light-", tasks: { updateShadowTask: { desired: { color: "red" } } } };
    const advance = (seconds: number) => cloud.control("clock", "POST", { advanceMs: seconds * 1000 });

    async function outOfBandTask(overrides: { TaskType?: string; ProductId?: string; ScheduleTimeInSeconds?: number } = {}): Promise<string> {
      const body = { TaskType: "UpdateShadow", ProductId: "ABCDE12345", DeviceNameFilter: "^light-", ScheduleTimeInSeconds: 0, Tasks: { UpdateShadowTask: { Desired: '{"color":"red"}' } }, MaxExecutionTimeInSeconds: 86_400 };
      const made = await cloud.iotcloudClient().CreateTask({ ...body, ...overrides, ...(overrides.TaskType === "PublishMessage" ? { Tasks: { PublishMessageTask: { Topic: "event", Payload: "x" } } } : {}) });
      assert.ok(made.TaskId);
      return made.TaskId;
    }
    const tasksInCloud = async () => (await cloud.iotcloudClient().DescribeTasks({ Offset: 0, Limit: 250 })).Tasks ?? [];

    it("adopts a task of the declared definition without creating one, and waits for it as create would", async () => {
      const existing = await outOfBandTask();
      await advance(5);
      const { id, outs } = await iotBatchTask.create(await checked(iotBatchTask.check, { ...declared, waitForCompletion: true, taskId: existing }));
      assert.equal(id, existing);
      assert.equal(outs?.taskId, existing);
      assert.equal(outs?.status, 3, "done");
      assert.equal(outs?.allDeviceCnt, 3, "light-01..03");
      assert.deepEqual(cloud.actions().filter((a) => !a.startsWith("Describe")), ["CreateTask"], "only the out-of-band create; nothing is modified or cancelled");
      assert.deepEqual(
        (await tasksInCloud()).map((t) => t.Id),
        [existing],
      );
    });

    it("refuses a task whose type, product or schedule differs, naming each field with both values, and changes nothing", async () => {
      const other = await outOfBandTask({ TaskType: "PublishMessage", ProductId: "FGHIJ67890" });
      await assert.rejects(
        iotBatchTask.create(await checked(iotBatchTask.check, { ...declared, taskId: other })),
        (error: Error) => {
          assert.match(error.message, new RegExp(`iot batch task ${other} \\(taskId\\) differs in taskType \\(declared UpdateShadow, the task's PublishMessage\\), productId \\(declared ABCDE12345, the task's FGHIJ67890\\); a batch task cannot be modified`));
          return true;
        },
      );
      const later = Math.floor(Date.now() / 1000) + 3600;
      const scheduled = await outOfBandTask({ ScheduleTimeInSeconds: later });
      await assert.rejects(iotBatchTask.create(await checked(iotBatchTask.check, { ...declared, taskId: scheduled })), /differs in scheduleTimeInSeconds \(declared 0, the task's \d+, created \d+\)/);
      await assert.rejects(iotBatchTask.create(await checked(iotBatchTask.check, { ...declared, taskId: "0000000000000000000000ff" })), /iot batch task 0000000000000000000000ff \(taskId\) does not exist in ap-guangzhou/);
      assert.deepEqual(cloud.actions().filter((a) => !a.startsWith("Describe")), ["CreateTask", "CreateTask"]);
      assert.equal((await tasksInCloud()).find((t) => t.Id === scheduled)?.Status, 1, "still waiting: not cancelled");
    });

    it("accepts the task's own schedule time even when it has passed; once adopted, leaving taskId out is no change and refresh keeps it out of the inputs", async () => {
      const later = Math.floor(Date.now() / 1000) + 60;
      const existing = await outOfBandTask({ ScheduleTimeInSeconds: later });
      await advance(120);
      const inputs = await checked(iotBatchTask.check, { ...declared, scheduleTimeInSeconds: later, taskId: existing });
      const { id, outs = {} } = await iotBatchTask.create(inputs);
      assert.equal(outs.scheduleTime, later);
      const withoutTaskId = await checked(iotBatchTask.check, { ...declared, scheduleTimeInSeconds: later });
      assert.equal((await iotBatchTask.diff(id, outs, withoutTaskId)).changes, false);
      assert.deepEqual((await iotBatchTask.diff(id, outs, { ...withoutTaskId, taskId: "another" })).replaces, ["taskId"]);
      const read = await iotBatchTask.read(id, outs);
      assert.equal(read.props?.taskId, existing);
      assert.equal(read.inputs?.taskId, undefined);
    });
  });

  describe("ChaosExperiment", () => {
    /** Template 626 (seed 002): one group, "Empty Operation" 12 and its rollback 13. */
    const fromTemplate = { templateId: 626, taskConfig: { taskTitle: "made elsewhere", taskGroupsConfig: [{ taskGroupInstances: ["ins-aaaa1111"] }] } };
    const fromAction = { taskActionId: 462, taskInstances: ["ins-aaaa1111", "ins-bbbb2222"], taskTitle: "packet loss", taskActionCustomConfiguration: { interfaces: "eth0", percent: 30 } };
    const experimentInCloud = async (id: number) => (await cloud.cfgClient().DescribeTask({ TaskId: id })).Task;
    const creates = () => cloud.actions().filter((a) => a.startsWith("CreateTaskFrom"));

    async function outOfBandFromTemplate(): Promise<number> {
      const made = await cloud.cfgClient().CreateTaskFromTemplate({ TemplateId: 626, TaskConfig: { TaskTitle: "made elsewhere", TaskGroupsConfig: [{ TaskGroupInstances: ["ins-aaaa1111"] }] } });
      assert.ok(made.TaskId);
      return made.TaskId;
    }
    async function outOfBandFromAction(custom = '{"interfaces":"eth0","percent":30}'): Promise<number> {
      const made = await cloud.cfgClient().CreateTaskFromAction({ TaskActionId: 462, TaskInstances: ["ins-bbbb2222", "ins-aaaa1111"], TaskTitle: "packet loss", TaskActionCustomConfiguration: custom });
      assert.ok(made.TaskId);
      return made.TaskId;
    }

    it("adopts a matching template experiment, then starts, waits and concludes it as an update would", async () => {
      const existing = await outOfBandFromTemplate();
      const conclusion = { summary: "no impact", isExpect: true };
      const { id, outs } = await chaosExperiment.create(
        await checked(chaosExperiment.check, { ...fromTemplate, execute: true, waitForCompletion: true, conclusion, taskId: existing }),
      );
      assert.equal(id, String(existing));
      assert.equal(outs?.taskId, existing);
      assert.deepEqual(creates(), ["CreateTaskFromTemplate"], "only the out-of-band create");
      assert.ok(cloud.actions().includes("ExecuteTask"));
      const task = await experimentInCloud(existing);
      assert.equal(task?.TaskStatus, 1004, "ended");
      assert.equal(task?.TaskSummary, "no impact");
      assert.equal(outs?.taskStatus, 1004);
    });

    it("adopts a started experiment without starting it again, and an ended one without recording the same conclusion again", async () => {
      const started = await outOfBandFromAction();
      await cloud.cfgClient().ExecuteTask({ TaskId: started });
      const { outs } = await chaosExperiment.create(await checked(chaosExperiment.check, { ...fromAction, execute: true, taskId: started }));
      assert.equal(cloud.actions().filter((a) => a === "ExecuteTask").length, 1, "the out-of-band start only");
      assert.equal(outs?.execute, true);

      const ended = await outOfBandFromTemplate();
      await cloud.cfgClient().ExecuteTask({ TaskId: ended });
      await cloud.cfgClient().ModifyTaskRunStatus({ TaskId: ended, Status: 1004, IsExpect: true, Summary: "held up" });
      const before = cloud.actions().length;
      const sameConclusion = { ...fromTemplate, execute: true, conclusion: { summary: "held up", isExpect: true }, taskId: ended };
      await chaosExperiment.create(await checked(chaosExperiment.check, sameConclusion));
      assert.deepEqual(cloud.actions().slice(before).filter((a) => !a.startsWith("Describe")), [], "nothing started or ended again");
      // Another conclusion is recorded on the ended experiment, as an update of `conclusion` would.
      await chaosExperiment.create(await checked(chaosExperiment.check, { ...sameConclusion, conclusion: { summary: "revised", isExpect: false } }));
      assert.deepEqual(cloud.actions().slice(before).filter((a) => !a.startsWith("Describe")), ["ModifyTaskRunStatus"]);
      assert.equal((await experimentInCloud(ended))?.TaskSummary, "revised");
      assert.deepEqual(creates(), ["CreateTaskFromAction", "CreateTaskFromTemplate"], "only the out-of-band creates");
    });

    it("refuses an experiment whose definition differs, naming every differing field, and changes nothing", async () => {
      const existing = await outOfBandFromAction('{"interfaces":"eth1","percent":30}');
      await assert.rejects(
        chaosExperiment.create(await checked(chaosExperiment.check, { ...fromAction, taskInstances: ["ins-aaaa1111"], taskTitle: "other", execute: true, taskId: existing })),
        (error: Error) => {
          assert.match(error.message, new RegExp(`chaos experiment ${existing} \\(taskId\\) differs in `));
          assert.match(error.message, /taskActionCustomConfiguration \(interfaces: declared "eth0", the experiment's "eth1"\)/);
          assert.match(error.message, /taskInstances \(declared \["ins-aaaa1111"\], the experiment's \["ins-aaaa1111", "ins-bbbb2222"\]\)/);
          assert.match(error.message, /taskTitle \(declared "other", the experiment's "packet loss"\)/);
          assert.doesNotMatch(error.message, /taskActionId/);
          return true;
        },
      );
      // A template experiment declared as another template's: the actions tell them apart.
      const fromOtherTemplate = await outOfBandFromTemplate();
      await assert.rejects(
        chaosExperiment.create(
          await checked(chaosExperiment.check, {
            templateId: 627,
            taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-aaaa1111"] }, { taskGroupInstances: ["ins-aaaa1111"] }] },
            taskId: fromOtherTemplate,
          }),
        ),
        /differs in templateId \(template 627 has the actions .*462, 463.*, the experiment .*12, 13.*\), taskConfig.taskGroupsConfig \(action groups\) \(declared 2, the experiment's 1\)/,
      );
      await assert.rejects(chaosExperiment.create(await checked(chaosExperiment.check, { ...fromAction, taskId: 987654 })), /chaos experiment 987654 \(taskId\) does not exist in ap-guangzhou/);
      assert.deepEqual(cloud.actions().filter((a) => !a.startsWith("Describe")), ["CreateTaskFromAction", "CreateTaskFromTemplate"], "nothing started, ended or deleted");
      assert.equal((await experimentInCloud(existing))?.TaskStatus, 1001);
    });

    it("matches a several-action experiment by the actions named, not the recoveries the cloud adds", async () => {
      const made = await cloud.cfgClient().CreateTaskFromMultiAction({ TaskInstances: ["ins-aaaa1111"], TaskAction: [{ TaskActionId: 12 }] });
      const existing = made.TaskId as number;
      assert.deepEqual(
        (await experimentInCloud(existing))?.TaskGroups[0].TaskGroupActions.map((a) => a.ActionId),
        [12, 13],
        "the emulator adds the rollback",
      );
      await assert.rejects(
        chaosExperiment.create(await checked(chaosExperiment.check, { taskInstances: ["ins-aaaa1111"], taskAction: [{ taskActionId: 12 }, { taskActionId: 12 }], taskId: existing })),
        /differs in taskAction \(declared \[12, 12\], the experiment's \[12\]\)/,
      );
      const { id } = await chaosExperiment.create(await checked(chaosExperiment.check, { taskInstances: ["ins-aaaa1111"], taskAction: [{ taskActionId: 12 }], taskId: existing }));
      assert.equal(id, String(existing));
      assert.deepEqual(creates(), ["CreateTaskFromMultiAction"]);
    });

    it("once adopted, leaving taskId out is no change, and refresh does not put it back into the inputs", async () => {
      const existing = await outOfBandFromAction();
      const { id, outs = {} } = await chaosExperiment.create(await checked(chaosExperiment.check, { ...fromAction, taskId: existing }));
      const withoutTaskId = await checked(chaosExperiment.check, fromAction);
      assert.equal((await chaosExperiment.diff(id, outs, withoutTaskId)).changes, false);
      assert.deepEqual((await chaosExperiment.diff(id, outs, { ...withoutTaskId, taskId: existing + 1 })).replaces, ["taskId"]);
      const read = await chaosExperiment.read(id, outs);
      assert.equal(read.props?.taskId, existing);
      assert.equal(read.inputs?.taskId, undefined);
    });
  });
});
