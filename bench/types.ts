/**
 * The resource types the benchmark measures, one entry each: adding a type to the package is one
 * entry here. `args` is the JavaScript of one instance's arguments, with `i` (0…N-1) in scope; the
 * no-op baseline declares exactly the same arguments, so the two stacks differ only in the provider.
 */
export interface BenchType {
  /** The exported class of `pulumi-cloudtasks`. */
  className: string;
  /** JavaScript expression of instance `i`'s arguments (names must be unique per instance where the API wants it). */
  args: string;
  /**
   * The documented requests-per-second limit of every action the type calls, per action and
   * account: the floor of a command is max(no-op time, calls of an action ÷ its limit).
   */
  limits: Readonly<Record<string, number>>;
  /** Where the limits come from (quoted in RESULTS.md). */
  limitSource: string;
  /**
   * Calls per resource a command makes beyond issue 14's targets (up: the create and at most one
   * read; refresh 1; destroy 1; preview 0) because the cloud's documented protocol demands them.
   */
  documentedExtraCalls?: Partial<Record<"up" | "preview" | "refresh" | "destroy", { calls: number; why: string }>>;
  /** Calls a command makes once per provider process, whatever N (read-only catalogues the checks need). */
  onceCalls?: Partial<Record<"up" | "preview" | "refresh" | "destroy", { calls: number; why: string }>>;
  /**
   * Time each resource of a command must wait for the cloud (the emulator's clock, or a documented
   * poll schedule). The engine runs at most `--parallel` operations at once (4 × GOMAXPROCS by
   * default), so N resources cannot finish sooner than N × perResourceMs ÷ parallel: a third floor
   * term beside the no-op's time and the rate limits.
   */
  waits?: Partial<Record<"up" | "preview" | "refresh" | "destroy", { perResourceMs: number; why: string }>>;
  /**
   * Commands whose calls serve many resources at once (reads sharing a list pass, a batch delete):
   * how many each call serves depends on how many operations are in flight together, which pacing
   * changes with N, so their count is held to the per-resource target at every N instead of to
   * "not growing" (it never exceeds one lookup per resource).
   */
  batchedCalls?: Partial<Record<"up" | "preview" | "refresh" | "destroy", string>>;
  /** The official SDK modules the type's calls load (once per provider process, at its first call). */
  sdkModules: readonly string[];
}

