import { DEMO_HUAWEI_CREDENTIAL } from "../../emulator/config";
import type { FaultRule } from "../../emulator/state/faults";
import { emulatorControl } from "../../scripts/lib/harness";
import { E2eStack } from "./e2e";

/**
 * The fault matrix: every resource × {create, update, delete, read} × every fault kind, plus
 * same-name resources racing under ambiguous failures, each under the real CLI. A new resource
 * plugs in as one {@link MatrixResource} entry in {@link MATRIX_RESOURCES}: its program, the
 * actions each operation calls, the faults in its protocol's words, and where the emulator keeps
 * its tasks.
 */

export const FAULT_KINDS = ["server error", "throttling", "connection reset", "applied, answer lost", "slow success"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const OPERATIONS = ["create", "update", "delete", "read"] as const;
export type Operation = (typeof OPERATIONS)[number] | "run" | "same-name race";

/** Every `pulumi` run of the matrix times requests out after this; a slow success answers later. */
export const REQUEST_TIMEOUT_SECONDS = 2;
const SLOW_MS = REQUEST_TIMEOUT_SECONDS * 1000 + 1200;

type FaultShape = Omit<FaultRule, "action" | "product" | "times">;

/** The five faults as each protocol answers them. */
export const TC3_FAULTS: Record<FaultKind, FaultShape> = {
  "server error": { kind: "error", code: "InternalError" },
  throttling: { kind: "error", code: "RequestLimitExceeded" },
  "connection reset": { kind: "reset" },
  "applied, answer lost": { kind: "drop-after-commit" },
  "slow success": { kind: "delay", delayMs: SLOW_MS },
};
export const TC2_FAULTS: Record<FaultKind, FaultShape> = {
  "server error": { kind: "error", code: "11000" },
  throttling: { kind: "error", code: "4400" },
  "connection reset": { kind: "reset" },
  "applied, answer lost": { kind: "drop-after-commit" },
  "slow success": { kind: "delay", delayMs: SLOW_MS },
};
export const APIG_FAULTS: Record<FaultKind, FaultShape> = {
  "server error": { kind: "http-status", status: 500 },
  throttling: { kind: "error", code: "APIGW.0308" },
  "connection reset": { kind: "reset" },
  "applied, answer lost": { kind: "drop-after-commit" },
  "slow success": { kind: "delay", delayMs: SLOW_MS },
};

/** A task as the emulator's state holds it. */
export interface CloudTask {
  id: number;
  name: string;
  /** Runs recorded for it, where the resource runs tasks. */
  runs?: number;
}

export interface MatrixResource {
  /** The class name, e.g. `OperationTask`. */
  type: string;
  /**
   * The body of index.js. Config `distinct` (resources with their own names), `twins` (resources
   * sharing one name) and `gen` (a field every resource changes when it moves on) drive it.
   */
  program: string;
  /** Whether two tasks may share a name (then the same-name race runs). */
  sameNames: boolean;
  /** The actions each operation calls, faulted in its phase. `run`: the resource's run action, if it has one. */
  actions: Partial<Record<Operation, string>>;
  faults: Record<FaultKind, FaultShape>;
  /** Tasks declared by the create phase (default 6 with their own names, 4 sharing one); the delete phase keeps half. */
  counts?: { distinct: number; twins: number };
  /** Stack config beyond the Tencent defaults E2eStack sets. */
  configure?(stack: E2eStack): Promise<void>;
  /** The tasks in the emulator's state. */
  tasks(state: EmulatorState): CloudTask[];
}

export interface EmulatorState {
  products: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
}

/** Every bucket's `tasks` of a product, across accounts and regions. */
function tasksOf(state: EmulatorState, product: string): Array<Record<string, unknown>> {
  return Object.values(state.products[product] ?? {}).flatMap((regions) =>
    Object.values(regions).flatMap((bucket) => (Array.isArray(bucket.tasks) ? (bucket.tasks as Array<Record<string, unknown>>) : [])),
  );
}

const loop = (make: string) => `const gen = config.getNumber("gen") || 1;
const mk = ${make};
for (let i = 0; i < (config.getNumber("distinct") || 0); i++) mk("d" + i, "matrix-" + i);
for (let i = 0; i < (config.getNumber("twins") || 0); i++) mk("t" + i, "twin");`;

export const MATRIX_RESOURCES: MatrixResource[] = [
  {
    type: "OperationTask",
    program: loop(`(key, name) => new ct.OperationTask(key, {
      name, type: 1, account: "root", timeout: 10 * gen, script: "uptime", deviceIdSet: [34], runTriggers: ["run-" + gen],
    })`),
    sameNames: true,
    actions: { create: "CreateOperationTask", update: "ModifyOperationTask", delete: "DeleteOperationTasks", read: "DescribeOperationTask", run: "RunOperationTask" },
    faults: TC3_FAULTS,
    tasks: (state) => tasksOf(state, "bh").map((t) => ({ id: Number(t.id), name: String(t.name), runs: Array.isArray(t.runs) ? t.runs.length : 0 })),
  },
  {
    type: "CatTask",
    program: loop(`(key, name) => new ct.CatTask(key, {
      taskName: name, catTypeName: "http", url: "www.example.com", agentGroupId: 1510, period: gen === 1 ? 5 : 15,
    })`),
    sameNames: false,
    actions: { create: "CreateCatTask", update: "CreateCatTask", delete: "DeleteCatTask", read: "DescribeCatTaskList" },
    faults: TC2_FAULTS,
    tasks: (state) => tasksOf(state, "cat").map((t) => ({ id: Number(t.taskId), name: String(t.taskName) })),
  },
  {
    type: "PerfTestTask",
    program: loop(`(key, name) => new ct.PerfTestTask(key, {
      name, projectId: 393862, caseIdList: gen === 1 ? [449269] : [449269, 449270],
    })`),
    sameNames: true,
    actions: { create: "CreateNewTask", update: "UpdateTaskRelatedTestCase", delete: "DeleteNewTask", read: "ShowTask" },
    faults: APIG_FAULTS,
    configure: async (stack) => {
      await stack.config({
        "cloudtasks:huaweiAk": DEMO_HUAWEI_CREDENTIAL.ak,
        "cloudtasks:huaweiProjectId": DEMO_HUAWEI_CREDENTIAL.projectId,
        "cloudtasks:huaweiRegion": "cn-north-4",
      });
      await stack.ok("config", "set", "--secret", "cloudtasks:huaweiSk", DEMO_HUAWEI_CREDENTIAL.sk);
    },
    tasks: (state) => tasksOf(state, "cpts").map((t) => ({ id: Number(t.id), name: String(t.name) })),
  },
  {
    // No name: every task of one type and product looks alike to the create's lookup (all of them
    // are twins there); the filter tells them apart in the emulator's record only. Scheduled an
    // hour ahead, so each task still waits and a delete cancels it. Few tasks: the cloud lets 10
    // wait at once per region, and a replace creates before it cancels.
    type: "IotBatchTask",
    program: loop(`(key, name) => new ct.IotBatchTask(key, {
      taskType: "UpdateShadow", productId: "ABCDE12345", deviceNameFilter: name, scheduleTimeInSeconds: config.requireNumber("at"),
      maxExecutionTimeInSeconds: 3600 * gen, tasks: { updateShadowTask: { desired: { color: "red" } } },
    })`),
    sameNames: true,
    counts: { distinct: 3, twins: 2 },
    actions: { create: "CreateTask", update: "CreateTask", delete: "CancelTask", read: "DescribeTask" },
    faults: TC3_FAULTS,
    configure: (stack) => stack.config({ at: String(Math.floor(Date.now() / 1000) + 3600) }),
    // A cancelled task stays listed for a month: what the stack holds is every task not cancelled.
    tasks: (state) => tasksOf(state, "iotcloud").filter((t) => t.status !== 5).map((t) => ({ id: Number(t.id), name: String(t.deviceNameFilter) })),
  },
  {
    type: "ProbeTask",
    program: loop(`(key, name) => new ct.ProbeTask(key, {
      name, targetAddress: "www.example.com", taskType: 1, nodes: ["10001"], interval: gen === 1 ? 5 : 10,
    })`),
    sameNames: true,
    actions: { create: "CreateProbeTasks", update: "UpdateProbeTaskConfigurationList", delete: "DeleteProbeTask", read: "DescribeProbeTasks" },
    faults: TC3_FAULTS,
    // A deleted task shows as deleting (7), then deleted (9), for a while.
    tasks: (state) => tasksOf(state, "cat-probe").filter((t) => t.status !== 7 && t.status !== 9).map((t) => ({ id: Number(t.taskId), name: String(t.name) })),
  },
  {
    // Every definition field replaces (the API has no modify): an update is a create, then a delete.
    type: "ChaosExperiment",
    program: loop(`(key, name) => new ct.ChaosExperiment(key, {
      taskActionId: 462, taskInstances: ["ins-xxxxxxxx"], taskTitle: name, taskDescription: "generation " + gen,
      taskActionCustomConfiguration: { interfaces: "eth0" },
    })`),
    sameNames: true,
    actions: { create: "CreateTaskFromAction", update: "CreateTaskFromAction", delete: "DeleteTask", read: "DescribeTask" },
    faults: TC3_FAULTS,
    tasks: (state) => tasksOf(state, "cfg").map((t) => ({ id: Number(t.id), name: String(t.title) })),
  },
];

export interface CellResult {
  resource: string;
  operation: Operation;
  fault: FaultKind;
  converged: boolean;
  /** `up` needed a second run. */
  rerun: boolean;
  /** Why it did not converge. */
  problem?: string;
}

interface Phase {
  operation: Operation;
  /** Config for this phase's `up`. */
  config: Record<string, string>;
  /** The faulted action and the kinds injected on it (one rule each). */
  faults: Array<{ action: string; operation: Operation; kinds: readonly FaultKind[] }>;
  refresh?: boolean;
}

/** The phases one resource goes through: a same-name race, creates, updates (and runs), reads, deletes. */
function phasesOf(r: MatrixResource): Phase[] {
  const a = r.actions;
  const phases: Phase[] = [];
  const counts = r.counts ?? { distinct: 6, twins: 4 };
  const twins = r.sameNames ? counts.twins : 0;
  if (r.sameNames && a.create) {
    phases.push({
      operation: "same-name race",
      // Four twins, so each of the four faults meets a create of its own.
      config: { distinct: "0", twins: "4", gen: "1" },
      faults: [{ action: a.create, operation: "same-name race", kinds: ["applied, answer lost", "connection reset", "slow success", "server error"] }],
    });
  }
  if (a.create) phases.push({ operation: "create", config: { distinct: String(counts.distinct), twins: String(twins), gen: "1" }, faults: [{ action: a.create, operation: "create", kinds: FAULT_KINDS }] });
  if (a.update) {
    const faults: Phase["faults"] = [{ action: a.update, operation: "update", kinds: FAULT_KINDS }];
    if (a.run) faults.push({ action: a.run, operation: "run", kinds: FAULT_KINDS });
    phases.push({ operation: "update", config: { gen: "2" }, faults });
  }
  if (a.read) phases.push({ operation: "read", config: {}, faults: [{ action: a.read, operation: "read", kinds: FAULT_KINDS }], refresh: true });
  if (a.delete) phases.push({ operation: "delete", config: { distinct: String(Math.ceil(counts.distinct / 2)), twins: String(Math.ceil(twins / 2)) }, faults: [{ action: a.delete, operation: "delete", kinds: FAULT_KINDS }] });
  return phases;
}

interface StateResource {
  type: string;
  id?: string;
  urn: string;
}

/** Runs every phase of one resource on its own stack and emulator; returns one result per cell. */
export async function runMatrix(r: MatrixResource): Promise<CellResult[]> {
  const stack = await E2eStack.create(`matrix-${r.type.toLowerCase()}`, r.program);
  const results: CellResult[] = [];
  const declared = { distinct: 0, twins: 0, gen: 1 };
  try {
    await r.configure?.(stack);
    await stack.config({ "cloudtasks:requestTimeoutSeconds": String(REQUEST_TIMEOUT_SECONDS) });
    for (const phase of phasesOf(r)) {
      await stack.config(phase.config);
      if (phase.config.distinct !== undefined) declared.distinct = Number(phase.config.distinct);
      if (phase.config.twins !== undefined) declared.twins = Number(phase.config.twins);
      if (phase.config.gen !== undefined) declared.gen = Number(phase.config.gen);
      for (const f of phase.faults) {
        for (const kind of f.kinds) await emulatorControl(stack.emulator.url, "faults", "POST", { ...r.faults[kind], action: f.action, times: 1 });
      }
      const args = phase.refresh ? ["--refresh"] : [];
      let rerun = false;
      let problem: string | undefined;
      let run = await stack.run("up", "--yes", "--skip-preview", ...args);
      if (run.code !== 0) {
        rerun = true;
        run = await stack.run("up", "--yes", "--skip-preview", ...args);
      }
      if (run.code !== 0) problem = `up failed twice: ${lastLines(run.stdout + run.stderr)}`;
      const pending = await emulatorControl<FaultRule[]>(stack.emulator.url, "faults");
      await emulatorControl(stack.emulator.url, "faults", "DELETE");
      problem ??= await cloudProblem(stack, r, declared);
      if (!problem) {
        const refresh = await stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes");
        if (refresh.code !== 0) problem = `refresh --expect-no-changes failed: ${lastLines(refresh.stdout + refresh.stderr)}`;
      }
      for (const f of phase.faults) {
        for (const kind of f.kinds) {
          const shape = r.faults[kind];
          const unfired = pending.some((p) => p.action === f.action && p.kind === shape.kind && p.code === shape.code && p.status === shape.status);
          const cellProblem = problem ?? (unfired ? `the ${kind} fault on ${f.action} never fired` : undefined);
          results.push({ resource: r.type, operation: f.operation, fault: kind, converged: !cellProblem, rerun, problem: cellProblem });
        }
      }
    }
  } finally {
    await stack.dispose();
  }
  return results;
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-6).join(" | ");
}

