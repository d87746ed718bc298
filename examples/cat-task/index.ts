// CatTask: synthetic monitoring of a site, and a task created by hand brought under Pulumi.
// Run against the emulator: CLOUDTASKS_ENDPOINT=http://127.0.0.1:4599 (see the README). CAT's
// API 2.0 was announced for retirement in 2023; the endpoint is always configurable.
import * as pulumi from "@pulumi/pulumi";
import { CatTask } from "pulumi-cloudtasks";

const config = new pulumi.Config();
// The account's default agent group (`groupId` from DescribeCatAgentGroupList; 1510 in the emulator).
const agentGroupId = config.getNumber("agentGroupId") ?? 1510;

// Probes https://www.example.com every 5 minutes and fails unless the page says "Example Domain".
const homepage = new CatTask("homepage", {
  taskName: "homepage",
  catTypeName: "https",
  url: "www.example.com",
  agentGroupId,
  period: 5,
  sslVer: "TLSv1_2",
  checkType: "1",
  checkStr: "Example Domain",
  cookie: config.getSecret("probeCookie") ?? "probe=1", // always stored as a Pulumi secret
  // `pulumi config set maintenance true && pulumi up` pauses it; false runs it again.
  paused: config.getBoolean("maintenance") ?? false,
});

// A task that already exists (made in the console): `taskId` adopts it, and `pulumi up` modifies it
// in place to match this declaration instead of creating a new one.
const legacyTaskId = config.getNumber("legacyTaskId");
const legacy =
  legacyTaskId === undefined
    ? undefined
    : new CatTask("legacy-ping", { taskId: legacyTaskId, taskName: "legacy-ping", catTypeName: "ping", url: "www.example.org", agentGroupId, period: 15 });

export const homepageTaskId = homepage.taskId;
export const homepageStatus = homepage.status; // 0 initial, 1 paused, 2 running
export const legacyStatus = legacy?.status;
