/**
 * The benchmark's engine measurements, per resource type (issue 14, items 1–6): each a ratio
 * against the no-op baseline measured in the same run, or a count against its documented target.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { EmulatorProcess } from "../scripts/lib/harness";
import {
  BenchStack,
  coldStartMs,
  COMMANDS,
  moduleLoadMs,
  peakRssKb,
  providerCpuMs,
  startBenchEmulator,
  type Command,
  type CommandSample,
  type Flavour,
  type OperationMarks,
  type ResourceState,
  type StoredResource,
  type Workspace,
} from "./engine";
import { countBy, median } from "./measure";
import { replayCalls, replayMs } from "./sdk-floor";
import type { ReplayOutcome } from "./sdk-replay";
import { fmt, type Row } from "./results";
import { BENCH_TYPES, type BenchType } from "./types";

export const slug = (name: string) => name.replace(/[A-Z]/g, (c, at: number) => (at ? "-" : "") + c.toLowerCase());

/** The engine's default `--parallel`: 4 × GOMAXPROCS, which Go sets to the number of CPUs. */
export const ENGINE_PARALLEL = 4 * availableParallelism();

/** The time N resources that each wait `perResourceMs` need when the engine runs ENGINE_PARALLEL at once. */
export function waitFloorMs(n: number, perResourceMs: number): number {
  return Math.ceil(n / ENGINE_PARALLEL) * perResourceMs;
}

/**
 * The shortest time the paced calls can span once the first is sent: a limit's worth go at once,
 * the rest one window each per limit's worth (the busiest action).
 */
export function pacedSpanMs(calls: Record<string, number>, limits: Readonly<Record<string, number>>): { ms: number; action?: string } {
  return busiestAction(calls, limits, (count, limit) => Math.ceil(count / limit - 1) * 1000);
}

/** The operation whose first arrival at the no-op provider starts a command's paced span (row 1b). */
const FIRST_OPERATION: Readonly<Partial<Record<Command, keyof OperationMarks>>> = { up: "create", destroy: "delete" };

/** Per command with a first operation, ms from its start to the no-op provider's first one, one per round. */
export type Leads = Partial<Record<Command, number[]>>;

/**
 * Row 1b. A stream of paced calls, or of waits, cannot start before the engine first hands the
 * provider an operation: at this N, when the no-op stack got its first create or delete (`leadMs`,
 * measured in the same run; the program's registrations and the engine's steps before it grow
 * with N). Nor can a command take less than the engine's fixed cost (the no-op at N=1, its start
 * and teardown) plus that span. The later of the two starts, plus the span.
 */
export function physicalFloorMs(o: { noopMs: number; fixedMs: number; leadMs?: number; spanMs: number; waitMs: number }): number {
  const start = Math.max(o.fixedMs, o.leadMs ?? 0);
  return Math.max(o.noopMs, start + o.spanMs, start + o.waitMs);
}

/** The engine's fixed cost per command: the no-op stack at N=1, median of `rounds`. */
export async function measureFixedCost(ws: Workspace, rounds: number): Promise<Record<Command, number>> {
  const emulator = await startBenchEmulator(join(ws.root, "emulators", "fixed-cost"));
  try {
    const stack = await BenchStack.create(ws, "fixed-cost-noop-n1", OPERATION_TASK, "noop", 1, emulator);
    await stack.warmUp();
    const samples: Record<Command, number[]> = { up: [], preview: [], refresh: [], destroy: [] };
    for (let round = 0; round < rounds; round++) for (const command of COMMANDS) samples[command].push((await stack.measure(command)).ms);
    return { up: median(samples.up), preview: median(samples.preview), refresh: median(samples.refresh), destroy: median(samples.destroy) };
  } finally {
    await emulator.stop();
  }
}

/** Seconds the documented limits force for these calls: the busiest action's calls ÷ its limit. */
export function apiFloorMs(calls: Record<string, number>, limits: Readonly<Record<string, number>>): { ms: number; action?: string } {
  return busiestAction(calls, limits, (count, limit) => (count / limit) * 1000);
}

