import { strict as assert } from "node:assert";
import { DEMO_HUAWEI_CREDENTIAL } from "../../emulator/config";
import type { RequestLogEntry } from "../../emulator/protocols/types";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "../support/e2e";
import { cptsCalls, SEED_EXAMPLE } from "../support/huawei";

const TYPE = "pulumi-nodejs:dynamic/cloudtasks:PerfTestTask";

interface Params {
  path?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** The real `pulumi` CLI, the packed package, the emulator as its own process, Huawei credentials from stack config. */
describe("PerfTestTask under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "perf-test-task",
      `const task = new ct.PerfTestTask("load", {
        name: config.require("name"),
        parallel: false,
        enableFullLink: true,
        projectId: 393862,
        caseIdList: [449269, 449270],
        run: config.get("run") || "stopped",
      });
      exports.taskId = task.taskId;
      exports.runStatus = task.runStatus;
      exports.latestRunId = task.latestRunId;`,
    );
    await stack.config({
      "cloudtasks:huaweiAk": DEMO_HUAWEI_CREDENTIAL.ak,
      "cloudtasks:huaweiProjectId": DEMO_HUAWEI_CREDENTIAL.projectId,
      "cloudtasks:huaweiRegion": "cn-north-4",
      name: "task",
    });
    await stack.ok("config", "set", "--secret", "cloudtasks:huaweiSk", DEMO_HUAWEI_CREDENTIAL.sk);
  });
  after(async () => stack?.dispose());

  const paramsOf = (r: RequestLogEntry) => (r.params ?? {}) as Params;
  /** The calls that change something, as `Action` or `UpdateTaskStatus:<status>`. */
  const mutating = async (since: number) =>
    (await stack.requests(since))
      .filter((r) => r.product === "cpts" && !["ShowTask", "ShowTaskSet"].includes(r.action))
      .map((r) => (r.action === "UpdateTaskStatus" ? `UpdateTaskStatus:${String(paramsOf(r).body?.status)}` : r.action));
  const tasksInCloud = async () => (await cptsCalls.listTasks(stack.emulator.url)).body.tasks as Array<{ id: number; name: string }>;

  it("preview shows the create and calls no API", async () => {
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+ pulumi-nodejs:dynamic\/cloudtasks:PerfTestTask: \(create\)/);
    assert.deepEqual(await stack.requests(), []);
  });

  it("up sends the seed's request example to the emulator and creates the task", async () => {
    await stack.up();
    const creates = (await stack.requests()).filter((r) => r.action === "CreateNewTask");
    assert.equal(creates.length, 1);
    assert.equal(JSON.stringify(paramsOf(creates[0]).body), JSON.stringify(SEED_EXAMPLE), "the wire body is the seed's example, field for field");
    assert.equal(creates[0].outcome, "ok");
    const tasks = await tasksInCloud();
    assert.equal(tasks.length, 1);
    const outputs = await stack.outputs();
    assert.equal(outputs.taskId, tasks[0].id);
    assert.equal(outputs.runStatus, 2);
    assert.deepEqual(await mutating(0), ["CreateNewTask"]);
  });

  it("refresh finds no drift and a following preview no change", async () => {
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    await stack.ok("preview", "--expect-no-changes");
  });

  it("renaming updates in place through the v3 update, keeping the task id", async () => {
    const since = await stack.lastSeq();
    const { taskId } = await stack.outputs();
    await stack.config({ name: "task-renamed" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/cloudtasks:PerfTestTask: \(update\)/);
    assert.doesNotMatch(preview.stdout, /replace/);
    await stack.up();
    assert.deepEqual(await mutating(since), ["UpdateTaskRelatedTestCase"]);
    const put = (await stack.requests(since)).find((r) => r.action === "UpdateTaskRelatedTestCase");
    assert.deepEqual(put && paramsOf(put).body, { name: "task-renamed", parallel: false, project_id: 393862, operate_mode: 2, case_id_list: [449269, 449270] });
    assert.equal((await stack.outputs()).taskId, taskId);
    assert.deepEqual((await tasksInCloud()).map((t) => t.name), ["task-renamed"]);
  });

  it("switching the run state starts a run, then stops it", async () => {
    const since = await stack.lastSeq();
    await stack.config({ run: "started" });
    await stack.up();
    assert.deepEqual(await mutating(since), ["UpdateTaskStatus:9"]);
    const started = await stack.outputs();
    assert.ok([9, 0].includes(Number(started.runStatus)), `running: ${String(started.runStatus)}`);
    assert.equal(typeof started.latestRunId, "number");

    const beforeStop = await stack.lastSeq();
    await stack.config({ run: "stopped" });
    await stack.up();
    assert.deepEqual(await mutating(beforeStop), ["UpdateTaskStatus:2"]);
    const info = (await cptsCalls.showTask(stack.emulator.url, Number(started.taskId))).body.taskInfo as { run_status: number };
    assert.ok([5, 4].includes(info.run_status), `stopping or stopped: ${info.run_status}`);
  });

  it("the exported state holds no plaintext SK, and the provider stub stays small", async () => {
    const exported = await stack.exportText();
    assert.ok(exported.includes('"ciphertext"'), "the SK config is stored encrypted");
    assert.ok(!exported.includes(DEMO_HUAWEI_CREDENTIAL.sk), "the SK never appears in plaintext");
    const providers = [...exported.matchAll(/"__provider": "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    assert.ok(providers.some((p) => p.includes("pulumi-cloudtasks/resources/perf-test-task")));
    for (const p of providers) assert.ok(p.length < 4096, `__provider stays small (${p.length} bytes)`);
  });

  it("a task deleted behind Pulumi's back disappears on refresh, and up recreates it", async () => {
    const { taskId } = await stack.outputs();
    // The stop above leaves the task "stopping" for a moment on the emulator's clock; let it pass.
    await emulatorControl(stack.emulator.url, "clock", "POST", { advanceMs: 5_000 });
    assert.equal((await cptsCalls.deleteTask(stack.emulator.url, Number(taskId))).status, 204);
    await stack.ok("refresh", "--yes", "--skip-preview");
    assert.ok(!(await stack.resourceTypes()).includes(TYPE));
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await mutating(since), ["CreateNewTask"]);
    assert.equal((await tasksInCloud()).length, 1);
  });

  it("destroy of a running task, refused by CPTS, stops the run, then deletes the task", async () => {
    await stack.config({ run: "started" });
    await stack.up();
    const { taskId } = await stack.outputs();
    const since = await stack.lastSeq();
    const destroy = await stack.ok("destroy", "--yes", "--skip-preview");
    assert.deepEqual(await mutating(since), ["DeleteNewTask", "UpdateTaskStatus:2", "DeleteNewTask"]);
    const deletes = (await stack.requests(since)).filter((r) => r.action === "DeleteNewTask");
    assert.deepEqual(
      deletes.map((d) => [paramsOf(d).path, d.outcome]),
      [
        [{ task_id: String(taskId) }, "SVCSTG.CPTS.4000002"],
        [{ task_id: String(taskId) }, "ok"],
      ],
      "the first delete is refused (a run holds the task), the one after the stop succeeds",
    );
    assert.deepEqual(await tasksInCloud(), []);
    assert.match(destroy.stdout + destroy.stderr, /perf test task \d+: stopping run \d+/, "progress reaches the CLI's output");
  });
});
