import { tencentErrors } from "./errors";
import { Params } from "./params";
import type { ActionContext, ActionHandler, ProductAction, TencentProduct } from "./product";

/**
 * Tencent Bastion Host (`bh` 2023-04-18) operation tasks: CreateOperationTask,
 * ModifyOperationTask, DeleteOperationTasks, DescribeOperationTask, RunOperationTask, and
 * SearchTaskResult (the runs' records).
 * Rules are the documented ones (seed 004, reference §C); where the docs are silent the choice is
 * noted beside the rule.
 */

/** A bastion asset (host) an operation task may run on. */
interface Device {
  id: number;
  name: string;
  os: "Linux" | "Windows";
  /** Bound to a Professional or SM edition bastion service. */
  professional: boolean;
  accounts: string[];
}

interface RunRecord {
  subTaskId: string;
  at: string;
}

export interface OperationTaskRecord {
  id: number;
  operationId: string;
  name: string;
  type: number;
  account: string;
  timeout: number;
  /** The script as the cloud stores it: decoded when it arrived base64-encoded. */
  script: string;
  encoding: number;
  deviceIdSet: number[];
  period?: number;
  firstTime?: string;
  userName: string;
  realName: string;
  createTime: string;
  runs: RunRecord[];
}

/** A run as SearchTaskResult reports it: kept after its task is deleted, as an audit record is. */
interface TaskResultRecord {
  id: string;
  operationId: string;
  name: string;
  userName: string;
  realName: string;
  taskType: number;
  startTime: string;
}

interface BhStore {
  devices: Device[];
  tasks: OperationTaskRecord[];
  /** Absent in state saved before SearchTaskResult existed. */
  results?: TaskResultRecord[];
}