/** The action whose calls take longest under its documented limit, by `msFor`, and that time. */
function busiestAction(calls: Record<string, number>, limits: Readonly<Record<string, number>>, msFor: (count: number, limit: number) => number): { ms: number; action?: string } {
  let worst: { ms: number; action?: string } = { ms: 0 };
  for (const [action, count] of Object.entries(calls)) {
    const limit = limits[action];
    if (!limit) throw new Error(`no documented limit listed for ${action}: add it to the type's entry in bench/types.ts`);
    const ms = msFor(count, limit);
    if (ms > worst.ms) worst = { ms, action };
  }
  return worst;
}

export interface TypeMeasurement {
  type: BenchType;
  rows: Row[];
  /** Median API calls per resource, per command, at the engine run's N. */
  callsPerResource: Record<Command, number>;
  callsByAction: Record<Command, Record<string, number>>;
  /** The `__provider` text stored for each flavour. */
  provider: Record<Flavour, string>;
}

/** The commands that change nothing, so a round can time them again at little cost. */
const REPEATABLE: ReadonlySet<Command> = new Set(["preview", "refresh"]);

/**
 * Items 1, 3, 5 and 6 for one type: N instances vs N no-ops, commands interleaved, `rounds` times;
 * within a round, `repeats` samples of each command that changes nothing (its times are short, so
 * the machine's noise is large beside them).
 */
export async function measureType(ws: Workspace, type: BenchType, n: number, rounds: number, fixed?: Record<Command, number>, repeats = 1): Promise<TypeMeasurement> {
  const emulator = await startBenchEmulator(join(ws.root, "emulators", slug(type.className)));
  try {
    const stacks: Record<Flavour, BenchStack> = {
      ours: await BenchStack.create(ws, `${slug(type.className)}-n${n}`, type, "ours", n, emulator),
      noop: await BenchStack.create(ws, `${slug(type.className)}-noop-n${n}`, type, "noop", n, emulator),
    };
    const samples: Record<Flavour, Record<Command, CommandSample[]>> = {
      ours: { up: [], preview: [], refresh: [], destroy: [] },
      noop: { up: [], preview: [], refresh: [], destroy: [] },
    };
    const cold: Record<Flavour, number[]> = { ours: [], noop: [] };
    const leads: Leads = {};
    const state: Partial<Record<Flavour, ResourceState>> = {};
    const replays: Partial<Record<Command, ReplayOutcome>> = {};
    /** Row 1c's replay of a command's calls, for a command no limit paces and no wait holds. */
    const replayIfUnpaced = async (command: Command, sample: CommandSample) => {
      if (type.waits?.[command] || pacedSpanMs(sample.calls, type.limits).ms > 0) return;
      const calls = replayCalls(sample.entries);
      if (calls?.length) replays[command] = await replayMs(ws.root, emulator.url, ENGINE_PARALLEL, calls);
    };
    // Untimed: the first CLI run in a fresh workspace pays for cold file caches.
    for (const stack of Object.values(stacks)) await stack.warmUp();
    for (let round = 0; round < rounds; round++) {
      const order: Flavour[] = round % 2 === 0 ? ["noop", "ours"] : ["ours", "noop"];
      for (const command of COMMANDS) {
        const times = REPEATABLE.has(command) ? repeats : 1;
        for (let repeat = 0; repeat < times; repeat++) for (const flavour of order) {
          const sample = await stacks[flavour].measure(command);
          samples[flavour][command].push(sample);
          // Reads are replayed while the tasks they read exist; creates and deletes at the end,
          // where the tasks a replay makes or misses change no later measurement.
          if (command === "refresh" && flavour === "ours" && round === rounds - 1 && repeat === times - 1) await replayIfUnpaced(command, sample);
          const operation = FIRST_OPERATION[command];
          if (operation === undefined) continue;
          const marks = flavour === "noop" ? stacks.noop.takeOperationMarks() : {};
          const first = marks[operation];
          if (first !== undefined) (leads[command] ??= []).push(first - sample.startedAt);
          if (command !== "up") continue;
          const start = coldStartMs(sample, marks.create);
          if (start !== undefined) cold[flavour].push(start);
          state[flavour] ??= await stacks[flavour].stateOfResources();
        }
      }
    }
    for (const command of ["up", "destroy"] as const) await replayIfUnpaced(command, typicalSample(samples.ours[command]));
    const loads = {
      ours: moduleLoadMs(ws, `pulumi-cloudtasks/resources/${slug(type.className)}`),
      noop: moduleLoadMs(ws, "cloudtasks-bench-noop/provider"),
      sdk: moduleLoadMs(ws, type.sdkModules),
    };
    return summarize(type, n, samples, cold, state as Record<Flavour, ResourceState>, loads, fixed, replays, leads);
  } finally {
    await emulator.stop();
  }
}

