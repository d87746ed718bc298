import type * as pulumi from "@pulumi/pulumi";
import { INT32_MAX, type Contract, type CrossFieldRule, type OutputContract } from "../../contract/fields";
import { defaultHuaweiRegion, HUAWEI_REGION_MISSING } from "../../settings";

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
