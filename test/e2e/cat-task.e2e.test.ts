import { strict as assert } from "node:assert";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import { catApi, createTaskOutOfBand, listTasks } from "../support/cat-api";
import { E2eStack } from "../support/e2e";

const COOKIE_MARKER = "session=e2e-cookie-marker-91c2";
const TYPE = "pulumi-nodejs:dynamic/cloudtasks:CatTask";

/** The real `pulumi` CLI, the packed package, the emulator as its own process, over API 2.0. */
describe("CatTask under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "cat-task",
      `const task = new ct.CatTask("homepage", {
        taskName: config.require("name"),
        catTypeName: "https",
        url: "www.tencent.com",
        agentGroupId: config.requireNumber("group"),
        period: 5,
        checkStr: "Tencent",
        checkType: "1",
        cookie: ${JSON.stringify(COOKIE_MARKER)},
        paused: config.getBoolean("paused") || false,
      });
      exports.taskId = task.taskId;
      exports.status = task.status;
      const adopt = config.get("adopt");
      if (adopt) {
        const adopted = new ct.CatTask("adopted", {
          taskId: Number(adopt), taskName: "adopted-by-pulumi", catTypeName: "http", url: "www.qq.com", agentGroupId: 1510, period: 15,
        });
        exports.adoptedId = adopted.taskId;
      }`,
    );
    await stack.config({ name: "homepage", group: "1510" });
  });
  after(async () => stack?.dispose());

  const tasksInCloud = () => listTasks(stack.emulator.url);
  const urns = async () => {
    const state = JSON.parse(await stack.exportText()) as { deployment: { resources?: Array<{ urn: string; type: string }> } };
    return (state.deployment.resources ?? []).filter((r) => r.type === TYPE).map((r) => r.urn.split("::").pop());
  };

  it("preview shows the create and calls no mutating API", async () => {
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+ pulumi-nodejs:dynamic\/cloudtasks:CatTask: \(create\)/);
    assert.deepEqual(await stack.writes(), []);
  });

  it("up verifies, creates with the verified id and runs the task, with a progress message while it waits", async () => {
    const up = await stack.up();
    assert.match(up.stdout + up.stderr, /CAT task \d+: verifying the probe target/);
    assert.deepEqual(await stack.writeActions(0), ["SimpleVerifyCatTask", "VerifyCatResult", "VerifyCatResult", "VerifyCatResult", "CreateCatTask", "RunCatTask"]);
    const tasks = await tasksInCloud();
    assert.equal(tasks.length, 1);
    const outputs = await stack.outputs();
    assert.equal(outputs.taskId, tasks[0].taskId);
    assert.equal(outputs.status, 2);
  });

  it("an agentGroupId change is exactly CreateCatTask with the same id, then PauseCatTask and RunCatTask: no replacement", async () => {
    const since = await stack.lastSeq();
    const { taskId } = await stack.outputs();
    await stack.config({ group: "1511" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/cloudtasks:CatTask: \(update\)/);
    assert.doesNotMatch(preview.stdout, /replace/);
    await stack.up();
    const log = await stack.writes(since);
    assert.deepEqual(
      log.map((r) => r.action),
      ["CreateCatTask", "PauseCatTask", "RunCatTask"],
    );
    assert.ok(log.every((r) => (r.params as Record<string, string>).taskId === String(taskId)), "every call addresses the same task");
    assert.equal((await stack.outputs()).taskId, taskId);
    assert.deepEqual((await tasksInCloud()).map((t) => t.taskId), [taskId]);
  });

  it("paused: true pauses the task and nothing else", async () => {
    const since = await stack.lastSeq();
    await stack.config({ paused: "true" });
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["PauseCatTask"]);
    assert.equal((await stack.outputs()).status, 1);
  });

  it("a separate emulator process sees the same cloud, and refresh finds no drift", async () => {
    await stack.restartEmulator();
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    await stack.ok("preview", "--expect-no-changes");
  });

  it("adopting an existing taskId modifies that task and creates nothing new", async () => {
    const existing = await createTaskOutOfBand(stack.emulator.url, { taskName: "made-by-hand", catTypeName: "http", url: "www.qq.com", agentGroupId: 1511, period: 30 });
    const before = (await tasksInCloud()).map((t) => t.taskId);
    const since = await stack.lastSeq();
    await stack.config({ adopt: String(existing) });
    await stack.up();
    const log = await stack.writes(since);
    const creates = log.filter((r) => r.action === "CreateCatTask");
    assert.deepEqual(creates.map((r) => (r.params as Record<string, string>).taskId), [String(existing)], "CreateCatTask only on the adopted id");
    assert.deepEqual(
      log.map((r) => r.action),
      ["SimpleVerifyCatTask", "VerifyCatResult", "VerifyCatResult", "VerifyCatResult", "CreateCatTask", "PauseCatTask", "RunCatTask"],
    );
    const after = await tasksInCloud();
    assert.deepEqual(after.map((t) => t.taskId), before, "no task was added");
    const adopted = after.find((t) => t.taskId === existing);
    assert.deepEqual([adopted?.taskName, adopted?.period, adopted?.status], ["adopted-by-pulumi", 15, 2]);
    assert.equal((await stack.outputs()).adoptedId, existing);
  });

  it("refresh after an out-of-band delete drops the resource", async () => {
    const { adoptedId } = await stack.outputs();
    assert.equal((await catApi(stack.emulator.url, "DeleteCatTask", { "taskId.0": String(adoptedId) })).code, 0);
    await stack.ok("refresh", "--yes", "--skip-preview");
    assert.deepEqual(await urns(), ["homepage"]);
    await stack.config({ adopt: "" });
    await stack.ok("preview", "--expect-no-changes");
  });

  it("the exported state holds neither the secret key nor the plaintext cookie", async () => {
    const exported = await stack.exportText();
    assert.ok(exported.includes('"ciphertext"'), "secrets are stored encrypted");
    for (const forbidden of [DEMO_TENCENT_CREDENTIAL.secretKey, COOKIE_MARKER, "e2e-cookie-marker", encodeURIComponent(COOKIE_MARKER)]) {
      assert.ok(!exported.includes(forbidden), `state must not contain ${forbidden.slice(0, 12)}…`);
    }
    const provider = /"__provider": "((?:[^"\\]|\\.)*)"/.exec(exported)?.[1] ?? "";
    assert.match(provider, /pulumi-cloudtasks\/resources\/cat-task/);
    assert.ok(provider.length < 4096, `__provider stays small (${provider.length} bytes)`);
  });

  it("bad input fails at preview, naming the property, with no API call", async () => {
    const since = await stack.lastSeq();
    await stack.config({ name: "x".repeat(33) });
    const preview = await stack.run("preview");
    assert.notEqual(preview.code, 0);
    assert.match(preview.stdout + preview.stderr, /property taskName value \{x{33}\} has a problem: taskName must be at most 32 characters/);
    assert.deepEqual(await stack.requests(since), []);
    await stack.config({ name: "homepage" });
  });

  it("destroy leaves the emulator empty", async () => {
    await stack.ok("destroy", "--yes", "--skip-preview");
    assert.deepEqual(await tasksInCloud(), []);
  });
});