/** The sample of the median-call round (the calls are the same in every round when the provider is deterministic). */
function typicalSample(samples: CommandSample[]): CommandSample {
  return [...samples].sort((a, b) => a.totalCalls - b.totalCalls)[Math.floor(samples.length / 2)];
}

function summarize(
  type: BenchType,
  n: number,
  samples: Record<Flavour, Record<Command, CommandSample[]>>,
  cold: Record<Flavour, number[]>,
  state: Record<Flavour, ResourceState>,
  loads: Record<Flavour | "sdk", number>,
  fixed?: Record<Command, number>,
  replays: Partial<Record<Command, ReplayOutcome>> = {},
  leads: Leads = {},
): TypeMeasurement {
  const rows: Row[] = [];
  const callsPerResource = {} as Record<Command, number>;
  const callsByAction = {} as Record<Command, Record<string, number>>;
  const name = type.className;
  for (const command of COMMANDS) {
    const ours = samples.ours[command];
    const oursMs = median(ours.map((s) => s.ms));
    const noopMs = median(samples.noop[command].map((s) => s.ms));
    const typical = typicalSample(ours);
    callsPerResource[command] = typical.totalCalls / n;
    callsByAction[command] = typical.calls;
    const api = apiFloorMs(typical.calls, type.limits);
    const wait = type.waits?.[command];
    const waitMs = wait ? waitFloorMs(n, wait.perResourceMs) : 0;
    const floor = Math.max(noopMs, api.ms, waitMs);
    const ratio = oursMs / floor;
    const throttled = ours.reduce((sum, s) => sum + s.throttled, 0);
    if (fixed) {
      const span = pacedSpanMs(typical.calls, type.limits);
      const operation = FIRST_OPERATION[command];
      const lead = leads[command] ?? [];
      const leadMs = lead.length ? median(lead) : undefined;
      const physical = physicalFloorMs({ noopMs, fixedMs: fixed[command], leadMs, spanMs: span.ms, waitMs });
      const start = leadMs === undefined ? `fixed ${fmt.ms(fixed[command])}` : `max(fixed ${fmt.ms(fixed[command])}, the no-op's first ${operation} at ${fmt.ms(leadMs)})`;
      rows.push({
        measure: `1b. physical floor ${name}`,
        command,
        n: String(n),
        baseline: `max(no-op ${fmt.ms(noopMs)}, ${start} + paced ${fmt.ms(span.ms)}${span.action ? ` ${span.action}` : ""}${wait ? ` or + waits ${fmt.ms(waitMs)}` : ""})`,
        ours: fmt.ms(oursMs),
        ratio: oursMs / physical,
        target: "≤ 1.10",
        pass: oursMs / physical <= 1.1,
      });
    }
    const replay = replays[command];
    if (replay) {
      const sdkFloor = noopMs + replay.ms;
      rows.push({
        measure: `1c. official-SDK floor ${name}`,
        command,
        n: String(n),
        baseline: `no-op ${fmt.ms(noopMs)} + the SDK alone ${fmt.ms(replay.ms)} (the same ${replay.answered} calls, ${ENGINE_PARALLEL} at once)`,
        ours: fmt.ms(oursMs),
        ratio: oursMs / sdkFloor,
        target: "≤ 1.10",
        pass: oursMs / sdkFloor <= 1.1 && replay.throttled === 0,
        note: replay.throttled ? `${replay.throttled} replayed call(s) throttled: the floor is not valid` : undefined,
      });
    }
    rows.push({
      measure: `1. engine floor ${name}`,
      command,
      n: String(n),
      baseline: `max(no-op ${fmt.ms(noopMs)}, API ${fmt.ms(api.ms)}${api.action ? ` ${api.action}` : ""}${wait ? `, waits ${fmt.ms(waitMs)}` : ""})`,
      ours: fmt.ms(oursMs),
      ratio,
      target: "≤ 1.10",
      pass: ratio <= 1.1,
      note:
        ratio > 1.1 || throttled
          ? `${wait ? `${wait.why}: N × ${fmt.ms(wait.perResourceMs)} ÷ the engine's ${ENGINE_PARALLEL} operations at once; ` : ""}median of ${ours.length}: ours ${ours.map((s) => fmt.ms(s.ms)).join(", ")}; no-op ${samples.noop[command].map((s) => fmt.ms(s.ms)).join(", ")}; calls ${JSON.stringify(typical.calls)}${throttled ? `; ${throttled} throttled request(s) retried` : ""}${typical.totalCalls ? `; ${cpuNote(ours, samples.noop[command], loads.sdk)}` : ""}`
          : undefined,
    });
  }
  const stateRatio = state.ours.bytesPerResource / state.noop.bytesPerResource;
  rows.push({
    measure: `3. state bytes/resource ${name}`,
    command: "stack export",
    n: String(n),
    baseline: fmt.bytes(state.noop.bytesPerResource),
    ours: fmt.bytes(state.ours.bytesPerResource),
    ratio: stateRatio,
    target: "≤ 1.20",
    pass: stateRatio <= 1.2,
    note: stateRatio > 1.2 ? stateDifference(state) : undefined,
  });
  rows.push({
    measure: `3. __provider bytes ${name}`,
    command: "stack export",
    n: "1",
    baseline: fmt.bytes(state.noop.provider.length),
    ours: fmt.bytes(state.ours.provider.length),
    ratio: state.ours.provider.length / state.noop.provider.length,
    target: "—",
    pass: undefined,
  });
  const all = (flavour: Flavour) => COMMANDS.flatMap((c) => samples[flavour][c]);
  const rssOurs = peakRssKb(all("ours"));
  const rssNoop = peakRssKb(all("noop"));
  rows.push({
    measure: `5. provider peak RSS ${name}`,
    command: "all",
    n: String(n),
    baseline: fmt.mb(rssNoop),
    ours: fmt.mb(rssOurs),
    ratio: rssOurs / rssNoop,
    target: "≤ 1.30",
    pass: rssOurs / rssNoop <= 1.3,
  });
  const coldOurs = median(cold.ours);
  const coldNoop = median(cold.noop);
  rows.push({
    measure: `6. cold start ${name}`,
    command: "up",
    n: String(n),
    baseline: `${fmt.ms(coldNoop)} (first create)`,
    ours: `${fmt.ms(coldOurs)} (first API call)`,
    ratio: coldOurs / coldNoop,
    target: "—",
    pass: undefined,
    note: `of which requiring the provider module in a fresh process: ${fmt.ms(loads.ours)} (no-op ${fmt.ms(loads.noop)}); the rest is the engine's check and diff of every resource before the first create`,
  });
  return { type, rows, callsPerResource, callsByAction, provider: { ours: state.ours.provider, noop: state.noop.provider } };
}

