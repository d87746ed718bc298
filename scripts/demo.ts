/**
 * `npm run demo`: the demo stack (root Pulumi.yaml → examples/demo) against the local emulator, with
 * the package packed and installed as users install it, a local file backend, and outputs printed.
 * State (emulator and Pulumi) lives in .cloudtasks/, so running it again converges with no changes.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL } from "../emulator/config";
import { ensurePulumiCli, installPacked, packPackage, pulumiEnv, pulumiOk, REPO_ROOT, startEmulatorProcess } from "./lib/harness";

const WORK = join(REPO_ROOT, ".cloudtasks");
const STACK = "demo";

function step(message: string): void {
  console.log(`\n==> ${message}`);
}

async function main(): Promise<void> {
  step("Pulumi CLI (from PATH or the cache; the first run on a machine builds it once, about 5 minutes)");
  const cliDir = ensurePulumiCli();
  console.log(cliDir);

  step("Packing pulumi-cloudtasks and installing it into examples/demo");
  installPacked(join(REPO_ROOT, "examples", "demo"), packPackage(join(WORK, "pack")));

  step("Starting the emulator");
  const emulator = await startEmulatorProcess(join(WORK, "emulator-state.json"));
  console.log(`emulator at ${emulator.url} (state: .cloudtasks/emulator-state.json)`);
  try {
    const env = pulumiEnv(cliDir, join(WORK, "pulumi"));
    const stacks = await pulumiOk(["stack", "ls", "--json"], REPO_ROOT, env);
    const exists = (JSON.parse(stacks.stdout) as Array<{ name: string }>).some((s) => s.name === STACK);
    await pulumiOk(["stack", exists ? "select" : "init", STACK], REPO_ROOT, env);
    const config: Array<[string, string, boolean]> = [
      ["cloudtasks:endpoint", emulator.url, false],
      ["cloudtasks:region", "ap-guangzhou", false],
      ["cloudtasks:tencentSecretId", DEMO_TENCENT_CREDENTIAL.secretId, false],
      ["cloudtasks:tencentSecretKey", DEMO_TENCENT_CREDENTIAL.secretKey, true],
      ["cloudtasks:huaweiAk", DEMO_HUAWEI_CREDENTIAL.ak, false],
      ["cloudtasks:huaweiSk", DEMO_HUAWEI_CREDENTIAL.sk, true],
      ["cloudtasks:huaweiProjectId", DEMO_HUAWEI_CREDENTIAL.projectId, false],
      ["cloudtasks:huaweiRegion", "cn-north-4", false],
    ];
    for (const [key, value, secret] of config) {
      // --plaintext: the CLI refuses a realistic SecretId under a key named "…Secret…" as "looks like a secret".
      await pulumiOk(["config", "set", secret ? "--secret" : "--plaintext", key, value], REPO_ROOT, env);
    }

    step("pulumi up");
    const up = spawnSync("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], { cwd: REPO_ROOT, env, stdio: "inherit" });
    if (up.status !== 0) throw new Error(`pulumi up failed (exit ${up.status})`);

    step("Stack outputs");
    console.log((await pulumiOk(["stack", "output", "--json"], REPO_ROOT, env)).stdout.trim());
    console.log(
      `\nInspect the stack yourself:\n  export PATH=${cliDir}:$PATH PULUMI_HOME=${join(WORK, "pulumi", "home")} ` +
        `PULUMI_BACKEND_URL=file://${join(WORK, "pulumi", "backend")} PULUMI_CONFIG_PASSPHRASE=cloudtasks-local-passphrase\n` +
        `  npm run emulator -- --state .cloudtasks/emulator-state.json   # in another shell, then: pulumi config set cloudtasks:endpoint http://127.0.0.1:4599`,
    );
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
