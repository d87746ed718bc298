/**
 * The engine side of the benchmark: a workspace where the packed package and the no-op baseline
 * are installed as users install packages, stacks of N instances of one type (or N no-ops with the
 * same arguments), and the real `pulumi` CLI timed per command while the emulator's request log
 * and the dynamic-provider process are watched.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL } from "../emulator/config";
import type { RequestLogEntry } from "../emulator/protocols/types";
import {
  ensurePulumiCli,
  packPackage,
  PULUMI_SDK_VERSION,
  pulumi,
  pulumiEnv,
  pulumiOk,
  REPO_ROOT,
  startEmulatorProcess,
  type EmulatorProcess,
  type PulumiResult,
} from "../scripts/lib/harness";
import { apiCalls, collectRequests, countBy, lastSeq, median, processCpuMs, ProviderWatch, type ProviderProcess } from "./measure";
import type { BenchType } from "./types";

export interface Workspace {
  root: string;
  cliDir: string;
  pulumiVersion: string;
}

/** Packs pulumi-cloudtasks and the no-op package and installs both with `@pulumi/pulumi`, as a user would. */
export function prepareWorkspace(root: string): Workspace {
  const cliDir = ensurePulumiCli();
  const packDir = join(root, "pack");
  const ours = packPackage(packDir);
  const noopName = execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir], { cwd: join(REPO_ROOT, "bench", "noop"), encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "cloudtasks-bench", private: true }, null, 2));
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--loglevel=error", "--no-save", `@pulumi/pulumi@${PULUMI_SDK_VERSION}`, ours, join(packDir, noopName ?? "")],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
  const pulumiVersion = execFileSync(join(cliDir, "pulumi"), ["version"], { encoding: "utf8" }).trim();
  return { root, cliDir, pulumiVersion };
}

/**
 * The emulator as users run it (its own process), with the benchmark's config: documented rate
 * limits times `rateLimitScale`, and no cap on IoT Hub's waiting tasks (an undocumented limit of
 * the emulator that would otherwise pace IotBatchTask creates at 10 per task runtime).
 */
export async function startBenchEmulator(dir: string, rateLimitScale = 1): Promise<EmulatorProcess> {
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, "emulator-config.json");
  writeFileSync(configFile, JSON.stringify({ rateLimitScale, seeds: { iotcloud: { pendingTaskLimit: 1_000_000 } } }));
  const previous = process.env.CLOUDTASKS_EMULATOR_CONFIG;
  process.env.CLOUDTASKS_EMULATOR_CONFIG = configFile;
  try {
    // The child's environment is copied when it is spawned, inside this call.
    return startEmulatorProcess(join(dir, "emulator-state.json"));
  } finally {
    if (previous === undefined) delete process.env.CLOUDTASKS_EMULATOR_CONFIG;
    else process.env.CLOUDTASKS_EMULATOR_CONFIG = previous;
  }
}

export type Command = "up" | "preview" | "refresh" | "destroy";
export const COMMANDS: readonly Command[] = ["up", "preview", "refresh", "destroy"];