/**
 * Where the CPU of a command that calls the cloud goes, on this machine's shared cores: the
 * provider process (ours makes the calls through the official SDK, loaded once per process; the
 * no-op makes none) and the emulator, which answers them here but runs on the cloud's machines in use.
 */
export function cpuNote(ours: CommandSample[], noop: CommandSample[], sdkLoadMs: number): string {
  const med = (samples: CommandSample[], of: (s: CommandSample) => number) => fmt.ms(median(samples.map(of)));
  return (
    `CPU (median): provider ${med(ours, providerCpuMs)} vs no-op ${med(noop, providerCpuMs)}, of which loading the official SDK ${fmt.ms(sdkLoadMs)}; ` +
    `emulator ${med(ours, (s) => s.emulatorCpuMs)} vs ${med(noop, (s) => s.emulatorCpuMs)}`
  );
}

/** What our stored resource holds that the no-op's does not, for a state-size miss. */
export function stateDifference(state: Record<Flavour, ResourceState>): string {
  const ours = state.ours.sample ?? { type: "" };
  const noop = state.noop.sample ?? { type: "" };
  const extra = (part: "inputs" | "outputs") => Object.keys(ours[part] ?? {}).filter((k) => !(k in (noop[part] ?? {})));
  const secrets = (JSON.stringify(ours).match(/"ciphertext"/g) ?? []).length;
  const parts = stateBreakdown(ours, noop);
  return [
    `the ${fmt.bytes(parts.total)} more per resource: ${Object.entries(parts.by)
      .filter(([, b]) => b !== 0)
      .map(([what, b]) => `${what} ${fmt.bytes(b)}`)
      .join(", ")}`,
    `__provider ${state.ours.provider.length} B vs ${state.noop.provider.length} B (stored twice per resource)`,
    `inputs the no-op lacks (defaults filled by check): ${extra("inputs").join(", ") || "none"}`,
    `outputs the no-op lacks: ${extra("outputs").join(", ") || "none"}`,
    `${secrets} secret value(s) stored as ciphertext (the no-op stores them in plain text)`,
  ].join("; ");
}