export const BENCH_TYPES: readonly BenchType[] = [
  {
    className: "OperationTask",
    sdkModules: ["tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client", "tencentcloud-sdk-nodejs/tencentcloud/common/credential"],
    args: `{ name: "bench-" + i, type: 1, account: "root", timeout: 60, script: "df -h", deviceIdSet: [34, 56] }`,
    limits: { CreateOperationTask: 20, ModifyOperationTask: 20, DeleteOperationTasks: 20, DescribeOperationTask: 20, RunOperationTask: 20, SearchTaskResult: 20 },
    limitSource: "bh 2023-04-18: 20 requests/second per action (默认接口请求频率限制: 20次/秒)",
    batchedCalls: {
      up: "the reads after the creates share passes over DescribeOperationTask",
      refresh: "the reads share passes over DescribeOperationTask",
      destroy: "the deletes share DeleteOperationTasks' IdSet",
    },
  },
  {
    className: "CatTask",
    sdkModules: ["tencentcloud-sdk-nodejs/tencentcloud/common/credential"],
    args: `{ taskName: "bench-" + i, catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5 }`,
    limits: {
      SimpleVerifyCatTask: 20,
      VerifyCatResult: 20,
      CreateCatTask: 20,
      RunCatTask: 20,
      PauseCatTask: 20,
      DeleteCatTask: 20,
      DescribeCatTaskList: 20,
      DescribeCatTask: 20,
    },
    limitSource: "CAT API 2.0: 20 requests/second per action",
    batchedCalls: {
      up: "the reads after the creates share passes over DescribeCatTaskList",
      refresh: "the reads share passes over DescribeCatTaskList",
      destroy: "the deletes share DeleteCatTask's taskId.N",
    },
    documentedExtraCalls: {
      up: { calls: 5, why: "CAT's create protocol: SimpleVerifyCatTask, VerifyCatResult polled until verified (3 polls in the emulator), RunCatTask for the declared run state" },
    },
    waits: {
      up: { perResourceMs: 1400, why: "each create waits for CAT's verification of the target: the emulator verifies on the 3rd VerifyCatResult poll, after 200 + 400 + 800 ms (cat-task.ts)" },
    },
  },
  {
    className: "PerfTestTask",
    sdkModules: ["@huaweicloud/huaweicloud-sdk-core", "@huaweicloud/huaweicloud-sdk-core/HcClient", "@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient"],
    args: `{ name: "bench-" + i, projectId: 393862, caseIdList: [449269] }`,
    limits: {
      CreateNewTask: 200,
      UpdateTaskRelatedTestCase: 200,
      DeleteNewTask: 200,
      ShowTask: 200,
      UpdateTaskStatus: 200,
      ShowTaskSet: 200,
    },
    limitSource: "CPTS documents no limit; APIG's default of 200 requests/second per API",
  },
  {
    className: "IotBatchTask",
    sdkModules: ["tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_client", "tencentcloud-sdk-nodejs/tencentcloud/common/credential"],
    args: `{ taskType: "PublishMessage", productId: "ABCDE12345", deviceNameFilter: "^sensor-", tasks: { publishMessageTask: { topic: "event", payload: '{"n":' + i + '}' } } }`,
    limits: { CreateTask: 100, DescribeTask: 100, DescribeTasks: 20, CancelTask: 20 },
    limitSource: "iotcloud 2018-06-14: CreateTask and DescribeTask 100/s; DescribeTasks and CancelTask undocumented (20/s assumed)",
  },
  {
    className: "ProbeTask",
    sdkModules: ["tencentcloud-sdk-nodejs/tencentcloud/services/cat/v20180409/cat_client", "tencentcloud-sdk-nodejs/tencentcloud/common/credential"],
    args: `{ name: "bench-" + i, targetAddress: "www.example.com", taskType: 1, nodes: ["10001"], interval: 5 }`,
    limits: {
      CreateProbeTasks: 20,
      DescribeProbeTasks: 20,
      UpdateProbeTaskAttributes: 20,
      UpdateProbeTaskConfigurationList: 20,
      SuspendProbeTask: 20,
      ResumeProbeTask: 20,
      DeleteProbeTask: 20,
    },
    limitSource: "cat 2018-04-09: 20 requests/second per action (每个接口 20 次/秒)",
    batchedCalls: {
      up: "the polls of the creates waiting together share DescribeProbeTasks calls",
      refresh: "an account one page holds is listed whole by one DescribeProbeTasks; a larger one is read by TaskIDs, the reads sharing calls",
      destroy: "the polls of the deletes waiting together share DescribeProbeTasks calls",
    },
    documentedExtraCalls: {
      up: { calls: 1, why: "creation is asynchronous (status 1 creating → 2 running, or 3 running error): create polls DescribeProbeTasks until it runs, the polls of concurrent creates sharing one call" },
      destroy: { calls: 1, why: "deletion is asynchronous (status 7 deleting → 9 deleted, or 8 delete error): delete polls until it is gone, the polls of concurrent deletes sharing one call" },
    },
    waits: {
      up: { perResourceMs: 2000, why: "each create waits until the task runs (status 1 → 2, 2 s on the emulator's clock)" },
      destroy: { perResourceMs: 2000, why: "each delete waits until the task is deleted (status 7 → 9, 2 s on the emulator's clock)" },
    },
  },
  {
    className: "ChaosExperiment",
    sdkModules: ["tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_client", "tencentcloud-sdk-nodejs/tencentcloud/common/credential"],
    args: `{ taskActionId: 12, taskInstances: ["ins-bench" + i], taskTitle: "bench-" + i }`,
    limits: {
      CreateTaskFromTemplate: 10,
      CreateTaskFromAction: 20,
      CreateTaskFromMultiAction: 20,
      DescribeTaskList: 100,
      DescribeTask: 20,
      ExecuteTask: 10,
      ExecuteTaskInstance: 10,
      ModifyTaskRunStatus: 10,
      DeleteTask: 10,
      DescribeTemplate: 20,
      DescribeObjectTypeList: 20,
      DescribeActionLibraryList: 100,
      DescribeActionFieldConfigList: 20,
    },
    limitSource: "cfg 2021-08-20: the documented per-action limits (10–100 requests/second)",
    onceCalls: {
      up: { calls: 3, why: "the action catalogue the checks of a new definition read once per process (an action's required fields: DescribeObjectTypeList, DescribeActionLibraryList, DescribeActionFieldConfigList)" },
    },
    documentedExtraCalls: {
      destroy: { calls: 1, why: "DescribeTask before DeleteTask: an experiment still executing must be paused and recovered first, so no fault is left injected" },
    },
  },
];

/** Every type's names, for `--types`. */
export function selectTypes(names: string[] | undefined): BenchType[] {
  if (!names?.length) return [...BENCH_TYPES];
  const unknown = names.filter((n) => !BENCH_TYPES.some((t) => t.className === n));
  if (unknown.length) throw new Error(`unknown resource type(s) ${unknown.join(", ")}; known: ${BENCH_TYPES.map((t) => t.className).join(", ")}`);
  return BENCH_TYPES.filter((t) => names.includes(t.className));
}
