import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../contract/check";
import { changedFields, diffInputs } from "../contract/diff";
import { INT32_MAX, pickInputs, refreshedState, toApiFields, type Contract, type CrossFieldRule, type FieldSpec, type Inputs, type OutputContract } from "../contract/fields";
import { initFailure, lifecycle, leanStackTraces, serveAsProvider, taskResourceArgs, type TaskResourceArgs } from "../dynamic";
import { progress } from "../progress";
import { defaultRegion, REGION_MISSING } from "../settings";
import { deleteInBatch } from "../transport/batched";
import { findListed, listingOf, type ListingSpec } from "../transport/listing";
import { sleep } from "../transport/rate-limit";
import { callTc2, type Tc2Api, type Tc2CallOptions, type Tc2Envelope, type Tc2Params } from "../transport/tc2";
import { tencentAccount } from "../credentials";

export { configure } from "../dynamic";

/*
 * CatTask: a Tencent Cloud CAT (云拨测) synthetic-monitoring task, over the legacy API 2.0
 * (catapi.api.qcloud.com/v2/index.php, seed 000; Tencent announced API 2.0's retirement for 2023,
 * so the endpoint follows `cloudtasks:endpoint`).
 * @API cat SimpleVerifyCatTask  create, adoption, and update of a changed target: allocates an id and starts verification
 * @API cat VerifyCatResult      polled until the verification finishes
 * @API cat CreateCatTask        create with the verified id; with an existing id it modifies (update in place, adoption)
 * @API cat RunCatTask           run state (paused: false); after an agentGroupId change, with PauseCatTask first
 * @API cat PauseCatTask         run state (paused: true)
 * @API cat DeleteCatTask        delete, the deletes of a destroy batched in one call (20002, "does not exist", counts as deleted)
 * @API cat DescribeCatTaskList  read, paged: the only documented read path
 */

/** The inputs of a {@link CatTask}. Names are the API's own (`agentGroupId`, `catTypeName`, …). */
export interface CatTaskArgs {
  /** Task name: at most 32 characters, unique in the account. */
  taskName: pulumi.Input<string>;
  /** Probe type: `http`, `https`, `ping` or `tcp`. */
  catTypeName: pulumi.Input<"http" | "https" | "ping" | "tcp">;
  /** What to probe, e.g. `www.example.com`; its domain must resolve. */
  url: pulumi.Input<string>;
  /** Agent group that probes (`groupId` from DescribeCatAgentGroupList; usually the account's default group). */
  agentGroupId: pulumi.Input<number>;
  /** Minutes between probes: 1, 5, 15 or 30 (not below the account tier's minimum). */
  period: pulumi.Input<1 | 5 | 15 | 30>;
  /** A public IPv4 address to probe instead of what `url` resolves to. */
  host?: pulumi.Input<string>;
  /** http/https only: TLS/SSL version, one of `TLSv1_2`, `TLSv1_1`, `TLSv1`, `SSLv2`, `SSLv23`, `SSLv3` (default `SSLv23`). */
  sslVer?: pulumi.Input<"TLSv1_2" | "TLSv1_1" | "TLSv1" | "SSLv2" | "SSLv23" | "SSLv3">;
  /** http/https only: a POST body; absent or empty means a GET. */
  postData?: pulumi.Input<string>;
  /** http/https only: the User-Agent to send. */
  userAgent?: pulumi.Input<string>;
  /** http/https only: text the response body is checked for (with `checkType: "1"`). */
  checkStr?: pulumi.Input<string>;
  /** http/https only: `"1"` fails the probe unless the body contains `checkStr`. */
  checkType?: pulumi.Input<"1">;
  /** http/https only: the Cookie header to send. Always stored as a Pulumi secret. */
  cookie?: pulumi.Input<string>;
  /**
   * Adopt an existing task instead of creating one: create modifies the task with this id in place
   * (CreateCatTask on an existing id). Changing it later points the resource at another task (a replace).
   */
  taskId?: pulumi.Input<number>;
  /** Run state: `true` keeps the task paused (PauseCatTask), `false` (default) keeps it running (RunCatTask). */
  paused?: pulumi.Input<boolean>;
  /** Region; defaults to the stack config `cloudtasks:region` or `TENCENTCLOUD_REGION`. Changing it replaces the task. */
  region?: pulumi.Input<string>;
}