/**
 * Where a stored resource's extra bytes over the no-op's go: the fields the engine keeps for our
 * resource options (replaceOnChanges, additionalSecretOutputs) and the stack trace to the
 * declaration, the hidden resource label, secrets stored as ciphertext, the defaults check fills
 * in, and what the cloud reports (outputs beyond the inputs).
 */
export function stateBreakdown(ours: StoredResource, noop: StoredResource): { total: number; by: Record<string, number> } {
  const size = (v: unknown) => (v === undefined ? 0 : JSON.stringify(v).length);
  const entry = (k: string, v: unknown) => size({ [k]: v }) - 1;
  const o = ours as StoredResource & Record<string, unknown>;
  const n = noop as StoredResource & Record<string, unknown>;
  const inputsOurs = ours.inputs ?? {};
  const outputsOurs = ours.outputs ?? {};
  const sumOf = (obj: Record<string, unknown>, keys: string[]) => keys.reduce((sum, k) => sum + entry(k, obj[k]) + 1, 0);
  const secretExtra = (obj: Record<string, unknown>) =>
    Object.entries(obj).reduce((sum, [k, v]) => {
      const plain = (noop.inputs ?? {})[k];
      return typeof v === "object" && v !== null && "ciphertext" in v ? sum + size(v) - size(plain) : sum;
    }, 0);
  const labelKeys = (obj: Record<string, unknown>) => Object.keys(obj).filter((k) => k === "__resource");
  const defaults = Object.keys(inputsOurs).filter((k) => !(k in (noop.inputs ?? {})) && k !== "__resource" && k !== "__provider");
  const reported = Object.keys(outputsOurs).filter((k) => !(k in inputsOurs));
  const by: Record<string, number> = {
    "resource options (replaceOnChanges, additionalSecretOutputs)": size(o.replaceOnChanges) + size(o.additionalSecretOutputs) - size(n.replaceOnChanges) - size(n.additionalSecretOutputs),
    "stack trace and source position": size(o.stackTrace) + size(o.sourcePosition) - size(n.stackTrace) - size(n.sourcePosition),
    "resource label (__resource)": sumOf(inputsOurs, labelKeys(inputsOurs)) + sumOf(outputsOurs, labelKeys(outputsOurs)) + size({ __resource: [] }),
    "secrets as ciphertext": secretExtra(inputsOurs) + secretExtra(outputsOurs),
    "defaults filled by check (inputs and outputs)": sumOf(inputsOurs, defaults) + sumOf(outputsOurs, defaults.filter((k) => k in outputsOurs)),
    "what the cloud reports (outputs beyond the inputs)": sumOf(outputsOurs, reported.filter((k) => k !== "__resource")),
    __provider: 2 * (size(inputsOurs.__provider) - size((noop.inputs ?? {}).__provider)),
  };
  const total = size(ours) - size(noop);
  by["ids, URNs, timestamps and the rest"] = total - Object.values(by).reduce((a, b) => a + b, 0);
  return { total, by };
}

