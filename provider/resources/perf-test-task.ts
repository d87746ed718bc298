import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../contract/check";
import { changedFields, diffInputs } from "../contract/diff";
import { containsUnknown, INT32_MAX, pickInputs, toApiFields, type Contract, type CrossFieldRule, type Inputs, type OutputContract } from "../contract/fields";
import { dynamicProvider, initFailure, lifecycle, TaskResource, type TaskResourceArgs } from "../dynamic";
import { CloudError, deleteIgnoringGone, isNotFound } from "../errors";
import { progress } from "../progress";
import { defaultHuaweiRegion, HUAWEI_REGION_MISSING, huaweiCredentials } from "../settings";
import { createOnce, lookUntil, settleWindowMs } from "../transport/create-once";
import { callHuawei, type HuaweiApi, type HuaweiCallOptions, type HuaweiRequest, type HuaweiResponse } from "../transport/huawei";
import { sleep } from "../transport/rate-limit";

export { configure } from "../dynamic";

/*
 * PerfTestTask: a Huawei Cloud CodeArts PerfTest (CPTS) task, with its run state.
 * @API CPTS POST   /v3/{project_id}/tasks                     create (CreateNewTask)
 * @API CPTS PUT    /v3/{project_id}/tasks/{task_id}           update name, parallel, mode and cases, and adoption by taskId (UpdateTaskRelatedTestCase)
 * @API CPTS DELETE /v3/{project_id}/tasks/{task_id}           delete (DeleteNewTask)
 * @API CPTS GET    /v1/{project_id}/tasks/{task_id}           read (ShowTask: the only single-task GET; key `taskInfo`)
 * @API CPTS POST   /v1/{project_id}/test-suites/{test_suite_id}/tasks/{task_id}   start (status 9) / stop (status 2) (UpdateTaskStatus)
 * @API CPTS GET    /v1/{project_id}/all-tasks/{test_suite_id} after an ambiguous create, find what it made (ShowTaskSet)
 * `{project_id}` in every path is the IAM project id (settings); the body's `project_id` is the CPTS test project.
 */

export type RunState = "started" | "stopped";
export type ClusterType = "shared-cluster-internet" | "private-cluster";

/** The inputs of a {@link PerfTestTask}. API fields keep the API's names in lowerCamelCase. */
export interface PerfTestTaskArgs {
  /** Task name (`name`): 1 to 42 characters, no leading or trailing spaces. */
  name: pulumi.Input<string>;
  /** Run the cases concurrently (`parallel`); default false (one after another). */
  parallel?: pulumi.Input<boolean>;
  /** Full-link pressure test (`enable_full_link`). Set at creation only: changing it replaces the task. */
  enableFullLink?: pulumi.Input<boolean>;
  /** The CPTS test project (`project_id`, an integer; not the IAM project id). Changing it replaces the task. */
  projectId: pulumi.Input<number>;
  /** `operate_mode`: 0 by duration, 1 by count, 2 both. The API asks for 2, the default. */
  operateMode?: pulumi.Input<0 | 1 | 2>;
  /** Ids of the test project's cases to run (`case_id_list`): at least one, no repeats. */
  caseIdList: pulumi.Input<pulumi.Input<number>[]>;
  /** Region, e.g. `cn-north-4`; defaults to the stack config `cloudtasks:huaweiRegion` or `HUAWEICLOUD_SDK_REGION`. Changing it replaces the task. */
  region?: pulumi.Input<string>;
  /**
   * `"started"` starts a run when the task is created with it or when it changes to it; `"stopped"`
   * (the default) stops a run in progress when it changes to it. A run that ends by itself leaves
   * this as it is: to run again, set `"stopped"`, then `"started"`.
   */
  run?: pulumi.Input<RunState>;
  /** Resource group of a run: 0 (default) is the shared group; a private group's id selects `private-cluster`. */
  clusterId?: pulumi.Input<number>;
  /** `shared-cluster-internet` (clusterId 0) or `private-cluster`; derived from `clusterId` when unset. */
  clusterType?: pulumi.Input<ClusterType>;
  /** After starting a run, wait for it to finish (logging progress), at most `waitTimeoutSeconds`. */
  waitForRun?: pulumi.Input<boolean>;
  /** Bound of the wait, in seconds (default 1800). Only with `waitForRun`. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Adopt an existing task of `projectId` instead of creating one: create updates the task with this
   * id in place to the declared name, mode and cases. Changing it later points the resource at another task (a replace).
   */
  taskId?: pulumi.Input<number>;
}