/** Why the cloud does not hold exactly the declared tasks (names, count, the ids in state, runs), or undefined. */
async function cloudProblem(stack: E2eStack, r: MatrixResource, declared: { distinct: number; twins: number; gen: number }): Promise<string | undefined> {
  const tasks = r.tasks(await emulatorControl<EmulatorState>(stack.emulator.url, "state"));
  const expectedNames = [...Array.from({ length: declared.distinct }, (_, i) => `matrix-${i}`), ...Array.from({ length: declared.twins }, () => "twin")].sort();
  const names = tasks.map((t) => t.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(expectedNames)) return `the cloud holds [${names.join(", ")}], declared [${expectedNames.join(", ")}]`;
  const exported = JSON.parse(await stack.exportText()) as { deployment: { resources?: StateResource[] } };
  const stateIds = (exported.deployment.resources ?? [])
    .filter((s) => s.type.endsWith(`cloudtasks:${r.type}`))
    .map((s) => Number(s.id))
    .sort((x, y) => x - y);
  const cloudIds = tasks.map((t) => t.id).sort((x, y) => x - y);
  if (JSON.stringify(stateIds) !== JSON.stringify(cloudIds)) return `state ids [${stateIds.join(", ")}] are not the cloud's [${cloudIds.join(", ")}]`;
  if (r.actions.run) {
    const wrong = tasks.filter((t) => t.runs !== declared.gen);
    if (wrong.length) return `tasks ${wrong.map((t) => `${t.id} ran ${t.runs} times`).join(", ")}; each should have run ${declared.gen} times (once per trigger)`;
  }
  return undefined;
}