/** Item 2 at one more N: the API calls of each command, one round, no baseline needed. */
export async function measureCalls(ws: Workspace, type: BenchType, n: number): Promise<Record<Command, number>> {
  const emulator = await startBenchEmulator(join(ws.root, "emulators", `${slug(type.className)}-calls-${n}`));
  try {
    const stack = await BenchStack.create(ws, `${slug(type.className)}-calls-n${n}`, type, "ours", n, emulator);
    const out = {} as Record<Command, number>;
    for (const command of COMMANDS) out[command] = (await stack.measure(command)).totalCalls / n;
    return out;
  } finally {
    await emulator.stop();
  }
}

/**
 * What each command may call per resource at N (issue 14, item 2); a type documents more in its
 * entry. `up` may also read, once per provider process, the snapshot of what existed before its
 * creates (one page: the benchmark's accounts start empty) — issue 14's O(1) per resource.
 */
export function callTarget(type: BenchType, command: Command, n: number): { max: number; text: string } {
  const extra = type.documentedExtraCalls?.[command];
  const once = type.onceCalls?.[command];
  const base = { up: 2 + 1 / n, preview: 0, refresh: 1, destroy: 1 }[command] + (once ? once.calls / n : 0);
  let text = { up: "create + ≤ 1 read + 1 snapshot per process ÷ N", preview: "0", refresh: "1", destroy: "1" }[command];
  if (once) text += ` + ${once.calls} per process ÷ N (${once.why})`;
  return extra ? { max: base + extra.calls, text: `${text} + ${extra.calls} (${extra.why})` } : { max: base, text };
}

/** Item 2: calls per resource per command at every N measured; flat in N and within the target. */
export function callRows(type: BenchType, byN: Array<{ n: number; calls: Record<Command, number> }>): Row[] {
  const sorted = [...byN].sort((a, b) => a.n - b.n);
  return COMMANDS.map((command) => {
    const values = sorted.map((s) => s.calls[command]);
    const max = Math.max(...values);
    const min = Math.min(...values);
    const targets = sorted.map((s) => callTarget(type, command, s.n));
    const target = targets[0];
    // Flat: no more per resource at a larger N (once-per-process reads spread over more resources
    // make it fall, which is the point of them).
    const batched = type.batchedCalls?.[command];
    const flat = batched !== undefined || values.every((v, i) => i === 0 || v <= values[i - 1] + 0.05 * Math.max(1, values[i - 1]));
    const within = values.every((v, i) => v <= targets[i].max + 1e-9);
    return {
      measure: `2. API calls/resource ${type.className}`,
      command,
      n: sorted.map((s) => s.n).join(" / "),
      baseline: targets.map((t) => `≤ ${fmt.num(t.max)}`).join(" / "),
      ours: values.map((v) => fmt.num(v, 3)).join(" / "),
      ratio: max === 0 ? 1 : max / Math.max(min, 1e-9),
      target: `${target.text}; ${batched ? `batched (${batched}): within the target at every N` : "not growing with N"} (ratio: max÷min)`,
      pass: flat && within,
      note: !flat ? `grows with N: ${values.map((v, i) => `${fmt.num(v, 3)} at ${sorted[i].n}`).join(", ")}` : !within ? `over the target of ${targets.map((t) => fmt.num(t.max)).join(" / ")}` : undefined,
    };
  });
}

