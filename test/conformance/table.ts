/**
 * What the conformance test (test/integration/conformance-go.test.ts) asks of the emulator through
 * the official Go SDKs: every action it serves, in order, with the answer's shape as the SDK's model
 * declares it, or the error the cloud answers. A product added to the emulator is one more table
 * here, an action one more row (an API 3.0 product runs under every signature variant; a Huawei
 * service also needs its client's operations registered in test/conformance/go/huawei.go).
 */

/** Values rows hand to later rows (ids the cloud allocated). */
export type Saved = Record<string, unknown>;

/**
 * The JSON shape a model declares: a type name per field (every field listed must be present),
 * `[itemShape]` for arrays (every item checked), nested objects as nested shapes.
 */
export type Shape = "integer" | "number" | "string" | "boolean" | "array" | "object" | "null" | readonly [Shape] | { readonly [field: string]: Shape };

/** What a row may do to the emulator before its call. */
export interface RowHooks {
  /** Moves the emulator's clock (never the signatures' wall time) so tasks move on. */
  advanceClockMs(ms: number): void;
}

export interface ActionRow {
  /** Title when the action appears more than once. */
  title?: string;
  action: string;
  /** Runs first, e.g. moves the emulator's clock so a task finishes its transition. */
  before?: (cloud: RowHooks) => void;
  params?: (saved: Saved) => Record<string, unknown>;
  /** The answer's fields (inside `Response` for API 3.0), as the SDK's model types them. */
  shape?: Shape;
  /** Further checks of the answer, and values to keep for later rows. */
  then?: (answer: Record<string, unknown>, saved: Saved) => void;
  /** The cloud refuses instead: the error code the SDK reports. */
  error?: string;
}

export interface TencentProductTable {
  product: string;
  /** API 3.0 version; absent for API 2.0. */
  version?: string;
  region: string;
  /** API 2.0 is served at a path of its own; the SDK takes it as part of the endpoint. */
  path?: "/v2/index.php";
  rows: ActionRow[];
}

export interface HuaweiRow {
  title?: string;
  operation: string;
  /** The documented success status (rows that expect an error give theirs in `error`). */
  status?: number;
  request?: (saved: Saved) => Record<string, unknown>;
  shape?: Shape;
  then?: (answer: Record<string, unknown>, saved: Saved) => void;
  /** The cloud refuses instead: HTTP status and error code. */
  error?: { status: number; code: string };
  /** Runs first, e.g. moves the emulator's clock so a run ends. */
  before?: (cloud: RowHooks) => void;
}

export interface HuaweiServiceTable {
  service: string;
  rows: HuaweiRow[];
}

const operationTask = {
  Id: "integer",
  OperationId: "string",
  Name: "string",
  UserName: "string",
  RealName: "string",
  Type: "integer",
  Period: "integer",
  NextTime: "string",
  FirstTime: "string",
} as const;

/** A row's check of the answer: fails the row with what was expected. */
function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The parameters without one of them: a row that leaves a required parameter out. */
function omit(params: Record<string, unknown>, name: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => k !== name));
}

const iotTaskInfo = {
  Type: "string",
  Id: "string",
  ProductId: "string",
  Status: "integer",
  CreateTime: "integer",
  UpdateTime: "integer",
  RetCode: "integer",
  ErrMsg: "string",
} as const;

const iotTaskDetail = { ...iotTaskInfo, DoneTime: "integer", ScheduleTime: "integer", Percent: "integer", AllDeviceCnt: "integer", DoneDeviceCnt: "integer", RequestId: "string" } as const;

/** 2100-01-01: later than a day ahead, which the cloud clamps to a day ahead (documented), so the task waits whatever the clock. */
const BEYOND_A_DAY = 4_102_444_800;

const iotShadowTask = (s: Saved) => ({
  TaskType: "UpdateShadow",
  ProductId: "ABCDE12345",
  DeviceNameFilter: "^light-0[12]$",
  ScheduleTimeInSeconds: 0,
  MaxExecutionTimeInSeconds: 3600,
  Tasks: { UpdateShadowTask: { Desired: JSON.stringify({ color: "red", brightness: 80, by: s.name }) } },
});

const iotMessageTask = (topic: string) => ({
  TaskType: "PublishMessage",
  ProductId: "ABCDE12345",
  DeviceNameFilter: "sensor",
  ScheduleTimeInSeconds: BEYOND_A_DAY,
  Tasks: { PublishMessageTask: { Topic: topic, Payload: JSON.stringify({ reboot: true }) } },
});

const probeNode = { Name: "string", Code: "string", Type: "integer", NetService: "string", District: "string", City: "string", IPType: "integer", Location: "integer", CodeType: "string" } as const;

const probeTask = {
  Name: "string",
  TaskId: "string",
  TaskType: "integer",
  Nodes: ["string"],
  NodeIpType: "integer",
  Interval: "integer",
  Parameters: "string",
  Status: "integer",
  TargetAddress: "string",
  PayMode: "integer",
  OrderState: "integer",
  TaskCategory: "integer",
  CreatedAt: "string",
  Cron: "string",
  CronState: "null",
  TagInfoList: [{ Key: "string", Value: "string" }],
  SubSyncFlag: "integer",
} as const;

const probeBatchResult = { Total: "integer", SuccessCount: "integer", Results: [{ TaskId: "string", Success: "boolean", ErrorMessage: "string" }], RequestId: "string" } as const;

/** The reference's network-quality (TaskType 5) parameters. */
const PROBE_PARAMETERS = JSON.stringify({ ipType: 0, grabBag: 0, netIcmpOn: 1, netIcmpActivex: 0, netIcmpTimeout: 20, netIcmpInterval: 0.5, netIcmpNum: 20, netIcmpSize: 32, netIcmpDataCut: 1 });

const probeCreate = (s: Saved) => ({
  BatchTasks: [
    { Name: s.name, TargetAddress: "www.example.com" },
    { Name: `${String(s.name)}-b`, TargetAddress: "www.example.org" },
  ],
  TaskType: 5,
  Nodes: ["10001", "10002"],
  Interval: 5,
  Parameters: PROBE_PARAMETERS,
  TaskCategory: 1,
  Tag: [{ TagKey: "env", TagValue: "conformance" }],
  NodeIpType: 0,
});

const probeIds = (s: Saved) => [s.probeA, s.probeB] as string[];
const probeResults = (a: Record<string, unknown>) => a.Results as Array<{ TaskId: string; Success: boolean; ErrorMessage: string }>;
const probeTasks = (a: Record<string, unknown>) => a.TaskSet as Array<Record<string, unknown>>;

