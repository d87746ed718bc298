import type { ActionContext, ActionHandler, ProductAction } from "./product";
import { Tc2ApiError, V2Params, type Tc2Product } from "./v2";

/**
 * Tencent Cloud CAT (云拨测) probe tasks over the legacy API 2.0 (`catapi.api.qcloud.com`, seed 000,
 * reference cat.md §1): SimpleVerifyCatTask → VerifyCatResult → CreateCatTask (create, or modify
 * an existing id) → RunCatTask / PauseCatTask, DeleteCatTask, DescribeCatTaskList,
 * DescribeCatTask, DescribeCatAgentGroupList. Where the docs are silent the choice is noted beside
 * the rule.
 *
 * Deterministic verification outcomes (the rest pass):
 * - a `url` whose domain ends in `.invalid` (RFC 6761): "DNS解析失败" (DNS resolution failed);
 * - a `host` in 192.0.2.0/24 (TEST-NET-1): "连接失败" (connection failed).
 * Verification finishes on the {@link VERIFY_POLLS}th VerifyCatResult poll.
 *
 * Verification is the documented advice ("verify first, to avoid a task with a 100% failure
 * rate"), not a precondition: the docs' own CreateCatTask example creates task 24454 with no
 * SimpleVerifyCatTask before it, so an id this cloud has never seen is created as given. An id it
 * knows still follows its history: a pending or failed verification, or a deleted task, refuses it.
 */

export const VERIFY_POLLS = 3;
/** The modern CAT API's documented 20 requests/second; the 2.0 limit is undocumented. */
const RATE_LIMIT = 20;
const PENDING = "验证尚未完成";
const TYPES = ["http", "https", "ping", "tcp"];
const PERIODS = [1, 5, 15, 30];
const SSL_VERSIONS = ["TLSv1_2", "TLSv1_1", "TLSv1", "SSLv2", "SSLv23", "SSLv3"];
const HTTP_ONLY = ["sslVer", "postData", "userAgent", "checkStr", "checkType", "cookie"] as const;
const MAX_PAGE = 100;

/** Status (3.0 model comments; the legacy list documents 1 and 2): 0 initial, 1 paused, 2 running. */
export type CatStatus = 0 | 1 | 2;

interface AgentGroup {
  groupId: number;
  name: string;
  isDefault: 0 | 1;
  agent: Array<{ province: string; provinceName: string; isp: string; ispName: string }>;
}

export interface CatTaskConfig {
  agentGroupId: number;
  catTypeName: string;
  url: string;
  host?: string;
  period: number;
  taskName?: string;
  sslVer?: string;
  postData?: string;
  userAgent?: string;
  checkStr?: string;
  checkType?: string;
  cookie?: string;
}

export interface CatTaskRecord extends CatTaskConfig {
  taskId: number;
  status: CatStatus;
  /** The agent group probing right now: a new agentGroupId takes effect when the task is (re)run, as the seed says. */
  runningAgentGroupId?: number;
  addTime: string;
  updateTime: string;
}

interface Verification {
  resultId: number;
  taskId: number;
  polls: number;
  /** Empty: passed. */
  errorReason: string;
  suggestion: string;
  /** CreateCatTask made a task from it; a deleted task's id cannot come back through it. */
  used: boolean;
}

interface CatStore {
  groups: AgentGroup[];
  verifications: Verification[];
  tasks: CatTaskRecord[];
  /** Ids of deleted tasks: none comes back (absent in state saved before it was kept). */
  deletedIds?: number[];
}

const invalid = (message: string) => new Tc2ApiError(10001, "InvalidParameter", message);
const noSuchResource = (message: string) => new Tc2ApiError(20002, "InvalidResource", message);

