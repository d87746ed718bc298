import { tencentErrors } from "./errors";
import { Params } from "./params";
import type { ActionContext, ActionHandler, ProductAction, TencentProduct } from "./product";

/**
 * Tencent Cloud CAT (云拨测) probe tasks on API 3.0 (`cat` 2018-04-09, reference cat.md §4):
 * CreateProbeTasks, UpdateProbeTaskConfigurationList, UpdateProbeTaskAttributes, SuspendProbeTask,
 * ResumeProbeTask, DeleteProbeTask, DescribeProbeTasks, DescribeNodes, DescribeProbeNodes.
 * It shares the product name `cat` with the legacy API 2.0 module (`./cat.ts`); its state lives in
 * its own store bucket, `cat-probe`.
 *
 * The status machine runs on the emulator's clock (`POST /_emulator/clock` skips ahead):
 * - create: 1 creating for {@link CREATE_MS}, then 2 running — or 10 (cron task paused) while a task
 *   with a `Cron` is outside its schedule (evaluated in China time, UTC+8), or 3 (running error)
 *   for a target whose host ends in `.invalid` (RFC 6761);
 * - suspend: 4 pausing for {@link PAUSE_MS}, then 6 paused; resume: back to running;
 * - delete: 7 deleting for {@link DELETE_MS}, then 9 deleted; a deleted task stays listed for
 *   {@link DELETED_RETENTION_MS}, then disappears. 8 (delete error) is never entered on its own:
 *   tests put a task there to exercise it.
 * Where the docs are silent the choice is noted beside the rule.
 */

export const CREATE_MS = 2_000;
export const PAUSE_MS = 1_000;
export const DELETE_MS = 2_000;
export const DELETED_RETENTION_MS = 10 * 60_000;

const RATE_LIMIT = 20; // 每个接口 20 次/秒 (the API overview)
const MAX_PAGE = 100;
/** The interval values the Terraform anchor documents (minutes). */
export const INTERVALS = [1, 5, 10, 15, 30, 60, 120, 240];
const RUNNING = 2;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export interface ProbeNode {
  Name: string;
  Code: string;
  /** 1 IDC, 2 LastMile, 3 Mobile. */
  Type: number;
  NetService: string;
  District: string;
  City: string;
  /** 1 IPv4, 2 IPv6. */
  IPType: number;
  /** 1 mainland China, 2 HK/Macao/Taiwan, 3 overseas. */
  Location: number;
  CodeType: string;
  /** 1 running, 2 offline. */
  NodeDefineStatus: number;
  TaskTypes: number[];
}

export interface ProbeTaskRecord {
  taskId: string;
  name: string;
  targetAddress: string;
  taskType: number;
  nodes: string[];
  interval: number;
  parameters: string;
  taskCategory: number;
  cron: string;
  nodeIpType: number;
  tags: Array<{ Key: string; Value: string }>;
  /** The stored status; 2 is shown as 10 while a cron task is outside its schedule. */
  status: number;
  /** A pending transition of the status machine, applied once the clock reaches `at` (ms). */
  next?: { status: number; at: number };
  createdAt: string;
  deletedAt?: number;
}

interface ProbeStore {
  nodes: ProbeNode[];
  tasks: ProbeTaskRecord[];
}

const ALL_TYPES = [1, 2, 3, 4, 5, 6, 7];

function node(code: string, city: string, netService: string, extra: Partial<ProbeNode> = {}): ProbeNode {
  return {
    Name: `${city}${netService}`,
    Code: code,
    Type: 1,
    NetService: netService,
    District: city,
    City: city,
    IPType: 1,
    Location: 1,
    CodeType: "base",
    NodeDefineStatus: 1,
    TaskTypes: ALL_TYPES,
    ...extra,
  };
}