const cfgInstance = {
  TaskGroupInstanceId: "integer",
  TaskGroupInstanceObjectId: "string",
  TaskGroupInstanceStatus: "integer",
  TaskGroupInstanceCreateTime: "string",
  TaskGroupInstanceUpdateTime: "string",
  TaskGroupInstanceStatusType: "integer",
  TaskGroupInstanceIsRedo: "boolean",
} as const;

const cfgAction = {
  TaskGroupActionId: "integer",
  TaskGroupInstances: [cfgInstance],
  ActionId: "integer",
  TaskGroupActionOrder: "integer",
  TaskGroupActionGeneralConfiguration: "string",
  TaskGroupActionCustomConfiguration: "string",
  TaskGroupActionStatus: "integer",
  TaskGroupActionCreateTime: "string",
  TaskGroupActionUpdateTime: "string",
  ActionTitle: "string",
  TaskGroupActionStatusType: "integer",
  TaskGroupActionRandomId: "integer",
  ActionApiType: "integer",
  ActionAttribute: "integer",
  ActionType: "string",
  IsExecuteRedo: "boolean",
  ActionRisk: "string",
} as const;

/** DescribeTask's Task as a not-yet-started experiment shows it (the docs' example: times and conclusion still null). */
const cfgTask = {
  TaskId: "integer",
  TaskTitle: "string",
  TaskDescription: "string",
  TaskTag: "string",
  TaskStatus: "integer",
  TaskStatusType: "integer",
  TaskCreateTime: "string",
  TaskUpdateTime: "string",
  TaskGroups: [
    {
      TaskGroupId: "integer",
      TaskGroupTitle: "string",
      TaskGroupDescription: "string",
      TaskGroupOrder: "integer",
      ObjectTypeId: "integer",
      TaskGroupCreateTime: "string",
      TaskGroupUpdateTime: "string",
      TaskGroupActions: [cfgAction],
      TaskGroupInstanceList: ["string"],
      TaskGroupMode: "integer",
    },
  ],
  TaskStartTime: "null",
  TaskEndTime: "null",
  TaskExpect: "null",
  TaskSummary: "null",
  TaskMode: "integer",
  TaskPauseDuration: "integer",
  TaskOwnerUin: "string",
  TaskRegionId: "integer",
  TaskMonitors: "array",
  Tags: "array",
} as const;

const cfgTaskListItem = {
  TaskId: "integer",
  TaskTitle: "string",
  TaskDescription: "string",
  TaskTag: "string",
  TaskStatus: "integer",
  TaskCreateTime: "string",
  TaskUpdateTime: "string",
  TaskPreCheckStatus: "integer",
  TaskPreCheckSuccess: "boolean",
  TaskExpect: "integer",
  TaskStatusType: "integer",
  TaskSource: "integer",
  Tags: "array",
} as const;

const cfgTemplateSummary = {
  TemplateId: "integer",
  TemplateTitle: "string",
  TemplateDescription: "string",
  TemplateTag: "string",
  TemplateIsUsed: "integer",
  TemplateCreateTime: "string",
  TemplateUpdateTime: "string",
  TemplateSource: "integer",
} as const;

const cfgTemplateGroupAction = {
  TemplateGroupActionId: "integer",
  ActionId: "integer",
  Order: "integer",
  GeneralConfiguration: "string",
  CustomConfiguration: "string",
  CreateTime: "string",
  UpdateTime: "string",
  ActionTitle: "string",
  RandomId: "integer",
  RecoverId: "integer",
  ExecuteId: "integer",
  ActionApiType: "integer",
  ActionAttribute: "integer",
  ActionType: "string",
  ActionRisk: "string",
} as const;

const cfgFieldConfig = { ActionId: "integer", ActionName: "string", ConfigDetail: [{ Type: "string", Lable: "string", Field: "string", DefaultValue: "string", Config: "string", Required: "integer", Validate: "string", Visible: "string" }] } as const;

/** The docs' CreateTaskFromTemplate example (template 626, one action group on one instance), titled per run. */
const cfgFromTemplate = (s: Saved) => ({ TemplateId: 626, TaskConfig: { TaskTitle: s.name, TaskGroupsConfig: [{ TaskGroupInstances: ["ins-xxxxxxxx"] }] } });

/** The docs' CreateTaskFromAction example (packet loss on eth0), titled per run. */
const cfgFromAction = (s: Saved) => ({
  TaskActionId: 462,
  TaskInstances: ["ins-xxxxxxxx"],
  TaskTitle: `${String(s.name)}-action`,
  TaskDescription: "This experiment was created from the openapi",
  TaskActionCustomConfiguration: JSON.stringify({ interfaces: "eth0" }),
});

const cfgEnd = (taskId: unknown) => ({ TaskId: taskId, Status: 1004, Summary: "This experiment meets the expectations", IsExpect: true });

