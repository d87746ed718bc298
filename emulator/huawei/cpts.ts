import { cptsErrors } from "./errors";
import type { HuaweiProduct, HuaweiRoute, RouteContext, RouteRequest } from "./product";

/**
 * Huawei Cloud CodeArts PerfTest (CPTS): test projects (test suites), cases and tasks, with the
 * documented paths, success statuses and bodies (reference §1). Where the docs are silent, the
 * choice is noted beside the rule. State is kept per account and IAM project (one region).
 */

interface ProjectRecord {
  id: number;
  name: string;
  description: string;
  createTime: string;
  updateTime: string;
}

interface CaseRecord {
  id: number;
  projectId: number;
  name: string;
  /** 0 normal, 1 video stream, 2 preset. */
  type: number;
  createTime: string;
  updateTime: string;
}

interface RunRecord {
  taskRunId: number;
  relatedTempRunningId: number;
  /** Emulator clock, ms. */
  startedAt: number;
  stoppedAt?: number;
  clusterId: number;
  clusterType: string;
}

export interface CptsTaskRecord {
  id: number;
  name: string;
  projectId: number;
  parallel: boolean;
  enableFullLink: boolean;
  operateMode: number;
  caseIds: number[];
  description: string;
  benchConcurrent: number;
  createTime: string;
  updateTime: string;
  runs: RunRecord[];
}

interface CptsStore {
  projects: ProjectRecord[];
  cases: CaseRecord[];
  tasks: CptsTaskRecord[];
}

/**
 * Run timing on the emulator's clock (`POST /_emulator/clock` finishes a run at once): waiting to
 * run (9), then running (0), then ended (2); a stop passes through terminating (5) to stopped (4).
 * The docs give no durations (reference §5 q7); these are the emulator's.
 */
export const RUN_TIMING = { waitingMs: 3_000, runningMs: 5 * 60_000, stoppingMs: 2_000 } as const;

export const RUN_STATUS = { running: 0, paused: 1, ended: 2, aborted: 3, stopped: 4, stopping: 5, waiting: 9 } as const;

/** Statuses in which a run holds the task: it cannot be started again or deleted. */
const BUSY = new Set<number>([RUN_STATUS.waiting, RUN_STATUS.running, RUN_STATUS.paused, RUN_STATUS.stopping]);
/** Statuses a stop applies to. */
const STOPPABLE = new Set<number>([RUN_STATUS.waiting, RUN_STATUS.running, RUN_STATUS.paused]);

/** APIG's default per-API limit (reference §1.10; whether it applies to CPTS is unverified). */
const RATE_LIMIT = 200;
const NAME_MAX = 42;
const DESCRIPTION_MAX = 50;
const CLUSTER_TYPES = ["shared-cluster-internet", "private-cluster"];
const SEED_TIME = "2026-01-01T00:00:00Z";

/**
 * Seeds in every account and IAM project: the docs' example test project 393862 with its cases
 * 449269 and 449270 (seed 003's request works as written), two more cases, and a second project.
 */
function seed(): CptsStore {
  const project = (id: number, name: string): ProjectRecord => ({ id, name, description: "seeded by the emulator", createTime: SEED_TIME, updateTime: SEED_TIME });
  const testCase = (id: number, projectId: number, name: string): CaseRecord => ({ id, projectId, name, type: 0, createTime: SEED_TIME, updateTime: SEED_TIME });
  return {
    projects: [project(393862, "default"), project(393863, "smoke")],
    cases: [
      testCase(449269, 393862, "login"),
      testCase(449270, 393862, "browse"),
      testCase(449271, 393862, "checkout"),
      testCase(449272, 393862, "search"),
      testCase(449280, 393863, "health"),
    ],
    tasks: [],
  };
}

function bucket(ctx: RouteContext): CptsStore {
  return ctx.store.bucket<CptsStore>("cpts", ctx.account, ctx.iamProjectId, seed);
}

const timestamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export function runStatus(task: CptsTaskRecord, nowMs: number): number {
  const run = task.runs[task.runs.length - 1];
  if (!run) return RUN_STATUS.ended; // Terraform's docs: 2 = idle
  if (run.stoppedAt !== undefined) return nowMs - run.stoppedAt < RUN_TIMING.stoppingMs ? RUN_STATUS.stopping : RUN_STATUS.stopped;
  const elapsed = nowMs - run.startedAt;
  if (elapsed < RUN_TIMING.waitingMs) return RUN_STATUS.waiting;
  if (elapsed < RUN_TIMING.waitingMs + RUN_TIMING.runningMs) return RUN_STATUS.running;
  return RUN_STATUS.ended;
}

