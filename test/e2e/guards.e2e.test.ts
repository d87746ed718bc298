import { strict as assert } from "node:assert";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "../support/e2e";

const SCRIPT_MARKER = "echo script-marker-0b7c";
const COOKIE_MARKER = "session=cookie-marker-4e21";
const MISSPELLED_MARKER = "session=misspelled-marker-77d0";
/** Bytes that must never appear in state, output or errors. */
const FORBIDDEN = [DEMO_TENCENT_CREDENTIAL.secretKey, DEMO_HUAWEI_CREDENTIAL.sk, SCRIPT_MARKER, COOKIE_MARKER, MISSPELLED_MARKER];

/**
 * Preview refuses bad input with zero API calls, across every resource; a misspelled secret key is
 * refused and never stored; no credential or secret input reaches state, output or error text.
 */
describe("input guards and secrets under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create(
      "guards",
      `// config "bad" names the resource given bad input (the engine stops at the first refused resource).
      const bad = config.get("bad") || "";
      const ops = new ct.OperationTask("ops", Object.assign(
        { name: "guarded", type: bad === "ops" ? 2 : 1, account: "root", timeout: bad === "ops" ? 1e20 : config.getNumber("timeout") || 30, script: ${JSON.stringify(SCRIPT_MARKER)}, deviceIdSet: [34] },
        bad === "ops" ? { period: 1, firstTime: "2025-02-30T08:00:01+08:00", runTrigers: ["v1"] } : { runTriggers: ["v1"] },
      ));
      const cat = new ct.CatTask("cat", Object.assign(
        { taskName: "guarded", catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5, region: bad === "cat" ? "" : "ap-guangzhou" },
        bad === "cat" ? { cookies: ${JSON.stringify(MISSPELLED_MARKER)} } : { cookie: ${JSON.stringify(COOKIE_MARKER)} },
      ));
      const load = new ct.PerfTestTask("load", { name: "guarded", projectId: bad === "load" ? 1e20 : 393862, caseIdList: bad === "load" ? [1e20] : [449269] });
      const iot = new ct.IotBatchTask("iot", {
        taskType: "UpdateShadow", productId: "ABCDE12345", deviceNameFilter: bad === "iot" ? "light-([" : "^light-",
        maxExecutionTimeInSeconds: bad === "iot" ? 86401 : 600, tasks: { updateShadowTask: { desired: { color: "red" } } },
      });
      const probe = new ct.ProbeTask("probe", { name: "guarded", targetAddress: "www.example.com", taskType: 1, nodes: bad === "probe" ? [] : ["10001"], interval: bad === "probe" ? 7 : 5 });
      // The experiment's check asks the cloud about its actions once the offline rules pass: declared only where this test expects calls.
      if (bad === "chaos" || bad === "none") {
        new ct.ChaosExperiment("chaos", Object.assign(
          { taskActionId: bad === "chaos" ? 0 : 462, taskInstances: ["ins-xxxxxxxx"], taskActionCustomConfiguration: { interfaces: "eth0" } },
          bad === "chaos" ? { taskTitel: "guarded" } : { taskTitle: "guarded" },
        ));
      }
      exports.iotId = iot.taskId;
      exports.probeId = probe.taskId;
      exports.opsId = ops.taskId;
      exports.catId = cat.taskId;
      exports.loadId = load.taskId;
      exports.script = ops.script;`,
    );
    await stack.config({
      "cloudtasks:huaweiAk": DEMO_HUAWEI_CREDENTIAL.ak,
      "cloudtasks:huaweiProjectId": DEMO_HUAWEI_CREDENTIAL.projectId,
      "cloudtasks:huaweiRegion": "cn-north-4",
    });
    await stack.ok("config", "set", "--secret", "cloudtasks:huaweiSk", DEMO_HUAWEI_CREDENTIAL.sk);
  });
  after(async () => stack?.dispose());

  const assertClean = (text: string, where: string) => {
    for (const bytes of FORBIDDEN) assert.ok(!text.includes(bytes), `${where} must not contain ${bytes.slice(0, 10)}…`);
  };

  it("preview refuses every bad input of every resource, naming property and rule, with zero API calls", async () => {
    const expected: Record<string, RegExp[]> = {
      ops: [/timeout must be at most 9007199254740991/, /firstTime is not a calendar date: 2025-02 has 28 days/, /unknown input "runTrigers": did you mean "runTriggers"\?/],
      cat: [/region must not be empty/, /unknown input "cookies": did you mean "cookie"\?/],
      load: [/projectId must be at most 2147483647/, /caseIdList items must be at most 2147483647/],
      iot: [/deviceNameFilter must be a valid regular expression/, /maxExecutionTimeInSeconds must be at most 86400/],
      probe: [/nodes must have at least 1 item/, /interval must be one of 1, 5, 10, 15, 30, 60, 120, 240/],
      chaos: [/taskActionId must be at least 1/, /unknown input "taskTitel": did you mean "taskTitle"\?/],
    };
    for (const [resource, patterns] of Object.entries(expected)) {
      await stack.config({ bad: resource });
      const preview = await stack.run("preview", "--diff");
      assert.notEqual(preview.code, 0);
      const text = preview.stdout + preview.stderr;
      for (const re of patterns) assert.match(text, re);
      assertClean(text, "preview output");
    }
    assert.deepEqual(await stack.requests(), [], "no API call reached the emulator");
  });

  it("up refuses the same before any API call, and the misspelled secret is stored nowhere", async () => {
    await stack.config({ bad: "cat" });
    const up = await stack.run("up", "--yes", "--skip-preview");
    assert.notEqual(up.code, 0);
    assertClean(up.stdout + up.stderr, "up output");
    assert.match(up.stdout + up.stderr, /unknown input "cookies": did you mean "cookie"\?/);
    // The valid resources go ahead; the refused one never reaches its API.
    assert.deepEqual((await stack.requests()).filter((r) => r.product === "cat" && r.protocol !== "tc3"), [], "no CAT API 2.0 call (ProbeTask's API 3.0 calls go ahead)");
    const exported = await stack.exportText();
    assertClean(exported, "stack export");
    assert.ok(!exported.includes('"cookies"'), "the misspelled key is not in state");
  });

  it("with good input: state, outputs and errors hold no credential and no secret input", async () => {
    await stack.config({ bad: "none" });
    const up = await stack.up();
    assertClean(up.stdout + up.stderr, "up output");
    assertClean(await stack.exportText(), "stack export");
    const outputs = await stack.ok("stack", "output", "--json");
    assertClean(outputs.stdout, "stack output");
    assert.match(outputs.stdout, /"script": "\[secret\]"/);

    // A cloud error that quotes the credential back: the provider redacts it before the engine sees it.
    await emulatorControl(stack.emulator.url, "faults", "POST", {
      action: "ModifyOperationTask",
      kind: "error",
      code: "FailedOperation",
      message: `signature by ${DEMO_TENCENT_CREDENTIAL.secretKey} refused`,
      times: 6,
    });
    await stack.config({ timeout: "31" });
    const failed = await stack.run("up", "--yes", "--skip-preview");
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout + failed.stderr, /bh:ModifyOperationTask failed: signature by \*\*\* refused \(FailedOperation/);
    await emulatorControl(stack.emulator.url, "faults", "DELETE");
    assertClean(failed.stdout + failed.stderr, "error output");
  });
});