/** The node catalogue: the docs' example code 10001 and a spread of types, locations and states. */
export function seedNodes(): ProbeNode[] {
  return [
    node("10001", "北京", "电信"),
    node("10002", "北京", "联通"),
    node("10003", "上海", "电信"),
    node("10004", "广州", "移动"),
    node("10005", "深圳", "电信", { IPType: 2 }),
    node("20001", "香港", "BGP", { Location: 2 }),
    node("30001", "新加坡", "BGP", { Location: 3 }),
    node("40001", "成都", "电信", { Type: 2, CodeType: "", TaskTypes: [1, 3, 5] }),
    node("50001", "杭州", "移动", { Type: 3, NodeDefineStatus: 2 }),
  ];
}

function bucket(ctx: ActionContext): ProbeStore {
  const store = ctx.store.bucket<ProbeStore>("cat-probe", ctx.account, ctx.region, () => ({ nodes: seedNodes(), tasks: [] }));
  advance(store, ctx.now().getTime());
  return store;
}

/** Applies every transition the clock has reached, and forgets deleted tasks past retention. */
function advance(store: ProbeStore, now: number): void {
  for (const task of store.tasks) {
    if (task.next && task.next.at <= now) {
      task.status = task.next.status;
      if (task.status === 9) task.deletedAt = task.next.at;
      task.next = undefined;
    }
  }
  store.tasks = store.tasks.filter((t) => t.deletedAt === undefined || now - t.deletedAt < DELETED_RETENTION_MS);
}

/* ---------- cron (5 fields: minute hour day-of-month month day-of-week) ---------- */

const CRON_RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** The values each field allows, or undefined when the expression is not valid. */
export function parseCron(expression: string): Set<number>[] | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const sets: Set<number>[] = [];
  for (const [i, field] of fields.entries()) {
    const [lo, hi] = CRON_RANGES[i];
    const set = new Set<number>();
    for (const part of field.split(",")) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return undefined;
      const from = m[1] === "*" ? lo : Number(m[2]);
      const to = m[1] === "*" ? hi : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? hi : from;
      const step = m[4] !== undefined ? Number(m[4]) : 1;
      if (from < lo || to > hi || from > to || step < 1) return undefined;
      for (let v = from; v <= to; v += step) set.add(i === 4 && v === 7 ? 0 : v);
    }
    sets.push(set);
  }
  return sets;
}

function cronMatches(expression: string, nowMs: number): boolean {
  const sets = parseCron(expression);
  if (!sets) return false;
  const t = new Date(nowMs + CHINA_OFFSET_MS);
  const values = [t.getUTCMinutes(), t.getUTCHours(), t.getUTCDate(), t.getUTCMonth() + 1, t.getUTCDay()];
  return values.every((v, i) => sets[i].has(v));
}

/** The status as DescribeProbeTasks shows it. */
function shownStatus(task: ProbeTaskRecord, now: number): number {
  return task.status === RUNNING && task.cron !== "" && !cronMatches(task.cron, now) ? 10 : task.status;
}

/* ---------- validation ---------- */