const COMMAND_ARGS: Record<Command, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  preview: ["preview", "--expect-no-changes"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

export interface CommandSample {
  command: Command;
  /** Wall-clock ms (Date.now) when the command was started. */
  startedAt: number;
  ms: number;
  /** API calls by action (throttled requests excluded). */
  calls: Record<string, number>;
  totalCalls: number;
  throttled: number;
  /** CPU ms the emulator (standing in for the cloud, which runs elsewhere) spent during the command. */
  emulatorCpuMs: number;
  entries: RequestLogEntry[];
  processes: ProviderProcess[];
  result: PulumiResult;
}

export type Flavour = "ours" | "noop";

/** A resource as `pulumi stack export` shows it. */
export interface StoredResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface ResourceState {
  /** Compact JSON bytes of the type's resources ÷ their count. */
  bytesPerResource: number;
  /** The stored `__provider` text. */
  provider: string;
  count: number;
  sample?: StoredResource;
}

/** One Pulumi project with its own file backend: N instances of a type, or N no-ops with its arguments. */
export class BenchStack {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly firstCallFile: string;

  private constructor(
    ws: Workspace,
    name: string,
    private readonly emulator: EmulatorProcess,
    n: number,
  ) {
    this.dir = join(ws.root, "stacks", name);
    mkdirSync(this.dir, { recursive: true });
    this.firstCallFile = join(this.dir, "first-call.log");
    // Credentials and endpoint through the environment fallbacks: no `pulumi config set` runs.
    this.env = pulumiEnv(ws.cliDir, join(this.dir, ".pulumi-state"), {
      CLOUDTASKS_ENDPOINT: emulator.url,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_SECRET_ID: DEMO_TENCENT_CREDENTIAL.secretId,
      TENCENTCLOUD_SECRET_KEY: DEMO_TENCENT_CREDENTIAL.secretKey,
      HUAWEICLOUD_SDK_AK: DEMO_HUAWEI_CREDENTIAL.ak,
      HUAWEICLOUD_SDK_SK: DEMO_HUAWEI_CREDENTIAL.sk,
      HUAWEICLOUD_SDK_PROJECT_ID: DEMO_HUAWEI_CREDENTIAL.projectId,
      HUAWEICLOUD_SDK_REGION: "cn-north-4",
      CLOUDTASKS_BENCH_N: String(n),
      CLOUDTASKS_BENCH_STACK: this.dir,
      CLOUDTASKS_BENCH_FIRST_CALL: this.firstCallFile,
    });
  }

  static async create(ws: Workspace, name: string, type: BenchType, flavour: Flavour, n: number, emulator: EmulatorProcess): Promise<BenchStack> {
    const stack = new BenchStack(ws, name, emulator, n);
    writeFileSync(join(stack.dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`);
    const declare =
      flavour === "ours"
        ? `const ct = require("pulumi-cloudtasks");\nconst make = (i) => new ct.${type.className}("r" + i, ${type.args});`
        : `const { Noop } = require("cloudtasks-bench-noop");\nconst make = (i) => new Noop("r" + i, ${type.args});`;
    writeFileSync(join(stack.dir, "index.js"), `${declare}\nconst n = Number(process.env.CLOUDTASKS_BENCH_N);\nfor (let i = 0; i < n; i++) make(i);\n`);
    await pulumiOk(["stack", "init", "bench"], stack.dir, stack.env);
    return stack;
  }

  /** An untimed `pulumi preview` of the creates. */
  async warmUp(): Promise<void> {
    await pulumiOk(["preview"], this.dir, this.env);
  }

  /** Runs one command, timing it and recording its API calls and provider processes. */
  async measure(command: Command, extraArgs: string[] = []): Promise<CommandSample> {
    const watch = new ProviderWatch(`CLOUDTASKS_BENCH_STACK=${this.dir}\0`);
    const since = await lastSeq(this.emulator.url);
    const emulatorPid = this.emulator.process.pid ?? 0;
    const emulatorCpuBefore = processCpuMs(emulatorPid) ?? 0;
    watch.start();
    const startedAt = Date.now();
    const started = performance.now();
    let ms = 0;
    const run = pulumi([...COMMAND_ARGS[command], ...extraArgs], this.dir, this.env).then((r) => {
      ms = performance.now() - started;
      return r;
    });
    const entries = await collectRequests(this.emulator.url, since, run);
    const result = await run;
    const processes = watch.stop();
    const emulatorCpuMs = (processCpuMs(emulatorPid) ?? emulatorCpuBefore) - emulatorCpuBefore;
    if (result.code !== 0) throw new Error(`pulumi ${command} failed in ${this.dir} (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
    const calls = apiCalls(entries);
    return {
      command,
      startedAt,
      ms,
      calls: countBy(calls),
      totalCalls: calls.length,
      throttled: entries.filter((e) => e.outcome === "throttled").length,
      emulatorCpuMs,
      entries,
      processes,
      result,
    };
  }

  /**
   * Wall-clock ms of the no-op provider's first create and first delete in this stack's last
   * command (see bench/noop/provider.js), clearing them for the next.
   */
  takeOperationMarks(): OperationMarks {
    let text = "";
    try {
      text = readFileSync(this.firstCallFile, "utf8");
    } catch {
      return {};
    }
    writeFileSync(this.firstCallFile, "");
    return operationMarks(text);
  }

  /** The stack's resources of the benchmarked type: compact JSON bytes per resource and the stored `__provider`. */
  async stateOfResources(): Promise<ResourceState> {
    const exported = JSON.parse((await pulumiOk(["stack", "export"], this.dir, this.env)).stdout) as {
      deployment: { resources?: StoredResource[] };
    };
    const resources = (exported.deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
    const bytes = resources.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
    return {
      bytesPerResource: resources.length ? bytes / resources.length : NaN,
      provider: String(resources[0]?.inputs?.__provider ?? ""),
      count: resources.length,
      sample: resources[0],
    };
  }
}

/** The first create and first delete the no-op provider noted. */
export type OperationMarks = Partial<Record<"create" | "delete", number>>;

/** Parses the no-op's "create <ms>" / "delete <ms>" lines; the last of each kind wins (the latest process). */
export function operationMarks(text: string): OperationMarks {
  const marks: OperationMarks = {};
  for (const line of text.split("\n")) {
    const [kind, at] = line.trim().split(" ");
    if ((kind === "create" || kind === "delete") && Number.isFinite(Number(at))) marks[kind] = Number(at);
  }
  return marks;
}

/** Cold start of `up`: provider launcher start → first API call (ours) or first create (no-op), ms. */
export function coldStartMs(sample: CommandSample, noopFirstCreate?: number): number | undefined {
  const start = Math.min(...sample.processes.map((p) => p.startMs));
  if (!Number.isFinite(start)) return undefined;
  const firstCall = noopFirstCreate ?? (sample.entries.length ? Date.parse(sample.entries.find((e) => e.product !== "")?.at ?? "") : NaN);
  return Number.isFinite(firstCall) ? firstCall - start : undefined;
}

/** Median ms a fresh Node process in the workspace spends requiring `modules` once `@pulumi/pulumi` is loaded. */
export function moduleLoadMs(ws: Workspace, modules: string | readonly string[], times = 3): number {
  const requires = [modules].flat().map((m) => `require(${JSON.stringify(m)});`).join("");
  const script = `require("@pulumi/pulumi");const t=process.hrtime.bigint();${requires}console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const runs = Array.from({ length: times }, () => Number(execFileSync(process.execPath, ["-e", script], { cwd: ws.root, encoding: "utf8" }).trim()));
  return median(runs);
}

/** CPU ms of the command's dynamic-provider processes. */
export function providerCpuMs(sample: CommandSample): number {
  return sample.processes.reduce((sum, p) => sum + p.cpuMs, 0);
}

export function peakRssKb(samples: CommandSample[]): number {
  return Math.max(0, ...samples.flatMap((s) => s.processes.map((p) => p.peakRssKb)));
}