/** Tencent Cloud API 3.0 products (bh 2023-04-18, iotcloud 2018-06-14, cat 2018-04-09, cfg 2021-08-20). */
export const TENCENT_API3: TencentProductTable[] = [
  {
    product: "bh",
    version: "2023-04-18",
    region: "ap-guangzhou",
    rows: [
      {
        title: "CreateOperationTask (the docs' periodic example, Script \"ls\" with Encoding 1)",
        action: "CreateOperationTask",
        params: (s) => ({ Name: s.name, Type: 2, Period: 1, FirstTime: "2025-03-25T08:00:01+08:00", Account: "root", Timeout: 5, Script: "ls", Encoding: 1, DeviceIdSet: [34, 56] }),
        shape: { TaskId: "integer", RequestId: "string" },
        then: (a, s) => (s.periodicId = a.TaskId),
      },
      {
        title: "CreateOperationTask (the docs' manual example)",
        action: "CreateOperationTask",
        params: (s) => ({ Name: s.name, Type: 1, Account: "root", Timeout: 5, Script: "ls -al", Encoding: 0, DeviceIdSet: [44, 66] }),
        shape: { TaskId: "integer", RequestId: "string" },
        then: (a, s) => (s.taskId = a.TaskId),
      },
      {
        action: "DescribeOperationTask",
        params: (s) => ({ Name: s.name, Offset: 0, Limit: 10 }),
        shape: { OperationTasks: [operationTask], TotalCount: "integer", RequestId: "string" },
        then: (a) => {
          if (a.TotalCount !== 2) throw new Error(`expected the 2 tasks just created, got ${String(a.TotalCount)}`);
        },
      },
      {
        action: "ModifyOperationTask",
        params: (s) => ({ Id: s.taskId, Name: s.name, Type: 1, Account: "ubuntu", Timeout: 30, Script: Buffer.from("uptime").toString("base64"), Encoding: 1, DeviceIdSet: [13] }),
        shape: { RequestId: "string" },
      },
      { action: "RunOperationTask", params: (s) => ({ Id: s.taskId }), shape: { SubTaskId: "string", RequestId: "string" }, then: (a, s) => (s.subTaskId = a.SubTaskId) },
      {
        title: "SearchTaskResult (the run just started, by name)",
        action: "SearchTaskResult",
        params: (s) => ({ Name: s.name, Offset: 0, Limit: 20 }),
        shape: { TotalCount: "integer", TaskResult: "array", RequestId: "string" },
        then: (a, s) => {
          const runs = a.TaskResult as Array<{ Id?: unknown }>;
          if (a.TotalCount !== 1 || runs[0]?.Id !== s.subTaskId) throw new Error(`expected the one run ${String(s.subTaskId)}, got ${JSON.stringify(runs)}`);
        },
      },
      { action: "DeleteOperationTasks", params: (s) => ({ IdSet: [s.taskId, s.periodicId] }), shape: { RequestId: "string" } },
      {
        title: "DescribeOperationTask after the delete",
        action: "DescribeOperationTask",
        params: (s) => ({ Name: s.name }),
        shape: { OperationTasks: "array", TotalCount: "integer" },
        then: (a) => {
          if (a.TotalCount !== 0) throw new Error(`expected no task left, got ${String(a.TotalCount)}`);
        },
      },
      {
        title: "CreateOperationTask on an unknown host",
        action: "CreateOperationTask",
        params: (s) => ({ Name: s.name, Type: 1, Account: "root", Timeout: 5, Script: "ls", DeviceIdSet: [999] }),
        error: "FailedOperation.DataNotFound",
      },
      { title: "CreateOperationTask without Script", action: "CreateOperationTask", params: (s) => ({ Name: s.name, Type: 1, Account: "root", Timeout: 5, DeviceIdSet: [13] }), error: "MissingParameter" },
      { title: "ModifyOperationTask of an unknown task", action: "ModifyOperationTask", params: (s) => ({ Id: 99999, Name: s.name, Type: 1, Account: "root", Timeout: 5, Script: "ls", DeviceIdSet: [13] }), error: "ResourceNotFound" },
      { title: "DescribeOperationTask with Limit 0", action: "DescribeOperationTask", params: () => ({ Limit: 0 }), error: "InvalidParameterValue" },
    ],
  },
  {
    product: "iotcloud",
    version: "2018-06-14",
    region: "ap-guangzhou",
    rows: [
      {
        title: "CreateTask (UpdateShadow, at once)",
        action: "CreateTask",
        params: iotShadowTask,
        shape: { TaskId: "string", RequestId: "string" },
        then: (a, s) => (s.shadowTaskId = a.TaskId),
      },
      {
        title: "CreateTask (PublishMessage, scheduled beyond a day ahead)",
        action: "CreateTask",
        params: () => iotMessageTask("event"),
        shape: { TaskId: "string", RequestId: "string" },
        then: (a, s) => (s.messageTaskId = a.TaskId),
      },
      {
        title: "DescribeTask (the shadow task, once processed)",
        action: "DescribeTask",
        before: (cloud) => cloud.advanceClockMs(5_000),
        params: (s) => ({ Id: s.shadowTaskId }),
        shape: iotTaskDetail,
        then: (a) => {
          expect(a.Status === 3 && a.Type === "UpdateShadow", `expected a done UpdateShadow task, got status ${String(a.Status)} ${String(a.Type)}`);
          expect(a.AllDeviceCnt === 2 && a.DoneDeviceCnt === 2 && a.Percent === 100, `expected light-01 and light-02 done, got ${JSON.stringify(a)}`);
        },
      },
      {
        title: "DescribeTask (the scheduled task, clamped to a day ahead)",
        action: "DescribeTask",
        params: (s) => ({ Id: s.messageTaskId }),
        shape: iotTaskDetail,
        then: (a) => {
          expect(a.Status === 1, `expected the task waiting (1), got ${String(a.Status)}`);
          expect((a.ScheduleTime as number) - (a.CreateTime as number) === 86_400, `expected the schedule clamped to a day after creation, got ${JSON.stringify(a)}`);
        },
      },
      {
        action: "DescribeTasks",
        params: () => ({ Offset: 0, Limit: 250 }),
        shape: { TotalCount: "integer", Tasks: [iotTaskInfo], RequestId: "string" },
        then: (a, s) => {
          const ids = (a.Tasks as Array<{ Id: string }>).map((t) => t.Id);
          expect(ids.includes(String(s.shadowTaskId)) && ids.includes(String(s.messageTaskId)), `expected both tasks listed, got ${ids.join(", ")}`);
          expect(a.TotalCount === ids.length, "TotalCount counts the tasks listed on a page that holds them all");
        },
      },
      { action: "CancelTask", params: (s) => ({ Id: s.messageTaskId }), shape: { RequestId: "string" } },
      {
        title: "DescribeTask after the cancel",
        action: "DescribeTask",
        params: (s) => ({ Id: s.messageTaskId }),
        shape: iotTaskDetail,
        then: (a) => expect(a.Status === 5, `expected the task cancelled (5), got ${String(a.Status)}`),
      },
      { title: "CancelTask of a finished task", action: "CancelTask", params: (s) => ({ Id: s.shadowTaskId }), error: "FailedOperation.AsyncTaskAlreadyStarted" },
      { title: "DescribeTask of an unknown task", action: "DescribeTask", params: () => ({ Id: "000000000000000000000000" }), error: "ResourceNotFound.TaskNotExist" },
      { title: "CreateTask on an unknown product", action: "CreateTask", params: (s) => ({ ...iotShadowTask(s), ProductId: "ZZZZZ00000" }), error: "ResourceNotFound.ProductNotExist" },
      { title: "CreateTask with a topic naming the product", action: "CreateTask", params: () => iotMessageTask("ABCDE12345/sensor-01/event"), error: "FailedOperation.InvalidTopicName" },
      {
        title: "CreateTask with a Desired that is not JSON",
        action: "CreateTask",
        params: (s) => ({ ...iotShadowTask(s), Tasks: { UpdateShadowTask: { Desired: "{color: red" } } }),
        error: "InvalidParameterValue.JSONHasInvalidNode",
      },
      {
        title: "CreateTask without Tasks",
        action: "CreateTask",
        params: (s) => omit(iotShadowTask(s), "Tasks"),
        error: "MissingParameter",
      },
      { title: "DescribeTasks with Limit 251", action: "DescribeTasks", params: () => ({ Offset: 0, Limit: 251 }), error: "InvalidParameterValue" },
    ],
  },
  {
    product: "cat",
    version: "2018-04-09",
    region: "ap-guangzhou",
    rows: [
      {
        action: "DescribeNodes",
        params: () => ({ NodeType: 1, Location: 1, TaskType: 5 }),
        shape: { NodeSet: [{ ...probeNode, TaskTypes: ["integer"] }], RequestId: "string" },
        then: (a) => {
          const nodes = a.NodeSet as Array<Record<string, unknown>>;
          expect(nodes.every((n) => n.Type === 1 && n.Location === 1 && (n.TaskTypes as number[]).includes(5)), `the filters were not applied: ${JSON.stringify(nodes)}`);
          expect(nodes.every((n) => !("NodeDefineStatus" in n)), "NodeDefineExt has no NodeDefineStatus");
        },
      },
      {
        action: "DescribeProbeNodes",
        params: () => ({ IsIPv6: false }),
        shape: { NodeSet: [{ ...probeNode, NodeDefineStatus: "integer" }], RequestId: "string" },
        then: (a) => expect((a.NodeSet as Array<{ IPType: number }>).every((n) => n.IPType === 1), "IsIPv6 false lists IPv4 nodes only"),
      },
      {
        action: "CreateProbeTasks",
        params: probeCreate,
        shape: { TaskIDs: ["string"], RequestId: "string" },
        then: (a, s) => {
          const ids = a.TaskIDs as string[];
          expect(ids.length === 2, `expected one id per batch task, got ${ids.join(", ")}`);
          [s.probeA, s.probeB] = ids;
        },
      },
      {
        title: "DescribeProbeTasks (once created)",
        action: "DescribeProbeTasks",
        before: (cloud) => cloud.advanceClockMs(5_000),
        params: (s) => ({ TaskIDs: probeIds(s), Offset: 0, Limit: 10 }),
        shape: { TaskSet: [probeTask], Total: "integer", RequestId: "string" },
        then: (a) => {
          expect(a.Total === 2, `expected the 2 tasks just created, got ${String(a.Total)}`);
          expect(probeTasks(a).every((t) => t.Status === 2), "expected both tasks running (2)");
          expect(JSON.stringify(probeTasks(a)[0].TagInfoList) === JSON.stringify([{ Key: "env", Value: "conformance" }]), "the tag is listed");
        },
      },
      {
        action: "UpdateProbeTaskConfigurationList",
        params: (s) => ({ TaskIds: probeIds(s), Nodes: ["10003", "10004"], Interval: 10, Parameters: PROBE_PARAMETERS, Cron: "* * * * *", NodeIpType: 1 }),
        shape: { RequestId: "string" },
      },
      { action: "UpdateProbeTaskAttributes", params: (s) => ({ TaskId: s.probeA, Name: `${String(s.name)}-renamed` }), shape: { RequestId: "string" } },
      {
        title: "DescribeProbeTasks (by the new name, with its schedule)",
        action: "DescribeProbeTasks",
        params: (s) => ({ TaskName: `${String(s.name)}-renamed` }),
        shape: { TaskSet: [{ ...probeTask, CronState: "integer" }], Total: "integer" },
        then: (a, s) => {
          const [task] = probeTasks(a);
          expect(a.Total === 1 && task.TaskId === s.probeA, `expected the renamed task alone, got ${JSON.stringify(a)}`);
          expect(task.Interval === 10 && task.Cron === "* * * * *" && task.CronState === 1 && task.NodeIpType === 1, `the configuration update did not apply: ${JSON.stringify(task)}`);
        },
      },
      {
        action: "SuspendProbeTask",
        params: (s) => ({ TaskIds: [s.probeA] }),
        shape: probeBatchResult,
        then: (a, s) => expect(a.SuccessCount === 1 && probeResults(a)[0].TaskId === s.probeA && probeResults(a)[0].Success, `expected the task suspended, got ${JSON.stringify(a)}`),
      },
      {
        title: "SuspendProbeTask of a paused task (a failure in Results, not an error)",
        action: "SuspendProbeTask",
        before: (cloud) => cloud.advanceClockMs(2_000),
        params: (s) => ({ TaskIds: [s.probeA] }),
        shape: probeBatchResult,
        then: (a) => expect(a.SuccessCount === 0 && !probeResults(a)[0].Success && probeResults(a)[0].ErrorMessage !== "", `expected a failure in Results, got ${JSON.stringify(a)}`),
      },
      {
        action: "ResumeProbeTask",
        params: (s) => ({ TaskIds: [s.probeA] }),
        shape: probeBatchResult,
        then: (a) => expect(a.SuccessCount === 1 && probeResults(a)[0].Success, `expected the task resumed, got ${JSON.stringify(a)}`),
      },
      {
        action: "DeleteProbeTask",
        params: (s) => ({ TaskIds: probeIds(s) }),
        shape: probeBatchResult,
        then: (a) => expect(a.Total === 2 && a.SuccessCount === 2, `expected both tasks deleting, got ${JSON.stringify(a)}`),
      },
      {
        title: "UpdateProbeTaskConfigurationList of a task being deleted",
        action: "UpdateProbeTaskConfigurationList",
        params: (s) => ({ TaskIds: probeIds(s), Nodes: ["10001"], Interval: 5, Parameters: PROBE_PARAMETERS }),
        error: "FailedOperation.TaskOperationNotAllow",
      },
      {
        title: "DescribeProbeTasks (once deleted: still listed, status 9)",
        action: "DescribeProbeTasks",
        before: (cloud) => cloud.advanceClockMs(5_000),
        params: (s) => ({ TaskIDs: probeIds(s) }),
        shape: { TaskSet: [{ Status: "integer" }], Total: "integer" },
        then: (a) => expect(a.Total === 2 && probeTasks(a).every((t) => t.Status === 9), `expected both tasks deleted (9), got ${JSON.stringify(a)}`),
      },
      { title: "UpdateProbeTaskAttributes of a deleted task", action: "UpdateProbeTaskAttributes", params: (s) => ({ TaskId: s.probeA, Name: "gone" }), error: "FailedOperation.ResourceNotFound" },
      { title: "ResumeProbeTask of a deleted task", action: "ResumeProbeTask", params: (s) => ({ TaskIds: [s.probeB] }), error: "FailedOperation.ResourceNotFound" },
      { title: "CreateProbeTasks with Interval 7", action: "CreateProbeTasks", params: (s) => ({ ...probeCreate(s), Interval: 7 }), error: "InvalidParameterValue" },
      { title: "CreateProbeTasks on an offline node", action: "CreateProbeTasks", params: (s) => ({ ...probeCreate(s), Nodes: ["50001"] }), error: "FailedOperation.NoValidNodes" },
      {
        title: "CreateProbeTasks without BatchTasks",
        action: "CreateProbeTasks",
        params: (s) => omit(probeCreate(s), "BatchTasks"),
        error: "MissingParameter",
      },
      { title: "DescribeProbeTasks with Limit 101", action: "DescribeProbeTasks", params: () => ({ Limit: 101 }), error: "InvalidParameterValue" },
    ],
  },
  {
    product: "cfg",
    version: "2021-08-20",
    region: "ap-guangzhou",
    rows: [
      {
        action: "DescribeObjectTypeList",
        shape: { ObjectTypeList: [{ ObjectTypeId: "integer", ObjectTypeTitle: "string", ObjectTypeLevelOne: "string" }], RequestId: "string" },
      },
      {
        action: "DescribeTemplateList",
        params: () => ({ Limit: 10, Offset: 0 }),
        shape: { TemplateList: [{ ...cfgTemplateSummary, TemplateUsedNum: "integer" }], Total: "integer", RequestId: "string" },
        then: (a) => expect((a.TemplateList as Array<{ TemplateId: number }>).some((t) => t.TemplateId === 626), "the docs' template 626 is listed"),
      },
      {
        action: "DescribeTemplate",
        params: () => ({ TemplateId: 626 }),
        shape: {
          Template: {
            ...cfgTemplateSummary,
            TemplateMode: "integer",
            TemplatePauseDuration: "integer",
            TemplateOwnerUin: "string",
            TemplateRegionId: "integer",
            TemplateGroups: [{ TemplateGroupId: "integer", TemplateGroupActions: [cfgTemplateGroupAction], Title: "string", Description: "string", Order: "integer", Mode: "integer", ObjectTypeId: "integer", CreateTime: "string", UpdateTime: "string" }],
            TemplateMonitors: "array",
            Tags: "array",
            ApmServiceList: "array",
            AlarmPolicy: "array",
            PolicyDealType: "integer",
          },
          RequestId: "string",
        },
      },
      {
        action: "DescribeActionLibraryList",
        params: () => ({ Limit: 10, Offset: 0, ObjectType: 1 }),
        shape: {
          Results: [
            {
              ActionName: "string",
              Desc: "string",
              ActionType: "string",
              CreateTime: "string",
              Creator: "string",
              UpdateTime: "string",
              RiskDesc: "string",
              ActionId: "integer",
              AttributeId: "integer",
              RelationActionId: "integer",
              ActionCommandType: "integer",
              ResourceType: "string",
              IsAllowed: "boolean",
              ObjectType: "string",
              MetricIdList: "array",
              IsNewAction: "boolean",
              ObjectTypeId: "integer",
            },
          ],
          Total: "integer",
          RequestId: "string",
        },
      },
      {
        title: "DescribeActionFieldConfigList (the docs' example: action 466)",
        action: "DescribeActionFieldConfigList",
        params: () => ({ ActionIds: [466], ObjectTypeId: 1 }),
        shape: { Common: [cfgFieldConfig], Results: [cfgFieldConfig], ResourceOffline: "array", RequestId: "string" },
        then: (a) => {
          const fields = (a.Results as Array<{ ConfigDetail: Array<{ Field: string }> }>)[0].ConfigDetail.map((f) => f.Field);
          expect(fields.join(",") === "duration,domain,ip", `expected the docs' fields of action 466, got ${fields.join(",")}`);
        },
      },
      {
        title: "CreateTaskFromTemplate (the docs' example)",
        action: "CreateTaskFromTemplate",
        params: cfgFromTemplate,
        shape: { TaskId: "integer", RequestId: "string" },
        then: (a, s) => (s.templateTaskId = a.TaskId),
      },
      {
        title: "CreateTaskFromAction (the docs' example)",
        action: "CreateTaskFromAction",
        params: cfgFromAction,
        shape: { TaskId: "integer", RequestId: "string" },
        then: (a, s) => (s.actionTaskId = a.TaskId),
      },
      {
        action: "CreateTaskFromMultiAction",
        params: (s) => ({
          TaskInstances: ["ins-xxxxxxxx"],
          TaskTitle: `${String(s.name)}-multi`,
          TaskAction: [{ TaskActionId: 466, TaskActionCustomConfiguration: JSON.stringify({ domain: "example.com", ip: "192.0.2.10" }) }],
        }),
        shape: { TaskId: "integer", RequestId: "string" },
        then: (a, s) => (s.multiTaskId = a.TaskId),
      },
      {
        title: "DescribeTask (the experiment from the template, not started)",
        action: "DescribeTask",
        params: (s) => ({ TaskId: s.templateTaskId }),
        shape: { Task: cfgTask, ReportInfo: "null", RequestId: "string" },
        then: (a, s) => {
          const task = a.Task as { TaskStatus: number; TaskTitle: string; TaskGroups: Array<{ TaskGroupId: number; TaskGroupActions: Array<{ TaskGroupActionId: number; ActionId: number }> }> };
          expect(task.TaskStatus === 1001 && task.TaskTitle === s.name, `expected the new experiment not started (1001), got ${JSON.stringify(a.Task)}`);
          const [group] = task.TaskGroups;
          expect(group.TaskGroupActions.map((x) => x.ActionId).join(",") === "12,13", "the template's Empty Operation and its rollback");
          Object.assign(s, { groupId: group.TaskGroupId, faultActionId: group.TaskGroupActions[0].TaskGroupActionId, recoveryActionId: group.TaskGroupActions[1].TaskGroupActionId });
        },
      },
      {
        action: "DescribeTaskList",
        params: (s) => ({ Limit: 10, Offset: 0, TaskTitle: s.name }),
        shape: { TaskList: [cfgTaskListItem], Total: "integer", RequestId: "string" },
        then: (a, s) => expect(a.Total === 3 && (a.TaskList as Array<{ TaskId: number }>).some((t) => t.TaskId === s.templateTaskId), `expected this run's 3 experiments, got ${String(a.Total)}`),
      },
      { action: "ExecuteTask", params: (s) => ({ TaskId: s.templateTaskId }), shape: { RequestId: "string" } },
      {
        title: "ExecuteTaskInstance (the docs' example: IsOperateAll with placeholder ids)",
        action: "ExecuteTaskInstance",
        params: (s) => ({ TaskId: s.templateTaskId, TaskActionId: s.faultActionId, TaskInstanceIds: ["xxxxxxxx-01", "xxxxxxxx-02"], IsOperateAll: true, ActionType: 2, TaskGroupId: s.groupId }),
        shape: { RequestId: "string" },
      },
      {
        title: "TriggerPolicy",
        action: "TriggerPolicy",
        params: (s) => ({ TaskId: s.templateTaskId, Name: "cpu-guard", Content: "cpu usage over 90%", TriggerType: 0 }),
        shape: { TaskId: "integer", Success: "boolean", RequestId: "string" },
      },
      {
        action: "DescribeTaskPolicyTriggerLog",
        params: (s) => ({ TaskId: s.templateTaskId, Page: 1, PageSize: 10 }),
        shape: { TriggerLogs: [{ TaskId: "integer", Name: "string", TriggerType: "integer", Content: "string", CreatTime: "string" }], RequestId: "string" },
      },
      { title: "ModifyTaskRunStatus (pause)", action: "ModifyTaskRunStatus", params: (s) => ({ TaskId: s.templateTaskId, Status: 1003 }), shape: { RequestId: "string" } },
      { title: "ModifyTaskRunStatus (resume)", action: "ModifyTaskRunStatus", params: (s) => ({ TaskId: s.templateTaskId, Status: 1002 }), shape: { RequestId: "string" } },
      {
        title: "ExecuteTaskInstance (the rollback, once the fault has run)",
        action: "ExecuteTaskInstance",
        before: (cloud) => cloud.advanceClockMs(5_000),
        params: (s) => ({ TaskId: s.templateTaskId, TaskActionId: s.recoveryActionId, TaskInstanceIds: [], IsOperateAll: true, ActionType: 2, TaskGroupId: s.groupId }),
        shape: { RequestId: "string" },
      },
      {
        action: "DescribeTaskExecuteLogs",
        before: (cloud) => cloud.advanceClockMs(5_000),
        params: (s) => ({ TaskId: s.templateTaskId, Limit: 20, Offset: 0 }),
        shape: { LogMessage: ["string"], RequestId: "string" },
      },
      { title: "ModifyTaskRunStatus (the docs' example: end, as expected)", action: "ModifyTaskRunStatus", params: (s) => cfgEnd(s.templateTaskId), shape: { RequestId: "string" } },
      {
        title: "DescribeTask (ended, with its conclusion and report)",
        action: "DescribeTask",
        params: (s) => ({ TaskId: s.templateTaskId }),
        shape: { Task: { TaskStatus: "integer", TaskExpect: "integer", TaskSummary: "string", TaskStartTime: "string", TaskEndTime: "string" }, ReportInfo: { Stage: "integer", CreateTime: "string", Expired: "boolean" } },
        then: (a) => {
          const task = a.Task as { TaskStatus: number; TaskExpect: number };
          expect(task.TaskStatus === 1004 && task.TaskExpect === 1, `expected the experiment ended as expected, got ${JSON.stringify(task)}`);
        },
      },
      { title: "DeleteTask (the ended experiment)", action: "DeleteTask", params: (s) => ({ TaskId: s.templateTaskId }), shape: { RequestId: "string" } },
      { title: "DeleteTask (an experiment never started)", action: "DeleteTask", params: (s) => ({ TaskId: s.multiTaskId }), shape: { RequestId: "string" } },
      { title: "ExecuteTask (the experiment from an action)", action: "ExecuteTask", params: (s) => ({ TaskId: s.actionTaskId }), shape: { RequestId: "string" } },
      { title: "DeleteTask of an executing experiment", action: "DeleteTask", params: (s) => ({ TaskId: s.actionTaskId }), error: "FailedOperation" },
      { title: "ExecuteTask of a started experiment", action: "ExecuteTask", params: (s) => ({ TaskId: s.actionTaskId }), error: "FailedOperation" },
      { title: "ModifyTaskRunStatus (end) without Summary", action: "ModifyTaskRunStatus", params: (s) => ({ TaskId: s.actionTaskId, Status: 1004, IsExpect: false }), error: "MissingParameter" },
      { title: "ModifyTaskRunStatus (end the experiment from an action)", action: "ModifyTaskRunStatus", params: (s) => cfgEnd(s.actionTaskId), shape: { RequestId: "string" } },
      { title: "DeleteTask (the experiment from an action, once ended)", action: "DeleteTask", params: (s) => ({ TaskId: s.actionTaskId }), shape: { RequestId: "string" } },
      { title: "DescribeTask of a deleted experiment", action: "DescribeTask", params: (s) => ({ TaskId: s.templateTaskId }), error: "ResourceNotFound" },
      {
        title: "CreateTaskFromTemplate with a TaskGroupsConfig entry too many",
        action: "CreateTaskFromTemplate",
        params: (s) => ({ TemplateId: 626, TaskConfig: { TaskTitle: s.name, TaskGroupsConfig: [{ TaskGroupInstances: ["ins-a"] }, { TaskGroupInstances: ["ins-b"] }] } }),
        error: "InvalidParameterValue",
      },
      { title: "CreateTaskFromAction with an action not in the library", action: "CreateTaskFromAction", params: (s) => ({ ...cfgFromAction(s), TaskActionId: 99999 }), error: "InvalidParameterValue" },
      { title: "DescribeTemplate of an unknown template", action: "DescribeTemplate", params: () => ({ TemplateId: 99999 }), error: "ResourceNotFound" },
      { title: "DescribeActionFieldConfigList with the wrong object type", action: "DescribeActionFieldConfigList", params: () => ({ ActionIds: [466], ObjectTypeId: 2 }), error: "InvalidParameterValue" },
      { title: "DescribeTaskList with Limit 0", action: "DescribeTaskList", params: () => ({ Limit: 0, Offset: 0 }), error: "InvalidParameterValue" },
    ],
  },
];