const REGION = /^[a-z]{2}-[a-z]+-\d{1,2}$/;

/** The field contract: drives check, diff, refresh and the API mapping. Ordered as the API's create body. */
export const contract: Contract<PerfTestTaskArgs> = {
  name: {
    type: "string",
    apiName: "name",
    required: true,
    maxLength: 42, // Terraform's CPTS docs: at most 42 characters
    pattern: { regex: /^\S(?:[\s\S]*\S)?$/, rule: "must not be blank or start or end with whitespace" },
    doc: "Task name",
  },
  parallel: { type: "boolean", apiName: "parallel", default: false, doc: "Run cases concurrently" },
  enableFullLink: { type: "boolean", apiName: "enable_full_link", replaceOnChange: true, writeOnly: true, doc: "Full-link pressure test" },
  projectId: { type: "integer", apiName: "project_id", required: true, min: 1, max: INT32_MAX, replaceOnChange: true, doc: "CPTS test project" },
  operateMode: { type: "integer", apiName: "operate_mode", oneOf: [0, 1, 2], default: 2, doc: "0 duration, 1 count, 2 both" },
  caseIdList: { type: "integerList", apiName: "case_id_list", required: true, min: 1, max: INT32_MAX, minItems: 1, uniqueItems: true, doc: "Case ids" },
  region: {
    type: "string",
    required: true,
    replaceOnChange: true,
    writeOnly: true,
    pattern: { regex: REGION, rule: "must be a Huawei Cloud region id such as cn-north-4" },
    defaultFrom: defaultHuaweiRegion,
    missing: HUAWEI_REGION_MISSING,
    doc: "Region",
  },
  run: { type: "string", oneOf: ["started", "stopped"], default: "stopped", writeOnly: true, doc: "Run state" },
  clusterId: { type: "integer", min: 0, max: INT32_MAX, default: 0, writeOnly: true, doc: "Resource group id" },
  clusterType: { type: "string", oneOf: ["shared-cluster-internet", "private-cluster"], writeOnly: true, doc: "Resource group type" },
  waitForRun: { type: "boolean", default: false, writeOnly: true, doc: "Wait for a started run to finish" },
  waitTimeoutSeconds: { type: "integer", min: 1, max: 86_400, writeOnly: true, doc: "Wait bound" },
  // No apiName: it is the id every call addresses, never a field of the create body.
  taskId: {
    type: "integer",
    min: 1,
    replaceOnChange: true,
    adoption: true,
    doc: "Adopt this existing task; as an output, the adopted or created task's id (`task_id`), also the resource id",
  },
};

/** What the outputs add to the echoed inputs (`taskId` is both: the adopted or created task's id). */
export const outputs: OutputContract = {
  runStatus: {
    type: "integer",
    doc: "`run_status` when last read: 9 waiting to run, 0 running, 1 paused, 2 ended (also a task never run), 3 aborted abnormally, 4 stopped by the user, 5 stopping",
  },
  latestRunId: { type: "integer", doc: "The latest run's id (`task_run_id`, the report id)" },
  createTime: { type: "string", doc: "When the task was created, as the API reports it" },
  updateTime: { type: "string", doc: "When the task was last updated, as the API reports it" },
  benchConcurrent: { type: "integer", doc: "`bench_concurrent` as ShowTask reports it" },
  description: { type: "string", doc: "The task description the API reports" },
};

