import { pickInputs, toApiFields, type Inputs } from "../../contract/fields";
import { initFailure } from "../../dynamic";
import { isNotFound, type CloudError } from "../../errors";
import { progress } from "../../progress";
import { createOnce, lookUntil, settleWindowMs } from "../../transport/create-once";
import { callHuawei, type HuaweiApi, type HuaweiCallOptions, type HuaweiRequest, type HuaweiResponse } from "../../transport/huawei";
import { sleep } from "../../transport/rate-limit";
import { contract } from "./contract";
import { huaweiAccount } from "../../credentials";

const cptsApi: HuaweiApi = { service: "cpts", goneCodes: ["SVCSTG.CPTS.4032002"] };
/**
 * No CPTS limit is documented; APIG's default is 200 requests/second per API (reference §1.10), so
 * pace at that and let the retry policy absorb an APIGW.0308 should CPTS's own limit be lower.
 */
const RATE_LIMIT = 200;
const PAGE_SIZE = 100;
const DEFAULT_WAIT_SECONDS = 1800;
/** How long delete (and a start after a stop) waits for a stopping run to let go of the task. */
export const STOP_WAIT_SECONDS = 600;
const PROGRESS_EVERY_MS = 30_000;
/** The fields the v3 update takes (enable_full_link is not among them). */
export const UPDATABLE = ["name", "parallel", "operateMode", "caseIdList"];

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
export const BUSY = new Set([9, 0, 1, 5]);

/** ShowTask's `taskInfo`, the fields used. */
export interface TaskInfo {
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

export const taskId = (id: string) => Number(id);
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

export async function showTask(region: string, id: number): Promise<TaskInfo> {
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
export function createTask(region: string, inputs: Inputs): Promise<number> {
  const name = String(inputs.name);
  const projectId = Number(inputs.projectId);
  const account = huaweiAccount();
  return createOnce<{ id: number; name: string }>({
    what: `perf test task ${JSON.stringify(name)} in test project ${projectId}`,
    scope: `cpts/${region}/${account}/${projectId}`,
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
export async function updateTask(region: string, id: number, inputs: Inputs): Promise<void> {
  await cpts(
    "UpdateTaskRelatedTestCase",
    region,
    { method: "PUT", path: "/v3/{project_id}/tasks/{task_id}", pathParams: { task_id: id }, body: updateBody(inputs), ok: [200] },
    () => undefined,
    { idempotent: true },
  );
}

/** Adoption: the task must exist in the declared test project; it is then updated to the declared fields. */
export async function adoptTask(region: string, id: number, inputs: Inputs): Promise<number> {
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
export async function waitWhile(region: string, id: number, busy: (status: number | undefined) => boolean, timeoutSeconds: number, what: string): Promise<TaskInfo> {
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
export async function startRun(region: string, id: number, inputs: Inputs): Promise<number | undefined> {
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
export async function stopRun(region: string, id: number, projectId: number, info: TaskInfo): Promise<void> {
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
export function outputsFrom(inputs: Inputs, id: number, info: TaskInfo | undefined, latestRunId: unknown): Inputs {
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
export function applyDrift(state: Inputs, id: number, info: TaskInfo): Inputs {
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
export function keepInState(id: number, inputs: Inputs, started: boolean, runId: unknown, error: unknown): Error {
  return initFailure(String(id), outputsFrom({ ...inputs, run: started ? "started" : "stopped" }, id, undefined, runId), inputs, error);
}

export async function waitForRun(region: string, id: number, inputs: Inputs): Promise<TaskInfo> {
  const timeout = isInteger(inputs.waitTimeoutSeconds) ? inputs.waitTimeoutSeconds : DEFAULT_WAIT_SECONDS;
  const info = await waitWhile(region, id, (s) => BUSY.has(s ?? -1), timeout, "waiting for the run to finish");
  if (info.run_status === 3) report(`perf test task ${id}: warning: the run aborted abnormally (status 3)`);
  return info;
}

export function deleteTask(region: string, id: number): Promise<void> {
  return cpts(
    "DeleteNewTask",
    region,
    { method: "DELETE", path: "/v3/{project_id}/tasks/{task_id}", pathParams: { task_id: id }, ok: [204] },
    () => undefined,
    { idempotent: true },
  );
}
