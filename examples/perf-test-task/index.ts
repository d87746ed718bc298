// PerfTestTask: a Huawei Cloud CodeArts PerfTest (CPTS) task, and its runs, declared in code.
// Credentials: `pulumi config set cloudtasks:huaweiAk …`, `pulumi config set --secret cloudtasks:huaweiSk …`,
// `pulumi config set cloudtasks:huaweiProjectId <IAM project id of the region>`, `pulumi config set cloudtasks:huaweiRegion cn-north-4`.
// Run against the emulator: CLOUDTASKS_ENDPOINT=http://127.0.0.1:4599 (see the README); its test project 393862
// holds the cases 449269–449272.
import * as pulumi from "@pulumi/pulumi";
import { PerfTestTask } from "pulumi-cloudtasks";

const config = new pulumi.Config();
const testProject = config.getNumber("testProject") ?? 393862; // the CPTS test project, not the IAM project id

// Kept ready, not run: `pulumi config set runCheckout started && pulumi up` starts a run; `stopped` stops it.
const checkout = new PerfTestTask("checkout-load", {
  name: "checkout-load",
  projectId: testProject,
  caseIdList: [449269, 449271],
  parallel: true,
  run: config.get("runCheckout") === "started" ? "started" : "stopped",
});

// A smoke run on every create, waited for (at most 20 minutes) so the stack's outputs show how it ended.
const smoke = new PerfTestTask("smoke", {
  name: "smoke",
  projectId: testProject,
  caseIdList: [449269],
  run: "started",
  waitForRun: true,
  waitTimeoutSeconds: 1200,
});

export const checkoutTaskId = checkout.taskId;
export const checkoutRunStatus = checkout.runStatus;
export const smokeRunStatus = smoke.runStatus; // 2 = ended, 3 = aborted abnormally
export const smokeReportId = smoke.latestRunId;