export const rules: readonly CrossFieldRule[] = [
  {
    property: "clusterId",
    reads: ["clusterType", "clusterId"],
    check: (i) => (i.clusterType === "private-cluster" && i.clusterId === 0 ? "clusterId must name the private resource group when clusterType is private-cluster" : undefined),
  },
  {
    property: "clusterId",
    reads: ["clusterType", "clusterId"],
    check: (i) =>
      i.clusterType === "shared-cluster-internet" && i.clusterId !== 0 ? "clusterId must be 0 (or unset) for the shared resource group (shared-cluster-internet)" : undefined,
  },
  {
    property: "waitForRun",
    reads: ["waitForRun", "run"],
    check: (i) => (i.waitForRun === true && i.run !== "started" ? 'waitForRun needs run: "started"' : undefined),
  },
  {
    property: "waitTimeoutSeconds",
    reads: ["waitTimeoutSeconds", "waitForRun"],
    check: (i) => (i.waitTimeoutSeconds !== undefined && i.waitForRun !== true ? "waitTimeoutSeconds is only used with waitForRun: true" : undefined),
  },
];

const cptsApi: HuaweiApi = { service: "cpts", goneCodes: ["SVCSTG.CPTS.4032002"] };
/**
 * No CPTS limit is documented; APIG's default is 200 requests/second per API (reference §1.10), so
 * pace at that and let the retry policy absorb an APIGW.0308 should CPTS's own limit be lower.
 */
const RATE_LIMIT = 200;
const PAGE_SIZE = 100;
const DEFAULT_WAIT_SECONDS = 1800;
/** How long delete (and a start after a stop) waits for a stopping run to let go of the task. */
const STOP_WAIT_SECONDS = 600;
const PROGRESS_EVERY_MS = 30_000;
/** The fields the v3 update takes (enable_full_link is not among them). */
const UPDATABLE = ["name", "parallel", "operateMode", "caseIdList"];

/** `run_status` (reference §1.4). */
export const RUN_STATUS_TEXT: Readonly<Record<number, string>> = {
  9: "waiting to run",
  0: "running",
  1: "paused",
  2: "ended",
  3: "aborted abnormally",
  4: "stopped",
  5: "stopping",
};
/** A stop applies to these. */
const ACTIVE = new Set([9, 0, 1]);
/** A run holds the task in these: no new run, no delete. */
const BUSY = new Set([9, 0, 1, 5]);

/** ShowTask's `taskInfo`, the fields used. */
interface TaskInfo {
  name?: string;
  parallel?: boolean;
  project_id?: number;
  operate_mode?: number;
  run_status?: number;
  case_list?: Array<{ case_id?: number; name?: string }>;
  related_temp_running_data?: Array<{ task_run_info_id?: number }>;
  create_time?: string;
  update_time?: string;
  description?: string;
  bench_concurrent?: number;
}

function cpts<T>(action: string, region: string, request: HuaweiRequest, parse: (res: HuaweiResponse) => T, options: Omit<HuaweiCallOptions<T>, "rateLimit">): Promise<T> {
  return callHuawei(cptsApi, action, region, request, parse, { rateLimit: RATE_LIMIT, ...options });
}

const taskId = (id: string) => Number(id);
const isInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

const report = (message: string): void => progress.write(message);

function createBody(inputs: Inputs): Record<string, unknown> {
  return toApiFields(contract, inputs);
}

function updateBody(inputs: Inputs): Record<string, unknown> {
  const body = toApiFields(contract, inputs);
  delete body.enable_full_link; // set at creation only
  return body;
}

/**
 * UpdateTaskStatus bodies. Start as documented (`without_package` 0; the shared group with
 * `network_type` internet, a private group as Terraform sends it); stop as Terraform sends it.
 */