const CAT_TYPES = ["http", "https", "ping", "tcp"] as const;
const SSL_VERSIONS = ["TLSv1_2", "TLSv1_1", "TLSv1", "SSLv2", "SSLv23", "SSLv3"] as const;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const NOT_BLANK = { regex: /\S/, rule: "must not be blank" };

/**
 * The field contract: drives check, diff, refresh and the wire mapping. `writeOnly` fields are
 * not returned by DescribeCatTaskList, so refresh cannot see drift in them.
 */
export const contract: Contract<CatTaskArgs> = {
  taskName: { type: "string", apiName: "taskName", required: true, maxLength: 32, pattern: NOT_BLANK, doc: "Task name, unique in the account" },
  catTypeName: { type: "string", apiName: "catTypeName", required: true, oneOf: CAT_TYPES, doc: "Probe type" },
  url: { type: "string", apiName: "url", required: true, pattern: { regex: /^\S+$/, rule: "must be a domain or url without spaces" }, doc: "Probe target" },
  agentGroupId: { type: "integer", apiName: "agentGroupId", required: true, min: 1, max: INT32_MAX, writeOnly: true, doc: "Agent group" },
  period: { type: "integer", apiName: "period", required: true, oneOf: [1, 5, 15, 30], doc: "Minutes between probes" },
  host: { type: "string", apiName: "host", pattern: { regex: IPV4, rule: "must be an IPv4 address such as 203.0.113.10" }, writeOnly: true, doc: "Target IP" },
  sslVer: { type: "string", apiName: "sslVer", oneOf: SSL_VERSIONS, writeOnly: true, doc: "TLS/SSL version (http/https)" },
  postData: { type: "string", apiName: "postData", writeOnly: true, doc: "POST body (http/https)" },
  userAgent: { type: "string", apiName: "userAgent", writeOnly: true, doc: "User-Agent (http/https)" },
  checkStr: { type: "string", apiName: "checkStr", writeOnly: true, doc: "Expected body text (http/https)" },
  checkType: { type: "string", apiName: "checkType", oneOf: ["1"], writeOnly: true, doc: '"1": body must contain checkStr' },
  cookie: { type: "string", apiName: "cookie", secret: true, writeOnly: true, doc: "Cookie header (http/https)" },
  // API 2.0's `Int` (seed 000) is 32-bit: ids beyond it could not be sent.
  // No apiName: it is the id every call addresses, never an ordinary field of the request body.
  taskId: { type: "integer", min: 1, max: INT32_MAX, replaceOnChange: true, adoption: true, doc: "Adopt this existing task" },
  paused: { type: "boolean", default: false, doc: "Run state" },
  region: { type: "string", required: true, replaceOnChange: true, defaultFrom: defaultRegion, missing: REGION_MISSING, doc: "Region" },
};

/** What the outputs add to the echoed inputs (`taskId` is both: the adopted or created task's id). */
export const outputs: OutputContract = {
  status: { type: "integer", doc: "Status as the API reports it: 0 initial (never run), 1 paused, 2 running" },
  addTime: { type: "string", doc: "When the task was created, as the API reports it (e.g. `2017-05-16 10:00:00`)" },
};

const HTTP_ONLY = ["sslVer", "postData", "userAgent", "checkStr", "checkType", "cookie"] as const;
/** Fields whose change alters what is probed: verified again before they are applied, as the seed asks. */
const TARGET_FIELDS: readonly string[] = ["catTypeName", "url", "host", ...HTTP_ONLY];
const API_FIELDS = (Object.entries(contract) as Array<[string, FieldSpec]>).filter(([, spec]) => spec.apiName).map(([name]) => name);

