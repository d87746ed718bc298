import { strict as assert } from "node:assert";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "../support/e2e";

/** Engine paths beyond the happy lifecycle: unknowns at preview, and failures after a create. */
describe("the Pulumi engine with unknowns and partial failures", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "engine-behaviour",
      `const first = new ct.OperationTask("first", {
        name: "first", type: 1, account: "root", timeout: 10, script: "uptime", deviceIdSet: [34],
        runTriggers: [config.get("run") || "a"],
      });
      // Its name is unknown until "first" exists: preview runs check and diff on an unknown value.
      const second = new ct.OperationTask("second", {
        name: first.operationId.apply((id) => "after-" + id), type: 1, account: "root", timeout: 10, script: "uptime", deviceIdSet: [56],
      });
      exports.firstId = first.taskId;
      exports.secondName = second.name;`,
    );
  });
  after(async () => stack?.dispose());

  const mutating = async (since: number) => (await stack.writes(since)).map((r) => `${r.action}:${r.outcome}`);

  it("preview passes with an input that is unknown until apply", async () => {
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /\+ 3 to create/);
    assert.deepEqual(await mutating(0), []);
  });

  it("a create whose first run fails keeps the task in state; the next up runs it without a second create", async () => {
    await emulatorControl(stack.emulator.url, "faults", "POST", { action: "RunOperationTask", kind: "error", code: "FailedOperation.UserLocked", times: 1 });
    const failed = await stack.run("up", "--yes", "--skip-preview");
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout + failed.stderr, /bh:RunOperationTask failed: .*FailedOperation\.UserLocked.*RequestId/);
    const state = JSON.parse(await stack.exportText()) as { deployment: { resources: Array<{ urn: string; id?: string }> } };
    const recorded = state.deployment.resources.find((r) => r.urn.endsWith("::first"));
    assert.ok(recorded?.id, "the created task is recorded despite the failure");

    const since = await stack.lastSeq();
    await stack.up();
    // "first" continues with its run; "second", which waited on first's output, is created now.
    assert.deepEqual((await mutating(since)).sort(), ["CreateOperationTask:ok", "RunOperationTask:ok"]);
    const outputs = await stack.outputs();
    assert.equal(String(outputs.firstId), recorded.id);
    assert.match(String(outputs.secondName), /^after-ops-/);
    const creates = (await stack.requests()).filter((r) => r.action === "CreateOperationTask");
    assert.equal(creates.length, 2, "one create per resource in total");
  });

  it("destroy removes both", async () => {
    await stack.ok("destroy", "--yes", "--skip-preview");
    const state = await emulatorControl<{ products: { bh?: Record<string, Record<string, { tasks: unknown[] }>> } }>(stack.emulator.url, "state");
    const tasks = Object.values(state.products.bh ?? {}).flatMap((regions) => Object.values(regions).flatMap((r) => r.tasks));
    assert.deepEqual(tasks, []);
  });
});

/**
 * A refresh between a partial create and the next up: the state the failed create recorded differs
 * from the program's inputs on purpose, and a refresh that left the engine's stored inputs in
 * place (as a read that finds nothing drifted may) would hide the run still to do.
 */
describe("the Pulumi engine refreshing a partial create", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "engine-partial-refresh",
      `new ct.OperationTask("task", { name: "task", type: 1, account: "root", timeout: 10, script: "uptime", deviceIdSet: [34], runTriggers: ["a"] });`,
    );
  });
  after(async () => stack?.dispose());

  it("a create whose first run fails, then a refresh: the next up still runs it, without a second create", async () => {
    await emulatorControl(stack.emulator.url, "faults", "POST", { action: "RunOperationTask", kind: "error", code: "FailedOperation.UserLocked", times: 1 });
    assert.notEqual((await stack.run("up", "--yes", "--skip-preview")).code, 0);
    await stack.ok("refresh", "--yes", "--skip-preview");
    const since = await stack.lastSeq();
    await stack.up();
    assert.deepEqual(await stack.writeActions(since), ["RunOperationTask"]);
    assert.equal((await stack.requests()).filter((r) => r.action === "CreateOperationTask").length, 1, "one create in total");
    const preview = await stack.ok("preview", "--diff");
    assert.doesNotMatch(preview.stdout, /~ 1 to update|\+ 1 to create/, "converged");
  });
});