/** Seed agent groups: 1510 (the docs' example id) is the account's default; 1511 a custom one. */
function seedGroups(): AgentGroup[] {
  return [
    {
      groupId: 1510,
      name: "默认拨测分组",
      isDefault: 1,
      agent: [
        { province: "gd", provinceName: "广东", isp: "ctc", ispName: "电信" },
        { province: "bj", provinceName: "北京", isp: "cuc", ispName: "联通" },
        { province: "sh", provinceName: "上海", isp: "cmc", ispName: "移动" },
      ],
    },
    {
      groupId: 1511,
      name: "south-china",
      isDefault: 0,
      agent: [
        { province: "gd", provinceName: "广东", isp: "cmc", ispName: "移动" },
        { province: "gd", provinceName: "广东", isp: "cuc", ispName: "联通" },
      ],
    },
  ];
}

function bucket(ctx: ActionContext): CatStore {
  return ctx.store.bucket<CatStore>("cat", ctx.account, ctx.region, () => ({ groups: seedGroups(), verifications: [], tasks: [], deletedIds: [] }));
}

/** Task ids are the cloud's, across accounts and regions: any a task, a verification or a deletion holds. */
function idTaken(ctx: ActionContext, taskId: number): boolean {
  return ctx.store
    .buckets("cat")
    .map(({ value }) => value as CatStore)
    .some((s) => s.tasks.some((t) => t.taskId === taskId) || s.verifications.some((v) => v.taskId === taskId) || (s.deletedIds ?? []).includes(taskId));
}

/** The next task id no task, verification or deletion holds: a task created with an id of its own may sit ahead of the counter. */
function allocateTaskId(ctx: ActionContext): number {
  let taskId: number;
  do taskId = ctx.store.nextId("cat/task", 24454);
  while (idTaken(ctx, taskId));
  return taskId;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Private, loopback, link-local, shared, multicast and reserved ranges are not public. */
export function isPublicIpv4(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number);
  return !(a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168));
}