/** Typed readers for a JSON body; CPTS bodies are typed JSON, so "5" is not an integer here. */
class Body {
  constructor(private readonly raw: Record<string, unknown>) {}

  private has(name: string): boolean {
    return Object.hasOwn(this.raw, name) && this.raw[name] !== undefined && this.raw[name] !== null;
  }

  private required(name: string): unknown {
    if (!this.has(name)) throw cptsErrors.invalidParameter(`${name} is required.`);
    return this.raw[name];
  }

  string(name: string): string {
    const v = this.required(name);
    if (typeof v !== "string") throw cptsErrors.invalidParameter(`${name} must be a String.`);
    return v;
  }

  optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : undefined;
  }

  integer(name: string): number {
    const v = this.required(name);
    if (typeof v !== "number" || !Number.isInteger(v)) throw cptsErrors.invalidParameter(`${name} must be an Integer.`);
    return v;
  }

  optionalInteger(name: string): number | undefined {
    return this.has(name) ? this.integer(name) : undefined;
  }

  boolean(name: string): boolean {
    const v = this.required(name);
    if (typeof v !== "boolean") throw cptsErrors.invalidParameter(`${name} must be a Boolean.`);
    return v;
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.has(name) ? this.boolean(name) : undefined;
  }

  integerArray(name: string): number[] {
    const v = this.required(name);
    if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isInteger(x))) {
      throw cptsErrors.invalidParameter(`${name} must be an Array of Integer.`);
    }
    return v as number[];
  }

  optionalIntegerArray(name: string): number[] | undefined {
    return this.has(name) ? this.integerArray(name) : undefined;
  }

  optionalStringArray(name: string): string[] | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw cptsErrors.invalidParameter(`${name} must be an Array of String.`);
    return v as string[];
  }

  optionalObjectArray(name: string): Array<Record<string, unknown>> | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "object" && x !== null && !Array.isArray(x))) {
      throw cptsErrors.invalidParameter(`${name} must be an Array of Object.`);
    }
    return v as Array<Record<string, unknown>>;
  }

  object(name: string): Record<string, unknown> {
    const v = this.required(name);
    if (typeof v !== "object" || Array.isArray(v)) throw cptsErrors.invalidParameter(`${name} must be an Object.`);
    return v as Record<string, unknown>;
  }
}

function pathId(req: RouteRequest, name: string): number {
  const raw = req.path[name];
  if (!/^\d{1,10}$/.test(raw)) throw cptsErrors.invalidParameter(`${name} must be an Integer.`);
  return Number(raw);
}

function queryInteger(req: RouteRequest, name: string, fallback: number, min: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw cptsErrors.invalidParameter(`${name} must be an Integer of at least ${min}.`);
  return Number(raw);
}

function findProject(store: CptsStore, id: number): ProjectRecord {
  const project = store.projects.find((p) => p.id === id);
  if (!project) throw cptsErrors.notFound(`Project ${id}`);
  return project;
}

function findTask(store: CptsStore, id: number): CptsTaskRecord {
  const task = store.tasks.find((t) => t.id === id);
  if (!task) throw cptsErrors.notFound(`Task ${id}`);
  return task;
}

function taskName(body: Body): string {
  const name = body.string("name");
  if (name.trim() === "") throw cptsErrors.invalidParameter("name must not be blank.");
  if ([...name].length > NAME_MAX) throw cptsErrors.invalidParameter(`name must be at most ${NAME_MAX} characters.`);
  return name;
}

function operateMode(value: number): number {
  if (![0, 1, 2].includes(value)) throw cptsErrors.invalidParameter("operate_mode must be 0 (duration), 1 (count) or 2 (mixed).");
  return value;
}

