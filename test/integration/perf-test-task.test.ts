import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_HUAWEI_CREDENTIAL } from "../../emulator";
import { RUN_TIMING } from "../../emulator/huawei/cpts";
import type { RequestLogEntry } from "../../emulator/protocols/types";
import { CloudError } from "../../provider/errors";
import { progress } from "../../provider/progress";
import { handlers } from "../../provider/resources/perf-test-task";
import { resetSettings } from "../../provider/settings";
import { TestCloud, withShortRequestTimeout } from "../support/emulator";
import { rejection } from "../support/errors";
import { cptsCalls, SEED_EXAMPLE } from "../support/huawei";

type Inputs = Record<string, unknown>;
interface Params {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** Provider → SDK core (HcClient, BasicCredentials, AKSKSigner) → HTTP → emulator, with nothing stubbed. */
describe("PerfTestTask against the emulator", function () {
  this.timeout(60_000);
  let cloud: TestCloud;
  let home: string;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    cloud = await TestCloud.start();
    // A throwaway HOME shows the SDK core's ~/.huaweicloud write never happens; an IAM endpoint
    // pointed at the emulator would log any IAM call the core made (as APIGW.0101).
    home = mkdtempSync(join(tmpdir(), "cloudtasks-home-"));
    for (const k of ["HOME", "HUAWEICLOUD_SDK_IAM_ENDPOINT"]) saved[k] = process.env[k];
    process.env.HOME = home;
    process.env.HUAWEICLOUD_SDK_IAM_ENDPOINT = cloud.emulator.url;
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(home, { recursive: true, force: true });
    await cloud.stop();
  });
  beforeEach(() => cloud.reset());

  const endpoint = () => cloud.emulator.url;
  const seedArgs = { name: "task", parallel: false, enableFullLink: true, projectId: 393862, caseIdList: [449269, 449270] };

  async function checked(inputs: Inputs): Promise<Inputs> {
    const result = await handlers.check({}, inputs);
    assert.deepEqual(result.failures, []);
    return result.inputs as Inputs;
  }

  const calls = (action?: string): RequestLogEntry[] => cloud.requests().filter((r) => r.product === "cpts" && (!action || r.action === action));
  const paramsOf = (entry: RequestLogEntry | undefined) => (entry?.params ?? {}) as Params;
  const statusCalls = () => calls("UpdateTaskStatus").map((r) => paramsOf(r).body?.status);
  const advance = (ms: number) => (cloud.emulator.cloud.clockOffsetMs += ms);
  async function tasksInCloud(): Promise<Array<{ id: number; name: string }>> {
    const res = await cptsCalls.listTasks(endpoint());
    return res.body.tasks as Array<{ id: number; name: string }>;
  }
  async function cloudTask(id: string): Promise<Record<string, unknown>> {
    const res = await cptsCalls.showTask(endpoint(), Number(id));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.taskInfo as Record<string, unknown>;
  }

  /** Captures what the provider logs (pulumi.log falls back to the console outside the engine). */
  async function capturingLogs<T>(run: () => Promise<T>): Promise<{ result?: T; error?: unknown; lines: string[] }> {
    const lines: string[] = [];
    const original = progress.write;
    progress.write = (line) => void lines.push(line);
    try {
      return { result: await run(), lines };
    } catch (error) {
      return { error, lines };
    } finally {
      progress.write = original;
    }
  }

  it("creates the task with the seed's example as the request body, without touching HOME or IAM", async () => {
    const inputs = await checked(seedArgs);
    const { id, outs } = await handlers.create(inputs);
    const create = calls("CreateNewTask");
    assert.equal(create.length, 1);
    assert.equal(JSON.stringify(paramsOf(create[0]).body), JSON.stringify(SEED_EXAMPLE), "the wire body is the seed's example, field for field");
    assert.equal(create[0].keyId, DEMO_HUAWEI_CREDENTIAL.ak);
    assert.equal(create[0].region, DEMO_HUAWEI_CREDENTIAL.projectId, "{project_id} in the URL is the IAM project id");
    assert.deepEqual(calls().map((r) => r.action), ["ShowTaskSet", "CreateNewTask", "ShowTask"]);

    const [task] = await tasksInCloud();
    assert.equal(String(task.id), id);
    assert.equal(outs?.taskId, task.id);
    assert.equal(outs?.runStatus, 2, "a task never run reads as 2 (idle)");
    assert.equal(outs?.operateMode, 2);
    assert.equal(typeof outs?.createTime, "string");
    assert.ok(Object.values(outs ?? {}).every((v) => v !== undefined), "the wire format (protobuf Struct) rejects undefined values");

    assert.ok(!existsSync(join(home, ".huaweicloud")), "the core's application_id file is never written");
    assert.deepEqual(cloud.requests().filter((r) => r.product !== "cpts"), [], "no request but CPTS calls (no IAM project lookup)");
  });