const OPERATION_TASK = BENCH_TYPES.find((t) => t.className === "OperationTask") as BenchType;

/** How many tasks a request acts on: the ids of a batch call's `IdSet`, else one. */
export function tasksCarried(entry: { params: unknown }): number {
  const ids = (entry.params as { IdSet?: unknown } | undefined)?.IdSet;
  return Array.isArray(ids) ? ids.length : 1;
}

/** Item 4: N OperationTasks at `--parallel P` against the documented 20/s, as the user sees it. */
export async function measureThroughput(ws: Workspace, n: number, parallel: number): Promise<Row[]> {
  const emulator: EmulatorProcess = await startBenchEmulator(join(ws.root, "emulators", "throughput"));
  try {
    const stack = await BenchStack.create(ws, `throughput-n${n}`, OPERATION_TASK, "ours", n, emulator);
    const rows: Row[] = [];
    for (const command of ["up", "destroy"] as const) {
      let sample: CommandSample | undefined;
      let failure = "";
      try {
        sample = await stack.measure(command, ["--parallel", String(parallel)]);
      } catch (error) {
        failure = error instanceof Error ? error.message.slice(0, 400) : String(error);
      }
      const ok = (sample?.entries ?? []).filter((e) => e.product !== "" && e.outcome === "ok");
      // A batch call (DeleteOperationTasks' IdSet) does the work of every id it carries: the rate is
      // of tasks, which the limit on calls must not hold below the limit.
      const rates = Object.keys(countBy(ok)).map((action) => {
        const calls = ok.filter((e) => e.action === action);
        const at = calls.map((e) => Date.parse(e.at));
        const tasks = calls.reduce((sum, e) => sum + tasksCarried(e), 0);
        const spanS = (Math.max(...at) - Math.min(...at)) / 1000;
        return { action, count: calls.length, tasks, rate: calls.length > 1 && spanS > 0 ? (tasks - tasks / calls.length) / spanS : NaN };
      });
      // The busiest action is the one its limit paces: it must run at the limit.
      const busiest = rates.sort((a, b) => b.tasks - a.tasks)[0] ?? { action: "—", count: 0, tasks: 0, rate: NaN };
      const limit = OPERATION_TASK.limits[busiest.action] ?? NaN;
      const failed = (sample?.entries ?? []).filter((e) => e.product !== "" && e.outcome !== "ok" && e.outcome !== "throttled").length;
      const output = sample ? `${sample.result.stdout}\n${sample.result.stderr}` : failure;
      const shown = (output.match(/RequestLimitExceeded|throttl|rate limit|too many requests/gi) ?? []).length;
      const ratio = busiest.rate / limit;
      const expected = command === "up" ? "CreateOperationTask" : "DeleteOperationTasks";
      const done = ok.filter((e) => e.action === expected).reduce((sum, e) => sum + tasksCarried(e), 0);
      rows.push({
        measure: "4. rate-limited throughput OperationTask",
        command: `${command} --parallel ${parallel} (busiest: ${busiest.action})`,
        n: String(n),
        baseline: `${limit}/s limit`,
        ours: `${fmt.num(busiest.rate, 1)} tasks/s`,
        ratio,
        target: "≥ 0.90, 0 failed, 0 throttling shown",
        pass: !failure && ratio >= 0.9 && done === n && failed === 0 && shown === 0,
        note:
          `${rates.map((r) => `${r.action} ${r.count}${r.tasks !== r.count ? ` call(s) for ${r.tasks} tasks` : ""} at ${fmt.num(r.rate, 1)} tasks/s`).join(", ")}; ${done} of ${n} tasks ${expected} ok, ${failed} failed, ` +
          `${sample?.throttled ?? "?"} throttled by the emulator and retried, ${shown} throttling message(s) shown` +
          (failure ? `; the command failed: ${failure}` : ""),
      });
    }
    return rows;
  } finally {
    await emulator.stop();
  }
}