const RATE_LIMIT = 20; // 默认接口请求频率限制: 20次/秒
const DEFAULT_FIRST_TIME = "1970-01-01T08:00:01+08:00";
const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The script of an `Encoding: 1` task. The docs' own periodic example sends `"Script": "ls"` with
 * `"Encoding": 1` and shows a success, so a value that is not base64 of UTF-8 text is not refused:
 * it is kept as sent (the emulator's reading of that example).
 */
function decodedScript(raw: string): string {
  if (!BASE64.test(raw)) return raw;
  const bytes = Buffer.from(raw, "base64");
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return text.includes("\uFFFD") ? raw : text;
}

/** Seed assets: the docs' example ids (13, 25, 34, 44, 56, 66) are usable Linux hosts. */
function seedDevices(): Device[] {
  const linux = [13, 25, 34, 44, 56, 66].map((id) => ({
    id,
    name: `linux-${id}`,
    os: "Linux" as const,
    professional: true,
    accounts: ["root", "ubuntu"],
  }));
  return [
    ...linux,
    { id: 90, name: "windows-90", os: "Windows", professional: true, accounts: ["Administrator"] },
    { id: 91, name: "standard-edition-91", os: "Linux", professional: false, accounts: ["root"] },
  ];
}

function bucket(ctx: ActionContext): BhStore {
  return ctx.store.bucket<BhStore>("bh", ctx.account, ctx.region, () => ({ devices: seedDevices(), tasks: [] }));
}

function findTask(store: BhStore, id: number): OperationTaskRecord | undefined {
  return store.tasks.find((t) => t.id === id);
}

/** Validates the full field set Create and Modify share (Modify is a full replace, not a patch). */
function readTaskFields(store: BhStore, p: Params) {
  const name = p.string("Name");
  if (name.trim() === "") throw tencentErrors.invalidParameterValue("Name must not be empty.");
  const type = p.integer("Type");
  if (type !== 1 && type !== 2) throw tencentErrors.invalidParameterValue("Type must be 1 (manual) or 2 (periodic).");
  const account = p.string("Account");
  if (account === "") throw tencentErrors.invalidParameterValue("Account must not be empty.");
  const timeout = p.integer("Timeout");
  if (timeout <= 0) throw tencentErrors.invalidParameterValue("Timeout must be a positive number of seconds.");
  const encoding = p.optionalInteger("Encoding") ?? 0;
  const rawScript = p.string("Script");
  const script = encoding === 1 ? decodedScript(rawScript) : rawScript;
  if (script === "") throw tencentErrors.invalidParameterValue("Script must not be empty.");
  const deviceIdSet = p.integerArray("DeviceIdSet");
  if (deviceIdSet.length === 0) throw tencentErrors.invalidParameterValue("DeviceIdSet must not be empty.");
  const period = p.optionalInteger("Period");
  const firstTime = p.optionalString("FirstTime");
  if (type === 1 && (period !== undefined || firstTime !== undefined)) {
    throw tencentErrors.invalidParameter("Period and FirstTime are only for periodic tasks (Type 2).");
  }
  // The docs leave Period optional; a periodic task without an interval cannot run, so it is required here.
  if (type === 2 && period === undefined) throw tencentErrors.missingParameter("Period");
  if (period !== undefined && period < 1) throw tencentErrors.invalidParameterValue("Period must be at least 1 day.");
  if (firstTime !== undefined && (!ISO8601.test(firstTime) || Number.isNaN(Date.parse(firstTime)))) {
    throw tencentErrors.invalidParameterValue("FirstTime must be an ISO 8601 timestamp such as 2025-03-25T08:00:01+08:00.");
  }
  for (const id of deviceIdSet) {
    const device = store.devices.find((d) => d.id === id);
    if (!device) throw tencentErrors.custom("FailedOperation.DataNotFound", `Device ${id} does not exist.`);
    if (!device.professional) {
      throw tencentErrors.custom("FailedOperation.ResourceNotPro", `Device ${id} is not bound to a Professional or SM edition bastion host.`);
    }
    if (device.os !== "Linux") throw tencentErrors.invalidParameterValue(`Device ${id} is not a Linux asset.`);
    if (!device.accounts.includes(account)) {
      throw tencentErrors.invalidParameterValue(`Account ${account} is not added to device ${id}.`);
    }
  }
  return {
    name,
    type,
    account,
    timeout,
    script,
    encoding,
    deviceIdSet,
    period,
    firstTime: type === 2 ? (firstTime ?? DEFAULT_FIRST_TIME) : undefined,
  };
}

function nextRunTime(task: OperationTaskRecord, now: Date): string {
  if (task.type !== 2 || task.firstTime === undefined || task.period === undefined) return "";
  const periodMs = task.period * 86_400_000;
  let next = Date.parse(task.firstTime);
  if (next < now.getTime()) next += Math.ceil((now.getTime() - next) / periodMs) * periodMs;
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(task.firstTime)?.[1] ?? "Z";
  return formatWithOffset(new Date(next), offset);
}

function formatWithOffset(date: Date, offset: string): string {
  if (offset === "Z") return date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const sign = offset.startsWith("-") ? -1 : 1;
  const [h, m] = offset.slice(1).split(":").map(Number);
  const local = new Date(date.getTime() + sign * (h * 60 + m) * 60_000);
  return `${local.toISOString().slice(0, 19)}${offset}`;
}

function describe(task: OperationTaskRecord, now: Date) {
  return {
    Id: task.id,
    OperationId: task.operationId,
    Name: task.name,
    UserName: task.userName,
    RealName: task.realName,
    Type: task.type,
    Period: task.period ?? 0,
    NextTime: nextRunTime(task, now),
    FirstTime: task.firstTime ?? "",
  };
}

/** Every bh action here: the documented 20/s limit, Region required. */
const bhAction = (mutates: boolean, handler: ActionHandler): ProductAction => ({ rateLimit: RATE_LIMIT, mutates, regionRequired: true, handler });

function operationId(n: number): string {
  return `ops-${n.toString(36).padStart(8, "0")}`;
}

export const bh: TencentProduct = {
  name: "bh",
  version: "2023-04-18",
  actions: {
    CreateOperationTask: bhAction(true, (ctx, raw) => {
      const store = bucket(ctx);
      const fields = readTaskFields(store, new Params(raw));
      const id = ctx.store.nextId("bh/operation-task");
      store.tasks.push({
        id,
        operationId: operationId(id * 7919),
        ...fields,
        userName: "cloudtasks",
        realName: "cloudtasks emulator",
        createTime: ctx.now().toISOString(),
        runs: [],
      });
      return { TaskId: id };
    }),
    ModifyOperationTask: bhAction(true, (ctx, raw) => {
      const store = bucket(ctx);
      const p = new Params(raw);
      const id = p.integer("Id");
      const task = findTask(store, id);
      if (!task) throw tencentErrors.resourceNotFound(`Operation task ${id} does not exist.`);
      Object.assign(task, { period: undefined, firstTime: undefined }, readTaskFields(store, p));
      return {};
    }),
    DeleteOperationTasks: bhAction(true, (ctx, raw) => {
      const store = bucket(ctx);
      const ids = new Params(raw).integerArray("IdSet");
      if (ids.length === 0) throw tencentErrors.invalidParameterValue("IdSet must not be empty.");
      // Undocumented for unknown ids; a batch delete that ignores them keeps deletes idempotent.
      store.tasks = store.tasks.filter((t) => !ids.includes(t.id));
      return {};
    }),
    DescribeOperationTask: bhAction(false, (ctx, raw) => {
      const store = bucket(ctx);
      const p = new Params(raw);
      const name = p.optionalString("Name");
      const type = p.optionalInteger("Type");
      const offset = p.optionalInteger("Offset") ?? 0;
      const limit = p.optionalInteger("Limit") ?? 20;
      if (offset < 0) throw tencentErrors.invalidParameterValue("Offset must not be negative.");
      if (limit < 1) throw tencentErrors.invalidParameterValue("Limit must be positive.");
      const matching = store.tasks
        .filter((t) => (name === undefined || t.name.includes(name)) && (type === undefined || t.type === type))
        .sort((a, b) => b.id - a.id);
      const now = ctx.now();
      return { OperationTasks: matching.slice(offset, offset + limit).map((t) => describe(t, now)), TotalCount: matching.length };
    }),
    RunOperationTask: bhAction(true, (ctx, raw) => {
      const store = bucket(ctx);
      const id = new Params(raw).integer("Id");
      const task = findTask(store, id);
      if (!task) throw tencentErrors.invalidParameterValue(`Operation task ${id} does not exist.`);
      const subTaskId = `${task.operationId}-${task.runs.length + 1}`;
      const at = ctx.now().toISOString();
      task.runs.push({ subTaskId, at });
      (store.results ??= []).push({ id: subTaskId, operationId: task.operationId, name: task.name, userName: task.userName, realName: task.realName, taskType: task.type, startTime: at });
      return { SubTaskId: subTaskId };
    }),
    SearchTaskResult: bhAction(false, (ctx, raw) => {
      const store = bucket(ctx);
      const p = new Params(raw);
      const operationId = p.optionalString("OperationId");
      const name = p.optionalString("Name");
      const offset = p.optionalInteger("Offset") ?? 0;
      const limit = p.optionalInteger("Limit") ?? 20;
      if (offset < 0) throw tencentErrors.invalidParameterValue("Offset must not be negative.");
      if (limit < 1 || limit > 200) throw tencentErrors.invalidParameterValue("Limit must be between 1 and 200.");
      const matching = (store.results ?? [])
        .filter((r) => (operationId === undefined || r.operationId === operationId) && (name === undefined || r.name.includes(name)))
        .slice()
        .reverse();
      return {
        TotalCount: matching.length,
        TaskResult: matching.slice(offset, offset + limit).map((r) => ({
          Id: r.id,
          OperationId: r.operationId,
          Name: r.name,
          FromIp: "127.0.0.1",
          UserName: r.userName,
          RealName: r.realName,
          Status: 2,
          StartTime: r.startTime,
          EndTime: r.startTime,
        })),
      };
    }),
  },
};
