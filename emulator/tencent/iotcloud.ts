import { tencentErrors } from "./errors";
import { Params } from "./params";
import type { ActionContext, ActionHandler, ControlContext, ProductAction, TencentProduct } from "./product";

/**
 * Tencent IoT Hub (`iotcloud` 2018-06-14) batch tasks: CreateTask, DescribeTask, DescribeTasks,
 * CancelTask, over products and devices with shadows and a per-device message log. Rules are the
 * documented ones (seed 001, reference §B); where the docs are silent the choice is noted beside
 * the rule.
 *
 * Time: a task waits (1) until its schedule time, is processing (2) for {@link PROCESSING_SECONDS}
 * on the emulator's clock, then is done (3), its effect applied, or failed (4) when its
 * MaxExecutionTimeInSeconds is shorter than that. State catches up lazily, on every iotcloud call
 * and whenever the control plane shows state or moves the clock.
 */

/** A device's shadow: the desired state batch tasks merge into, and its version. */
export interface DeviceShadow {
  state: { desired: Record<string, unknown>; reported: Record<string, unknown> };
  version: number;
}

export interface PublishedMessage {
  taskId: string;
  /** The full topic: `<ProductId>/<DeviceName>/<Topic>`. */
  topic: string;
  payload: string;
  /** Unix seconds on the emulator's clock. */
  at: number;
}

export interface IotDevice {
  deviceName: string;
  shadow: DeviceShadow;
  messages: PublishedMessage[];
}

export interface IotProduct {
  productId: string;
  productName: string;
  devices: IotDevice[];
}

export interface BatchTaskRecord {
  id: string;
  type: "UpdateShadow" | "PublishMessage";
  productId: string;
  deviceNameFilter: string;
  scheduleTime: number;
  maxExecutionTime: number;
  desired?: Record<string, unknown>;
  topic?: string;
  payload?: string;
  status: 1 | 2 | 3 | 4 | 5;
  createTime: number;
  updateTime: number;
  doneTime: number;
  retCode: number;
  errMsg: string;
  allDeviceCnt: number;
  doneDeviceCnt: number;
}

interface IotStore {
  products: IotProduct[];
  tasks: BatchTaskRecord[];
}

/** The config file's `seeds.iotcloud`. */
export interface IotcloudSeed {
  /** Added to (or replacing, by product id) the default products of every account and region. */
  products?: Array<{ productId: string; productName?: string; deviceNames: string[] }>;
  /** Waiting plus processing tasks allowed per account and region (undocumented; default 10). */
  pendingTaskLimit?: number;
}

const RATE_LIMIT = 100; // 默认接口请求频率限制：100次/秒 (CreateTask, DescribeTask)
export const PROCESSING_SECONDS = 2;
/** "任务保留一个月": a task older than this is no longer known. */
const RETENTION_SECONDS = 30 * 86_400;
const MAX_SCHEDULE_AHEAD_SECONDS = 86_400;
const MAX_EXECUTION_SECONDS = 86_400;
const DEFAULT_PENDING_TASK_LIMIT = 10;
const MAX_JSON_LEVELS = 6;
const MAX_JSON_BYTES = 64 * 1024;
/** The message size limit is not documented for batch tasks; the 64 KB of shadows is assumed. */
const MAX_PAYLOAD_BYTES = 64 * 1024;
const TOPIC_SUFFIX = /^[\w-]+(\/[\w-]+)*$/;
const DEFAULT_SEED_REGION = "ap-guangzhou";

/** Seed products: the docs' example product id, with device names a filter can tell apart. */
export function defaultProducts(): IotProduct[] {
  return [
    product("ABCDE12345", "smart-lights", ["light-01", "light-02", "light-03", "sensor-01", "sensor-02"]),
    product("FGHIJ67890", "meters", ["meter-01", "meter-02", "meter-03"]),
  ];
}

function product(productId: string, productName: string, deviceNames: string[]): IotProduct {
  return { productId, productName, devices: deviceNames.map(newDevice) };
}

function newDevice(deviceName: string): IotDevice {
  return { deviceName, shadow: { state: { desired: {}, reported: {} }, version: 0 }, messages: [] };
}

function seedOf(seed: unknown): IotcloudSeed {
  return typeof seed === "object" && seed !== null ? (seed as IotcloudSeed) : {};
}

