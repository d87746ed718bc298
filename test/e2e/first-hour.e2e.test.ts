import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "../support/e2e";

/** A second Tencent account the emulator knows, for credentialsProfile. */
const SECOND = { secretId: "AKIDcloudtasksSecondAccount000000000", secretKey: "cloudtasksSecondAccountSecret0000000", account: "100000000002" };
/** The demo account's key after a rotation. */
const ROTATED = { secretId: "AKIDcloudtasksRotatedKey000000000000", secretKey: "cloudtasksRotatedSecret0000000000000", account: DEMO_TENCENT_CREDENTIAL.account };

interface PreviewStep {
  op: string;
  urn: string;
  detailedDiff?: Record<string, { kind: string; inputDiff: boolean }>;
  replaceReasons?: string[];
}

/**
 * What a user sees under the real CLI beyond the lifecycle: which properties a change touches,
 * refresh errors, the progress and debug lines, two accounts in one stack, and a preview
 * without credentials.
 */
describe("the first hour under the Pulumi CLI: diffs, errors, progress, credentials", function () {
  this.timeout(600_000);
  let stack: E2eStack;
  let emulatorConfig: string;
  const savedConfig = process.env.CLOUDTASKS_EMULATOR_CONFIG;

  before(async () => {
    // The emulator process reads its accounts from this file (inherited environment).
    const dir = mkdtempSync(join(tmpdir(), "cloudtasks-first-hour-"));
    emulatorConfig = join(dir, "emulator.json");
    writeFileSync(emulatorConfig, JSON.stringify({ tencent: [DEMO_TENCENT_CREDENTIAL, SECOND], huawei: [DEMO_HUAWEI_CREDENTIAL] }));
    process.env.CLOUDTASKS_EMULATOR_CONFIG = emulatorConfig;
    stack = await E2eStack.create(
      "first-hour",
      `const report = new ct.OperationTask("report", {
        name: "report", type: 1, account: "root", timeout: 10, deviceIdSet: [34],
        script: config.get("script") || "uptime",
        region: config.get("region") || "ap-guangzhou",
      });
      const other = new ct.OperationTask("other-account", {
        name: "other", type: 1, account: "root", timeout: 10, script: "uptime", deviceIdSet: [56],
        credentialsProfile: "second",
      });
      const probe = new ct.CatTask("homepage", { taskName: "homepage", catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5 });
      exports.reportId = report.taskId;
      exports.otherId = other.taskId;`,
    );
    // A realistic SecretId "looks like a secret" to the CLI: --plaintext says it is not (README, Configuration).
    await stack.ok("config", "set", "--path", "--plaintext", "cloudtasks:profiles.second.tencentSecretId", SECOND.secretId);
    await stack.ok("config", "set", "--path", "--secret", "cloudtasks:profiles.second.tencentSecretKey", SECOND.secretKey);
  });
  after(async () => {
    if (savedConfig === undefined) delete process.env.CLOUDTASKS_EMULATOR_CONFIG;
    else process.env.CLOUDTASKS_EMULATOR_CONFIG = savedConfig;
    await stack?.dispose();
  });

  it("up names the resource in progress lines, and credentialsProfile puts one task in the second account", async () => {
    const up = await stack.up();
    assert.match(up.stdout, /cloudtasks: CatTask "homepage": CAT task \d+: verifying the probe target/);
    const creates = (await stack.requests()).filter((r) => r.action === "CreateOperationTask" && r.outcome === "ok");
    const byName = Object.fromEntries(creates.map((r) => [(r.params as { Name: string }).Name, r.keyId]));
    assert.deepEqual(byName, { report: DEMO_TENCENT_CREDENTIAL.secretId, other: SECOND.secretId });
    const state = await stack.exportText();
    assert.ok(!state.includes(SECOND.secretKey) && !state.includes(DEMO_TENCENT_CREDENTIAL.secretKey), "no key in state");
    assert.match(state, /"credentialsProfile": "second"/);
  });

  it("preview --diff names a changed secret property as [secret], and --json says update or replace per property", async () => {
    await stack.config({ script: "df -h /var/lib/production" });
    const since = await stack.lastSeq();
    const preview = await stack.ok("preview", "--diff");
    assert.match(preview.stdout, /~ script\s*: \[secret\] => \[secret\]/);
    assert.ok(!preview.stdout.includes("/var/lib/production"), "the secret's value is not shown");
    const json = JSON.parse((await stack.ok("preview", "--json")).stdout) as { steps: PreviewStep[] };
    const step = json.steps.find((s) => s.urn.endsWith("::report"));
    assert.equal(step?.op, "update");
    assert.deepEqual(step?.detailedDiff, { script: { kind: "update", inputDiff: true } });

    await stack.config({ region: "ap-shanghai" });
    const replace = JSON.parse((await stack.ok("preview", "--json")).stdout) as { steps: PreviewStep[] };
    const replaced = replace.steps.find((s) => s.urn.endsWith("::report") && s.op === "replace");
    assert.equal(replaced?.detailedDiff?.region.kind, "update-replace");
    assert.equal(replaced?.detailedDiff?.script.kind, "update");
    assert.deepEqual(replaced?.replaceReasons, ["region"]);
    assert.deepEqual(await stack.writeActions(since), [], "previews change nothing");
    await stack.config({ region: "ap-guangzhou" });
  });

  it("CLOUDTASKS_DEBUG=1 logs each API call with the resource, region and request id, never a secret", async () => {
    stack.env.CLOUDTASKS_DEBUG = "1";
    try {
      const up = await stack.up();
      const line = /cloudtasks: OperationTask "report": debug: bh:ModifyOperationTask region=ap-guangzhou ok requestId=([0-9a-f-]{36}) \d+ms/.exec(up.stdout);
      assert.ok(line, up.stdout);
      const modify = (await stack.requests()).find((r) => r.action === "ModifyOperationTask");
      assert.equal(line[1], modify?.requestId);
      assert.ok(!up.stdout.includes(DEMO_TENCENT_CREDENTIAL.secretKey) && !up.stdout.includes("/var/lib/production"));
    } finally {
      delete stack.env.CLOUDTASKS_DEBUG;
    }
  });

  it("a failing refresh shows the cloud's clear error, not JavaScript frames", async () => {
    await emulatorControl(stack.emulator.url, "faults", "POST", { action: "DescribeOperationTask", kind: "error", code: "AuthFailure.SecretIdNotFound", times: 50 });
    try {
      const refresh = await stack.run("refresh", "--yes", "--skip-preview");
      assert.notEqual(refresh.code, 0);
      const out = refresh.stdout + refresh.stderr;
      assert.match(out, /error: bh:DescribeOperationTask failed: .*\(AuthFailure\.SecretIdNotFound, RequestId [0-9a-f-]{36}\)/);
      assert.ok(!/\n\s+at .*\.js:\d+/.test(out), out);
    } finally {
      await emulatorControl(stack.emulator.url, "faults", "DELETE");
    }
  });

  it("after a key rotation, refresh uses the keys recorded at the last up until --run-program (or an up) records the new ones", async () => {
    // The old key is revoked: the emulator now knows only the rotated one (and the second account's).
    writeFileSync(emulatorConfig, JSON.stringify({ tencent: [ROTATED, SECOND], huawei: [DEMO_HUAWEI_CREDENTIAL] }));
    await stack.restartEmulator();
    await stack.ok("config", "set", "--plaintext", "cloudtasks:tencentSecretId", ROTATED.secretId);
    await stack.ok("config", "set", "--secret", "cloudtasks:tencentSecretKey", ROTATED.secretKey);
    const stale = await stack.run("refresh", "--yes", "--skip-preview");
    assert.notEqual(stale.code, 0);
    assert.match(stale.stdout, /AuthFailure\.SecretIdNotFound/, "the revoked key recorded at the last up was used");
    await stack.ok("refresh", "--yes", "--skip-preview", "--run-program");
    await stack.up();
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
  });

  it("a preview with no credentials at all warns instead of staying silent", async () => {
    await stack.ok("config", "rm", "cloudtasks:tencentSecretKey");
    await stack.ok("config", "rm", "cloudtasks:tencentSecretId");
    await stack.config({ script: "free" });
    const preview = await stack.ok("preview");
    assert.match(preview.stdout + preview.stderr, /warning: no Tencent Cloud credentials found/);
  });
});