  it("renames, switches parallel and changes cases in place through the v3 update", async () => {
    const { id, outs } = await handlers.create(await checked(seedArgs));
    const news = await checked({ ...seedArgs, name: "task-renamed", parallel: true, caseIdList: [449271, 449269] });
    const diff = await handlers.diff(id, outs ?? {}, news);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    const { outs: updated } = await handlers.update(id, outs ?? {}, news);
    const [put] = calls("UpdateTaskRelatedTestCase");
    assert.deepEqual(paramsOf(put).path, { task_id: id });
    assert.deepEqual(paramsOf(put).body, { name: "task-renamed", parallel: true, project_id: 393862, operate_mode: 2, case_id_list: [449271, 449269] });
    assert.equal(updated?.taskId, Number(id));
    const info = await cloudTask(id);
    assert.equal(info.name, "task-renamed");
    assert.equal(info.parallel, true);
    assert.deepEqual((info.case_list as Array<{ case_id: number }>).map((c) => c.case_id), [449271, 449269]);
    assert.deepEqual(statusCalls(), [], "no run control without a run change");
  });

  it("a new test project, region or full-link setting replaces the task", async () => {
    const { id, outs } = await handlers.create(await checked(seedArgs));
    assert.deepEqual((await handlers.diff(id, outs ?? {}, await checked({ ...seedArgs, projectId: 393863, caseIdList: [449280] }))).replaces, ["projectId"]);
    assert.deepEqual((await handlers.diff(id, outs ?? {}, await checked({ ...seedArgs, region: "cn-east-3" }))).replaces, ["region"]);
    assert.deepEqual((await handlers.diff(id, outs ?? {}, await checked({ ...seedArgs, enableFullLink: false }))).replaces, ["enableFullLink"]);
  });

  it("run: started starts a run (status 9); stopped stops it (status 2); started again starts a new one", async () => {
    const started = await checked({ ...seedArgs, run: "started" });
    const { id, outs } = await handlers.create(started);
    const [start] = calls("UpdateTaskStatus");
    assert.deepEqual(paramsOf(start).path, { test_suite_id: "393862", task_id: id });
    assert.deepEqual(paramsOf(start).body, {
      cluster_id: 0,
      cluster_type: "shared-cluster-internet",
      without_package: 0,
      network_info: { network_type: "internet" },
      status: 9,
    });
    assert.equal(outs?.runStatus, 9, "waiting to run");
    assert.equal(typeof outs?.latestRunId, "number");
    advance(RUN_TIMING.waitingMs);
    assert.equal((await cloudTask(id)).run_status, 0, "running on the emulator's clock");

    const stopped = await checked({ ...seedArgs, run: "stopped" });
    const afterStop = await handlers.update(id, outs ?? {}, stopped);
    assert.deepEqual(statusCalls(), [9, 2]);
    assert.deepEqual(paramsOf(calls("UpdateTaskStatus")[1]).body, { cluster_id: -1, cluster_type: "shared-cluster-internet", without_package: 0, network_info: {}, status: 2 });
    assert.equal(afterStop.outs?.runStatus, 5, "stopping");
    advance(RUN_TIMING.stoppingMs);
    assert.equal((await cloudTask(id)).run_status, 4, "stopped by the user");

    const again = await handlers.update(id, afterStop.outs ?? {}, started);
    assert.deepEqual(statusCalls(), [9, 2, 9]);
    assert.ok(Number(again.outs?.latestRunId) > Number(outs?.latestRunId), "a new run id");
  });