export function runBody(status: 9 | 2, inputs: Inputs): Record<string, unknown> {
  if (status === 2) return { cluster_id: -1, cluster_type: "shared-cluster-internet", without_package: 0, network_info: {}, status: 2 };
  const privateCluster = inputs.clusterType === "private-cluster";
  return {
    cluster_id: privateCluster ? inputs.clusterId : 0,
    cluster_type: privateCluster ? "private-cluster" : "shared-cluster-internet",
    without_package: 0,
    network_info: privateCluster ? {} : { network_type: "internet" },
    status: 9,
  };
}

async function showTask(region: string, id: number): Promise<TaskInfo> {
  return cpts(
    "ShowTask",
    region,
    { method: "GET", path: "/v1/{project_id}/tasks/{task_id}", pathParams: { task_id: id }, ok: [200] },
    (res) => {
      const info = res.body.taskInfo;
      if (typeof info !== "object" || info === null) throw new Error(`cpts:ShowTask answered without taskInfo for task ${id}`);
      return info as TaskInfo;
    },
    { idempotent: true },
  );
}

/** Every task of the test project: id and name, all pages. */
async function listTasks(region: string, projectId: number): Promise<Array<{ id: number; name: string }>> {
  const tasks: Array<{ id: number; name: string }> = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await cpts(
      "ShowTaskSet",
      region,
      { method: "GET", path: "/v1/{project_id}/all-tasks/{test_suite_id}", pathParams: { test_suite_id: projectId }, query: { offset, limit: PAGE_SIZE }, ok: [200] },
      (res) => (Array.isArray(res.body.tasks) ? (res.body.tasks as Array<Record<string, unknown>>) : []),
      { idempotent: true },
    );
    const fresh = page.filter((t) => isInteger(t.id) && !tasks.some((k) => k.id === t.id)).map((t) => ({ id: t.id as number, name: String(t.name ?? "") }));
    tasks.push(...fresh);
    // A short page ends the list; so does one with nothing new (guards against an offset the API reads as a page number).
    if (page.length < PAGE_SIZE || fresh.length === 0) return tasks;
  }
}

/** Whether ShowTask's record of a task carries every field of the create body it reports. */
export function matchesInputs(info: TaskInfo, inputs: Inputs): boolean {
  const cases = (info.case_list ?? []).map((c) => c.case_id).filter(isInteger);
  return (
    info.name === inputs.name &&
    (info.parallel ?? false) === inputs.parallel &&
    (info.project_id === undefined || info.project_id === inputs.projectId) &&
    (info.operate_mode === undefined || info.operate_mode === inputs.operateMode) &&
    Array.isArray(inputs.caseIdList) &&
    sameSet(cases, inputs.caseIdList)
  );
}

/**
 * CreateNewTask is not idempotent, takes no client token, and CPTS names need not be unique.
 * After an ambiguous failure the task this create made is found by {@link createOnce}: the one new
 * task of this name in the test project (same-name creates in this process run one at a time)
 * whose ShowTask record matches every field sent.
 */