const isHttp = (inputs: Inputs) => inputs.catTypeName === "http" || inputs.catTypeName === "https";

/** Private, loopback, link-local, shared (CGN), multicast and reserved ranges are not public. */
export function isPublicIpv4(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number);
  const internal =
    a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
  return !internal;
}

export const rules: readonly CrossFieldRule[] = [
  ...HTTP_ONLY.map(
    (field): CrossFieldRule => ({
      property: field,
      reads: ["catTypeName", field],
      check: (i) => (!isHttp(i) && i[field] !== undefined ? `${field} is only for http and https tasks, not ${String(i.catTypeName)}` : undefined),
    }),
  ),
  {
    property: "checkType",
    reads: ["checkType", "checkStr"],
    check: (i) => (i.checkType === "1" && !i.checkStr ? 'checkType "1" needs checkStr: the text the response body must contain' : undefined),
  },
  {
    property: "host",
    reads: ["host"],
    check: (i) => (typeof i.host === "string" && !isPublicIpv4(i.host) ? `host must be a public IPv4 address; ${i.host} is private or reserved` : undefined),
  },
];

const catApi: Tc2Api = { service: "cat", host: "catapi.api.qcloud.com" };
/** The 2.0 limit is undocumented; the modern CAT API documents 20 requests/second. */
const RATE_LIMIT = 20;
const PAGE_SIZE = 100;
/** The most ids one DeleteCatTask call carries (no maximum is documented). */
const DELETE_BATCH = 100;
/** What VerifyCatResult answers in `errorReason` while the probe runs ("verification not yet complete"). */
const VERIFICATION_PENDING = "验证尚未完成";
const VERIFY_TIMEOUT_MS = 5 * 60_000;
const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 5_000;
const PROGRESS_EVERY_MS = 15_000;

/** The actions that change the tasks their `taskId` names (CreateCatTask with an id modifies that task). */
const CHANGES_TASKS = new Set(["CreateCatTask", "RunCatTask", "PauseCatTask", "DeleteCatTask"]);

async function cat(action: string, region: string, params: Tc2Params, options: Omit<Tc2CallOptions<Tc2Envelope>, "rateLimit">): Promise<Tc2Envelope> {
  const call = () => callTc2(catApi, action, region, params, { rateLimit: RATE_LIMIT, ...options });
  if (!CHANGES_TASKS.has(action) || params.taskId === undefined) return call();
  return listingOf<ListedTask>(await accountScope(region)).changing([params.taskId].flat() as Array<string | number>, call);
}

/** Tasks are listed, and deleted in batches, per region and account. */
async function accountScope(region: string): Promise<string> {
  return `cat2/${region}/${await tencentAccount()}`;
}

/** The API answers ids as numbers or, in the docs' examples, as strings. */
function parseId(value: unknown, what: string, action: string): number {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) throw new Error(`cat:${action} answered without a valid ${what}`);
  return n;
}

/** The body of SimpleVerifyCatTask / CreateCatTask: the contract's API fields. */
function taskParams(inputs: Inputs): Tc2Params {
  return toApiFields(contract, inputs) as Tc2Params;
}

/** A verification failed: the cloud's `errorReason` and `suggestion`. */
export class CatVerificationError extends Error {
  constructor(
    readonly taskId: number,
    readonly errorReason: string,
    readonly suggestion: string,
  ) {
    super(`CAT verification of the probe target failed: ${errorReason}${suggestion ? `. Suggestion: ${suggestion}` : ""}. No task was created or changed.`);
    this.name = "CatVerificationError";
  }
}

