import { strict as assert } from "node:assert";
import { DEMO_HUAWEI_CREDENTIAL } from "../../emulator/config";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "../support/e2e";
import { MATRIX_RESOURCES, type EmulatorState } from "../support/fault-matrix";

/** Resources per type: 200 in all. Few IoT batch tasks: the cloud lets 10 wait or run at once per region. */
const COUNTS: Record<string, number> = { OperationTask: 50, PerfTestTask: 50, ChaosExperiment: 40, ProbeTask: 30, CatTask: 22, IotBatchTask: 8 };
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);

/** What each protocol answers when a caller goes over the rate: API 3.0, CAT API 2.0, Huawei APIG. */
const THROTTLED = /^(RequestLimitExceeded|4400|APIGW\.0308|429)$/;
const THROTTLED_TEXT = /RequestLimitExceeded|APIGW\.0308|\b4400\b|429 Too Many|too many requests/i;

/**
 * 200 resources of every type in one `up --parallel 64`, under the real CLI, with no waits: every
 * create converges, the cloud holds exactly the declared tasks, and no throttling answer (there may
 * be some: the provider paces to the documented rate, the emulator enforces it, and they can
 * disagree at a second's edge) reaches the user.
 */
describe("scale: 200 resources at --parallel 64 under the real Pulumi CLI", function () {
  this.timeout(900_000);
  let stack: E2eStack;

  before(async () => {
    // The matrix's programs, driven by `distinct` alone (each resource its own name).
    const program = MATRIX_RESOURCES.map(
      (r) => `{ const config = { getNumber: (k) => (k === "distinct" ? ${COUNTS[r.type] ?? 0} : k === "gen" ? 1 : 0), requireNumber: () => ${Math.floor(Date.now() / 1000) + 3600} };
${r.program.replace(/"matrix-" \+ i/, `"${r.type.toLowerCase()}-" + i`).replace(/mk\("d" \+ i/, `mk("${r.type.toLowerCase()}-" + i`)} }`,
    ).join("\n");
    stack = await E2eStack.create("scale", program);
    await stack.config({
      "cloudtasks:huaweiAk": DEMO_HUAWEI_CREDENTIAL.ak,
      "cloudtasks:huaweiProjectId": DEMO_HUAWEI_CREDENTIAL.projectId,
      "cloudtasks:huaweiRegion": "cn-north-4",
    });
    await stack.ok("config", "set", "--secret", "cloudtasks:huaweiSk", DEMO_HUAWEI_CREDENTIAL.sk);
  });
  after(async () => stack?.dispose());

  it("up converges with zero failures, exactly the declared tasks, and no throttling error shown", async () => {
    const up = await stack.run("up", "--yes", "--skip-preview", "--parallel", "64");
    const text = up.stdout + up.stderr;
    assert.equal(up.code, 0, text.split("\n").slice(-30).join("\n"));
    assert.match(up.stdout, new RegExp(`${TOTAL + 1} created`), "every resource (and the stack) created");

    const state = await emulatorControl<EmulatorState>(stack.emulator.url, "state");
    for (const r of MATRIX_RESOURCES) {
      const tasks = r.tasks(state);
      assert.equal(tasks.length, COUNTS[r.type], `${r.type}: the cloud holds exactly the declared tasks`);
      assert.equal(new Set(tasks.map((t) => t.name)).size, COUNTS[r.type], `${r.type}: none duplicated`);
    }

    const log = await stack.requests();
    const throttled = log.filter((e) => THROTTLED.test(e.outcome));
    const shown = text.split("\n").filter((l) => THROTTLED_TEXT.test(l));
    console.log(`      scale: ${TOTAL} resources, ${log.length} API calls, ${throttled.length} throttled by the emulator (${[...new Set(throttled.map((e) => `${e.product}:${e.action}`))].join(", ") || "none"}), ${shown.length} throttling lines shown to the user`);
    assert.deepEqual(shown, [], "no throttling error reaches the user");
  });

  it("destroy at --parallel 64 removes every task, with no throttling error shown", async () => {
    const since = await stack.lastSeq();
    const destroy = await stack.run("destroy", "--yes", "--skip-preview", "--parallel", "64");
    const text = destroy.stdout + destroy.stderr;
    assert.equal(destroy.code, 0, text.split("\n").slice(-30).join("\n"));
    const state = await emulatorControl<EmulatorState>(stack.emulator.url, "state");
    for (const r of MATRIX_RESOURCES) assert.deepEqual(r.tasks(state), [], `${r.type}: no task left`);
    const throttled = (await stack.requests(since)).filter((e) => THROTTLED.test(e.outcome));
    console.log(`      scale: destroy: ${throttled.length} throttled by the emulator`);
    assert.deepEqual(text.split("\n").filter((l) => THROTTLED_TEXT.test(l)), [], "no throttling error reaches the user");
  });
});