/** The cases must exist in the task's test project. An empty list is refused: the docs are silent, and such a task could never start. */
function caseIds(store: CptsStore, projectId: number, ids: number[]): number[] {
  if (ids.length === 0) throw cptsErrors.invalidParameter("case_id_list must not be empty.");
  if (new Set(ids).size !== ids.length) throw cptsErrors.invalidParameter("case_id_list must not repeat a case.");
  for (const id of ids) {
    if (!store.cases.some((c) => c.id === id && c.projectId === projectId)) {
      throw cptsErrors.invalidParameter(`case ${id} is not a case of project ${projectId}.`);
    }
  }
  return [...ids];
}

function latestRunId(task: CptsTaskRecord): number {
  return task.runs[task.runs.length - 1]?.taskRunId ?? 0;
}

/** ShowTask's `taskInfo` (Python model TaskInfo). */
function taskInfo(store: CptsStore, task: CptsTaskRecord, now: Date) {
  return {
    bench_concurrent: task.benchConcurrent,
    case_list: task.caseIds.map((id) => {
      const c = store.cases.find((x) => x.id === id);
      return { case_id: id, name: c?.name ?? "", case_type: c?.type ?? 0, contents: [], stages: [] };
    }),
    create_time: task.createTime,
    description: task.description,
    name: task.name,
    operate_mode: task.operateMode,
    project_id: task.projectId,
    related_temp_running_data: task.runs.map((r) => ({ task_run_info_id: r.taskRunId, related_temp_running_id: r.relatedTempRunningId })),
    run_status: runStatus(task, now.getTime()),
    update_time: task.updateTime,
    parallel: task.parallel,
  };
}

/** ListProjectSets' `ProjectsSet` (Go model): `CreateTime`/`UpdateTime` in PascalCase, unlike ShowProject's `Project`. */
function projectSetView(p: ProjectRecord) {
  return { CreateTime: p.createTime, UpdateTime: p.updateTime, description: p.description, id: p.id, name: p.name, source: 0 };
}

function projectView(p: ProjectRecord, account: string) {
  return { create_time: p.createTime, description: p.description, group: account, id: p.id, name: p.name, source: 0, update_time: p.updateTime };
}

function projectFields(body: Body): { name: string; description: string } {
  const name = body.string("name");
  if (name.trim() === "" || [...name].length > NAME_MAX) throw cptsErrors.invalidParameter(`name must be 1 to ${NAME_MAX} characters.`);
  const description = body.optionalString("description") ?? "";
  if ([...description].length > DESCRIPTION_MAX) throw cptsErrors.invalidParameter(`description must be at most ${DESCRIPTION_MAX} characters.`);
  return { name, description };
}

function assertIdle(task: CptsTaskRecord, now: Date): void {
  if (BUSY.has(runStatus(task, now.getTime()))) throw cptsErrors.taskRunning(task.id);
}

const route = (r: Omit<HuaweiRoute, "rateLimit">): HuaweiRoute => ({ rateLimit: RATE_LIMIT, ...r });

