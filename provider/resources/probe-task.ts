import * as pulumi from "@pulumi/pulumi";
import type { Client as CatClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cat/v20180409/cat_client";
import type {
  CreateProbeTasksRequest,
  ProbeTask as ApiProbeTask,
  TaskResult,
  UpdateProbeTaskConfigurationListRequest,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/cat/v20180409/cat_models";
import { checkInputs, isPlainObject } from "../contract/check";
import { cronProblem } from "../contract/cron";
import { changedFields, diffInputs } from "../contract/diff";
import { pickInputs, refreshedState, type Contract, type CrossFieldRule, type Inputs, type OutputContract } from "../contract/fields";
import { canonicalJson, canonicalJsonObject } from "../contract/json";
import type { CreateResult } from "@pulumi/pulumi/dynamic";
import { initFailure, lifecycle, leanStackTraces, serveAsProvider, taskResourceArgs, type ResourceHandlers, type TaskResourceArgs } from "../dynamic";
import { CloudError, deleteIgnoringGone, isNotFound } from "../errors";
import { progress } from "../progress";
import { defaultRegion, REGION_MISSING } from "../settings";
import { batchedById } from "../transport/batched";
import { findListed, listingOf, listLengthFrom, type ListingSpec } from "../transport/listing";
import { createOnce } from "../transport/create-once";
import { sleep } from "../transport/rate-limit";
import { callTencent, type TencentApi, type TencentCallOptions } from "../transport/tencent";
import { tencentAccount } from "../credentials";

export { configure } from "../dynamic";

/*
 * ProbeTask: a Tencent Cloud CAT (云拨测) probe task on API 3.0 (cat 2018-04-09).
 * @API cat CreateProbeTasks                  create (a batch of one; not idempotent: reconciled by name, target and fingerprint)
 * @API cat DescribeProbeTasks                read (an account whose live tasks one page holds is listed whole, answering a refresh's other reads; a larger one by TaskIDs), waits (the TaskIDs of concurrent polls in one call), create reconciliation
 * @API cat UpdateProbeTaskAttributes         rename in place
 * @API cat UpdateProbeTaskConfigurationList  nodes, interval, parameters, cron, nodeIpType in place (a full replace)
 * @API cat SuspendProbeTask                  suspended: true
 * @API cat ResumeProbeTask                   suspended: false
 * @API cat DeleteProbeTask                   delete (asynchronous: 7 deleting → 9 deleted)
 */

/** The inputs of a {@link ProbeTask}. Names are the API's own, in lowerCamelCase. */
export interface ProbeTaskArgs {
  /** Task name (`BatchTasks[0].Name`); changes in place (UpdateProbeTaskAttributes). */
  name: pulumi.Input<string>;
  /** What is probed (`BatchTasks[0].TargetAddress`): a URL, domain, `host:port` or IP. Changing it replaces the task. */
  targetAddress: pulumi.Input<string>;
  /** `TaskType`: 1 page performance, 2 file upload, 3 file download, 4 port performance, 5 network quality, 6 audio/video, 7 domain whois. Changing it replaces the task. */
  taskType: pulumi.Input<1 | 2 | 3 | 4 | 5 | 6 | 7>;
  /** Probe node codes (`Nodes`), e.g. `["10001"]` (DescribeNodes lists them): at least one, no repeats. */
  nodes: pulumi.Input<pulumi.Input<string>[]>;
  /** Minutes between probes (`Interval`): 1, 5, 10, 15, 30, 60, 120 or 240. */
  interval: pulumi.Input<number>;
  /** Probe parameters (`Parameters`): an object, or a string holding a JSON object; sent and stored as canonical JSON text. Default `{}`. */
  parameters?: pulumi.Input<string | Record<string, unknown>>;
  /** `TaskCategory`: 1 PC (default), 2 mobile. Changing it replaces the task. */
  taskCategory?: pulumi.Input<1 | 2>;
  /** A 5-field cron expression limiting when the task probes (`Cron`), e.g. `* 0-5 * * *`. */
  cron?: pulumi.Input<string>;
  /** `NodeIpType`: 0 any (default), 1 IPv4, 2 IPv6. */
  nodeIpType?: pulumi.Input<0 | 1 | 2>;
  /** Resource tags (`Tag`), set at creation. The probe API cannot change them, so changing them replaces the task. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `true` suspends the task (SuspendProbeTask), `false` (default) keeps it running (ResumeProbeTask). */
  suspended?: pulumi.Input<boolean>;
  /** Region; defaults to the stack config `cloudtasks:region` or `TENCENTCLOUD_REGION`. Changing it replaces the task. */
  region?: pulumi.Input<string>;
  /**
   * Adopt an existing task (e.g. `task-n1wchki8`) instead of creating one: create updates it in place
   * to the declared name, nodes, interval, parameters, cron and run state. Its target, type, category
   * and tags must already be the declared ones (they cannot change in place). Changing it later points
   * the resource at another task (a replace).
   */
  taskId?: pulumi.Input<string>;
}

const TASK_TYPES = [1, 2, 3, 4, 5, 6, 7];
/** Minutes, as the Terraform anchor documents them. */
export const INTERVALS = [1, 5, 10, 15, 30, 60, 120, 240];
const notBlank = { regex: /\S/, rule: "must not be blank" };

/** The field contract: drives check, diff, refresh and the API mapping. */
export const contract: Contract<ProbeTaskArgs> = {
  name: { type: "string", apiName: "BatchTasks.0.Name", required: true, pattern: notBlank, doc: "Task name" },
  targetAddress: { type: "string", apiName: "BatchTasks.0.TargetAddress", required: true, replaceOnChange: true, pattern: notBlank, doc: "Probe target" },
  taskType: { type: "integer", apiName: "TaskType", required: true, replaceOnChange: true, oneOf: TASK_TYPES, doc: "1–7" },
  nodes: { type: "stringList", apiName: "Nodes", required: true, minItems: 1, uniqueItems: true, pattern: { regex: /^\S+$/, rule: "must be node codes such as 10001" }, doc: "Node codes" },
  interval: { type: "integer", apiName: "Interval", required: true, oneOf: INTERVALS, doc: "Minutes" },
  parameters: {
    type: "string",
    apiName: "Parameters",
    default: "{}",
    validate: (v) => {
      const parsed = canonicalJsonObject("parameters", v);
      return parsed.ok ? undefined : parsed.problem;
    },
    doc: "JSON object",
  },
  taskCategory: { type: "integer", apiName: "TaskCategory", replaceOnChange: true, oneOf: [1, 2], default: 1, doc: "1 PC, 2 mobile" },
  cron: {
    type: "string",
    apiName: "Cron",
    validate: (v) => {
      const problem = cronProblem(String(v));
      return problem ? `cron ${problem}` : undefined;
    },
    doc: "5-field cron expression",
  },
  nodeIpType: { type: "integer", apiName: "NodeIpType", oneOf: [0, 1, 2], default: 0, doc: "0 any, 1 IPv4, 2 IPv6" },
  tags: { type: "stringMap", apiName: "Tag", replaceOnChange: true, doc: "Tags" },
  suspended: { type: "boolean", default: false, doc: "Suspended" },
  region: { type: "string", required: true, replaceOnChange: true, defaultFrom: defaultRegion, missing: REGION_MISSING, doc: "Region" },
  // No apiName: it is the id every call addresses.
  taskId: {
    type: "string",
    pattern: { regex: /^task-[0-9a-z]+$/, rule: "must be a probe task id such as task-n1wchki8" },
    replaceOnChange: true,
    adoption: true,
    doc: "Adopt this existing task; as an output, the adopted or created task's id (e.g. `task-n1wchki8`), also the resource id",
  },
};

export const rules: readonly CrossFieldRule[] = [];

/** What the cloud reports beyond the echoed inputs (`taskId` is also an input: the task to adopt). */
export const outputs: OutputContract = {
  taskId: { type: "string", doc: "The task id, e.g. `task-n1wchki8`; also the resource id" },
  status: { type: "integer", doc: "1 creating, 2 running, 3 running error, 4 pausing, 5 pause error, 6 paused, 7 deleting, 8 delete error, 9 deleted, 10 cron task paused" },
  cronState: { type: "integer", doc: "1 the cron schedule is in effect, 2 it is not (the task was paused by hand)" },
  payMode: { type: "integer", doc: "1 trial, 2 paid" },
  orderState: { type: "integer", doc: "1 normal, 2 in arrears" },
  createdAt: { type: "string", doc: "Creation time, as the API reports it" },
};

const catApi: TencentApi<CatClient> = { service: "cat", version: "2018-04-09", loadClient: async () => (await import("tencentcloud-sdk-nodejs/tencentcloud/services/cat/v20180409/cat_client")).Client };
const RATE_LIMIT = 20;
const GONE_CODES = ["FailedOperation.ResourceNotFound"];
const PAGE_SIZE = 100;
const CREATE_WAIT_MS = 10 * 60_000;
const DELETE_WAIT_MS = 10 * 60_000;
const SETTLE_WAIT_MS = 5 * 60_000;
const PROGRESS_EVERY_MS = 30_000;

const STATUS_TEXT: Record<number, string> = {
  1: "creating",
  2: "running",
  3: "running error",
  4: "pausing",
  5: "pause error",
  6: "paused",
  7: "deleting",
  8: "delete error",
  9: "deleted",
  10: "cron task paused",
};
const statusText = (status: number | undefined) => `${status ?? "?"} (${STATUS_TEXT[status ?? 0] ?? "unknown"})`;
const isRunning = (status: number | undefined) => status === 2 || status === 10;
const isSuspended = (status: number | undefined) => status === 4 || status === 6;
/** Being deleted or deleted: for Pulumi the task no longer exists. */
const isGone = (status: number | undefined) => status === 7 || status === 9;

function cat<T>(action: string, region: string, send: (client: CatClient) => Promise<T>, options: Omit<TencentCallOptions<T>, "rateLimit" | "goneCodes">): Promise<T> {
  return callTencent(catApi, action, region, send, { rateLimit: RATE_LIMIT, goneCodes: GONE_CODES, ...options });
}

/** `parameters` as the one canonical string that is stored and sent (objects and strings alike). */
export function normalizeParameters(value: unknown): unknown {
  if (isPlainObject(value)) return canonicalJson(value);
  if (typeof value === "string") {
    const parsed = canonicalJsonObject("parameters", value);
    if (parsed.ok) return parsed.text;
  }
  return value;
}

function tagList(inputs: Inputs): Array<{ TagKey: string; TagValue: string }> | undefined {
  const tags = inputs.tags as Record<string, string> | undefined;
  return tags ? Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) : undefined;
}

export function createRequest(inputs: Inputs): CreateProbeTasksRequest {
  return {
    BatchTasks: [{ Name: String(inputs.name), TargetAddress: String(inputs.targetAddress) }],
    TaskType: Number(inputs.taskType),
    Nodes: inputs.nodes as string[],
    Interval: Number(inputs.interval),
    Parameters: String(inputs.parameters),
    TaskCategory: Number(inputs.taskCategory),
    Cron: typeof inputs.cron === "string" ? inputs.cron : undefined,
    NodeIpType: Number(inputs.nodeIpType),
    Tag: tagList(inputs),
  };
}

/** The configuration fields, all of them: UpdateProbeTaskConfigurationList replaces them as a set. */
export function configurationRequest(id: string, inputs: Inputs): UpdateProbeTaskConfigurationListRequest {
  return {
    TaskIds: [id],
    Nodes: inputs.nodes as string[],
    Interval: Number(inputs.interval),
    Parameters: String(inputs.parameters),
    // Sent even when unset: an empty Cron clears a schedule instead of keeping the old one.
    Cron: typeof inputs.cron === "string" ? inputs.cron : "",
    NodeIpType: Number(inputs.nodeIpType),
  };
}
const CONFIGURATION_FIELDS = ["nodes", "interval", "parameters", "cron", "nodeIpType"];

/** Probe tasks are read, and listed, per region and account. */
async function accountScope(region: string): Promise<string> {
  return `cat/${region}/${await tencentAccount()}`;
}

/** These tasks as DescribeProbeTasks' `TaskIDs` finds them (at most PAGE_SIZE ids). */
async function describeTasks(region: string, ids: string[]): Promise<Map<string, ApiProbeTask>> {
  const res = await cat("DescribeProbeTasks", region, (c) => c.DescribeProbeTasks({ TaskIDs: ids, Limit: PAGE_SIZE }), { idempotent: true });
  return new Map((res.TaskSet ?? []).filter((t) => t.TaskId !== undefined).map((t) => [t.TaskId as string, t]));
}

/** The task as the cloud reports it now, in one call with the other reads and polls asked for meanwhile. */
async function describeTask(region: string, id: string): Promise<ApiProbeTask | undefined> {
  return batchedById<ApiProbeTask>({ key: await accountScope(region), maxIds: PAGE_SIZE, call: (ids) => describeTasks(region, ids) }, id);
}

/** Every status but deleting (7) and deleted (9), which the cloud keeps listing for a while. */
const LIVE_STATUSES = Object.keys(STATUS_TEXT).map(Number).filter((status) => !isGone(status));

/**
 * A refresh's read: an account whose live tasks fit in one page is listed whole, so the one call
 * answers the refresh's other reads too (see transport/listing.ts); a larger one is read by
 * `TaskIDs`. A task the list leaves out is deleting or deleted: gone either way.
 */
async function readTask(region: string, id: string): Promise<ApiProbeTask | undefined> {
  const spec: ListingSpec<ApiProbeTask> = {
    key: await accountScope(region),
    pageSize: PAGE_SIZE,
    page: async (offset, limit) => {
      const page = await cat("DescribeProbeTasks", region, (c) => c.DescribeProbeTasks({ TaskStatus: LIVE_STATUSES, Offset: offset, Limit: limit }), { idempotent: true });
      const items = (page.TaskSet ?? []).filter((t) => t.TaskId !== undefined);
      return { items, total: listLengthFrom(page.Total, offset, items.length, limit) };
    },
    idOf: (t) => t.TaskId ?? "",
    lookUp: async (ids) => {
      const found = new Map<string, ApiProbeTask>();
      for (let i = 0; i < ids.length; i += PAGE_SIZE) for (const [key, task] of await describeTasks(region, ids.slice(i, i + PAGE_SIZE))) found.set(key, task);
      return found;
    },
  };
  return findListed(spec, id, { recentListing: true });
}

/** Runs a call that changes the task: what a listing showed of it no longer answers a read (see Listing.changing). */
async function changing<T>(region: string, id: string, run: () => Promise<T>): Promise<T> {
  return listingOf<ApiProbeTask>(await accountScope(region)).changing([id], run);
}

/** The probe tasks matching `filter` (name and target, or none: the whole account), all pages. */
async function listProbeTasks(region: string, filter: { TaskName?: string; TargetAddress?: string }): Promise<ApiProbeTask[]> {
  const tasks: ApiProbeTask[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await cat("DescribeProbeTasks", region, (c) => c.DescribeProbeTasks({ ...filter, Offset: offset, Limit: PAGE_SIZE }), {
      idempotent: true,
    });
    tasks.push(...(page.TaskSet ?? []));
    if ((page.TaskSet ?? []).length < PAGE_SIZE || tasks.length >= (page.Total ?? 0)) return tasks;
  }
}

/** The task carries exactly this configuration: name, target, type, category, nodes, interval, parameters. */
function sameFingerprint(task: ApiProbeTask, inputs: Inputs): boolean {
  const reported = canonicalJsonObject("parameters", task.Parameters ?? "");
  return (
    task.Name === inputs.name &&
    task.TargetAddress === inputs.targetAddress &&
    task.TaskType === inputs.taskType &&
    task.TaskCategory === inputs.taskCategory &&
    task.Interval === inputs.interval &&
    sameSet(task.Nodes ?? [], inputs.nodes) &&
    reported.ok &&
    reported.text === inputs.parameters
  );
}

/**
 * CreateProbeTasks is not idempotent and takes no client token; names need not be unique. After an
 * ambiguous failure the task this create made is found by {@link createOnce}: creates of one name
 * and target run one at a time in this process, and the one new task of that name and target
 * whose configuration matches what was sent (the fingerprint) is adopted; a failure nobody
 * answered is looked up for the settle window before the create is tried again, and several
 * candidates fail naming them. Nothing is created blindly.
 */
async function createTask(region: string, inputs: Inputs): Promise<string> {
  const name = String(inputs.name);
  const target = String(inputs.targetAddress);
  const body = createRequest(inputs);
  return createOnce<ApiProbeTask, string>({
    what: `probe task ${JSON.stringify(name)} in ${region}`,
    scope: `cat/${region}/${await tencentAccount()}`,
    name,
    listScope: () => listProbeTasks(region, {}),
    listCandidates: () => listProbeTasks(region, { TaskName: name, TargetAddress: target }),
    idOf: (t) => t.TaskId ?? "",
    nameOf: (t) => t.Name ?? "",
    matches: (t) => !isGone(t.Status) && sameFingerprint(t, inputs),
    create: (reconcile) =>
      cat(
        "CreateProbeTasks",
        region,
        async (c) => {
          const res = await c.CreateProbeTasks(body);
          const id = res.TaskIDs?.[0];
          if (!id) throw new Error("cat:CreateProbeTasks answered without a task id");
          return id;
        },
        { idempotent: false, reconcile },
      ),
  });
}

/**
 * Polls DescribeProbeTasks until `done` holds (or the task is gone, when `goneIsDone`), failing on
 * `failure`, bounded by `timeoutMs`, with a progress line on each change of status and every 30 s.
 */
const CLOSE_POLLING_MS = 10_000;

/** The clock's grid that polls snap to: waits started within one cell poll together. */
export const POLL_GRID_MS = 100;

/**
 * The pause until a poll due at `dueAt`: the first point of the clock's {@link POLL_GRID_MS} grid
 * at or after it (now, when that is past). Never before its due time, so a task made before its
 * wait started has had all the time the wait meant to give it.
 */
export function pauseUntilPoll(dueAt: number, now = Date.now()): number {
  return Math.max(0, Math.ceil(dueAt / POLL_GRID_MS) * POLL_GRID_MS - now);
}

/** The quickest each kind of wait (region and `what`) has settled in this process, and how many it has started. */
const quickestSettle = new Map<string, number>();
const waitsStarted = new Map<string, number>();

/** The latest a wait's first look may be, however slowly earlier waits settled. */
export const LATEST_FIRST_POLL_MS = 2_000;

/** One wait in this many of a kind looks a poll before the quickest it has settled: one engine wave's worth (8 at once). */
export const EARLIER_LOOK_EVERY = 8;

/**
 * When a wait's first look is due, after its start: at the quickest this kind of wait has settled
 * in this process (one poll sooner when `lookEarlier`), never sooner than one poll and never later
 * than LATEST_FIRST_POLL_MS. A stack's waits of one kind take about as long as each other, so most
 * settle on their first look: one poll per wait, shared by the waits of a wave. The occasional
 * earlier look follows a cloud that gets quicker down one poll at a time, and a process whose first
 * waits were slow still looks at its later ones early.
 */
export function firstPollAfter(pollMs: number, quickestSettleMs: number | undefined, lookEarlier = false): number {
  if (quickestSettleMs === undefined) return pollMs;
  return Math.min(LATEST_FIRST_POLL_MS, Math.max(pollMs, quickestSettleMs - (lookEarlier ? pollMs : 0)));
}

async function waitForStatus(
  region: string,
  id: string,
  what: string,
  wait: { done: (s: number | undefined) => boolean; failure?: (s: number | undefined) => string | undefined; goneIsDone?: boolean; timeoutMs: number },
): Promise<ApiProbeTask | undefined> {
  const started = Date.now();
  let delayMs = 500;
  let lastStatus: number | undefined;
  let lastLog = started;
  // Polls are due every delayMs from the wait's own start, snapped to the grid, so the polls of
  // waits started together (a wave of creates) share one call (describeTask). Not on the clock's
  // own ticks: a wave started just after a tick, whose tasks settle in whole seconds, would always
  // look just too early and wait a whole tick more. A task just created or deleted is still in its
  // transient status, so the first look waits too.
  const kind = `${region}/${what}`;
  const ordinal = (waitsStarted.get(kind) ?? 0) + 1;
  waitsStarted.set(kind, ordinal);
  let dueAt = started + firstPollAfter(delayMs, quickestSettle.get(kind), ordinal % EARLIER_LOOK_EVERY === 0);
  // Measured to the poll's due time, not its answer: the grid's snap and the call's latency would
  // otherwise push every later wait's schedule a little later.
  const settled = () => quickestSettle.set(kind, Math.min(quickestSettle.get(kind) ?? Infinity, dueAt - started));
  await sleep(pauseUntilPoll(dueAt));
  for (;;) {
    const task = await describeTask(region, id);
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (!task || (wait.goneIsDone && task.Status === 9)) {
      if (!wait.goneIsDone) throw new Error(`probe task ${id}: disappeared while ${what}`);
      settled();
      return undefined;
    }
    if (wait.done(task.Status)) {
      settled();
      return task;
    }
    const failure = wait.failure?.(task.Status);
    if (failure) throw new Error(`probe task ${id} ("${task.Name}"): ${failure}`);
    if (task.Status !== lastStatus || Date.now() - lastLog >= PROGRESS_EVERY_MS) {
      progress.write(`cloudtasks: probe task ${id}: ${what}, status ${statusText(task.Status)}, ${elapsed}s of at most ${wait.timeoutMs / 1000}s`);
      lastStatus = task.Status;
      lastLog = Date.now();
    }
    const left = started + wait.timeoutMs - Date.now();
    if (left <= 0) throw new Error(`probe task ${id} ("${task.Name}"): gave up ${what} after ${wait.timeoutMs / 1000}s, status ${statusText(task.Status)}`);
    // The first seconds, when a task usually settles, are polled closely; a long wait backs off.
    if (Date.now() - started >= CLOSE_POLLING_MS) delayMs = Math.min(Math.round(delayMs * 1.5), 5_000);
    // A poll answered late (a slow or throttled call) puts the next one at least half a delay away.
    dueAt = Math.max(dueAt + delayMs, Date.now() + delayMs / 2);
    await sleep(Math.min(pauseUntilPoll(dueAt), left));
  }
}

function waitUntilRunning(region: string, id: string, what: string): Promise<ApiProbeTask | undefined> {
  return waitForStatus(region, id, what, {
    done: isRunning,
    failure: (s) =>
      s === 3 ? "the cloud reports status 3 (running error): check targetAddress, nodes and parameters" : s === 6 ? "it was suspended while starting" : undefined,
    timeoutMs: CREATE_WAIT_MS,
  });
}

/** A batch-of-one answer whose `Results` reports a failure is an error, though the call succeeded. */
function assertBatchSucceeded(action: string, id: string, res: { Results?: TaskResult[]; RequestId?: string }): void {
  const failed = (res.Results ?? []).find((r) => r.TaskId === id && r.Success === false);
  if (!failed) return;
  const code = /^([A-Za-z]+(?:\.[A-Za-z]+)*):/.exec(failed.ErrorMessage ?? "")?.[1];
  throw new CloudError({ cloud: "tencent", service: "cat", action, kind: "client", code, message: failed.ErrorMessage || `task ${id} failed`, requestId: res.RequestId });
}

/**
 * Suspends or resumes the task, then waits until it is there. A repeat after an ambiguous failure
 * would report "not running"/"not suspended": the status tells whether the first attempt took.
 */
async function setSuspended(region: string, id: string, suspend: boolean): Promise<void> {
  const action = suspend ? "SuspendProbeTask" : "ResumeProbeTask";
  const reached = suspend ? isSuspended : isRunning;
  const reconcile = async () => (reached((await describeTask(region, id))?.Status) ? true : undefined);
  await changing(region, id, () =>
    cat(
      action,
      region,
      async (c) => {
        const res = suspend ? await c.SuspendProbeTask({ TaskIds: [id] }) : await c.ResumeProbeTask({ TaskIds: [id] });
        assertBatchSucceeded(action, id, res);
        return true;
      },
      { idempotent: false, reconcile },
    ),
  );
  progress.write(`cloudtasks: probe task ${id}: ${suspend ? "suspending" : "resuming"}`);
  if (suspend) await waitForStatus(region, id, "suspending", { done: (s) => s === 6, failure: (s) => (s === 5 ? "status 5 (pause error)" : undefined), timeoutMs: SETTLE_WAIT_MS });
  else await waitUntilRunning(region, id, "resuming");
}

/** The outputs: the inputs echoed (so diff sees them) plus what the API reports. */
function outputsFrom(inputs: Inputs, id: string, task: ApiProbeTask | undefined): Inputs {
  return {
    ...pickInputs(contract, inputs),
    taskId: id,
    status: task?.Status,
    cronState: task?.CronState ?? undefined,
    payMode: task?.PayMode,
    orderState: task?.OrderState,
    createdAt: task?.CreatedAt,
  };
}

function sameSet(a: readonly unknown[], b: unknown): boolean {
  return Array.isArray(b) && a.length === b.length && a.every((x) => b.includes(x));
}

/** Folds what DescribeProbeTasks reports into the state; the user's spelling wins where the meaning is the same. */
export function applyDrift(state: Inputs, task: ApiProbeTask): Inputs {
  const next = outputsFrom(state, String(task.TaskId), task);
  if (task.Name !== undefined) next.name = task.Name;
  if (task.TargetAddress !== undefined) next.targetAddress = task.TargetAddress;
  if (task.TaskType !== undefined) next.taskType = task.TaskType;
  if (task.TaskCategory !== undefined) next.taskCategory = task.TaskCategory;
  if (task.Interval !== undefined) next.interval = task.Interval;
  if (task.NodeIpType !== undefined && task.NodeIpType !== null) next.nodeIpType = task.NodeIpType;
  if (Array.isArray(task.Nodes)) next.nodes = sameSet(task.Nodes, state.nodes) ? state.nodes : task.Nodes;
  if (typeof task.Parameters === "string") next.parameters = normalizeParameters(task.Parameters);
  next.cron = task.Cron ? task.Cron : undefined;
  if (Array.isArray(task.TagInfoList)) {
    const tags = Object.fromEntries(task.TagInfoList.map((t) => [t.Key, t.Value]));
    next.tags = Object.keys(tags).length === 0 && state.tags === undefined ? undefined : tags;
  }
  next.suspended = isSuspended(task.Status);
  return next;
}

function goneError(id: string, region: string): Error {
  return new Error(`probe task ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
}

/**
 * Adoption: the task must exist with the declared target, type, category, tags and region (a
 * change there would replace it); everything else is then updated in place, as an update would.
 */
async function adoptTask(inputs: Inputs): Promise<CreateResult<Inputs>> {
  const id = String(inputs.taskId);
  const region = String(inputs.region);
  const found = await own.read(id, { region });
  if (!found.id || !found.props) throw new Error(`probe task ${id} (taskId) does not exist in ${region}: remove taskId to create a new task`);
  const fixed = changedFields(contract, found.props, inputs).filter((k) => k !== "taskId" && contract[k as keyof ProbeTaskArgs].replaceOnChange);
  if (fixed.length > 0) {
    throw new Error(`probe task ${id} (taskId) differs in ${fixed.join(", ")}, which cannot change in place: declare the task's own values, or remove taskId to create a new task`);
  }
  const { outs } = await own.update(id, found.props, inputs);
  return { id, outs };
}

const own: ResourceHandlers = {
  async check(_olds, news) {
    const inputs = { ...news };
    if (inputs.parameters !== undefined && inputs.parameters !== null) inputs.parameters = normalizeParameters(inputs.parameters);
    return checkInputs(contract, rules, inputs);
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    if (inputs.taskId !== undefined) return adoptTask(inputs);
    const region = String(inputs.region);
    const id = await createTask(region, inputs);
    progress.write(`cloudtasks: probe task ${id} ("${String(inputs.name)}") created; waiting for it to run`);
    let task: ApiProbeTask | undefined;
    try {
      task = await waitUntilRunning(region, id, "starting");
      if (inputs.suspended === true) {
        await setSuspended(region, id, true);
        task = await describeTask(region, id);
      }
    } catch (error) {
      // The task exists: keep it in state (as not yet suspended), so the next up continues with it.
      throw initFailure(id, { ...outputsFrom(inputs, id, task), suspended: isSuspended(task?.Status) }, inputs, error);
    }
    return { id, outs: outputsFrom(inputs, id, task) };
  },

  async read(id, props) {
    const task = await readTask(String(props.region), id);
    if (!task || isGone(task.Status)) return {};
    const state = applyDrift(props, task);
    return refreshedState(contract, id, state);
  },

  async update(id, olds, news) {
    const region = String(news.region);
    const changed = new Set(changedFields(contract, olds, news));
    let task = await describeTask(region, id);
    if (!task || isGone(task.Status)) throw goneError(id, region);
    // A task still starting or pausing refuses changes: let it settle first.
    if (task.Status === 1 || task.Status === 4) {
      task = await waitForStatus(region, id, "settling before the update", { done: (s) => s !== 1 && s !== 4, timeoutMs: SETTLE_WAIT_MS });
    }
    try {
      if (changed.has("name")) {
        await changing(region, id, () => cat("UpdateProbeTaskAttributes", region, (c) => c.UpdateProbeTaskAttributes({ TaskId: id, Name: String(news.name) }), { idempotent: true }));
      }
      if (CONFIGURATION_FIELDS.some((f) => changed.has(f))) {
        const body = configurationRequest(id, news);
        await changing(region, id, () => cat("UpdateProbeTaskConfigurationList", region, (c) => c.UpdateProbeTaskConfigurationList(body), { idempotent: true }));
      }
    } catch (error) {
      if (isNotFound(error)) throw goneError(id, region);
      throw error;
    }
    // Declarative: compared with the task's actual status, so a suspend or resume made by hand converges too.
    const wantSuspended = news.suspended === true;
    if (wantSuspended !== isSuspended(task?.Status)) await setSuspended(region, id, wantSuspended);
    const after = await describeTask(region, id);
    if (after?.Status === 3) progress.write(`cloudtasks: warning: probe task ${id} ("${after.Name}") reports status 3 (running error)`);
    return { outs: outputsFrom(news, id, after) };
  },

  async delete(id, props) {
    const region = String(props.region);
    await deleteIgnoringGone(() =>
      changing(region, id, () =>
        cat(
          "DeleteProbeTask",
          region,
          async (c) => {
            const res = await c.DeleteProbeTask({ TaskIds: [id] });
            assertBatchSucceeded("DeleteProbeTask", id, res);
          },
          { idempotent: true },
        ),
      ),
    );
    await waitForStatus(region, id, "deleting", {
      done: () => false,
      goneIsDone: true,
      failure: (s) => (s === 8 ? "the cloud reports status 8 (delete error); run `pulumi destroy` again to retry" : undefined),
      timeoutMs: DELETE_WAIT_MS,
    });
  },
};

export const handlers = lifecycle(own, { cloud: "tencent" });

// The provider the stored text loads is this module itself (its exports are complete here).
serveAsProvider(module);

/**
 * A Tencent Cloud CAT probe task on today's API 3.0: `targetAddress` probed as `taskType` every
 * `interval` minutes from the `nodes`, with `parameters` as the probe's JSON configuration.
 *
 * ```ts
 * new ProbeTask("homepage", { name: "homepage", targetAddress: "https://www.example.com",
 *   taskType: 1, nodes: ["10001", "10002"], interval: 5, parameters: { ipType: 0 } });
 * ```
 */
export class ProbeTask extends pulumi.CustomResource {
  /** Task name. */
  declare readonly name: pulumi.Output<string>;
  /** What is probed. */
  declare readonly targetAddress: pulumi.Output<string>;
  /** 1 page performance, 2 file upload, 3 file download, 4 port performance, 5 network quality, 6 audio/video, 7 domain whois. */
  declare readonly taskType: pulumi.Output<number>;
  /** Probe node codes. */
  declare readonly nodes: pulumi.Output<string[]>;
  /** Minutes between probes. */
  declare readonly interval: pulumi.Output<number>;
  /** The probe parameters, as canonical JSON text. */
  declare readonly parameters: pulumi.Output<string>;
  /** 1 PC, 2 mobile. */
  declare readonly taskCategory: pulumi.Output<number>;
  /** The cron schedule, if any. */
  declare readonly cron: pulumi.Output<string | undefined>;
  /** 0 any, 1 IPv4, 2 IPv6. */
  declare readonly nodeIpType: pulumi.Output<number>;
  /** Resource tags. */
  declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** Whether the task is suspended. */
  declare readonly suspended: pulumi.Output<boolean>;
  /** The task's region. */
  declare readonly region: pulumi.Output<string>;
  /** The task id, e.g. `task-n1wchki8`; also the resource id. */
  declare readonly taskId: pulumi.Output<string>;
  /** 1 creating, 2 running, 3 running error, 4 pausing, 5 pause error, 6 paused, 7 deleting, 8 delete error, 9 deleted, 10 cron task paused. */
  declare readonly status: pulumi.Output<number>;
  /** 1 the cron schedule is in effect, 2 it is not. */
  declare readonly cronState: pulumi.Output<number | undefined>;
  /** 1 trial, 2 paid. */
  declare readonly payMode: pulumi.Output<number>;
  /** 1 normal, 2 in arrears. */
  declare readonly orderState: pulumi.Output<number>;
  /** Creation time. */
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ProbeTaskArgs & TaskResourceArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = leanStackTraces();
    try {
      super(...taskResourceArgs("probe-task", name, args, opts, "ProbeTask", contract, outputs));
    } finally {
      restoreStackTraces();
    }
  }
}