/** Tencent Cloud API 2.0 products (`/v2/index.php`), signed with signature v1. */
export const TENCENT_API2: TencentProductTable[] = [
  {
    product: "cat",
    region: "gz",
    path: "/v2/index.php",
    rows: [
      {
        action: "DescribeCatAgentGroupList",
        shape: { code: "integer", codeDesc: "string", data: { groups: [{ groupId: "integer", name: "string", isDefault: "integer", taskNum: "integer", agent: [{ province: "string", isp: "string" }] }] } },
      },
      {
        // The docs' example, verbatim: no SimpleVerifyCatTask before it (verification is advice). A second run modifies the task.
        title: "CreateCatTask (the docs' example: taskId 24454 with no verification before it)",
        action: "CreateCatTask",
        params: () => ({ taskName: "test_http", taskId: 24454, catTypeName: "http", period: 15, agentGroupId: 1510, url: "www.tencent2.com" }),
        shape: { code: "integer" },
      },
      {
        title: "DescribeCatTask (the docs' example task)",
        action: "DescribeCatTask",
        params: () => ({ taskId: 24454 }),
        shape: { data: { taskId: "integer", taskName: "string", catTypeName: "string", cgiUrl: "string", period: "integer", status: "integer", agentGroupId: "integer" } },
        then: (a) => {
          const data = a.data as Record<string, unknown>;
          expect(data.cgiUrl === "www.tencent2.com" && data.period === 15 && data.status === 0, `expected the example's task, created and not run, got ${JSON.stringify(data)}`);
        },
      },
      {
        action: "SimpleVerifyCatTask",
        params: (s) => ({ taskName: s.name, catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5 }),
        shape: { code: "integer", resultId: "string", taskId: "string" },
        then: (a, s) => {
          expect(a.taskId !== "24454", "a verification never hands out the id of an existing task");
          Object.assign(s, { resultId: Number(a.resultId), catTaskId: Number(a.taskId) });
        },
      },
      { title: "VerifyCatResult (first poll: pending)", action: "VerifyCatResult", params: (s) => ({ resultId: s.resultId }), shape: { errorReason: "string", suggestion: "string" } },
      { title: "VerifyCatResult (second poll: pending)", action: "VerifyCatResult", params: (s) => ({ resultId: s.resultId }), shape: { errorReason: "string" } },
      {
        title: "VerifyCatResult (third poll: passed)",
        action: "VerifyCatResult",
        params: (s) => ({ resultId: s.resultId }),
        shape: { errorReason: "string" },
        then: (a) => {
          if (a.errorReason !== "") throw new Error(`expected a passed verification, got ${String(a.errorReason)}`);
        },
      },
      {
        action: "CreateCatTask",
        params: (s) => ({ taskId: s.catTaskId, taskName: s.name, catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5 }),
        shape: { code: "integer" },
      },
      { action: "RunCatTask", params: (s) => ({ taskId: s.catTaskId }), shape: { code: "integer" } },
      {
        action: "DescribeCatTask",
        params: (s) => ({ taskId: s.catTaskId }),
        shape: { data: { taskId: "integer", taskName: "string", catTypeName: "string", cgiUrl: "string", period: "integer", status: "integer", agentGroupId: "integer" } },
        then: (a) => {
          if ((a.data as { status?: number }).status !== 2) throw new Error("expected the task running (status 2)");
        },
      },
      { action: "PauseCatTask", params: (s) => ({ taskId: s.catTaskId }), shape: { code: "integer" } },
      {
        action: "DescribeCatTaskList",
        params: () => ({ offset: 0, limit: 100 }),
        shape: { total: "integer", tasks: [{ taskId: "integer", taskName: "string", status: "integer", catTypeName: "string", cgiUrl: "string", period: "integer" }] },
      },
      // The SDK flattens the list as `taskId.0`, which is how API 2.0 takes it.
      { action: "DeleteCatTask", params: (s) => ({ taskId: [s.catTaskId] }), shape: { code: "integer" } },
      { title: "DeleteCatTask of a deleted task", action: "DeleteCatTask", params: (s) => ({ taskId: [s.catTaskId] }), error: "InvalidResource" },
      {
        title: "CreateCatTask with a deleted task's id",
        action: "CreateCatTask",
        params: (s) => ({ taskId: s.catTaskId, taskName: s.name, catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5 }),
        error: "InvalidParameter",
      },
      {
        title: "SimpleVerifyCatTask with an unknown type",
        action: "SimpleVerifyCatTask",
        params: (s) => ({ taskName: s.name, catTypeName: "gopher", url: "www.example.com", agentGroupId: 1510, period: 5 }),
        error: "InvalidParameter",
      },
    ],
  },
];

