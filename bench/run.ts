/**
 * `npm run bench [-- options]`: issue 14's benchmark. The real `pulumi` CLI on stacks of N
 * instances of every resource type against N no-op dynamic resources with the same arguments,
 * the emulator on loopback. Every figure is a ratio against a baseline measured in the same run
 * (this machine is noisy: rounds are interleaved and medians reported). Writes bench/RESULTS.md;
 * exits 1 when a target is missed.
 *
 *   --n 100            instances per stack for items 1, 3, 5, 6
 *   --rounds 3         rounds of up / preview / refresh / destroy
 *   --repeats 3        samples per round of preview and refresh, which change nothing
 *   --calls-n 50,200   more N at which item 2 counts API calls (the engine run's N is always one)
 *   --throughput-n 200 --parallel 64       item 4
 *   --emulator-tasks 100,10000             item 7: small and large account
 *   --types OperationTask,CatTask          a subset of bench/types.ts
 *   --skip throughput,emulator             leave out items 4 and/or 7
 *   --out FILE         where the results go (default bench/RESULTS.md)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../scripts/lib/harness";
import { measureEmulator } from "./emulator-bench";
import { prepareWorkspace, type Command } from "./engine";
import { describeMachine, markdownTable, renderReport, type Report, type Row } from "./results";
import { callRows, measureCalls, measureFixedCost, measureThroughput, measureType } from "./scenarios";
import { selectTypes } from "./types";

export interface BenchOptions {
  n: number;
  rounds: number;
  /** Samples per round of the commands that change nothing (preview, refresh). */
  repeats: number;
  callsN: number[];
  throughputN: number;
  parallel: number;
  emulatorTasks: [number, number];
  emulatorMutations: number;
  emulatorThroughputMs: number;
  types?: string[];
  /** Sections to leave out: "throughput" (item 4), "emulator" (item 7). */
  skip?: string[];
  out: string;
  /** Keep the workspace (stacks, emulator state) for inspection. */
  keep?: boolean;
  log?: (line: string) => void;
}

export const FULL: BenchOptions = {
  n: 100,
  rounds: 3,
  repeats: 3,
  callsN: [50, 200, 800],
  throughputN: 200,
  parallel: 64,
  emulatorTasks: [100, 10_000],
  emulatorMutations: 300,
  emulatorThroughputMs: 5000,
  out: join(REPO_ROOT, "bench", "RESULTS.md"),
};

export interface BenchOutcome {
  report: Report;
  markdown: string;
  /** The `__provider` text stored per type (for the smoke test's checks). */
  providers: Record<string, { ours: string; noop: string }>;
  missed: Row[];
}