  it("starting while the previous run is still stopping waits for it to let go, then starts", async () => {
    const started = await checked({ ...seedArgs, run: "started" });
    const { id, outs } = await handlers.create(started);
    const stopped = await handlers.update(id, outs ?? {}, await checked({ ...seedArgs, run: "stopped" }));
    assert.equal(stopped.outs?.runStatus, 5, "stopping");
    const letGo = setTimeout(() => advance(RUN_TIMING.stoppingMs), 600);
    const { result, error, lines } = await capturingLogs(() => handlers.update(id, stopped.outs ?? {}, started));
    clearTimeout(letGo);
    assert.equal(error, undefined, String(error));
    assert.deepEqual(statusCalls(), [9, 2, 9]);
    assert.equal(result?.outs?.runStatus, 9);
    assert.match(lines.join("\n"), /waiting for the previous run to stop: done, run status 4 \(stopped\)/);
  });

  it("a run that ends by itself is not started again by later updates", async () => {
    const started = await checked({ ...seedArgs, run: "started" });
    const { id, outs } = await handlers.create(started);
    advance(RUN_TIMING.waitingMs + RUN_TIMING.runningMs);
    const read = await handlers.read(id, outs ?? {});
    assert.equal(read.props?.runStatus, 2, "ended");
    assert.equal(read.inputs?.run, "started", "run is write-only: refresh keeps it");
    await handlers.update(id, read.props ?? {}, await checked({ ...seedArgs, run: "started", name: "renamed" }));
    assert.deepEqual(statusCalls(), [9]);
  });

  it("a run already going (started out of band) is adopted, not started twice", async () => {
    const { id, outs } = await handlers.create(await checked(seedArgs));
    assert.equal((await cptsCalls.setStatus(endpoint(), 393862, Number(id), 9)).status, 200);
    const { outs: updated } = await handlers.update(id, outs ?? {}, await checked({ ...seedArgs, run: "started" }));
    assert.equal(calls("UpdateTaskStatus").length, 1, "only the out-of-band start");
    assert.equal(updated?.runStatus, 9);
  });

  it("starts a private resource group's run as Terraform does", async () => {
    await handlers.create(await checked({ ...seedArgs, run: "started", clusterId: 17 }));
    assert.deepEqual(paramsOf(calls("UpdateTaskStatus")[0]).body, { cluster_id: 17, cluster_type: "private-cluster", without_package: 0, network_info: {}, status: 9 });
  });

  it("waitForRun waits for the run to finish on the emulator's clock, logging progress", async () => {
    const inputs = await checked({ ...seedArgs, run: "started", waitForRun: true, waitTimeoutSeconds: 60 });
    const finish = setTimeout(() => advance(RUN_TIMING.waitingMs + RUN_TIMING.runningMs), 1200);
    const { result, error, lines } = await capturingLogs(() => handlers.create(inputs));
    clearTimeout(finish);
    assert.equal(error, undefined, String(error));
    assert.equal(result?.outs?.runStatus, 2, "ended");
    const log = lines.join("\n");
    assert.match(log, /perf test task \d+: started run \d+/);
    assert.match(log, /waiting for the run to finish, run status 9 \(waiting to run\), \d+s of at most 60s/);
    assert.match(log, /waiting for the run to finish: done, run status 2 \(ended\)/);
    assert.ok(!log.includes(DEMO_HUAWEI_CREDENTIAL.sk) && !log.includes("task\""), "progress names ids and statuses only");
    assert.ok(calls("ShowTask").length >= 3, "polled");
  });

  it("a wait that times out keeps the task, with its run marked started, so the next up neither recreates nor restarts it", async () => {
    const inputs = await checked({ ...seedArgs, run: "started", waitForRun: true, waitTimeoutSeconds: 1 });
    const { error } = await capturingLogs(() => handlers.create(inputs));
    assert.ok(error instanceof Error);
    const failure = error as Error & { id?: string; properties?: Inputs; reasons?: string[] };
    assert.match(failure.message, /gave up waiting for the run to finish after 1s \(run status 9, waiting to run\); the run goes on in the cloud/);
    const [task] = await tasksInCloud();
    assert.equal(failure.id, String(task.id));
    assert.equal(failure.properties?.run, "started");
    assert.equal(failure.properties?.taskId, task.id);
    await capturingLogs(() => handlers.update(String(task.id), failure.properties ?? {}, inputs));
    assert.equal(calls("CreateNewTask").length, 1);
    assert.deepEqual(statusCalls(), [9]);
  });

