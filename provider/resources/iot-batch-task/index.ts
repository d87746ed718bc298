import * as pulumi from "@pulumi/pulumi";
import { leanStackTraces, taskResourceArgs, type TaskResourceArgs } from "../../dynamic";
import { contract, outputs, type IotBatchTaskArgs } from "./contract";

export { configure } from "../../dynamic";
export {
  canonicalDesired,
  contract,
  MAX_DESIRED_BYTES,
  MAX_DESIRED_DEPTH,
  outputs,
  regexProblem,
  rules,
  scheduleProblem,
  tasksProblem,
  type IotBatchTaskArgs,
  type IotBatchTaskBodyArgs,
  type PublishMessageTaskArgs,
  type UpdateShadowTaskArgs,
} from "./contract";
export { definitionMismatches, requestBody, STATUS_TEXT } from "./api";
export { handlers } from "./lifecycle";


/**
 * A Tencent IoT Hub batch task: one shadow update (`UpdateShadow`) or one message
 * (`PublishMessage`) for every device of `productId` whose name matches `deviceNameFilter`, at
 * `scheduleTimeInSeconds` (0: as soon as it is created). A one-shot job: any change to its
 * definition replaces it; destroy cancels it while it still waits.
 *
 * ```ts
 * new IotBatchTask("lights-red", { taskType: "UpdateShadow", productId: "ABCDE12345",
 *   deviceNameFilter: "^light-", tasks: { updateShadowTask: { desired: { color: "red" } } } });
 * ```
 */
export class IotBatchTask extends pulumi.CustomResource {
  /** `UpdateShadow` or `PublishMessage`. */
  declare readonly taskType: pulumi.Output<"UpdateShadow" | "PublishMessage">;
  /** The product whose devices the task runs on. */
  declare readonly productId: pulumi.Output<string>;
  /** The regular expression over device names. */
  declare readonly deviceNameFilter: pulumi.Output<string>;
  /** The declared start, Unix seconds; 0 means "as soon as created" (see `scheduleTime` for the cloud's). */
  declare readonly scheduleTimeInSeconds: pulumi.Output<number>;
  /** The task body; `updateShadowTask.desired` as canonical JSON text. */
  declare readonly tasks: pulumi.Output<{ updateShadowTask?: { desired: string }; publishMessageTask?: { topic: string; payload: string } }>;
  /** Seconds after scheduling before the task counts as failed. */
  declare readonly maxExecutionTimeInSeconds: pulumi.Output<number>;
  /** The task's region. */
  declare readonly region: pulumi.Output<string>;
  /** Whether create waits for completion. */
  declare readonly waitForCompletion: pulumi.Output<boolean>;
  /** Bound of that wait, in seconds. */
  declare readonly waitTimeoutSeconds: pulumi.Output<number | undefined>;
  /** The adopted or created task's id (`TaskId`), also the resource id. */
  declare readonly taskId: pulumi.Output<string>;
  /** When last read: 1 waiting, 2 scheduled or processing, 3 done, 4 failed, 5 cancelled. */
  declare readonly status: pulumi.Output<number>;
  /** Share of matched devices done, in percent. */
  declare readonly percent: pulumi.Output<number>;
  /** Devices the filter matched. */
  declare readonly allDeviceCnt: pulumi.Output<number>;
  /** Devices done. */
  declare readonly doneDeviceCnt: pulumi.Output<number>;
  /** The task's result code. */
  declare readonly retCode: pulumi.Output<number>;
  /** The task's error message (empty on success). */
  declare readonly errMsg: pulumi.Output<string>;
  /** Created, Unix seconds. */
  declare readonly createTime: pulumi.Output<number>;
  /** Last updated, Unix seconds. */
  declare readonly updateTime: pulumi.Output<number>;
  /** Finished, Unix seconds (0 until then). */
  declare readonly doneTime: pulumi.Output<number>;
  /** When the cloud schedules (or scheduled) the task, Unix seconds. */
  declare readonly scheduleTime: pulumi.Output<number>;

  constructor(name: string, args: IotBatchTaskArgs & TaskResourceArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = leanStackTraces();
    try {
      super(...taskResourceArgs("iot-batch-task", name, args, opts, "IotBatchTask", contract, outputs));
    } finally {
      restoreStackTraces();
    }
  }
}