function createTask(region: string, inputs: Inputs): Promise<number> {
  const name = String(inputs.name);
  const projectId = Number(inputs.projectId);
  const { ak, projectId: iamProject } = huaweiCredentials();
  return createOnce<{ id: number; name: string }>({
    what: `perf test task ${JSON.stringify(name)} in test project ${projectId}`,
    scope: `cpts/${region}/${ak}/${iamProject}/${projectId}`,
    name,
    listScope: () => listTasks(region, projectId),
    idOf: (t) => t.id,
    nameOf: (t) => t.name,
    matches: async (t) => {
      try {
        return matchesInputs(await showTask(region, t.id), inputs);
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    create: (reconcile) =>
      cpts(
        "CreateNewTask",
        region,
        { method: "POST", path: "/v3/{project_id}/tasks", body: createBody(inputs), ok: [201] },
        (res) => {
          if (!isInteger(res.body.task_id)) throw new Error("cpts:CreateNewTask answered without a task_id");
          return res.body.task_id;
        },
        { idempotent: false, reconcile },
      ),
  });
}

/** The v3 update: a full replace of the updatable fields, so repeating it is safe. */
async function updateTask(region: string, id: number, inputs: Inputs): Promise<void> {
  await cpts(
    "UpdateTaskRelatedTestCase",
    region,
    { method: "PUT", path: "/v3/{project_id}/tasks/{task_id}", pathParams: { task_id: id }, body: updateBody(inputs), ok: [200] },
    () => undefined,
    { idempotent: true },
  );
}

/** Adoption: the task must exist in the declared test project; it is then updated to the declared fields. */
async function adoptTask(region: string, id: number, inputs: Inputs): Promise<number> {
  let info: TaskInfo;
  try {
    info = await showTask(region, id);
  } catch (error) {
    if (isNotFound(error)) throw new Error(`perf test task ${id} (taskId) does not exist in ${region}: remove taskId to create a new task`);
    throw error;
  }
  if (isInteger(info.project_id) && info.project_id !== inputs.projectId) {
    throw new Error(`perf test task ${id} (taskId) belongs to CPTS test project ${info.project_id}, not projectId ${String(inputs.projectId)}`);
  }
  await updateTask(region, id, inputs);
  return id;
}

function latestRunIdOf(info: TaskInfo): number | undefined {
  const ids = (info.related_temp_running_data ?? []).map((r) => r.task_run_info_id).filter(isInteger);
  return ids.length ? Math.max(...ids) : undefined;
}

const statusText = (status: number | undefined) => (status === undefined ? "unknown" : (RUN_STATUS_TEXT[status] ?? `status ${status}`));

class WaitTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WaitTimeout";
  }
}

/**
 * Polls ShowTask while `busy(run_status)` holds, at most `timeoutSeconds`, logging each change of
 * status and a heartbeat every 30 s. Returns the first task info that is no longer busy.
 */
async function waitWhile(region: string, id: number, busy: (status: number | undefined) => boolean, timeoutSeconds: number, what: string): Promise<TaskInfo> {
  const started = Date.now();
  let delayMs = 500;
  let lastStatus: number | undefined;
  let lastLog = started;
  for (;;) {
    const info = await showTask(region, id);
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (!busy(info.run_status)) {
      report(`perf test task ${id}: ${what}: done, run status ${info.run_status} (${statusText(info.run_status)}) after ${elapsed}s`);
      return info;
    }
    if (info.run_status !== lastStatus || Date.now() - lastLog >= PROGRESS_EVERY_MS) {
      report(`perf test task ${id}: ${what}, run status ${info.run_status} (${statusText(info.run_status)}), ${elapsed}s of at most ${timeoutSeconds}s`);
      lastStatus = info.run_status;
      lastLog = Date.now();
    }
    const left = started + timeoutSeconds * 1000 - Date.now();
    if (left <= 0) {
      throw new WaitTimeout(
        `perf test task ${id}: gave up ${what} after ${timeoutSeconds}s (run status ${info.run_status}, ${statusText(info.run_status)}); the run goes on in the cloud`,
      );
    }
    await sleep(Math.min(delayMs, left));
    delayMs = Math.min(delayMs * 2, 10_000);
  }
}

/**
 * Starts a run unless one is already going (started out of band, or by an attempt whose answer was
 * lost): that one is adopted. Not idempotent (a repeat would start a second run), so an ambiguous
 * failure is reconciled against the task's status instead of being repeated blindly.
 */
