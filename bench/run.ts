/**
 * `npm run bench`: ratios measured in one run on this machine (absolute times vary too much on a
 * shared 2-core box to mean anything). Each line states what is compared and the target the
 * ratio must meet; the exit code is non-zero when one is missed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtime } from "@pulumi/pulumi";
import { Client as BhClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client";
import { DEMO_TENCENT_CREDENTIAL, defaultConfig, startEmulator } from "../emulator";
import { dynamicProvider } from "../provider/dynamic";

const ROOT = join(__dirname, "..");
interface Result {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
}
const results: Result[] = [];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds a fresh Node process spends requiring `modules` after @pulumi/pulumi is loaded. */
function loadMs(modules: string[]): number {
  const script = `require("@pulumi/pulumi");const t=process.hrtime.bigint();${modules.map((m) => `require(${JSON.stringify(m)});`).join("")}console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  return Number(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" }).trim());
}

function benchLoadCost(): void {
  const ours: number[] = [];
  const wholeSdk: number[] = [];
  for (let i = 0; i < 5; i++) {
    ours.push(loadMs([join(ROOT, "dist", "provider", "index.js")]));
    wholeSdk.push(loadMs(["tencentcloud-sdk-nodejs"]));
  }
  const ratio = median(ours) / median(wholeSdk);
  results.push({
    name: `load pulumi-cloudtasks / load the whole Tencent SDK (${median(ours).toFixed(0)} ms / ${median(wholeSdk).toFixed(0)} ms)`,
    value: ratio,
    unit: "×",
    target: "< 0.5",
    ok: ratio < 0.5,
  });
}

async function benchSerializedProvider(): Promise<void> {
  const provider = dynamicProvider("operation-task");
  const text = (await runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
  results.push({ name: "serialized provider (__provider) size", value: text.length, unit: "bytes", target: "< 4096", ok: text.length < 4096 });
}

/** Per-request cost of the emulator with a large account vs a small one: reads must not scale with state. */
async function benchEmulatorScaling(): Promise<void> {
  const emulator = await startEmulator({ ...defaultConfig(), port: 0, rateLimitScale: 1000, stateFile: join(mkdtempSync(join(tmpdir(), "ct-bench-")), "state.json") });
  const client = (region: string) =>
    new BhClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region,
      profile: { httpProfile: { endpoint: `127.0.0.1:${emulator.port}`, protocol: "http://" } },
    });
  const task = { Type: 1, Account: "root", Timeout: 5, Script: "ls", DeviceIdSet: [34] };
  const fill = async (region: string, n: number) => {
    for (let i = 0; i < n; i++) await client(region).CreateOperationTask({ ...task, Name: `t${i}` });
  };
  await fill("small", 20);
  await fill("large", 2000);
  const timeReads = async (region: string) => {
    const c = client(region);
    const start = process.hrtime.bigint();
    for (let i = 0; i < 300; i++) await c.DescribeOperationTask({ Limit: 20 });
    return Number(process.hrtime.bigint() - start) / 1e6 / 300;
  };
  const small: number[] = [];
  const large: number[] = [];
  for (let round = 0; round < 3; round++) {
    small.push(await timeReads("small"));
    large.push(await timeReads("large"));
  }
  const ratio = median(large) / median(small);
  results.push({
    name: `emulator read, 2,000-task account / 20-task account (${median(large).toFixed(2)} ms / ${median(small).toFixed(2)} ms per request)`,
    value: ratio,
    unit: "×",
    target: "< 3",
    ok: ratio < 3,
  });
  await emulator.close();
}

async function main(): Promise<void> {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  benchLoadCost();
  await benchSerializedProvider();
  await benchEmulatorScaling();
  for (const r of results) console.log(`${r.ok ? "ok  " : "MISS"} ${r.name}: ${r.value.toFixed(r.unit === "bytes" ? 0 : 2)} ${r.unit} (target ${r.target})`);
  if (results.some((r) => !r.ok)) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