  it("delete of an idle task is one DeleteNewTask call", async () => {
    const { id, outs } = await handlers.create(await checked(seedArgs));
    const before = cloud.requests().length;
    await handlers.delete(id, outs ?? {});
    assert.deepEqual(
      cloud.requests().slice(before).map((r) => r.action),
      ["DeleteNewTask"],
    );
    assert.deepEqual(await tasksInCloud(), []);
  });

  it("delete of a running task is refused by CPTS, then stops the run, waits for it to let go, and deletes it; gone counts as deleted", async () => {
    const { id, outs } = await handlers.create(await checked({ ...seedArgs, run: "started" }));
    const refused = await cptsCalls.deleteTask(endpoint(), Number(id));
    assert.equal(refused.status, 400, "CPTS keeps a task that is mid-run");
    assert.equal(refused.body.code, "SVCSTG.CPTS.4000002");

    const before = cloud.requests().length;
    const { lines } = await capturingLogs(() => handlers.delete(id, outs ?? {}));
    const sequence = cloud.requests().slice(before).map((r) => r.action);
    assert.deepEqual(sequence.slice(0, 3), ["DeleteNewTask", "ShowTask", "UpdateTaskStatus"]);
    assert.equal(cloud.requests()[before].outcome, "SVCSTG.CPTS.4000002");
    assert.equal(sequence[sequence.length - 1], "DeleteNewTask");
    assert.deepEqual(statusCalls(), [9, 2]);
    assert.deepEqual(await tasksInCloud(), []);
    assert.match(lines.join("\n"), /stopping run \d+ \(was waiting to run\)/);

    await handlers.delete(id, outs ?? {});
    assert.equal(calls().pop()?.outcome, "SVCSTG.CPTS.4032002", "the second delete saw 403 SVCSTG.CPTS.4032002 and succeeded");
  });

  it("read reports out-of-band drift from ShowTask's taskInfo, and a deleted task reads as gone", async () => {
    const { id, outs } = await handlers.create(await checked(seedArgs));
    await cptsCalls.updateTask(endpoint(), Number(id), { name: "renamed-by-hand", parallel: true, case_id_list: [449270, 449269] });
    const read = await handlers.read(id, outs ?? {});
    assert.equal(read.id, id);
    assert.equal(read.props?.name, "renamed-by-hand");
    assert.equal(read.props?.parallel, true);
    assert.deepEqual(read.props?.caseIdList, [449269, 449270], "the same cases in another order are no drift");
    assert.equal(read.inputs?.enableFullLink, true, "not returned by ShowTask: kept");
    assert.equal(read.inputs?.taskId, undefined, "inputs carry contract fields only");

    await cptsCalls.updateTask(endpoint(), Number(id), { name: "renamed-by-hand", parallel: true, case_id_list: [449271] });
    assert.deepEqual((await handlers.read(id, outs ?? {})).inputs?.caseIdList, [449271]);

    assert.equal((await cptsCalls.deleteTask(endpoint(), Number(id))).status, 204);
    assert.deepEqual(await handlers.read(id, outs ?? {}), {});
  });

  it("updating a task deleted behind Pulumi's back says to refresh", async () => {
    const { id, outs } = await handlers.create(await checked(seedArgs));
    await cptsCalls.deleteTask(endpoint(), Number(id));
    const error = await rejection(handlers.update(id, outs ?? {}, await checked({ ...seedArgs, name: "x" })));
    assert.match(error.message, /no longer exists.*pulumi refresh/);
  });

