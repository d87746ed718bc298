// OperationTask: a nightly periodic task and an on-demand one, on Tencent Cloud Bastion Host.
// Run against the emulator: CLOUDTASKS_ENDPOINT=http://127.0.0.1:4599 (see the README).
import * as pulumi from "@pulumi/pulumi";
import { OperationTask } from "pulumi-cloudtasks";

const config = new pulumi.Config();
const hosts = config.getObject<number[]>("hosts") ?? [34, 56];

const nightly = new OperationTask("nightly-cleanup", {
  name: "nightly-cleanup",
  type: 2,
  period: 1,
  firstTime: "2026-12-01T03:00:00+08:00",
  account: "root",
  timeout: 600,
  script: "find /tmp -mtime +7 -delete",
  deviceIdSet: hosts,
});

// `pulumi config set release 2026.11.2 && pulumi up` runs the check again on every release.
const smoke = new OperationTask("post-release-smoke", {
  name: "post-release-smoke",
  type: 1,
  account: "ubuntu",
  timeout: 120,
  script: "curl -fsS http://localhost:8080/healthz",
  deviceIdSet: hosts,
  runTriggers: [config.get("release") ?? "initial"],
});

export const nightlyTaskId = nightly.taskId;
export const nightlyNextRun = nightly.nextTime;
export const smokeLastRun = smoke.lastRunSubTaskId;
