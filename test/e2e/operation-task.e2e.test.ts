import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client as BhClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import { E2eStack } from "../support/e2e";

type Inputs = Record<string, unknown>;

/** The `__provider` texts of OperationTask states written by earlier versions (Pulumi's closure serializer). */
const earlierProviderTexts = JSON.parse(readFileSync(join(__dirname, "..", "support", "stored-provider-texts.json"), "utf8")) as Record<"installed" | "linkedStub", string>;

const SCRIPT_MARKER = "echo e2e-plaintext-marker-7f3a";

/** The real `pulumi` CLI, the packed package, the emulator as its own process. */
describe("OperationTask under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "operation-task",
      `const task = new ct.OperationTask("ops", {
        name: config.require("name"),
        type: 1,
        account: "root",
        timeout: config.requireNumber("timeout"),
        script: ${JSON.stringify(SCRIPT_MARKER)},
        deviceIdSet: [34, 56],
        runTriggers: [config.get("run") || "first"],
      });
      exports.taskId = task.taskId;
      exports.operationId = task.operationId;`,
    );
    await stack.config({ name: "nightly-cleanup", timeout: "30" });
  });
  after(async () => stack?.dispose());

  const bh = () =>
    new BhClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { endpoint: new URL(stack.emulator.url).host, protocol: "http://" } },
    });
  const tasksInCloud = async () => (await bh().DescribeOperationTask({ Limit: 100 })).OperationTasks ?? [];

  it("preview shows the create and calls no mutating API", async () => {
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+ pulumi-nodejs:dynamic\/cloudtasks:OperationTask: \(create\)/);
    assert.deepEqual(await stack.writes(), []);
  });

  it("up creates the task and runs it once", async () => {
    await stack.up();
    const tasks = await tasksInCloud();
    assert.equal(tasks.length, 1);
    const outputs = await stack.outputs();
    assert.equal(outputs.taskId, tasks[0].Id);
    assert.equal(outputs.operationId, tasks[0].OperationId);
    assert.deepEqual(await stack.writeActions(), ["CreateOperationTask", "RunOperationTask"]);
  });

  it("a changed field updates in place through ModifyOperationTask, not a replace", async () => {
    const since = await stack.lastSeq();
    const { taskId } = await stack.outputs();
    await stack.config({ timeout: "120" });
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/cloudtasks:OperationTask: \(update\)/);
    assert.doesNotMatch(preview.stdout, /replace/);
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["ModifyOperationTask"]);
    assert.equal((await stack.outputs()).taskId, taskId);
  });

  it("a new run trigger runs the task again without modifying it", async () => {
    const since = await stack.lastSeq();
    await stack.config({ run: "second" });
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["RunOperationTask"]);
  });

  it("a separate emulator process sees the same cloud, and refresh finds no drift", async () => {
    await stack.restartEmulator();
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    await stack.ok("preview", "--expect-no-changes");
  });

  it("refresh sees a rename made behind Pulumi's back, and up puts the declared name back in place", async () => {
    const { taskId } = await stack.outputs();
    const [task] = await tasksInCloud();
    await bh().ModifyOperationTask({
      Id: Number(taskId),
      Name: "renamed-by-hand",
      Type: 1,
      Account: "root",
      Timeout: 120,
      Script: "ls",
      DeviceIdSet: [34, 56],
    });
    await stack.ok("refresh", "--yes", "--skip-preview");
    const drifted = await stack.run("preview", "--expect-no-changes", "--diff");
    assert.notEqual(drifted.code, 0, "the program still declares the old name");
    assert.match(drifted.stdout, /~ name\s*: "renamed-by-hand" => "nightly-cleanup"/);
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["ModifyOperationTask"]);
    const [restored] = await tasksInCloud();
    assert.equal(restored.Name, task.Name);
    assert.equal(restored.Id, task.Id);
  });

  it("the exported state holds neither the secret key nor the plaintext script", async () => {
    const exported = await stack.exportText();
    assert.ok(exported.includes('"ciphertext"'), "secrets are stored encrypted");
    for (const forbidden of [
      DEMO_TENCENT_CREDENTIAL.secretKey,
      SCRIPT_MARKER,
      Buffer.from(SCRIPT_MARKER).toString("base64"),
      "e2e-plaintext-marker",
    ]) {
      assert.ok(!exported.includes(forbidden), `state must not contain ${forbidden.slice(0, 12)}…`);
    }
    const provider = /"__provider": "((?:[^"\\]|\\.)*)"/.exec(exported)?.[1] ?? "";
    assert.match(provider, /pulumi-cloudtasks\/resources\/operation-task/);
    assert.ok(provider.length < 4096, `__provider stays small (${provider.length} bytes)`);
  });

  it("bad input fails at preview, naming the property, with no API call", async () => {
    const since = await stack.lastSeq();
    await stack.config({ timeout: "0" });
    const preview = await stack.run("preview");
    assert.notEqual(preview.code, 0);
    assert.match(preview.stdout + preview.stderr, /property timeout value \{0\} has a problem: timeout must be at least 1/);
    assert.deepEqual(await stack.requests(since), []);
    await stack.config({ timeout: "120" });
  });

  it("a state holding an earlier version's provider text converges, and is destroyed, through it", async () => {
    const storedTexts = async () => {
      const state = JSON.parse(await stack.exportText()) as { deployment: { resources?: Array<{ type: string; inputs?: Inputs; outputs?: Inputs }> } };
      const task = state.deployment.resources?.find((r) => r.type.endsWith(":OperationTask"));
      return [task?.inputs?.__provider, task?.outputs?.__provider];
    };
    for (const copy of ["installed", "linkedStub"] as const) {
      const earlier = earlierProviderTexts[copy];
      const current = await stack.exportText();
      // The text as the export spells it (JSON, quotes included), to swap in both the inputs and the outputs.
      const stored = /"__provider": ("(?:[^"\\]|\\.)*")/.exec(current)?.[1] ?? "";
      assert.match(JSON.parse(stored) as string, /^exports\.handler = \(\) => require\("pulumi-cloudtasks\/resources\/operation-task"\)/);
      const file = join(stack.dir, `state-${copy}.json`);
      writeFileSync(file, current.split(stored).join(JSON.stringify(earlier)));
      await stack.ok("stack", "import", "--file", file);
      assert.deepEqual(await storedTexts(), [earlier, earlier], `${copy}: imported`);
      await stack.ok("preview", "--expect-no-changes");
      // Refresh and destroy run the outputs' text.
      await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
      await stack.ok("destroy", "--yes", "--skip-preview");
      assert.deepEqual(await tasksInCloud(), [], `${copy}: the delete ran`);
      await stack.up();
      assert.equal((await tasksInCloud()).length, 1);
    }
  });

  it("a task deleted behind Pulumi's back disappears on refresh, and up recreates it", async () => {
    const { taskId } = await stack.outputs();
    await bh().DeleteOperationTasks({ IdSet: [Number(taskId)] });
    await stack.ok("refresh", "--yes", "--skip-preview");
    assert.ok(!(await stack.resourceTypes()).includes("pulumi-nodejs:dynamic/cloudtasks:OperationTask"));
    await stack.up();
    assert.equal((await tasksInCloud()).length, 1);
  });

  it("destroy leaves the emulator empty", async () => {
    await stack.ok("destroy", "--yes", "--skip-preview");
    assert.deepEqual(await tasksInCloud(), []);
  });
});