/** Polls VerifyCatResult with growing pauses until the verification passes, fails or times out. */
async function waitForVerification(region: string, resultId: number, taskId: number): Promise<void> {
  const started = Date.now();
  let reported = started;
  progress.write(`cloudtasks: CAT task ${taskId}: verifying the probe target (result ${resultId})…`);
  for (let attempt = 0; ; attempt++) {
    await sleep(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** attempt));
    const result = await cat("VerifyCatResult", region, { resultId }, { idempotent: true });
    const reason = typeof result.errorReason === "string" ? result.errorReason : "";
    // No pass field is documented: an empty errorReason is a pass, the pending text means "not yet".
    if (reason === "") return;
    if (reason !== VERIFICATION_PENDING) throw new CatVerificationError(taskId, reason, typeof result.suggestion === "string" ? result.suggestion : "");
    const elapsed = Date.now() - started;
    if (elapsed >= VERIFY_TIMEOUT_MS) {
      throw new Error(`CAT verification ${resultId} did not finish within ${VERIFY_TIMEOUT_MS / 60_000} minutes; no task was created or changed. Run \`pulumi up\` again.`);
    }
    if (Date.now() - reported >= PROGRESS_EVERY_MS) {
      progress.write(`cloudtasks: CAT task ${taskId}: still verifying (${Math.round(elapsed / 1000)} s)…`);
      reported = Date.now();
    }
  }
}

/**
 * SimpleVerifyCatTask, then its result: returns the verified task id. A repeat after an ambiguous
 * failure only leaves an unused verification behind (no task), so it may retry.
 */
async function verify(region: string, params: Tc2Params): Promise<number> {
  const started = await cat("SimpleVerifyCatTask", region, params, { idempotent: true });
  const taskId = parseId(started.taskId, "taskId", "SimpleVerifyCatTask");
  await waitForVerification(region, parseId(started.resultId, "resultId", "SimpleVerifyCatTask"), taskId);
  return taskId;
}

/**
 * What to verify. The name only on a new task: SimpleVerifyCatTask takes no task id, so for an
 * existing task its own name would look taken.
 */
function verifyParams(inputs: Inputs, withName: boolean): Tc2Params {
  const params = taskParams(inputs);
  if (!withName) delete params.taskName;
  return params;
}

/** CreateCatTask with the same id is create-or-modify, so repeating it is safe. */
function applyConfig(region: string, taskId: number, inputs: Inputs): Promise<Tc2Envelope> {
  return cat("CreateCatTask", region, { ...taskParams(inputs), taskId }, { idempotent: true });
}

/** A task as DescribeCatTaskList reports it. */
export interface ListedTask {
  taskId: number;
  taskName: string;
  period: number;
  catTypeName: string;
  /** 0 initial (never run), 1 paused, 2 running. */
  status: number;
  cgiUrl: string;
  addTime: string;
}

/** One page of DescribeCatTaskList: `total`/`tasks` at the top level (the docs' example) or under `data` (their table). */
export function parseTaskPage(body: Record<string, unknown>): { total: number; tasks: ListedTask[] } {
  const data = body.data;
  const holder = (typeof data === "object" && data !== null && "tasks" in data ? data : body) as { total?: unknown; tasks?: unknown };
  const raw: unknown[] = Array.isArray(holder.tasks) ? holder.tasks : [];
  const tasks = raw
    .filter((t): t is Record<string, unknown> => typeof t === "object" && t !== null)
    .map((t) => ({
      taskId: Number(t.taskId),
      taskName: String(t.taskName ?? ""),
      period: Number(t.period),
      catTypeName: String(t.catTypeName ?? ""),
      status: Number(t.status),
      cgiUrl: String(t.cgiUrl ?? ""),
      addTime: String(t.addTime ?? ""),
    }));
  const total = Number(holder.total);
  return { total: Number.isFinite(total) ? total : tasks.length, tasks };
}

/** Reads through the list, which has no filter: see transport/listing.ts. */
async function listingSpec(region: string): Promise<ListingSpec<ListedTask>> {
  return {
    key: await accountScope(region),
    pageSize: PAGE_SIZE,
    page: async (offset, limit) => {
      const page = parseTaskPage(await cat("DescribeCatTaskList", region, { offset, limit }, { idempotent: true }));
      return { items: page.tasks, total: page.total };
    },
    idOf: (task) => String(task.taskId),
  };
}

/** The task with this id, or undefined (`recentListing`: see findListed). */
async function findTask(region: string, taskId: number, options: { recentListing?: boolean } = {}): Promise<ListedTask | undefined> {
  return findListed(await listingSpec(region), String(taskId), options);
}

