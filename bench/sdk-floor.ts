/**
 * Row 1c, the official-SDK floor of a command that no rate limit paces and no documented wait
 * holds: the no-op's time plus what the command's own calls take when the official SDKs alone send
 * them (bench/sdk-replay.ts, in a fresh process, as many at once as the engine runs operations).
 * A provider must make those calls (item 2's targets) through those SDKs, so that much is not its
 * overhead; what ours takes beyond it is.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL } from "../emulator/config";
import { HUAWEI_APIG_PRODUCTS } from "../emulator/protocols";
import type { RequestLogEntry } from "../emulator/protocols/types";
import { REPO_ROOT } from "../scripts/lib/harness";
import { apiCalls, median } from "./measure";
import type { ReplayCall, ReplayJob, ReplayOutcome } from "./sdk-replay";

/** Longer than the emulator's one-second rate-limit window. */
const WINDOW_CLEAR_MS = 1500;

const APIG_ROUTES = new Map(HUAWEI_APIG_PRODUCTS.flatMap((product) => product.routes.map((route) => [`${product.name}/${route.action}`, route] as const)));

/** The logged calls as the SDKs would send them again; undefined when one has no official SDK (CAT API 2.0). */
export function replayCalls(entries: RequestLogEntry[]): ReplayCall[] | undefined {
  const calls: ReplayCall[] = [];
  for (const entry of apiCalls(entries)) {
    if (entry.protocol === "tc3") {
      calls.push({ protocol: "tc3", product: entry.product, action: entry.action, region: entry.region, params: entry.params as Record<string, unknown> });
      continue;
    }
    const route = entry.protocol === "apig" ? APIG_ROUTES.get(`${entry.product}/${entry.action}`) : undefined;
    if (!route) return undefined;
    const params = entry.params as { path?: Record<string, string>; query?: Record<string, string>; body?: unknown };
    // `{project_id}` stays for the core to fill from the credentials, as it does for the provider.
    const path = route.path.replace(/\{(\w+)\}/g, (whole, name: string) => (name === "project_id" ? whole : encodeURIComponent(String(params.path?.[name]))));
    calls.push({ protocol: "apig", action: entry.action, method: route.method, path, query: params.query, body: params.body });
  }
  return calls;
}

/** Median of `times` fresh-process replays of `calls` against the emulator at `endpoint`. */
export async function replayMs(root: string, endpoint: string, parallel: number, calls: ReplayCall[], times = 3): Promise<ReplayOutcome> {
  const dir = mkdtempSync(join(tmpdir(), "cloudtasks-replay-"));
  try {
    const jobFile = join(dir, "replay.json");
    const job: ReplayJob = { root, endpoint, parallel, tencent: DEMO_TENCENT_CREDENTIAL, huawei: DEMO_HUAWEI_CREDENTIAL, calls };
    writeFileSync(jobFile, JSON.stringify(job));
    const script = join(REPO_ROOT, "bench", "sdk-replay.ts");
    const register = require.resolve("ts-node/register/transpile-only", { paths: [REPO_ROOT] });
    const runs: ReplayOutcome[] = [];
    for (let i = 0; i < times; i++) {
      // The emulator enforces the documented limits, as the cloud does: each replay starts in a
      // clear window (a command no limit paces makes at most a limit's worth of calls per action).
      await new Promise((resolve) => setTimeout(resolve, WINDOW_CLEAR_MS));
      const { stdout } = await run(process.execPath, ["-r", register, script, jobFile], { cwd: root, encoding: "utf8", env: { ...process.env, TS_NODE_PROJECT: join(REPO_ROOT, "tsconfig.json") } });
      runs.push(JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as ReplayOutcome);
    }
    return { ms: median(runs.map((r) => r.ms)), answered: runs[0].answered, throttled: Math.max(...runs.map((r) => r.throttled)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = promisify(execFile);