async function startRun(region: string, id: number, inputs: Inputs): Promise<number | undefined> {
  const info = await showTask(region, id);
  if (ACTIVE.has(info.run_status ?? -1)) return latestRunIdOf(info);
  if (info.run_status === 5) await waitWhile(region, id, (s) => s === 5, STOP_WAIT_SECONDS, "waiting for the previous run to stop");
  const runBefore = latestRunIdOf(info);
  // Started is what the cloud records: a run in progress, or a newer run than before (one that already ended).
  const reconcile = (failure: CloudError): Promise<number | undefined> =>
    lookUntil(async () => {
      const now = await showTask(region, id);
      const latest = latestRunIdOf(now);
      return ACTIVE.has(now.run_status ?? -1) || latest !== runBefore ? (latest ?? 0) : undefined;
    }, Date.now() + (failure.answered ? 0 : settleWindowMs()));
  const runId = await cpts(
    "UpdateTaskStatus",
    region,
    {
      method: "POST",
      path: "/v1/{project_id}/test-suites/{test_suite_id}/tasks/{task_id}",
      pathParams: { test_suite_id: Number(inputs.projectId), task_id: id },
      body: runBody(9, inputs),
      ok: [200],
    },
    (res) => {
      const result = res.body.result as { task_run_id?: unknown } | undefined;
      return isInteger(result?.task_run_id) ? result.task_run_id : 0;
    },
    { idempotent: false, reconcile },
  );
  report(`perf test task ${id}: started run ${runId}`);
  return runId || undefined;
}

/** Stops the run in progress, if any. Stopping twice is harmless, so the call retries freely. */
async function stopRun(region: string, id: number, projectId: number, info: TaskInfo): Promise<void> {
  if (!ACTIVE.has(info.run_status ?? -1)) return;
  await cpts(
    "UpdateTaskStatus",
    region,
    {
      method: "POST",
      path: "/v1/{project_id}/test-suites/{test_suite_id}/tasks/{task_id}",
      pathParams: { test_suite_id: projectId, task_id: id },
      body: runBody(2, {}),
      ok: [200],
    },
    () => undefined,
    { idempotent: true },
  );
  report(`perf test task ${id}: stopping run ${latestRunIdOf(info) ?? "in progress"} (was ${statusText(info.run_status)})`);
}

/** The outputs: the inputs echoed (so diff sees them) plus what ShowTask reports. */
function outputsFrom(inputs: Inputs, id: number, info: TaskInfo | undefined, latestRunId: unknown): Inputs {
  return {
    ...pickInputs(contract, inputs),
    taskId: id,
    runStatus: info?.run_status,
    latestRunId: (info && latestRunIdOf(info)) ?? latestRunId,
    createTime: info?.create_time,
    updateTime: info?.update_time,
    benchConcurrent: info?.bench_concurrent,
    description: info?.description,
  };
}

function sameSet(a: readonly unknown[], b: unknown): boolean {
  return Array.isArray(b) && a.length === b.length && a.every((x) => b.includes(x));
}

/** Folds what ShowTask reports into the state; what it does not return keeps its state value. */
function applyDrift(state: Inputs, id: number, info: TaskInfo): Inputs {
  const next: Inputs = { ...outputsFrom(state, id, info, state.latestRunId) };
  if (typeof info.name === "string") next.name = info.name;
  if (typeof info.parallel === "boolean") next.parallel = info.parallel;
  if (isInteger(info.project_id)) next.projectId = info.project_id;
  if (isInteger(info.operate_mode)) next.operateMode = info.operate_mode;
  if (Array.isArray(info.case_list)) {
    const reported = info.case_list.map((c) => c.case_id).filter(isInteger);
    // Same cases in another order is no drift: keep the user's order.
    next.caseIdList = sameSet(reported, state.caseIdList) ? state.caseIdList : reported;
  }
  return next;
}

/** Wraps a failure after the task exists so Pulumi keeps it (and whether a run was started) in state. */
function keepInState(id: number, inputs: Inputs, started: boolean, runId: unknown, error: unknown): Error {
  return initFailure(String(id), outputsFrom({ ...inputs, run: started ? "started" : "stopped" }, id, undefined, runId), inputs, error);
}