const taskInfo = {
  bench_concurrent: "integer",
  case_list: [{ case_id: "integer", name: "string", case_type: "integer" }],
  create_time: "string",
  description: "string",
  name: "string",
  operate_mode: "integer",
  project_id: "integer",
  run_status: "integer",
  update_time: "string",
} as const;

/** Huawei Cloud services behind APIG, through their generated Go clients. */
export const HUAWEI: HuaweiServiceTable[] = [
  {
    service: "cpts",
    rows: [
      {
        operation: "ListProjectSets",
        status: 200,
        shape: { code: "string", message: "string", projects: [{ CreateTime: "string", UpdateTime: "string", id: "integer", name: "string", description: "string", source: "integer" }] },
      },
      {
        operation: "CreateProject",
        status: 201,
        request: (s) => ({ body: { name: s.name, description: "conformance" } }),
        shape: { code: "string", project_id: "integer" },
        then: (a, s) => (s.projectId = a.project_id),
      },
      {
        operation: "ShowProject",
        status: 200,
        request: (s) => ({ test_suite_id: s.projectId }),
        shape: { project: { id: "integer", name: "string", description: "string", group: "string", source: "integer", create_time: "string", update_time: "string" } },
      },
      { operation: "UpdateProject", status: 204, request: (s) => ({ test_suite_id: s.projectId, body: { id: s.projectId, name: `${String(s.name)}-2`, description: "renamed" } }) },
      {
        operation: "ListProjectTestCase",
        status: 200,
        request: () => ({ test_suite_id: 393862 }),
        shape: { directory: [{ id: "integer", name: "string", status: "integer", create_time: "string", update_time: "string", parent_id: "integer", type: "integer" }] },
      },
      {
        operation: "CreateNewTask",
        status: 201,
        request: (s) => ({ body: { name: s.name, parallel: false, enable_full_link: false, project_id: 393862, operate_mode: 2, case_id_list: [449269, 449270] } }),
        shape: { code: "string", task_id: "integer" },
        then: (a, s) => (s.taskId = a.task_id),
      },
      { operation: "ShowTask", status: 200, request: (s) => ({ task_id: s.taskId }), shape: { code: "string", taskInfo } },
      {
        operation: "UpdateTaskRelatedTestCase",
        status: 200,
        request: (s) => ({ task_id: s.taskId, body: { name: `${String(s.name)}-v3`, parallel: true, project_id: 393862, operate_mode: 2, case_id_list: [449269] } }),
        shape: { taskInfo: { ...taskInfo, parallel: "boolean" } },
      },
      {
        operation: "CreateCase",
        status: 201,
        request: (s) => ({ body: { name: "conformance-case", type: 0, task_id: s.taskId } }),
        shape: { code: "string", json: { task_case_id: "integer" } },
        then: (a, s) => (s.caseId = (a.json as { task_case_id: number }).task_case_id),
      },
      { operation: "DeleteCase", status: 204, request: (s) => ({ case_id: s.caseId }) },
      {
        title: "UpdateTaskStatus (start)",
        operation: "UpdateTaskStatus",
        status: 200,
        request: (s) => ({ test_suite_id: 393862, task_id: s.taskId, body: { cluster_id: 0, cluster_type: "shared-cluster-internet", without_package: 0, network_info: { network_type: "internet" }, status: 9 } }),
        shape: { code: "string", extend: "string", result: { task_run_id: "integer" } },
      },
      {
        operation: "ShowTaskSet",
        status: 200,
        request: () => ({ test_suite_id: 393862, offset: 0, limit: 100 }),
        shape: { extend: "array", tasks: [{ id: "integer", name: "string", operate_mode: "integer", bench_concurrent: "integer", update_time: "string", task_run_info: { id: "integer", run_type: "integer" } }] },
      },
      {
        title: "UpdateTaskStatus (start again while running)",
        operation: "UpdateTaskStatus",
        request: (s) => ({ test_suite_id: 393862, task_id: s.taskId, body: { cluster_id: 0, cluster_type: "shared-cluster-internet", without_package: 0, network_info: { network_type: "internet" }, status: 9 } }),
        error: { status: 400, code: "SVCSTG.CPTS.4000002" },
      },
      {
        title: "UpdateTaskStatus (stop)",
        operation: "UpdateTaskStatus",
        status: 200,
        request: (s) => ({ test_suite_id: 393862, task_id: s.taskId, body: { cluster_id: -1, cluster_type: "shared-cluster-internet", without_package: 0, network_info: { network_type: "internet" }, status: 2 } }),
        shape: { result: { task_run_id: "integer" } },
      },
      {
        title: "DeleteNewTask (once the stop has finished)",
        operation: "DeleteNewTask",
        status: 204,
        before: (cloud) => cloud.advanceClockMs(5_000),
        request: (s) => ({ task_id: s.taskId }),
      },
      {
        title: "CreateTask (v1)",
        operation: "CreateTask",
        status: 201,
        request: (s) => ({ body: { name: s.name, project_id: 393862, bench_concurrent: 100 } }),
        shape: { code: "string", task_id: "integer" },
        then: (a, s) => (s.v1TaskId = a.task_id),
      },
      {
        title: "UpdateTask (v1)",
        operation: "UpdateTask",
        status: 200,
        request: (s) => ({
          task_id: s.v1TaskId,
          body: { id: s.v1TaskId, name: `${String(s.name)}-v1`, project_id: 393862, description: "v1 update", case_list: [{ case_id: 449271, name: "checkout", contents: [], stages: [] }] },
        }),
        shape: { taskInfo },
        then: (a) => {
          const info = a.taskInfo as { description: string; case_list: Array<{ case_id: number }> };
          if (info.description !== "v1 update" || info.case_list[0]?.case_id !== 449271) throw new Error("the v1 update did not apply");
        },
      },
      {
        title: "UpdateTask (v1) with a case_list item lacking contents and stages",
        operation: "UpdateTask",
        request: (s) => ({ task_id: s.v1TaskId, body: { id: s.v1TaskId, name: String(s.name), project_id: 393862, case_list: [{ case_id: 449271, name: "checkout" }] } }),
        error: { status: 400, code: "SVCSTG.CPTS.4000001" },
      },
      { title: "DeleteTask (v1)", operation: "DeleteTask", status: 204, request: (s) => ({ task_id: s.v1TaskId }) },
      { operation: "DeleteProject", status: 204, request: (s) => ({ test_suite_id: s.projectId }) },
      { title: "ShowTask of a deleted task", operation: "ShowTask", request: (s) => ({ task_id: s.taskId }), error: { status: 403, code: "SVCSTG.CPTS.4032002" } },
      {
        title: "CreateNewTask with a case of another project",
        operation: "CreateNewTask",
        request: (s) => ({ body: { name: s.name, parallel: false, project_id: 393862, operate_mode: 2, case_id_list: [449280] } }),
        error: { status: 400, code: "SVCSTG.CPTS.4000001" },
      },
    ],
  },
];

/** Checks a value against a shape; returns the first mismatch, or undefined. */
export function shapeMismatch(value: unknown, shape: Shape, path = "$"): string | undefined {
  if (typeof shape === "string") {
    const ok =
      shape === "integer"
        ? Number.isInteger(value)
        : shape === "array"
          ? Array.isArray(value)
          : shape === "object"
            ? typeof value === "object" && value !== null && !Array.isArray(value)
            : shape === "null"
              ? value === null
              : typeof value === shape;
    return ok ? undefined : `${path} should be ${shape}, is ${JSON.stringify(value)}`;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${path} should be an array, is ${JSON.stringify(value)}`;
    if (value.length === 0) return `${path} is empty: nothing to check its items against`;
    for (const [i, item] of value.entries()) {
      const m = shapeMismatch(item, shape[0], `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${path} should be an object, is ${JSON.stringify(value)}`;
  for (const [field, fieldShape] of Object.entries(shape as Record<string, Shape>)) {
    if (!Object.hasOwn(value, field)) return `${path}.${field} is missing`;
    const m = shapeMismatch((value as Record<string, unknown>)[field], fieldShape, `${path}.${field}`);
    if (m) return m;
  }
  return undefined;
}