const routes: HuaweiRoute[] = [
  // ---- test projects (test suites) ----
  route({
    action: "CreateProject",
    method: "POST",
    path: "/v1/{project_id}/test-suites",
    status: 201,
    mutates: true,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const fields = projectFields(new Body(req.body));
      const now = timestamp(ctx.now());
      const id = ctx.store.nextId("cpts/project", 400_000);
      store.projects.push({ id, ...fields, createTime: now, updateTime: now });
      return { project_id: id };
    },
  }),
  route({
    action: "ListProjectSets",
    method: "GET",
    path: "/v1/{project_id}/test-suites",
    status: 200,
    mutates: false,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const offset = queryInteger(req, "offset", 0, 0);
      const limit = queryInteger(req, "limit", 100, 1);
      return { projects: store.projects.slice(offset, offset + limit).map(projectSetView) };
    },
  }),
  route({
    action: "ShowProject",
    method: "GET",
    path: "/v1/{project_id}/test-suites/{test_suite_id}",
    status: 200,
    mutates: false,
    handler: (ctx, req) => ({ project: projectView(findProject(bucket(ctx), pathId(req, "test_suite_id")), ctx.account) }),
  }),
  route({
    action: "UpdateProject",
    method: "PUT",
    path: "/v1/{project_id}/test-suites/{test_suite_id}",
    status: 204, // as documented; Terraform also accepts 200 and 201
    mutates: true,
    handler: (ctx, req) => {
      const project = findProject(bucket(ctx), pathId(req, "test_suite_id"));
      const body = new Body(req.body);
      if (body.integer("id") !== project.id) throw cptsErrors.invalidParameter("id must match the test suite in the path.");
      Object.assign(project, projectFields(body), { updateTime: timestamp(ctx.now()) });
      return undefined;
    },
  }),
  route({
    action: "DeleteProject",
    method: "DELETE",
    path: "/v1/{project_id}/test-suites/{test_suite_id}",
    status: 204,
    mutates: true,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const project = findProject(store, pathId(req, "test_suite_id"));
      const tasks = store.tasks.filter((t) => t.projectId === project.id);
      // Undocumented: the emulator deletes a project's tasks and cases with it, unless one is mid-run.
      for (const t of tasks) assertIdle(t, ctx.now());
      store.tasks = store.tasks.filter((t) => t.projectId !== project.id);
      store.cases = store.cases.filter((c) => c.projectId !== project.id);
      store.projects = store.projects.filter((p) => p !== project);
      return undefined;
    },
  }),
  route({
    action: "ListProjectTestCase",
    method: "GET",
    path: "/v1/{project_id}/test-suites/{test_suite_id}/directory",
    status: 200,
    mutates: false,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const project = findProject(store, pathId(req, "test_suite_id"));
      const root = { id: project.id, name: project.name, status: 1, create_time: project.createTime, update_time: project.updateTime, parent_id: 0, type: 1 };
      const cases = store.cases
        .filter((c) => c.projectId === project.id)
        .map((c) => ({ id: c.id, name: c.name, status: 1, create_time: c.createTime, update_time: c.updateTime, parent_id: project.id, type: 2 }));
      return { directory: [root, ...cases] };
    },
  }),

  // ---- cases (旧版: a case made for a task, in the task's test project) ----
  route({
    action: "CreateCase",
    method: "POST",
    path: "/v1/{project_id}/task-cases",
    status: 201,
    mutates: true,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const body = new Body(req.body);
      const name = body.string("name");
      if (name.trim() === "" || [...name].length > NAME_MAX) throw cptsErrors.invalidParameter(`name must be 1 to ${NAME_MAX} characters.`);
      const type = body.optionalInteger("type") ?? 0;
      if (![0, 1, 2].includes(type)) throw cptsErrors.invalidParameter("type must be 0 (normal), 1 (video stream) or 2 (preset).");
      const task = findTask(store, body.integer("task_id"));
      const now = timestamp(ctx.now());
      const id = ctx.store.nextId("cpts/case", 450_000);
      store.cases.push({ id, projectId: task.projectId, name, type, createTime: now, updateTime: now });
      task.caseIds.push(id);
      return { json: { task_case_id: id } };
    },
  }),
  route({
    action: "DeleteCase",
    method: "DELETE",
    path: "/v1/{project_id}/task-cases/{case_id}",
    status: 204,
    mutates: true,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const id = pathId(req, "case_id");
      if (!store.cases.some((c) => c.id === id)) throw cptsErrors.notFound(`Case ${id}`);
      store.cases = store.cases.filter((c) => c.id !== id);
      for (const t of store.tasks) t.caseIds = t.caseIds.filter((c) => c !== id);
      return undefined;
    },
  }),

  // ---- tasks ----
  route({
    action: "CreateNewTask",
    method: "POST",
    path: "/v3/{project_id}/tasks",
    status: 201,
    mutates: true,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const body = new Body(req.body);
      const name = taskName(body);
      const parallel = body.boolean("parallel");
      const enableFullLink = body.optionalBoolean("enable_full_link") ?? false;
      const project = findProject(store, body.integer("project_id"));
      const mode = operateMode(body.integer("operate_mode"));
      const cases = caseIds(store, project.id, body.integerArray("case_id_list"));
      const now = timestamp(ctx.now());
      const id = ctx.store.nextId("cpts/task", 184_138); // the docs' example task id
      store.tasks.push({
        id,
        name,
        projectId: project.id,
        parallel,
        enableFullLink,
        operateMode: mode,
        caseIds: cases,
        description: "",
        benchConcurrent: 0,
        createTime: now,
        updateTime: now,
        runs: [],
      });
      return { task_id: id };
    },
  }),
  route({
    action: "CreateTask",
    method: "POST",
    path: "/v1/{project_id}/tasks",
    status: 201,
    mutates: true,
    handler: (ctx, req) => {
      // 旧版 create (CreateTaskRequestBody): a task without cases; they are added with CreateCase or UpdateTask.
      const store = bucket(ctx);
      const body = new Body(req.body);
      const name = taskName(body);
      const project = findProject(store, body.integer("project_id"));
      body.optionalStringArray("temps");
      const mode = operateMode(body.optionalInteger("operate_mode") ?? 2);
      const benchConcurrent = body.optionalInteger("bench_concurrent") ?? 0;
      if (benchConcurrent < 0) throw cptsErrors.invalidParameter("bench_concurrent must not be negative.");
      const now = timestamp(ctx.now());
      const id = ctx.store.nextId("cpts/task", 184_138);
      store.tasks.push({
        id,
        name,
        projectId: project.id,
        parallel: false,
        enableFullLink: false,
        operateMode: mode,
        caseIds: [],
        description: "",
        benchConcurrent,
        createTime: now,
        updateTime: now,
        runs: [],
      });
      return { task_id: id };
    },
  }),
  route({
    action: "UpdateTask",
    method: "PUT",
    path: "/v1/{project_id}/tasks/{task_id}",
    status: 200,
    mutates: true,
    handler: (ctx, req) => {
      // 旧版 update (UpdateTaskRequestBody): id, name and project_id required; what is absent keeps its value.
      const store = bucket(ctx);
      const task = findTask(store, pathId(req, "task_id"));
      const body = new Body(req.body);
      if (body.integer("id") !== task.id) throw cptsErrors.invalidParameter("id must match the task in the path.");
      const name = taskName(body);
      if (body.integer("project_id") !== task.projectId) throw cptsErrors.invalidParameter("project_id cannot move a task to another project.");
      const description = body.optionalString("description");
      const mode = body.optionalInteger("operate_mode");
      const benchConcurrent = body.optionalInteger("bench_concurrent");
      if (benchConcurrent !== undefined && benchConcurrent < 0) throw cptsErrors.invalidParameter("bench_concurrent must not be negative.");
      const caseList = body.optionalObjectArray("case_list");
      // Documented: an item of case_list needs its name, contents and stages; the case is named by case_id.
      const ids = caseList?.map((c, i) => {
        if (typeof c.name !== "string" || !Array.isArray(c.contents) || !Array.isArray(c.stages)) {
          throw cptsErrors.invalidParameter(`case_list[${i}] needs name, contents and stages.`);
        }
        const id = c.case_id;
        if (typeof id !== "number" || !Number.isInteger(id)) throw cptsErrors.invalidParameter(`case_list[${i}].case_id must be an Integer.`);
        return id;
      });
      Object.assign(task, {
        name,
        description: description ?? task.description,
        operateMode: mode === undefined ? task.operateMode : operateMode(mode),
        benchConcurrent: benchConcurrent ?? task.benchConcurrent,
        caseIds: ids === undefined ? task.caseIds : caseIds(store, task.projectId, ids),
        updateTime: timestamp(ctx.now()),
      });
      return { taskInfo: taskInfo(store, task, ctx.now()) };
    },
  }),
  route({
    action: "UpdateTaskRelatedTestCase",
    method: "PUT",
    path: "/v3/{project_id}/tasks/{task_id}",
    status: 200,
    mutates: true,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const task = findTask(store, pathId(req, "task_id"));
      const body = new Body(req.body);
      // Only name and parallel were seen as required (the doc table was cut off); the rest keep their values when absent.
      const name = taskName(body);
      const parallel = body.boolean("parallel");
      const projectId = body.optionalInteger("project_id");
      if (projectId !== undefined && projectId !== task.projectId) throw cptsErrors.invalidParameter("project_id cannot move a task to another project.");
      const mode = body.optionalInteger("operate_mode");
      const ids = body.optionalIntegerArray("case_id_list");
      Object.assign(task, {
        name,
        parallel,
        operateMode: mode === undefined ? task.operateMode : operateMode(mode),
        caseIds: ids === undefined ? task.caseIds : caseIds(store, task.projectId, ids),
        updateTime: timestamp(ctx.now()),
      });
      return { taskInfo: taskInfo(store, task, ctx.now()) };
    },
  }),
  route({
    action: "DeleteNewTask",
    method: "DELETE",
    path: "/v3/{project_id}/tasks/{task_id}",
    status: 204,
    mutates: true,
    handler: (ctx, req) => deleteTask(ctx, req),
  }),
  route({
    action: "ShowTask",
    method: "GET",
    path: "/v1/{project_id}/tasks/{task_id}",
    status: 200,
    mutates: false,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      return { taskInfo: taskInfo(store, findTask(store, pathId(req, "task_id")), ctx.now()) };
    },
  }),
  route({
    action: "DeleteTask",
    method: "DELETE",
    path: "/v1/{project_id}/tasks/{task_id}",
    status: 204,
    mutates: true,
    handler: (ctx, req) => deleteTask(ctx, req),
  }),
  route({
    action: "UpdateTaskStatus",
    method: "POST",
    path: "/v1/{project_id}/test-suites/{test_suite_id}/tasks/{task_id}",
    status: 200,
    mutates: true,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const projectId = pathId(req, "test_suite_id");
      const task = findTask(store, pathId(req, "task_id"));
      if (task.projectId !== projectId) throw cptsErrors.notFound(`Task ${task.id}`);
      const body = new Body(req.body);
      const status = body.integer("status");
      const clusterId = body.integer("cluster_id");
      const clusterType = body.string("cluster_type");
      if (!CLUSTER_TYPES.includes(clusterType)) throw cptsErrors.invalidParameter(`cluster_type must be one of ${CLUSTER_TYPES.join(", ")}.`);
      body.object("network_info");
      // Documented as required and fixed 0; Terraform omits it, so absence is accepted.
      const withoutPackage = body.optionalInteger("without_package");
      if (withoutPackage !== undefined && withoutPackage !== 0) throw cptsErrors.invalidParameter("without_package must be 0.");
      body.optionalString("enterprise_project_id");
      const now = ctx.now();
      const current = runStatus(task, now.getTime());
      if (status === 9) {
        if (BUSY.has(current)) throw cptsErrors.taskRunning(task.id);
        if (task.caseIds.length === 0) throw cptsErrors.invalidParameter(`task ${task.id} has no cases.`);
        if (clusterType === "private-cluster" && clusterId <= 0) throw cptsErrors.invalidParameter("a private-cluster run needs its cluster_id.");
        const taskRunId = ctx.store.nextId("cpts/task-run", 700_000);
        task.runs.push({ taskRunId, relatedTempRunningId: taskRunId + 1_000_000, startedAt: now.getTime(), clusterId, clusterType });
        return { extend: "", result: { task_run_id: taskRunId } };
      }
      if (status === 2) {
        // Stopping a task that is not running is accepted and changes nothing (undocumented).
        const run = task.runs[task.runs.length - 1];
        if (run && STOPPABLE.has(current)) run.stoppedAt = now.getTime();
        return { extend: "", result: { task_run_id: latestRunId(task) } };
      }
      throw cptsErrors.invalidParameter("status must be 9 (start) or 2 (stop).");
    },
  }),
  route({
    action: "ShowTaskSet",
    method: "GET",
    path: "/v1/{project_id}/all-tasks/{test_suite_id}",
    status: 200,
    mutates: false,
    handler: (ctx, req) => {
      const store = bucket(ctx);
      const project = findProject(store, pathId(req, "test_suite_id"));
      const offset = queryInteger(req, "offset", 0, 0);
      const limit = queryInteger(req, "limit", 100, 1);
      const tasks = store.tasks
        .filter((t) => t.projectId === project.id)
        .slice(offset, offset + limit)
        .map((t) => ({
          bench_concurrent: t.benchConcurrent,
          description: t.description,
          id: t.id,
          name: t.name,
          operate_mode: t.operateMode,
          task_run_info: { id: latestRunId(t), run_type: 1 },
          update_time: t.updateTime,
          parallel: t.parallel,
        }));
      return { extend: [], tasks };
    },
  }),
];

/** v1 and v3 delete alike (reference §5 q1 leaves open whether they differ): a task mid-run is refused. */
function deleteTask(ctx: RouteContext, req: RouteRequest): undefined {
  const store = bucket(ctx);
  const task = findTask(store, pathId(req, "task_id"));
  assertIdle(task, ctx.now());
  store.tasks = store.tasks.filter((t) => t !== task);
  return undefined;
}

export const cpts: HuaweiProduct = {
  name: "cpts",
  routes,
};