async function waitForRun(region: string, id: number, inputs: Inputs): Promise<TaskInfo> {
  const timeout = isInteger(inputs.waitTimeoutSeconds) ? inputs.waitTimeoutSeconds : DEFAULT_WAIT_SECONDS;
  const info = await waitWhile(region, id, (s) => BUSY.has(s ?? -1), timeout, "waiting for the run to finish");
  if (info.run_status === 3) report(`perf test task ${id}: warning: the run aborted abnormally (status 3)`);
  return info;
}

export const handlers = lifecycle({
  async check(_olds, news) {
    const withDefaults: Inputs = { ...news };
    const clusterId = news.clusterId ?? 0;
    if (withDefaults.clusterType === undefined && !containsUnknown(clusterId)) {
      withDefaults.clusterType = typeof clusterId === "number" && clusterId > 0 ? "private-cluster" : "shared-cluster-internet";
    }
    const result = checkInputs(contract, rules, withDefaults);
    return {
      inputs: result.inputs,
      failures: (result.failures ?? []).map((f) => {
        // The two project ids are easy to mix up (reference §0): say which one this is.
        if (f.property === "projectId" && typeof withDefaults.projectId === "string") {
          return { property: "projectId", reason: "projectId must be an integer: the CPTS test project id, not the IAM project id (that one is cloudtasks:huaweiProjectId)" };
        }
        return f;
      }),
    };
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    const region = String(inputs.region);
    const id = inputs.taskId === undefined ? await createTask(region, inputs) : await adoptTask(region, Number(inputs.taskId), inputs);
    let started = false;
    let runId: number | undefined;
    try {
      if (inputs.run === "started") {
        runId = await startRun(region, id, inputs);
        started = true;
        if (inputs.waitForRun === true) await waitForRun(region, id, inputs);
      }
      return { id: String(id), outs: outputsFrom(inputs, id, await showTask(region, id), runId) };
    } catch (error) {
      // The task exists: keep it. A run not started is started by the next up; a started one is not repeated.
      throw keepInState(id, inputs, started, runId, error);
    }
  },

  async read(id, props) {
    let info: TaskInfo;
    try {
      info = await showTask(String(props.region), taskId(id));
    } catch (error) {
      if (isNotFound(error)) return {};
      throw error;
    }
    const state = applyDrift(props, taskId(id), info);
    // Adoption is a create-time choice: the refreshed inputs describe the task, not how it was found.
    const inputs = pickInputs(contract, state);
    delete inputs.taskId;
    return { id, props: state, inputs };
  },

  async update(id, olds, news) {
    const region = String(news.region);
    const tid = taskId(id);
    const changed = changedFields(contract, olds, news);
    if (changed.some((k) => UPDATABLE.includes(k))) {
      try {
        await updateTask(region, tid, news);
      } catch (error) {
        if (isNotFound(error)) {
          throw new Error(`perf test task ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
        }
        throw error;
      }
    }
    let started = olds.run === "started";
    let runId: unknown = olds.latestRunId;
    try {
      if (news.run === "started" && olds.run !== "started") {
        runId = (await startRun(region, tid, news)) ?? runId;
        started = true;
        if (news.waitForRun === true) await waitForRun(region, tid, news);
      } else if (news.run === "stopped" && olds.run === "started") {
        await stopRun(region, tid, Number(news.projectId), await showTask(region, tid));
        started = false;
      }
      return { outs: outputsFrom(news, tid, await showTask(region, tid), runId) };
    } catch (error) {
      throw keepInState(tid, news, started, runId, error);
    }
  },

  async delete(id, props) {
    const region = String(props.region);
    const tid = taskId(id);
    const deleteNow = () =>
      cpts(
        "DeleteNewTask",
        region,
        { method: "DELETE", path: "/v3/{project_id}/tasks/{task_id}", pathParams: { task_id: tid }, ok: [204] },
        () => undefined,
        { idempotent: true },
      );
    await deleteIgnoringGone(async () => {
      try {
        // An idle task (the usual case) goes in one call; the task is read only when CPTS refuses.
        await deleteNow();
        return;
      } catch (error) {
        if (!(error instanceof CloudError) || error.kind !== "client") throw error;
        // CPTS keeps a task that is mid-run: stop the run, wait for it to let go, then delete.
        const info = await showTask(region, tid);
        if (!BUSY.has(info.run_status ?? -1)) throw error;
        await stopRun(region, tid, Number(props.projectId), info);
        await waitWhile(region, tid, (s) => BUSY.has(s ?? -1), STOP_WAIT_SECONDS, "waiting for the run to stop before deleting");
      }
      await deleteNow();
    });
  },
}, { cloud: "huawei" });

const provider = dynamicProvider("perf-test-task");

/**
 * A Huawei Cloud CodeArts PerfTest (CPTS) task: cases of a CPTS test project run as one pressure
 * test, with its run started and stopped declaratively through `run`.
 *
 * ```ts
 * new PerfTestTask("checkout-load", { name: "checkout-load", projectId: 393862,
 *   caseIdList: [449269, 449270], run: "started", waitForRun: true });
 * ```
 */
export class PerfTestTask extends TaskResource {
  /** Task name. */
  declare readonly name: pulumi.Output<string>;
  /** Whether the cases run in parallel. */
  declare readonly parallel: pulumi.Output<boolean>;
  /** Whether full-link tracing is on. */
  declare readonly enableFullLink: pulumi.Output<boolean | undefined>;
  /** The CPTS test project (not the IAM project id). */
  declare readonly projectId: pulumi.Output<number>;
  /** 0 by duration, 1 by count, 2 both. */
  declare readonly operateMode: pulumi.Output<0 | 1 | 2>;
  /** The cases the task runs. */
  declare readonly caseIdList: pulumi.Output<number[]>;
  /** The Huawei Cloud region. */
  declare readonly region: pulumi.Output<string>;
  /** The declared run state. */
  declare readonly run: pulumi.Output<RunState>;
  /** The execution cluster (0: the shared cluster). */
  declare readonly clusterId: pulumi.Output<number>;
  /** The execution cluster type. */
  declare readonly clusterType: pulumi.Output<ClusterType>;
  /** Whether a start waits for the run to finish. */
  declare readonly waitForRun: pulumi.Output<boolean>;
  /** Bound of that wait, in seconds. */
  declare readonly waitTimeoutSeconds: pulumi.Output<number | undefined>;
  /** The task id (`task_id`), also the resource id. */
  declare readonly taskId: pulumi.Output<number>;
  /**
   * `run_status` when last read: 9 waiting to run, 0 running, 1 paused, 2 ended (also a task never
   * run), 3 aborted abnormally, 4 stopped by the user, 5 stopping.
   */
  declare readonly runStatus: pulumi.Output<number>;
  /** The latest run's id (`task_run_id`, the report id). */
  declare readonly latestRunId: pulumi.Output<number | undefined>;
  /** When the task was created, as the API reports it. */
  declare readonly createTime: pulumi.Output<string | undefined>;
  /** When the task was last updated, as the API reports it. */
  declare readonly updateTime: pulumi.Output<string | undefined>;
  /** `bench_concurrent` as ShowTask reports it. */
  declare readonly benchConcurrent: pulumi.Output<number | undefined>;
  /** The task description the API reports. */
  declare readonly description: pulumi.Output<string | undefined>;

  constructor(name: string, args: PerfTestTaskArgs & TaskResourceArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      taskId: args.taskId,
      runStatus: undefined,
      latestRunId: undefined,
      createTime: undefined,
      updateTime: undefined,
      benchConcurrent: undefined,
      description: undefined,
    };
    super(provider, name, props, opts, "PerfTestTask", contract);
  }
}
