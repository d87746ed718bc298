import * as pulumi from "@pulumi/pulumi";
import { leanStackTraces, taskResourceArgs, type TaskResourceArgs } from "../../dynamic";
import { contract, outputs, type ClusterType, type PerfTestTaskArgs, type RunState } from "./contract";

export { configure } from "../../dynamic";
export { contract, outputs, rules, type ClusterType, type PerfTestTaskArgs, type RunState } from "./contract";
export { matchesInputs, runBody, RUN_STATUS_TEXT } from "./api";
export { handlers } from "./lifecycle";


/**
 * A Huawei Cloud CodeArts PerfTest (CPTS) task: cases of a CPTS test project run as one pressure
 * test, with its run started and stopped declaratively through `run`.
 *
 * ```ts
 * new PerfTestTask("checkout-load", { name: "checkout-load", projectId: 393862,
 *   caseIdList: [449269, 449270], run: "started", waitForRun: true });
 * ```
 */
export class PerfTestTask extends pulumi.CustomResource {
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
    const restoreStackTraces = leanStackTraces();
    try {
      super(...taskResourceArgs("perf-test-task", name, args, opts, "PerfTestTask", contract, outputs));
    } finally {
      restoreStackTraces();
    }
  }
}