/**
 * Brings the task to the desired run state from `status`. After an agentGroupId change the seed
 * says to pause and run again so the new group takes effect at once.
 */
async function applyRunState(region: string, taskId: number, status: number, paused: boolean, restart: boolean): Promise<void> {
  const pause = () => cat("PauseCatTask", region, { taskId }, { idempotent: true });
  const run = () => cat("RunCatTask", region, { taskId }, { idempotent: true });
  if (paused) {
    if (status !== 1) await pause();
    return;
  }
  if (restart) await pause();
  if (restart || status !== 2) await run();
}

/** The outputs: the inputs echoed (so diff sees them) plus what the API reports. */
function outputsFrom(inputs: Inputs, taskId: number, task: ListedTask | undefined): Inputs {
  return { ...pickInputs(contract, inputs), taskId, status: task?.status, addTime: task?.addTime };
}

/** The same url, whatever scheme the API prefixes. */
const withoutScheme = (url: unknown) => String(url).replace(/^[a-z]+:\/\//i, "");

/** Folds what the list reports into the state; fields it does not return keep their state value. */
function applyDrift(state: Inputs, task: ListedTask): Inputs {
  return {
    ...state,
    taskName: task.taskName,
    period: task.period,
    catTypeName: task.catTypeName,
    url: withoutScheme(task.cgiUrl) === withoutScheme(state.url) ? state.url : task.cgiUrl,
    // An initial (never run) task is not running either.
    paused: task.status !== 2,
    status: task.status,
    addTime: task.addTime,
  };
}


function gone(id: string | number, region: string): Error {
  return new Error(`CAT task ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
}

/** After a failed create call: whether the task exists anyway (the call may have been applied). */
async function existsAfterFailure(region: string, taskId: number): Promise<boolean> {
  try {
    return (await findTask(region, taskId)) !== undefined;
  } catch {
    return false;
  }
}

export const handlers = lifecycle({
  async check(_olds, news) {
    const withDefaults: Inputs = { ...news };
    // The documented default, made explicit so every CreateCatTask is a full, deterministic replace.
    if (isHttp(withDefaults) && withDefaults.sslVer === undefined) withDefaults.sslVer = "SSLv23";
    return checkInputs(contract, rules, withDefaults);
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    const region = String(inputs.region);
    const paused = inputs.paused === true;
    const adopt = inputs.taskId !== undefined;
    let taskId: number;
    let status: number;
    if (adopt) {
      taskId = Number(inputs.taskId);
      const existing = await findTask(region, taskId);
      if (!existing) throw new Error(`CAT task ${taskId} (taskId) does not exist in ${region}: remove taskId to create a new task`);
      await verify(region, verifyParams(inputs, false));
      await applyConfig(region, taskId, inputs);
      status = existing.status;
    } else {
      taskId = await verify(region, verifyParams(inputs, true));
      try {
        await applyConfig(region, taskId, inputs);
      } catch (error) {
        if (await existsAfterFailure(region, taskId)) throw initFailure(String(taskId), { ...outputsFrom(inputs, taskId, undefined), paused: !paused }, inputs, error);
        throw error;
      }
      status = 0;
    }
    // The task exists from here on: a failure keeps it in state, with what was not applied left
    // unapplied there (the opposite run state; an adopted task's agent group), so the next up retries it.
    try {
      await applyRunState(region, taskId, status, paused, adopt);
      return { id: String(taskId), outs: outputsFrom(inputs, taskId, await findTask(region, taskId)) };
    } catch (error) {
      const unapplied = { ...outputsFrom(inputs, taskId, undefined), paused: !paused, ...(adopt ? { agentGroupId: undefined } : {}) };
      throw initFailure(String(taskId), unapplied, inputs, error);
    }
  },

  async read(id, props) {
    const task = await findTask(String(props.region), Number(id), { recentListing: true });
    if (!task) return {};
    const state = applyDrift(props, task);
    return refreshedState(contract, id, state);
  },

  async update(id, olds, news) {
    const region = String(news.region);
    const taskId = Number(id);
    const changed = new Set(changedFields(contract, olds, news));
    const current = await findTask(region, taskId);
    if (!current) throw gone(id, region);
    if (API_FIELDS.some((f) => changed.has(f))) {
      if (TARGET_FIELDS.some((f) => changed.has(f))) await verify(region, verifyParams(news, false));
      await applyConfig(region, taskId, news);
    }
    await applyRunState(region, taskId, current.status, news.paused === true, changed.has("agentGroupId"));
    return { outs: outputsFrom(news, taskId, await findTask(region, taskId)) };
  },

  async delete(id, props) {
    const region = String(props.region);
    await deleteInBatch(
      {
        key: await accountScope(region),
        maxIds: DELETE_BATCH,
        perSecond: RATE_LIMIT,
        // "Does not exist" (20002) for any id refuses the whole call: the ids are then deleted one by one.
        deleteIds: (ids) => cat("DeleteCatTask", region, { taskId: ids.map(Number) }, { idempotent: true }),
      },
      id,
    );
  },
}, { cloud: "tencent" });

// The provider the stored text loads is this module itself (its exports are complete here).
serveAsProvider(module);

/**
 * A Tencent Cloud CAT (云拨测) synthetic-monitoring task: `url` probed over `catTypeName` every
 * `period` minutes by the agents of `agentGroupId`. Created verified (SimpleVerifyCatTask, then
 * VerifyCatResult), every change applied in place, run state declared by `paused`.
 *
 * ```ts
 * new CatTask("homepage", { taskName: "homepage", catTypeName: "https", url: "www.example.com",
 *   agentGroupId: 1510, period: 5, checkType: "1", checkStr: "Welcome" });
 * ```
 */
export class CatTask extends pulumi.CustomResource {
  /** Task name, as the API reports it. */
  declare readonly taskName: pulumi.Output<string>;
  /** Probe type, as the API reports it. */
  declare readonly catTypeName: pulumi.Output<string>;
  /** Probe target (`cgiUrl` in the API's list). */
  declare readonly url: pulumi.Output<string>;
  /** Agent group that probes. */
  declare readonly agentGroupId: pulumi.Output<number>;
  /** Minutes between probes. */
  declare readonly period: pulumi.Output<number>;
  /** Target IP, when set. */
  declare readonly host: pulumi.Output<string | undefined>;
  /** TLS/SSL version of an http/https task. */
  declare readonly sslVer: pulumi.Output<string | undefined>;
  /** POST body of an http/https task. */
  declare readonly postData: pulumi.Output<string | undefined>;
  /** User-Agent of an http/https task. */
  declare readonly userAgent: pulumi.Output<string | undefined>;
  /** Expected body text of an http/https task. */
  declare readonly checkStr: pulumi.Output<string | undefined>;
  /** `"1"` when the body is checked for `checkStr`. */
  declare readonly checkType: pulumi.Output<string | undefined>;
  /** Cookie of an http/https task (a secret). */
  declare readonly cookie: pulumi.Output<string | undefined>;
  /** The task id, also the resource id. */
  declare readonly taskId: pulumi.Output<number>;
  /** Whether the task is paused; refresh reports `true` for a task that is not running. */
  declare readonly paused: pulumi.Output<boolean>;
  /** Status as the API reports it: 0 initial (never run), 1 paused, 2 running. */
  declare readonly status: pulumi.Output<number>;
  /** When the task was created, as the API reports it (e.g. `2017-05-16 10:00:00`). */
  declare readonly addTime: pulumi.Output<string>;
  /** The task's region. */
  declare readonly region: pulumi.Output<string>;

  constructor(name: string, args: CatTaskArgs & TaskResourceArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = leanStackTraces();
    try {
      super(...taskResourceArgs("cat-task", name, args, opts, "CatTask", contract, outputs));
    } finally {
      restoreStackTraces();
    }
  }
}
