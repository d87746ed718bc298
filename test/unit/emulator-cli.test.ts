import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL, defaultConfig } from "../../emulator/config";
import { parseCommandLine, startupBanner, UsageError } from "../../emulator/cli";

describe("emulator command line", () => {
  const env = {};

  it("takes --port N and --port=N alike", () => {
    for (const args of [["--port", "4600"], ["--port=4600"]]) {
      const parsed = parseCommandLine(args, env);
      assert.ok(!parsed.help);
      assert.equal(parsed.config.port, 4600);
    }
  });

  it("takes --host, --state and keeps the defaults otherwise", () => {
    const parsed = parseCommandLine(["--host=0.0.0.0", "--state", "s.json"], env);
    assert.ok(!parsed.help);
    assert.equal(parsed.config.host, "0.0.0.0");
    assert.equal(parsed.config.stateFile, "s.json");
    assert.equal(parsed.config.port, 4599);
  });

  it("fails on an unknown flag, a positional argument, a bad port and a flag without its value", () => {
    assert.throws(() => parseCommandLine(["--prot", "4600"], env), (e: unknown) => e instanceof UsageError && /--prot/.test(e.message));
    assert.throws(() => parseCommandLine(["4600"], env), UsageError);
    assert.throws(() => parseCommandLine(["--port", "46OO"], env), /--port must be an integer/);
    assert.throws(() => parseCommandLine(["--port"], env), UsageError);
  });

  it("--help and -h ask for the usage", () => {
    assert.deepEqual(parseCommandLine(["--help"], env), { help: true });
    assert.deepEqual(parseCommandLine(["-h"], env), { help: true });
  });

  it("the banner starts with the listening line and shows the published demo credentials", () => {
    const banner = startupBanner("http://127.0.0.1:4599", defaultConfig());
    const [first] = banner.split("\n");
    assert.match(first, /^cloudtasks emulator listening on http:\/\/127\.0\.0\.1:4599 \(state in memory\)$/);
    assert.match(banner, /export CLOUDTASKS_ENDPOINT=http:\/\/127\.0\.0\.1:4599/);
    for (const v of [DEMO_TENCENT_CREDENTIAL.secretId, DEMO_TENCENT_CREDENTIAL.secretKey, DEMO_HUAWEI_CREDENTIAL.ak, DEMO_HUAWEI_CREDENTIAL.projectId]) {
      assert.ok(banner.includes(v), v);
    }
  });

  it("the banner never prints a configured (non-demo) key", () => {
    const config = { ...defaultConfig(), tencent: [{ secretId: "AKIDmine", secretKey: "my-own-secret-key", account: "1" }], huawei: [] };
    const banner = startupBanner("http://127.0.0.1:1", config);
    assert.ok(!banner.includes("my-own-secret-key"));
    assert.match(banner, /plus 1 credential\(s\) from the config file/);
  });

  it("as a process: an unknown flag exits 2 with the usage; --help exits 0", () => {
    const cli = join(__dirname, "..", "..", "emulator", "cli.ts");
    const tsNode = require.resolve("ts-node/dist/bin.js");
    const bad = spawnSync(process.execPath, [tsNode, "--transpile-only", cli, "--prot", "1"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown option '--prot'[\s\S]*usage: cloudtasks-emulator/);
    const help = spawnSync(process.execPath, [tsNode, "--transpile-only", cli, "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--port N/);
  });
});
