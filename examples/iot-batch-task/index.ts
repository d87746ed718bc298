// IotBatchTask: a batch shadow update now, and a message to every sensor at a fixed time, on Tencent IoT Hub.
// Run against the emulator: CLOUDTASKS_ENDPOINT=http://127.0.0.1:4599 (see the README); product
// ABCDE12345 is seeded there with devices light-01..03 and sensor-01..02.
import * as pulumi from "@pulumi/pulumi";
import { IotBatchTask } from "pulumi-cloudtasks";

const config = new pulumi.Config();
const productId = config.get("productId") ?? "ABCDE12345";

// As soon as it is created (scheduleTimeInSeconds omitted = 0), merge this into the desired
// shadow of every light. Key order does not matter; changing a value replaces the task (it runs again).
const lightsRed = new IotBatchTask("lights-red", {
  taskType: "UpdateShadow",
  productId,
  deviceNameFilter: "^light-",
  tasks: { updateShadowTask: { desired: { color: "red", brightness: 80 } } },
  waitForCompletion: true, // up returns once every shadow is updated (bounded by waitTimeoutSeconds)
  waitTimeoutSeconds: 300,
});

// At a fixed time (a literal Unix timestamp, at most a day ahead when first set), publish to
// <product>/<device>/event on every sensor. `pulumi destroy` before then cancels it.
const sensorsReport = config.getNumber("reportAt");
const report =
  sensorsReport === undefined
    ? undefined
    : new IotBatchTask("sensors-report", {
        taskType: "PublishMessage",
        productId,
        deviceNameFilter: "^sensor-",
        scheduleTimeInSeconds: sensorsReport,
        maxExecutionTimeInSeconds: 600,
        tasks: { publishMessageTask: { topic: "event", payload: JSON.stringify({ cmd: "report" }) } },
      });

export const lightsTaskId = lightsRed.taskId;
export const lightsUpdated = pulumi.interpolate`${lightsRed.doneDeviceCnt} of ${lightsRed.allDeviceCnt}`;
export const reportTaskId = report?.taskId;
export const reportStatus = report?.status;