/** The domain of a probe url such as `www.tencent.com`, `https://a.b/c` or `a.b:8080`. */
function domainOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, "").split(/[/:?#]/)[0].toLowerCase();
}

function formatTime(date: Date): string {
  // The docs' `2017-05-16 10:00:00`, in Beijing time.
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** The fields SimpleVerifyCatTask and CreateCatTask share, validated (a CreateCatTask is a full replace). */
function readConfig(store: CatStore, p: V2Params): CatTaskConfig {
  const agentGroupId = p.integer("agentGroupId");
  if (!store.groups.some((g) => g.groupId === agentGroupId)) throw invalid(`agentGroupId ${agentGroupId} is not one of your agent groups.`);
  const catTypeName = p.string("catTypeName");
  if (!TYPES.includes(catTypeName)) throw invalid(`catTypeName must be one of ${TYPES.join(", ")}.`);
  const url = p.string("url");
  if (url.trim() === "" || /\s/.test(url)) throw invalid("url must be a domain or url without spaces.");
  const host = p.optionalString("host") || undefined;
  if (host !== undefined && !IPV4.test(host)) throw invalid("host must be an IPv4 address.");
  if (host !== undefined && !isPublicIpv4(host)) throw invalid("host must be a public IP address.");
  const period = p.integer("period");
  if (!PERIODS.includes(period)) throw invalid(`period must be one of ${PERIODS.join(", ")} minutes.`);
  const taskName = p.optionalString("taskName") || undefined;
  if (taskName !== undefined && [...taskName].length > 32) throw invalid("taskName must be at most 32 characters.");
  const config: CatTaskConfig = { agentGroupId, catTypeName, url, host, period, taskName };
  const http = catTypeName === "http" || catTypeName === "https";
  for (const name of HTTP_ONLY) {
    const value = p.optionalString(name);
    if (value === undefined) continue;
    // Undocumented for ping/tcp; refused, so a client sending them learns they have no effect.
    if (!http) throw invalid(`${name} is only for http and https tasks.`);
    config[name] = value;
  }
  if (config.sslVer !== undefined && !SSL_VERSIONS.includes(config.sslVer)) throw invalid(`sslVer must be one of ${SSL_VERSIONS.join(", ")}.`);
  if (http && config.sslVer === undefined) config.sslVer = "SSLv23";
  // Only "1" is documented; "0" (no body check) is accepted as its evident opposite.
  if (config.checkType !== undefined && config.checkType !== "0" && config.checkType !== "1") throw invalid('checkType must be "1" (check that the body contains checkStr).');
  if (config.checkType === "1" && !config.checkStr) throw invalid('checkType "1" needs a checkStr.');
  return config;
}

function assertNameFree(store: CatStore, taskName: string | undefined, exceptTaskId?: number): void {
  if (taskName === undefined) return;
  const holder = store.tasks.find((t) => t.taskName === taskName && t.taskId !== exceptTaskId);
  if (holder) throw invalid(`taskName ${taskName} is already used by task ${holder.taskId}.`);
}

function verificationOutcome(config: CatTaskConfig): { errorReason: string; suggestion: string } {
  if (domainOf(config.url).endsWith(".invalid")) {
    return { errorReason: "DNS解析失败", suggestion: "请检查url的域名能否解析出IP (check that the url's domain resolves to an IP)" };
  }
  if (config.host?.startsWith("192.0.2.")) {
    return { errorReason: "连接失败", suggestion: "请检查host是否可达、端口是否开放 (check that the host is reachable and the port open)" };
  }
  return { errorReason: "", suggestion: "" };
}

function findTask(store: CatStore, taskId: number): CatTaskRecord {
  const task = store.tasks.find((t) => t.taskId === taskId);
  if (!task) throw noSuchResource(`Task ${taskId} does not exist.`);
  return task;
}

/** The list's element (reference §1.6); the list does not return agentGroupId, host or the http options. */
function listed(task: CatTaskRecord) {
  return {
    taskId: task.taskId,
    taskName: task.taskName ?? "",
    period: task.period,
    catTypeName: task.catTypeName,
    status: task.status,
    cgiUrl: task.url,
    addTime: task.addTime,
    availRatioThres: null,
    availRatioInterval: null,
    receiverGroupId: null,
  };
}

const catAction = (mutates: boolean, handler: (ctx: ActionContext, p: V2Params, store: CatStore) => Record<string, unknown>): ProductAction => {
  const run: ActionHandler = (ctx, raw) => handler(ctx, new V2Params(raw, invalid), bucket(ctx));
  return { rateLimit: RATE_LIMIT, mutates, handler: run };
};

export const cat: Tc2Product = {
  name: "cat",
  actions: {
    // Allocates the task id and starts verification. The docs' example answers both ids as strings.
    SimpleVerifyCatTask: catAction(true, (ctx, p, store) => {
      const config = readConfig(store, p);
      assertNameFree(store, config.taskName);
      const taskId = allocateTaskId(ctx);
      const resultId = ctx.store.nextId("cat/result", 28330);
      store.verifications.push({ resultId, taskId, polls: 0, used: false, ...verificationOutcome(config) });
      return { resultId: String(resultId), taskId: String(taskId) };
    }),
    // "验证尚未完成" until the VERIFY_POLLS-th poll; then an empty errorReason (passed) or why it failed.
    VerifyCatResult: catAction(true, (_ctx, p, store) => {
      const resultId = p.integer("resultId");
      const v = store.verifications.find((x) => x.resultId === resultId);
      if (!v) throw noSuchResource(`Verification result ${resultId} does not exist.`);
      v.polls += 1;
      if (v.polls < VERIFY_POLLS) return { errorReason: PENDING, suggestion: "" };
      return { errorReason: v.errorReason, suggestion: v.suggestion };
    }),
    // An existing task id modifies that task (a full replace of its fields; its status is kept).
    // A verified id must have finished and passed its verification, once; an id never seen is
    // created unverified, as the docs' example does; a deleted task's id does not come back.
    CreateCatTask: catAction(true, (ctx, p, store) => {
      const taskId = p.integer("taskId");
      if (taskId <= 0) throw invalid("taskId must be a positive integer.");
      const config = readConfig(store, p);
      assertNameFree(store, config.taskName, taskId);
      const now = formatTime(ctx.now());
      const existing = store.tasks.find((t) => t.taskId === taskId);
      if (existing) {
        const { status, runningAgentGroupId, addTime } = existing;
        store.tasks[store.tasks.indexOf(existing)] = { ...config, taskId, status, runningAgentGroupId, addTime, updateTime: now };
        return {};
      }
      if ((store.deletedIds ?? []).includes(taskId)) throw invalid(`Task ${taskId} was deleted: call SimpleVerifyCatTask for a new id.`);
      const v = store.verifications.find((x) => x.taskId === taskId);
      if (v) {
        if (v.used) throw invalid(`Task ${taskId} was deleted: call SimpleVerifyCatTask for a new id.`);
        if (v.polls < VERIFY_POLLS) throw invalid(`Task ${taskId} has not finished verification: poll VerifyCatResult with resultId ${v.resultId}.`);
        if (v.errorReason) throw invalid(`Task ${taskId} failed verification (${v.errorReason}).`);
        v.used = true;
      } else if (idTaken(ctx, taskId)) {
        throw invalid(`taskId ${taskId} belongs to another account or region.`);
      }
      store.tasks.push({ ...config, taskId, status: 0, addTime: now, updateTime: now });
      return {};
    }),
    // Running an already running task (or pausing a paused one) succeeds: undocumented, and idempotent here.
    RunCatTask: catAction(true, (_ctx, p, store) => {
      const task = findTask(store, p.integer("taskId"));
      task.status = 2;
      task.runningAgentGroupId = task.agentGroupId;
      return {};
    }),
    PauseCatTask: catAction(true, (_ctx, p, store) => {
      findTask(store, p.integer("taskId")).status = 1;
      return {};
    }),
    // All or nothing: one unknown id fails the call with 20002 and deletes none.
    DeleteCatTask: catAction(true, (_ctx, p, store) => {
      const ids = p.indexedIntegers("taskId");
      if (ids.length === 0) throw invalid("taskId.0 is required.");
      for (const id of ids) findTask(store, id);
      store.tasks = store.tasks.filter((t) => !ids.includes(t.taskId));
      store.deletedIds = [...(store.deletedIds ?? []), ...ids];
      return {};
    }),
    // The docs' example puts total and tasks at the top level (its table says data.{total,tasks}).
    DescribeCatTaskList: catAction(false, (_ctx, p, store) => {
      const offset = p.optionalInteger("offset") ?? 0;
      const limit = p.optionalInteger("limit") ?? 20;
      if (offset < 0) throw invalid("offset must not be negative.");
      if (limit < 1 || limit > MAX_PAGE) throw invalid(`limit must be between 1 and ${MAX_PAGE}.`);
      const tasks = [...store.tasks].sort((a, b) => a.taskId - b.taskId);
      return { total: tasks.length, tasks: tasks.slice(offset, offset + limit).map(listed) };
    }),
    // Its legacy page was not found: the detail is the 3.0 CatTaskDetail's fields in lowerCamel,
    // without the cookie, which this emulator treats as write-only.
    DescribeCatTask: catAction(false, (_ctx, p, store) => {
      const t = findTask(store, p.integer("taskId"));
      return {
        data: {
          ...listed(t),
          agentGroupId: t.agentGroupId,
          host: t.host ?? "",
          sslVer: t.sslVer ?? "",
          postData: t.postData ?? "",
          userAgent: t.userAgent ?? "",
          checkStr: t.checkStr ?? "",
          checkType: t.checkType ?? "",
          updateTime: t.updateTime,
        },
      };
    }),
    // Legacy page not found either: lowerCamel like the rest of 2.0, each group shaped as DescribeCatAgentGroup's data.
    DescribeCatAgentGroupList: catAction(false, (_ctx, _p, store) => ({
      data: {
        groups: store.groups.map((g) => ({ ...g, taskNum: store.tasks.filter((t) => t.agentGroupId === g.groupId).length })),
      },
    })),
  },
};