export async function runBench(options: BenchOptions, commandLine = "npm run bench"): Promise<BenchOutcome> {
  const log = options.log ?? ((line: string) => console.error(`[bench] ${line}`));
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), "cloudtasks-bench-"));
  try {
    log(`workspace ${root}: packing and installing`);
    const ws = prepareWorkspace(root);
    const machine = describeMachine(ws.pulumiVersion);
    const rows: Row[] = [];
    const providers: BenchOutcome["providers"] = {};
    const notes: string[] = [];
    const callsByType = new Map<string, Array<{ n: number; calls: Record<Command, number> }>>();
    const types = selectTypes(options.types);
    const callNs = options.callsN.filter((x) => x !== options.n);
    /** The report so far: written after every section, so a run cut short still leaves its figures. */
    const write = (finished: boolean) => {
      const all = [...rows, ...types.flatMap((t) => (callsByType.has(t.className) ? callRows(t, callsByType.get(t.className) ?? []) : []))];
      all.sort((x, y) => x.measure.localeCompare(y.measure, "en", { numeric: true }));
      machine.loadAtEnd = loadavg()
        .map((l) => l.toFixed(2))
        .join(", ");
      const report: Report = {
        command: commandLine,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        machine,
        sizes:
          `N=${options.n} per stack, ${options.rounds} round(s), preview and refresh ${options.repeats} time(s) a round; API calls at N=${[options.n, ...callNs].join(", ")}; ` +
          `throughput ${options.throughputN} OperationTasks at --parallel ${options.parallel}; emulator ${options.emulatorTasks.join(" vs ")} tasks, ${options.emulatorMutations} mutations per round` +
          (options.skip?.length ? `; skipped: ${options.skip.join(", ")}` : "") +
          (finished ? "" : " (RUN NOT FINISHED: the figures so far)"),
        rows: all,
        notes: [
          "The no-op baseline (bench/noop) is a dynamic resource whose provider echoes its inputs; it is installed from a packed tarball next to pulumi-cloudtasks and stored in state as a module reference, as ours is, and it is declared with exactly the same arguments as the type it is compared with.",
          "The emulator enforces each action's documented limit; IoT Hub's undocumented cap of 10 waiting tasks is lifted for the benchmark (seeds.iotcloud.pendingTaskLimit).",
          ...notes,
        ],
      };
      const markdown = renderReport(report);
      writeFileSync(options.out, markdown);
      return { report, markdown };
    };
    /** A section that fails becomes a missed row, so one broken type never hides the others' figures. */
    const section = async (measure: string, run: () => Promise<void>) => {
      try {
        await run();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${measure} failed: ${message.slice(0, 2000)}`);
        rows.push({ measure, command: "—", n: "—", baseline: "—", ours: "failed", ratio: NaN, target: "runs", pass: false, note: message.slice(0, 600) });
      }
      write(false);
    };
    // Most telling first: the floors, throughput and the emulator, then the call counts at more N.
    let fixed: Awaited<ReturnType<typeof measureFixedCost>> | undefined;
    await section("1b. engine fixed cost", async () => {
      log(`the engine's fixed cost: the no-op at N=1, ${options.rounds} round(s)`);
      fixed = await measureFixedCost(ws, options.rounds);
      notes.push(`The engine's fixed cost per command (the no-op stack at N=1, median): ${Object.entries(fixed).map(([c, ms]) => `${c} ${Math.round(ms)} ms`).join(", ")}. Row 1b's physical floor: paced calls (or waits) cannot start before the engine first hands the provider an operation, so it adds to the shortest span the calls can take (a limit's worth at once, then one window per limit's worth), or to the waits, the later of this fixed cost and the moment the no-op stack of the same N got its first create (up) or delete (destroy), measured in the same rounds.`);
    });
    for (const type of types) {
      await section(`1. engine floor ${type.className}`, async () => {
        log(`${type.className}: N=${options.n}, ${options.rounds} round(s) against the no-op`);
        const measured = await measureType(ws, type, options.n, options.rounds, fixed, options.repeats);
        rows.push(...measured.rows);
        providers[type.className] = measured.provider;
        notes.push(`${type.className}: API calls by action at N=${options.n}: ${JSON.stringify(measured.callsByAction)}. Limits: ${type.limitSource}.`);
        callsByType.set(type.className, [{ n: options.n, calls: measured.callsPerResource }]);
      });
    }
    if (!options.skip?.includes("throughput")) {
      await section("4. rate-limited throughput OperationTask", async () => {
        log(`throughput: ${options.throughputN} OperationTasks at --parallel ${options.parallel}`);
        rows.push(...(await measureThroughput(ws, options.throughputN, options.parallel)));
      });
    }
    if (!options.skip?.includes("emulator")) {
      await section("7. emulator", async () => {
        log(`emulator: ${options.emulatorTasks.join(" vs ")} tasks`);
        rows.push(
          ...(await measureEmulator(root, {
            smallTasks: options.emulatorTasks[0],
            largeTasks: options.emulatorTasks[1],
            mutations: options.emulatorMutations,
            rounds: Math.max(options.rounds, 1),
            throughputMs: options.emulatorThroughputMs,
          })),
        );
      });
    }
    for (const n of callNs) {
      for (const type of types.filter((t) => callsByType.has(t.className))) {
        await section(`2. API calls/resource ${type.className} at N=${n}`, async () => {
          log(`${type.className}: API calls at N=${n}`);
          callsByType.get(type.className)?.push({ n, calls: await measureCalls(ws, type, n) });
        });
      }
    }
    const { report, markdown } = write(true);
    log(`wrote ${options.out}`);
    return { report, markdown, providers, missed: rows.filter((r) => r.pass === false) };
  } finally {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = { ...FULL };
  const list = (v: string) => v.split(",").filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const take = () => {
      i++;
      if (value === undefined) throw new Error(`${flag} needs a value`);
      return value;
    };
    if (flag === "--n") o.n = Number(take());
    else if (flag === "--rounds") o.rounds = Number(take());
    else if (flag === "--repeats") o.repeats = Number(take());
    else if (flag === "--calls-n") o.callsN = list(take()).map(Number);
    else if (flag === "--throughput-n") o.throughputN = Number(take());
    else if (flag === "--parallel") o.parallel = Number(take());
    else if (flag === "--emulator-tasks") o.emulatorTasks = list(take()).map(Number) as [number, number];
    else if (flag === "--emulator-mutations") o.emulatorMutations = Number(take());
    else if (flag === "--types") o.types = list(take());
    else if (flag === "--skip") o.skip = list(take());
    else if (flag === "--out") o.out = take();
    else if (flag === "--keep") o.keep = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return o;
}

const README = join(REPO_ROOT, "README.md");
const README_BLOCK = /(<!-- bench:results -->\n)[\s\S]*?(<!-- \/bench:results -->)/;

/** The README quotes the latest table between its `bench:results` markers. */
export function quoteInReadme(readme: string, report: Report): string {
  const quoted = [
    `Latest run (\`${report.command}\`, ${report.startedAt.slice(0, 10)}; ${report.sizes}; machine and notes in [\`bench/RESULTS.md\`](bench/RESULTS.md)):`,
    "",
    markdownTable(report.rows),
    "",
  ].join("\n");
  return readme.replace(README_BLOCK, (_all, open: string, close: string) => `${open}${quoted}${close}`);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  runBench(options, ["npm run bench", ...(argv.length ? ["--", ...argv] : [])].join(" "))
    .then(({ markdown, missed, report }) => {
      if (options.out === FULL.out) writeFileSync(README, quoteInReadme(readFileSync(README, "utf8"), report));
      console.log(markdown);
      if (missed.length) {
        console.error(`${missed.length} target(s) missed`);
        process.exit(1);
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(2);
    });
}