function hostOf(target: string): string {
  return target.replace(/^[a-z]+:\/\//i, "").split(/[/:?#]/)[0].toLowerCase();
}

function readBatch(p: Params, required: boolean): Array<{ name: string; targetAddress: string }> | undefined {
  const items = p.optionalObjectArray("BatchTasks");
  if (items === undefined) {
    if (required) throw tencentErrors.missingParameter("BatchTasks");
    return undefined;
  }
  if (required && items.length === 0) throw tencentErrors.invalidParameterValue("BatchTasks must not be empty.");
  return items.map((item, i) => {
    const name = item.string("Name");
    const targetAddress = item.string("TargetAddress");
    if (name.trim() === "") throw tencentErrors.invalidParameterValue(`BatchTasks.${i}.Name must not be empty.`);
    if (targetAddress.trim() === "") throw tencentErrors.invalidParameterValue(`BatchTasks.${i}.TargetAddress must not be empty.`);
    return { name, targetAddress };
  });
}

function readNodes(store: ProbeStore, p: Params, taskType: number): string[] {
  const nodes = p.stringArray("Nodes");
  if (nodes.length === 0) throw tencentErrors.invalidParameterValue("Nodes must not be empty.");
  for (const code of nodes) {
    const found = store.nodes.find((n) => n.Code === code);
    if (!found || found.NodeDefineStatus !== 1) throw tencentErrors.custom("FailedOperation.NoValidNodes", `Node ${code} does not exist or is offline.`);
    if (!found.TaskTypes.includes(taskType)) {
      throw tencentErrors.custom("FailedOperation.NoValidNodes", `Node ${code} does not support task type ${taskType}.`);
    }
  }
  return nodes;
}

function readInterval(p: Params): number {
  const interval = p.integer("Interval");
  if (!INTERVALS.includes(interval)) throw tencentErrors.invalidParameterValue(`Interval must be one of ${INTERVALS.join(", ")} (minutes).`);
  return interval;
}

function readParameters(p: Params): string {
  const text = p.string("Parameters");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw tencentErrors.invalidParameterValue("Parameters must be a JSON string.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw tencentErrors.invalidParameterValue("Parameters must be a JSON object.");
  return text;
}

/** Absent and empty both mean "no schedule": the configuration update is a full replace. */
function readCron(p: Params): string {
  const cron = p.optionalString("Cron") ?? "";
  if (cron !== "" && !parseCron(cron)) throw tencentErrors.invalidParameterValue(`Cron ${cron} is not a valid 5-field cron expression.`);
  return cron;
}

function readNodeIpType(p: Params): number {
  const nodeIpType = p.optionalInteger("NodeIpType") ?? 0;
  if (![0, 1, 2].includes(nodeIpType)) throw tencentErrors.invalidParameterValue("NodeIpType must be 0, 1 or 2.");
  return nodeIpType;
}

function readTags(p: Params): Array<{ Key: string; Value: string }> {
  return (p.optionalObjectArray("Tag") ?? []).map((t) => ({ Key: t.string("TagKey"), Value: t.string("TagValue") }));
}

function taskIdOf(n: number): string {
  // Ids look like the docs' `task-n1wchki8`: 8 base-36 characters, spread so neighbours differ.
  return `task-${((n * 2_654_435_761) % 36 ** 8).toString(36).padStart(8, "0")}`;
}

function findTask(store: ProbeStore, id: string): ProbeTaskRecord {
  const task = store.tasks.find((t) => t.taskId === id && t.status !== 9);
  if (!task) throw tencentErrors.custom("FailedOperation.ResourceNotFound", `Task ${id} does not exist.`);
  return task;
}

/** A task busy in a transition (or deleted) refuses changes. Undocumented: the code is the family's. */
function assertChangeable(task: ProbeTaskRecord): void {
  if ([1, 4, 7, 8].includes(task.status)) {
    throw tencentErrors.custom("FailedOperation.TaskOperationNotAllow", `Task ${task.taskId} cannot be changed while its status is ${task.status}.`);
  }
}

function describe(task: ProbeTaskRecord, now: number) {
  return {
    Name: task.name,
    TaskId: task.taskId,
    TaskType: task.taskType,
    Nodes: task.nodes,
    NodeIpType: task.nodeIpType,
    Interval: task.interval,
    Parameters: task.parameters,
    Status: shownStatus(task, now),
    TargetAddress: task.targetAddress,
    PayMode: 1,
    OrderState: 1,
    TaskCategory: task.taskCategory,
    CreatedAt: task.createdAt,
    Cron: task.cron,
    // Nullable in the model: no schedule is null, as the cloud answers an empty nullable field.
    CronState: task.cron === "" ? null : task.status === 6 ? 2 : 1,
    TagInfoList: task.tags,
    SubSyncFlag: 0,
  };
}

type BatchOutcome = { TaskId: string; Success: boolean; ErrorMessage: string };

/**
 * Suspend and Resume act per task and report each outcome in `Results` (partial failure is in the
 * body, not an error); an id that does not exist fails the whole call with ResourceNotFound.
 */
function batch(store: ProbeStore, p: Params, act: (task: ProbeTaskRecord) => string | undefined): Record<string, unknown> {
  const ids = p.stringArray("TaskIds");
  if (ids.length === 0) throw tencentErrors.invalidParameterValue("TaskIds must not be empty.");
  const tasks = ids.map((id) => findTask(store, id));
  const results: BatchOutcome[] = tasks.map((task) => {
    const problem = act(task);
    return { TaskId: task.taskId, Success: problem === undefined, ErrorMessage: problem ?? "" };
  });
  return { Total: results.length, SuccessCount: results.filter((r) => r.Success).length, Results: results };
}

function listNodes(store: ProbeStore, p: Params): ProbeNode[] {
  const nodeType = p.optionalInteger("NodeType");
  const location = p.optionalInteger("Location");
  const name = p.optionalString("NodeName");
  const ipv6 = p.optionalBoolean("IsIPv6");
  return store.nodes.filter(
    (n) =>
      (nodeType === undefined || n.Type === nodeType) &&
      (location === undefined || n.Location === location) &&
      (name === undefined || n.Name.includes(name)) &&
      (ipv6 === undefined || (n.IPType === 2) === ipv6),
  );
}

const probeAction = (mutates: boolean, handler: (ctx: ActionContext, p: Params, store: ProbeStore) => Record<string, unknown>): ProductAction => {
  const run: ActionHandler = (ctx, raw) => handler(ctx, new Params(raw), bucket(ctx));
  return { rateLimit: RATE_LIMIT, mutates, regionRequired: true, handler: run };
};

export const catProbe: TencentProduct = {
  name: "cat",
  version: "2018-04-09",
  actions: {
    // Not idempotent: every call makes new tasks, even with the same names (names need not be unique).
    CreateProbeTasks: probeAction(true, (ctx, p, store) => {
      const batchTasks = readBatch(p, true) ?? [];
      const taskType = p.integer("TaskType");
      if (!ALL_TYPES.includes(taskType)) throw tencentErrors.invalidParameterValue("TaskType must be an integer from 1 to 7.");
      const nodes = readNodes(store, p, taskType);
      const interval = readInterval(p);
      const parameters = readParameters(p);
      const taskCategory = p.integer("TaskCategory");
      if (taskCategory !== 1 && taskCategory !== 2) throw tencentErrors.invalidParameterValue("TaskCategory must be 1 (PC) or 2 (Mobile).");
      const cron = readCron(p);
      const nodeIpType = readNodeIpType(p);
      const tags = readTags(p);
      if ((p.optionalInteger("ProbeType") ?? 0) !== 0) throw tencentErrors.custom("UnsupportedOperation", "Instant probes are not emulated.");
      const now = ctx.now().getTime();
      const ids = batchTasks.map(({ name, targetAddress }) => {
        const taskId = taskIdOf(ctx.store.nextId("cat/probe-task"));
        const failing = hostOf(targetAddress).endsWith(".invalid");
        store.tasks.push({
          taskId,
          name,
          targetAddress,
          taskType,
          nodes,
          interval,
          parameters,
          taskCategory,
          cron,
          nodeIpType,
          tags,
          status: 1,
          next: { status: failing ? 3 : RUNNING, at: now + CREATE_MS },
          createdAt: ctx.now().toISOString(),
        });
        return taskId;
      });
      return { TaskIDs: ids };
    }),
    // A full replace of nodes, interval, parameters, cron and node IP type; BatchTasks, when given,
    // renames and retargets the tasks in order.
    UpdateProbeTaskConfigurationList: probeAction(true, (_ctx, p, store) => {
      const ids = p.stringArray("TaskIds");
      if (ids.length === 0) throw tencentErrors.invalidParameterValue("TaskIds must not be empty.");
      const tasks = ids.map((id) => findTask(store, id));
      const types = new Set(tasks.map((t) => t.taskType));
      if (types.size > 1) throw tencentErrors.custom("FailedOperation.TaskTypeNotSame", "The tasks must all have the same TaskType.");
      const nodes = readNodes(store, p, tasks[0].taskType);
      const interval = readInterval(p);
      const parameters = readParameters(p);
      const cron = readCron(p);
      const nodeIpType = readNodeIpType(p);
      const batchTasks = readBatch(p, false);
      if (batchTasks && batchTasks.length !== tasks.length) throw tencentErrors.invalidParameterValue("BatchTasks must match TaskIds one to one.");
      tasks.forEach(assertChangeable);
      tasks.forEach((task, i) => Object.assign(task, { nodes, interval, parameters, cron, nodeIpType }, batchTasks?.[i] ?? {}));
      return {};
    }),
    UpdateProbeTaskAttributes: probeAction(true, (_ctx, p, store) => {
      const task = findTask(store, p.string("TaskId"));
      const name = p.optionalString("Name") ?? "";
      // Documented: an empty Name changes nothing.
      if (name !== "") task.name = name;
      return {};
    }),
    // Pausing a paused task is reported as a failure in Results (TaskNotRunning): undocumented.
    SuspendProbeTask: probeAction(true, (ctx, p, store) =>
      batch(store, p, (task) => {
        if (task.status !== RUNNING && task.status !== 3) return `FailedOperation.TaskNotRunning: task ${task.taskId} is not running (status ${task.status}).`;
        task.status = 4;
        task.next = { status: 6, at: ctx.now().getTime() + PAUSE_MS };
        return undefined;
      }),
    ),
    ResumeProbeTask: probeAction(true, (_ctx, p, store) =>
      batch(store, p, (task) => {
        if (task.status !== 6 && task.status !== 5) return `FailedOperation.TaskNotSuspended: task ${task.taskId} is not suspended (status ${task.status}).`;
        task.status = RUNNING;
        return undefined;
      }),
    ),
    // Deleting a task already being deleted succeeds; a delete error (8) may be retried.
    DeleteProbeTask: probeAction(true, (ctx, p, store) =>
      batch(store, p, (task) => {
        if (task.status !== 7) {
          task.status = 7;
          task.next = { status: 9, at: ctx.now().getTime() + DELETE_MS };
        }
        return undefined;
      }),
    ),
    DescribeProbeTasks: probeAction(false, (ctx, p, store) => {
      const ids = p.optionalStringArray("TaskIDs");
      const name = p.optionalString("TaskName");
      const target = p.optionalString("TargetAddress");
      const statuses = p.optionalIntegerArray("TaskStatus");
      const types = p.optionalIntegerArray("TaskType");
      const categories = p.optionalIntegerArray("TaskCategory");
      const tagFilters = (p.optionalObjectArray("TagFilters") ?? []).map((f) => ({ Key: f.string("Key"), Value: f.string("Value") }));
      const offset = p.optionalInteger("Offset") ?? 0;
      const limit = p.optionalInteger("Limit") ?? 20;
      if (offset < 0) throw tencentErrors.invalidParameterValue("Offset must not be negative.");
      if (limit < 1 || limit > MAX_PAGE) throw tencentErrors.invalidParameterValue(`Limit must be between 1 and ${MAX_PAGE}.`);
      const now = ctx.now().getTime();
      // Name and target filters match fuzzily, as the console's search does (undocumented).
      const matching = store.tasks.filter(
        (t) =>
          (ids === undefined || ids.includes(t.taskId)) &&
          (name === undefined || t.name.includes(name)) &&
          (target === undefined || t.targetAddress.includes(target)) &&
          (statuses === undefined || statuses.includes(shownStatus(t, now))) &&
          (types === undefined || types.includes(t.taskType)) &&
          (categories === undefined || categories.includes(t.taskCategory)) &&
          tagFilters.every((f) => t.tags.some((tag) => tag.Key === f.Key && tag.Value === f.Value)),
      );
      return { TaskSet: matching.slice(offset, offset + limit).map((t) => describe(t, now)), Total: matching.length };
    }),
    DescribeNodes: probeAction(false, (_ctx, p, store) => {
      const taskType = p.optionalInteger("TaskType");
      const nodes = listNodes(store, p).filter((n) => taskType === undefined || n.TaskTypes.includes(taskType));
      // DescribeNodes lacks NodeDefineStatus (the Terraform provider calls both for that reason).
      return { NodeSet: nodes.map(({ NodeDefineStatus: _status, ...rest }) => rest) };
    }),
    DescribeProbeNodes: probeAction(false, (_ctx, p, store) => ({
      NodeSet: listNodes(store, p).map(({ TaskTypes: _types, ...rest }) => rest),
    })),
  },
};