/** The matrix as text: one row per resource and operation, one column per fault. */
export function formatMatrix(results: CellResult[]): string {
  const rows = new Map<string, Map<FaultKind, CellResult>>();
  for (const c of results) {
    const key = `${c.resource} ${c.operation}`;
    if (!rows.has(key)) rows.set(key, new Map());
    rows.get(key)?.set(c.fault, c);
  }
  const width = Math.max(...[...rows.keys()].map((k) => k.length), 10);
  const header = `${"".padEnd(width)} | ${FAULT_KINDS.map((k) => k.padEnd(20)).join(" | ")}`;
  const lines = [header, "-".repeat(header.length)];
  for (const [key, cells] of rows) {
    lines.push(`${key.padEnd(width)} | ${FAULT_KINDS.map((k) => {
      const c = cells.get(k);
      return (c ? (c.converged ? (c.rerun ? "converged (re-run)" : "converged") : "FAILED") : "-").padEnd(20);
    }).join(" | ")}`);
  }
  const passed = results.filter((c) => c.converged).length;
  lines.push("", `fault matrix: ${passed} / ${results.length} cells converged`);
  for (const c of results.filter((x) => !x.converged)) lines.push(`  ${c.resource} ${c.operation} × ${c.fault}: ${c.problem}`);
  return lines.join("\n");
}