function initialStore(seed: unknown): IotStore {
  const products = defaultProducts();
  for (const p of seedOf(seed).products ?? []) {
    const seeded = product(p.productId, p.productName ?? p.productId, p.deviceNames);
    const at = products.findIndex((q) => q.productId === p.productId);
    if (at >= 0) products[at] = seeded;
    else products.push(seeded);
  }
  return { products, tasks: [] };
}

function bucketFor(ctx: { store: ActionContext["store"]; seed?: unknown }, account: string, region: string): IotStore {
  return ctx.store.bucket<IotStore>("iotcloud", account, region, () => initialStore(ctx.seed));
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Desired-state merge as shadows do it: objects merge key by key, `null` removes a key, anything else replaces. */
export function mergeDesired(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = mergeDesired(out[k] as Record<string, unknown>, v);
    else out[k] = v;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function depth(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  return 1 + Math.max(0, ...(Array.isArray(value) ? value : Object.values(value)).map(depth));
}

function matchedDevices(store: IotStore, task: BatchTaskRecord): IotDevice[] {
  const devices = store.products.find((p) => p.productId === task.productId)?.devices ?? [];
  const filter = new RegExp(task.deviceNameFilter); // unanchored, as a regex search; the docs do not say
  return devices.filter((d) => filter.test(d.deviceName));
}

function apply(store: IotStore, task: BatchTaskRecord, at: number): void {
  for (const device of matchedDevices(store, task)) {
    if (task.type === "UpdateShadow") {
      device.shadow.state.desired = mergeDesired(device.shadow.state.desired, task.desired ?? {});
      device.shadow.version += 1;
    } else {
      device.messages.push({ taskId: task.id, topic: `${task.productId}/${device.deviceName}/${task.topic}`, payload: task.payload ?? "", at });
    }
  }
}

/** Moves every task along its timeline up to `now` (Unix seconds), in schedule order, and drops expired ones. */
function settleStore(store: IotStore, now: number): void {
  store.tasks = store.tasks.filter((t) => t.createTime > now - RETENTION_SECONDS);
  const live = store.tasks.filter((t) => t.status === 1 || t.status === 2).sort((a, b) => a.scheduleTime - b.scheduleTime || a.createTime - b.createTime);
  for (const task of live) {
    if (task.status === 1 && now >= task.scheduleTime) {
      task.status = 2;
      task.updateTime = task.scheduleTime;
      task.allDeviceCnt = matchedDevices(store, task).length;
    }
    if (task.status !== 2) continue;
    if (task.maxExecutionTime < PROCESSING_SECONDS && now >= task.scheduleTime + task.maxExecutionTime) {
      Object.assign(task, { status: 4, retCode: -1, errMsg: `task had no result within MaxExecutionTimeInSeconds (${task.maxExecutionTime})` });
      task.doneTime = task.updateTime = task.scheduleTime + task.maxExecutionTime;
    } else if (now >= task.scheduleTime + PROCESSING_SECONDS) {
      const doneAt = task.scheduleTime + PROCESSING_SECONDS;
      apply(store, task, doneAt);
      Object.assign(task, { status: 3, doneDeviceCnt: task.allDeviceCnt, doneTime: doneAt, updateTime: doneAt });
    }
  }
}

function settled(ctx: ActionContext): IotStore {
  const store = bucketFor(ctx, ctx.account, ctx.region);
  settleStore(store, seconds(ctx.now()));
  return store;
}

function findTask(store: IotStore, id: string): BatchTaskRecord {
  const task = store.tasks.find((t) => t.id === id);
  if (!task) throw tencentErrors.custom("ResourceNotFound.TaskNotExist", `Task ${id} does not exist.`);
  return task;
}

/** A 24-hex id like the docs' `5ad5b9a53332ea3de678ea52`: creation seconds, then a counter. */
function taskId(now: number, n: number): string {
  return `${now.toString(16).padStart(8, "0")}${n.toString(16).padStart(16, "0")}`;
}

function readDesired(raw: unknown): Record<string, unknown> {
  if (typeof raw !== "string") throw tencentErrors.missingParameter("Tasks.UpdateShadowTask.Desired");
  if (Buffer.byteLength(raw, "utf8") > MAX_JSON_BYTES) throw tencentErrors.custom("InvalidParameterValue.JSONSizeExceedLimit", "Desired exceeds 64k.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw tencentErrors.custom("InvalidParameterValue.JSONHasInvalidNode", "Desired is not valid JSON.");
  }
  if (!isObject(parsed)) throw tencentErrors.custom("InvalidParameterValue.JSONHasInvalidNode", "Desired must be a JSON object.");
  if (depth(parsed) > MAX_JSON_LEVELS) throw tencentErrors.custom("InvalidParameterValue.JSONLevelExceedLimit", "Desired nests more than 6 levels.");
  return parsed;
}

function readBody(type: string, productId: string, raw: unknown): Pick<BatchTaskRecord, "desired" | "topic" | "payload"> {
  if (!isObject(raw)) throw tencentErrors.missingParameter("Tasks");
  const shadow = raw.UpdateShadowTask;
  const message = raw.PublishMessageTask;
  if (type === "UpdateShadow") {
    if (!isObject(shadow)) throw tencentErrors.invalidParameterValue("Tasks.UpdateShadowTask is required when TaskType is UpdateShadow.");
    return { desired: readDesired(shadow.Desired) };
  }
  if (!isObject(message)) throw tencentErrors.invalidParameterValue("Tasks.PublishMessageTask is required when TaskType is PublishMessage.");
  const p = new Params(message);
  const topic = p.string("Topic");
  const payload = p.string("Payload");
  if (!TOPIC_SUFFIX.test(topic) || topic === productId || topic.startsWith(`${productId}/`)) {
    throw tencentErrors.custom("FailedOperation.InvalidTopicName", `Topic ${topic} is invalid: give the topic without ProductId and DeviceName, e.g. event.`);
  }
  if (Buffer.byteLength(payload, "utf8") > MAX_PAYLOAD_BYTES) throw tencentErrors.custom("FailedOperation.InvalidMsgLen", "Payload is too long.");
  return { topic, payload };
}

function createTask(ctx: ActionContext, raw: Record<string, unknown>): Record<string, unknown> {
  const store = settled(ctx);
  const now = seconds(ctx.now());
  const p = new Params(raw);
  const type = p.string("TaskType");
  if (type !== "UpdateShadow" && type !== "PublishMessage") throw tencentErrors.invalidParameterValue("TaskType must be UpdateShadow or PublishMessage.");
  const productId = p.string("ProductId");
  const filter = p.string("DeviceNameFilter");
  const requested = p.integer("ScheduleTimeInSeconds");
  const maxExecutionTime = p.optionalInteger("MaxExecutionTimeInSeconds") ?? MAX_EXECUTION_SECONDS;
  if (!store.products.some((x) => x.productId === productId)) throw tencentErrors.custom("ResourceNotFound.ProductNotExist", `Product ${productId} does not exist.`);
  try {
    new RegExp(filter);
  } catch {
    throw tencentErrors.invalidParameterValue("DeviceNameFilter is not a valid regular expression.");
  }
  if (requested !== 0 && requested < now) throw tencentErrors.invalidParameterValue("ScheduleTimeInSeconds must be 0 or not before the current time.");
  if (maxExecutionTime < 0 || maxExecutionTime > MAX_EXECUTION_SECONDS) throw tencentErrors.invalidParameterValue("MaxExecutionTimeInSeconds must be between 0 and 86400.");
  const body = readBody(type, productId, raw.Tasks);
  const limit = seedOf(ctx.seed).pendingTaskLimit ?? DEFAULT_PENDING_TASK_LIMIT;
  if (store.tasks.filter((t) => t.status === 1 || t.status === 2).length >= limit) {
    throw tencentErrors.custom("LimitExceeded.PengingOrProcessingTasksExceedLimit", "Too many waiting or processing tasks.");
  }
  // 0 is "now"; later than a day ahead is clamped to a day ahead, as documented.
  const scheduleTime = requested === 0 ? now : Math.min(requested, now + MAX_SCHEDULE_AHEAD_SECONDS);
  const task: BatchTaskRecord = {
    id: taskId(now, ctx.store.nextId("iotcloud/task")),
    type,
    productId,
    deviceNameFilter: filter,
    scheduleTime,
    maxExecutionTime,
    ...body,
    status: 1,
    createTime: now,
    updateTime: now,
    doneTime: 0,
    retCode: 0,
    errMsg: "",
    allDeviceCnt: 0,
    doneDeviceCnt: 0,
  };
  store.tasks.push(task);
  settleStore(store, now);
  return { TaskId: task.id };
}

function describe(task: BatchTaskRecord) {
  return {
    Type: task.type,
    Id: task.id,
    ProductId: task.productId,
    Status: task.status,
    CreateTime: task.createTime,
    UpdateTime: task.updateTime,
    DoneTime: task.doneTime,
    ScheduleTime: task.scheduleTime,
    RetCode: task.retCode,
    ErrMsg: task.errMsg,
    Percent: task.allDeviceCnt === 0 ? (task.status === 3 ? 100 : 0) : Math.floor((task.doneDeviceCnt / task.allDeviceCnt) * 100),
    AllDeviceCnt: task.allDeviceCnt,
    DoneDeviceCnt: task.doneDeviceCnt,
  };
}

const iotAction = (mutates: boolean, handler: ActionHandler, rateLimit?: number): ProductAction => ({ mutates, handler, rateLimit });

/** `POST /_emulator/iotcloud/devices`: adds a product (if new) and devices to one account and region. */
function seedDevices(ctx: ControlContext, body: unknown): unknown {
  if (!isObject(body) || typeof body.productId !== "string" || !Array.isArray(body.deviceNames) || !body.deviceNames.every((n) => typeof n === "string")) {
    throw new Error('body must be {"productId": "…", "deviceNames": ["…"], "productName"?, "account"?, "region"?}');
  }
  const account = typeof body.account === "string" ? body.account : ctx.defaultAccount;
  const region = typeof body.region === "string" ? body.region : DEFAULT_SEED_REGION;
  const store = bucketFor(ctx, account, region);
  let target = store.products.find((p) => p.productId === body.productId);
  if (!target) {
    target = product(body.productId, typeof body.productName === "string" ? body.productName : body.productId, []);
    store.products.push(target);
  }
  for (const name of body.deviceNames as string[]) if (!target.devices.some((d) => d.deviceName === name)) target.devices.push(newDevice(name));
  return { account, region, productId: target.productId, deviceNames: target.devices.map((d) => d.deviceName) };
}

export const iotcloud: TencentProduct = {
  name: "iotcloud",
  version: "2018-06-14",
  actions: {
    CreateTask: iotAction(true, createTask, RATE_LIMIT),
    DescribeTask: iotAction(
      true, // settling moves tasks along: the new state is saved
      (ctx, raw) => describe(findTask(settled(ctx), new Params(raw).string("Id"))),
      RATE_LIMIT,
    ),
    DescribeTasks: iotAction(true, (ctx, raw) => {
      const store = settled(ctx);
      const p = new Params(raw);
      const offset = p.integer("Offset");
      const limit = p.integer("Limit");
      if (offset < 0) throw tencentErrors.invalidParameterValue("Offset must not be negative.");
      if (limit < 1 || limit > 250) throw tencentErrors.invalidParameterValue("Limit must be between 1 and 250.");
      const sorted = [...store.tasks].sort((a, b) => a.createTime - b.createTime || a.id.localeCompare(b.id));
      const page = sorted.slice(offset, offset + limit).map((t) => {
        const d = describe(t);
        return { Type: d.Type, Id: d.Id, ProductId: d.ProductId, Status: d.Status, CreateTime: d.CreateTime, UpdateTime: d.UpdateTime, RetCode: d.RetCode, ErrMsg: d.ErrMsg };
      });
      return { TotalCount: sorted.length, Tasks: page };
    }),
    CancelTask: iotAction(true, (ctx, raw) => {
      const store = settled(ctx);
      const task = findTask(store, new Params(raw).string("Id"));
      // "取消一个未被调度的任务": only a waiting task. A cancelled one answers the same (undocumented).
      if (task.status !== 1) throw tencentErrors.custom("FailedOperation.AsyncTaskAlreadyStarted", `Task ${task.id} has already started.`);
      task.status = 5;
      task.updateTime = seconds(ctx.now());
      return {};
    }),
  },
  control: {
    settle: (ctx) => {
      // Every bucket is seeded on first use; the default account's default region is shown from the start.
      bucketFor(ctx, ctx.defaultAccount, DEFAULT_SEED_REGION);
      for (const { value } of ctx.store.buckets("iotcloud")) settleStore(value as IotStore, seconds(ctx.now()));
    },
    routes: { "POST devices": seedDevices },
  },
};