  describe("faults", () => {
    it("a create whose response is lost is adopted, not duplicated", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateNewTask" });
      const { id } = await handlers.create(await checked(seedArgs));
      const tasks = await tasksInCloud();
      assert.deepEqual(tasks.map((t) => String(t.id)), [id]);
      assert.equal(calls("CreateNewTask").length, 1, "the create was not sent twice");
    });

    it("same-name creates racing under lost answers each adopt their own task: as many tasks as creates", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "CreateNewTask", times: 3 });
      const inputs = await checked(seedArgs);
      const results = await Promise.all([handlers.create(inputs), handlers.create(inputs), handlers.create({ ...inputs, caseIdList: [449271] }), handlers.create(inputs)]);
      assert.equal(new Set(results.map((r) => r.id)).size, 4);
      assert.equal((await tasksInCloud()).length, 4);
      assert.equal(calls("CreateNewTask").length, 4, "no create was sent twice");
    });

    it("creates read the test project's task list once per process, not once per create", async () => {
      const inputs = await checked(seedArgs);
      await Promise.all(Array.from({ length: 12 }, (_, i) => handlers.create({ ...inputs, name: `cheap-${i % 3}` })));
      assert.equal(calls("ShowTaskSet").length, 1, "one listing for twelve creates");
      assert.equal((await tasksInCloud()).length, 12);
    });

    it("a create applied after the request timed out is found within the settle window, not duplicated", async () => {
      await withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "CreateNewTask", delayMs: 1800 });
        const { id } = await handlers.create(await checked(seedArgs));
        assert.deepEqual((await tasksInCloud()).map((t) => String(t.id)), [id]);
        assert.equal(calls("CreateNewTask").length, 1);
      });
    });

    it("a create refused with a 500 before it ran is retried once and leaves one task", async () => {
      cloud.inject({ kind: "error", action: "CreateNewTask", code: "CPTS.05001001" });
      const { id } = await handlers.create(await checked(seedArgs));
      assert.deepEqual((await tasksInCloud()).map((t) => String(t.id)), [id]);
      assert.deepEqual(calls("CreateNewTask").map((r) => r.outcome), ["CPTS.05001001", "ok"]);
    });

    it("a start whose response is lost is reconciled against the task's status, not repeated", async () => {
      cloud.inject({ kind: "drop-after-commit", action: "UpdateTaskStatus" });
      const { id, outs } = await handlers.create(await checked({ ...seedArgs, run: "started" }));
      assert.deepEqual(statusCalls(), [9]);
      assert.equal(outs?.runStatus, 9);
      assert.equal(typeof outs?.latestRunId, "number");
      assert.equal(((await cloudTask(id)).related_temp_running_data as unknown[]).length, 1, "one run");
    });

    it("a start applied after the request timed out is confirmed within the settle window, not repeated", async () => {
      await withShortRequestTimeout(async () => {
        cloud.inject({ kind: "delay", action: "UpdateTaskStatus", delayMs: 1800 });
        const { id } = await handlers.create(await checked({ ...seedArgs, run: "started" }));
        assert.deepEqual(statusCalls(), [9], "one start sent");
        assert.equal(((await cloudTask(id)).related_temp_running_data as unknown[]).length, 1, "one run");
      });
    });

    it("gateway throttling (429 APIGW.0308) and 503s are retried", async () => {
      cloud.inject({ kind: "error", action: "ShowTask", code: "APIGW.0308", times: 2 });
      cloud.inject({ kind: "http-status", action: "DeleteNewTask", status: 503 });
      const { id, outs } = await handlers.create(await checked(seedArgs));
      await handlers.delete(id, outs ?? {});
      assert.deepEqual(await tasksInCloud(), []);
      const outcomes = calls().map((r) => `${r.action}:${r.outcome}`);
      assert.ok(outcomes.includes("ShowTask:APIGW.0308"));
      assert.ok(outcomes.includes("DeleteNewTask:HTTP 503"));
    });

    it("the gateway's per-API limit is enforced, and the provider's retries get every read through", async () => {
      const { id, outs } = await handlers.create(await checked(seedArgs));
      cloud.emulator.cloud.config.rateLimitScale = 0.01; // 2 per second per API
      try {
        const reads = await Promise.all(Array.from({ length: 4 }, () => handlers.read(id, outs ?? {})));
        assert.ok(reads.every((r) => r.id === id));
        assert.ok(calls("ShowTask").some((r) => r.outcome === "throttled"), "some reads were throttled (429 APIGW.0308) first");
      } finally {
        cloud.emulator.cloud.config.rateLimitScale = 1;
      }
    });
  });

  describe("errors carry the HTTP status, the code and the request id, from both body shapes", () => {
    it("CPTS's {code, message}: an unknown case", async () => {
      const error = await rejection(handlers.create(await checked({ ...seedArgs, caseIdList: [999] })));
      assert.ok(error instanceof CloudError);
      assert.equal(error.kind, "client");
      assert.equal(error.code, "SVCSTG.CPTS.4000001");
      assert.equal(error.httpStatus, 400);
      assert.equal(error.requestId, calls("CreateNewTask")[0].requestId);
      assert.match(
        error.message,
        /^cpts:CreateNewTask failed: Invalid request parameter: case 999 is not a case of project 393862\. \(SVCSTG\.CPTS\.4000001, HTTP 400, RequestId [0-9a-f-]{36}\)$/,
      );
    });

    it("CPTS's 403 SVCSTG.CPTS.4032002: an unknown test project", async () => {
      const error = await rejection(handlers.create(await checked({ ...seedArgs, projectId: 1 })));
      assert.ok(error instanceof CloudError);
      assert.equal(error.kind, "notFound");
      assert.equal(error.httpStatus, 403);
      assert.match(error.message, /Project 1 does not exist .*\(SVCSTG\.CPTS\.4032002, HTTP 403, RequestId /);
    });

    it("the gateway's {error_code, error_msg}: a wrong SK fails with APIGW.0301, once, without leaking the key", async () => {
      process.env.HUAWEICLOUD_SDK_SK = "wrong-secret-access-key-value";
      resetSettings();
      try {
        const error = await rejection(handlers.create(await checked(seedArgs)));
        assert.ok(error instanceof CloudError);
        assert.equal(error.code, "APIGW.0301");
        assert.equal(error.kind, "auth");
        assert.equal(error.httpStatus, 401);
        assert.match(error.message, /^cpts:ShowTaskSet failed: Incorrect IAM authentication information: verify aksk signature fail \(APIGW\.0301, HTTP 401, RequestId [0-9a-f-]{36}\)$/);
        assert.ok(!error.message.includes("wrong-secret-access-key-value"));
        assert.equal(cloud.requests().length, 1, "not retried");
      } finally {
        process.env.HUAWEICLOUD_SDK_SK = DEMO_HUAWEI_CREDENTIAL.sk;
        resetSettings();
      }
    });

    it("injected codes come back in their own shape: CPTS 403 SVCSTG.CPTS.4031009 and gateway 401 APIGW.0303", async () => {
      const { id, outs } = await handlers.create(await checked(seedArgs));
      cloud.inject({ kind: "error", action: "ShowTask", code: "SVCSTG.CPTS.4031009", message: "You're not allowed to operate the resource. Please open CodeArts PerfTest first." });
      const notOpened = await rejection(handlers.read(id, outs ?? {}));
      assert.ok(notOpened instanceof CloudError);
      assert.deepEqual([notOpened.code, notOpened.httpStatus, notOpened.kind], ["SVCSTG.CPTS.4031009", 403, "auth"]);
      assert.match(notOpened.message, /Please open CodeArts PerfTest first\. \(SVCSTG\.CPTS\.4031009, HTTP 403, RequestId /);
      cloud.inject({ kind: "error", action: "ShowTask", code: "APIGW.0303", message: "Incorrect app authentication information" });
      const clock = await rejection(handlers.read(id, outs ?? {}));
      assert.ok(clock instanceof CloudError);
      assert.deepEqual([clock.code, clock.httpStatus, clock.kind], ["APIGW.0303", 401, "auth"]);
    });

    it("missing credentials say which settings to set, before any request", async () => {
      delete process.env.HUAWEICLOUD_SDK_PROJECT_ID;
      resetSettings();
      try {
        const error = await rejection(handlers.create(await checked(seedArgs)));
        assert.match(error.message, /cloudtasks:huaweiProjectId .*HUAWEICLOUD_SDK_PROJECT_ID/);
        assert.deepEqual(cloud.requests(), []);
      } finally {
        process.env.HUAWEICLOUD_SDK_PROJECT_ID = DEMO_HUAWEI_CREDENTIAL.projectId;
        resetSettings();
      }
    });
  });
});
