import { strict as assert } from "node:assert";
import { UNKNOWN, type FieldSpec, type Inputs } from "../../provider/contract/fields";
import type { ResourceHandlers } from "../../provider/dynamic";
import * as catTask from "../../provider/resources/cat-task";
import * as chaosExperiment from "../../provider/resources/chaos-experiment";
import * as iotBatchTask from "../../provider/resources/iot-batch-task";
import * as probeTask from "../../provider/resources/probe-task";
import * as operationTask from "../../provider/resources/operation-task";
import * as perfTestTask from "../../provider/resources/perf-test-task";

/**
 * Every documented constraint of every resource, and type confusion on every field, each refused
 * by check (what preview runs, before any API call) with the property and the rule. A new resource
 * plugs in as one entry of {@link RESOURCES}: a valid input, its constraints, and the secret fields
 * whose failures name no property.
 */
interface ConstraintCase {
  /** The documented rule, in words. */
  rule: string;
  patch: Inputs;
  /** The property the failure names ("" for a secret field, whose value the engine would print). */
  property: string;
  reason: RegExp;
}

interface ResourceTable {
  name: string;
  handlers: ResourceHandlers;
  contract: Record<string, FieldSpec>;
  valid: Inputs;
  constraints: ConstraintCase[];
  /** String fields that document an object as the other way to write them (JSON documents): an object is no confusion there. */
  objectOrJson?: string[];
}

const c = (rule: string, patch: Inputs, property: string, reason: RegExp): ConstraintCase => ({ rule, patch, property, reason });
const BIG = 1e20;

const RESOURCES: ResourceTable[] = [
  {
    name: "OperationTask",
    handlers: operationTask.handlers,
    contract: operationTask.contract,
    valid: { name: "ops", type: 1, account: "root", timeout: 30, script: "uptime", deviceIdSet: [34], region: "ap-guangzhou" },
    constraints: [
      c("Name is required", { name: undefined }, "name", /name is required/),
      c("Name must not be empty", { name: "" }, "name", /name must not be empty/),
      c("Name must not be blank", { name: "   " }, "name", /name must not be blank/),
      c("Type is required", { type: undefined }, "type", /type is required/),
      c("Type is 1 or 2", { type: 3 }, "type", /type must be one of 1, 2/),
      c("Account is required", { account: undefined }, "account", /account is required/),
      c("Account must not be empty", { account: "" }, "account", /account must not be empty/),
      c("Timeout is required", { timeout: undefined }, "timeout", /timeout is required/),
      c("Timeout is at least 1 second", { timeout: 0 }, "timeout", /timeout must be at least 1/),
      c("Timeout fits the API's Integer", { timeout: BIG }, "timeout", /timeout must be at most 9007199254740991/),
      c("Script is required", { script: undefined }, "", /script is required/),
      c("Script must not be empty", { script: "" }, "", /script must not be empty/),
      c("Script must not be blank", { script: " \n" }, "", /script must not be blank/),
      c("DeviceIdSet is required", { deviceIdSet: undefined }, "deviceIdSet", /deviceIdSet is required/),
      c("DeviceIdSet is not empty", { deviceIdSet: [] }, "deviceIdSet", /at least 1 item/),
      c("DeviceIdSet has no repeats", { deviceIdSet: [34, 34] }, "deviceIdSet", /must not repeat/),
      c("Device ids are positive", { deviceIdSet: [0] }, "deviceIdSet", /items must be at least 1/),
      c("Device ids fit the API's Integer", { deviceIdSet: [BIG] }, "deviceIdSet", /items must be at most/),
      c("Period is at least 1 day", { type: 2, period: 0 }, "period", /period must be at least 1/),
      c("Period fits the API's Integer", { type: 2, period: BIG }, "period", /period must be at most/),
      c("Period is for periodic tasks only", { period: 1 }, "period", /only for periodic tasks/),
      c("Period is required for periodic tasks", { type: 2 }, "period", /period is required when type is 2/),
      c("FirstTime is ISO 8601 with an offset", { type: 2, period: 1, firstTime: "2025-03-25 08:00" }, "firstTime", /ISO 8601 time with an offset/),
      c("FirstTime needs an offset", { type: 2, period: 1, firstTime: "2025-03-25T08:00:01" }, "firstTime", /with an offset/),
      c("FirstTime is a real date (no 30 February)", { type: 2, period: 1, firstTime: "2025-02-30T08:00:01+08:00" }, "firstTime", /not a calendar date: 2025-02 has 28 days/),
      c("FirstTime has a real month", { type: 2, period: 1, firstTime: "2025-13-05T08:00:01+08:00" }, "firstTime", /no month 13/),
      c("FirstTime is a real time of day", { type: 2, period: 1, firstTime: "2025-03-05T99:99:99+08:00" }, "firstTime", /not a time of day/),
      c("FirstTime offset within ±14:00", { type: 2, period: 1, firstTime: "2025-03-05T08:00:01+15:00" }, "firstTime", /offset beyond/),
      c("FirstTime is for periodic tasks only", { firstTime: "2025-03-05T08:00:01+08:00" }, "firstTime", /only for periodic tasks/),
      c("Encoding is 0 or 1", { encoding: 2 }, "encoding", /encoding must be one of 0, 1/),
      c("Region must not be empty", { region: "" }, "region", /region must not be empty/),
      c("runTriggers are strings", { runTriggers: [1] }, "runTriggers", /list of strings/),
      c("Unknown keys are refused, with a suggestion", { runTrigers: ["a"] }, "", /unknown input "runTrigers": did you mean "runTriggers"\?/),
    ],
  },
  {
    name: "CatTask",
    handlers: catTask.handlers,
    contract: catTask.contract,
    valid: { taskName: "homepage", catTypeName: "https", url: "www.example.com", agentGroupId: 1510, period: 5, region: "ap-guangzhou" },
    constraints: [
      c("taskName is required", { taskName: undefined }, "taskName", /taskName is required/),
      c("taskName must not be empty", { taskName: "" }, "taskName", /must not be empty/),
      c("taskName is at most 32 characters", { taskName: "x".repeat(33) }, "taskName", /at most 32 characters/),
      c("taskName must not be blank", { taskName: "  " }, "taskName", /must not be blank/),
      c("catTypeName is http, https, ping or tcp", { catTypeName: "ftp" }, "catTypeName", /must be one of "http", "https", "ping", "tcp"/),
      c("url is required", { url: undefined }, "url", /url is required/),
      c("url has no spaces", { url: "www.example.com/a b" }, "url", /without spaces/),
      c("agentGroupId is required", { agentGroupId: undefined }, "agentGroupId", /agentGroupId is required/),
      c("agentGroupId is positive", { agentGroupId: 0 }, "agentGroupId", /at least 1/),
      c("agentGroupId is an API 2.0 Int (32-bit)", { agentGroupId: 2147483648 }, "agentGroupId", /at most 2147483647/),
      c("period is 1, 5, 15 or 30", { period: 10 }, "period", /must be one of 1, 5, 15, 30/),
      c("host is an IPv4 address", { host: "example.com" }, "host", /IPv4 address/),
      c("host is public", { host: "10.0.0.1" }, "host", /public IPv4/),
      c("sslVer is a documented version", { sslVer: "TLSv1_3" }, "sslVer", /must be one of/),
      ...["sslVer", "postData", "userAgent", "checkStr", "checkType"].map((f) =>
        c(`${f} is for http/https only`, { catTypeName: "ping", [f]: f === "sslVer" ? "TLSv1_2" : f === "checkType" ? "1" : "x" }, f, /only for http and https/),
      ),
      c("cookie is for http/https only (secret: no property)", { catTypeName: "ping", cookie: "s=1" }, "", /only for http and https/),
      c('checkType is "1"', { checkType: "2" }, "checkType", /must be one of "1"/),
      c('checkType "1" needs checkStr', { checkType: "1" }, "checkType", /needs checkStr/),
      c("taskId is positive", { taskId: 0 }, "taskId", /at least 1/),
      c("taskId is an API 2.0 Int (32-bit)", { taskId: BIG }, "taskId", /at most 2147483647/),
      c("region must not be empty", { region: "" }, "region", /region must not be empty/),
      c("Unknown keys are refused, with a suggestion and no value", { cookies: "session=secret-marker" }, "", /unknown input "cookies": did you mean "cookie"\?/),
    ],
  },
  {
    name: "PerfTestTask",
    handlers: perfTestTask.handlers,
    contract: perfTestTask.contract,
    valid: { name: "load", projectId: 393862, caseIdList: [449269], region: "cn-north-4" },
    constraints: [
      c("name is required", { name: undefined }, "name", /name is required/),
      c("name must not be empty", { name: "" }, "name", /must not be empty/),
      c("name is at most 42 characters", { name: "x".repeat(43) }, "name", /at most 42 characters/),
      c("name has no leading or trailing spaces", { name: " load" }, "name", /start or end with whitespace/),
      c("projectId is required", { projectId: undefined }, "projectId", /projectId is required/),
      c("projectId is positive", { projectId: 0 }, "projectId", /at least 1/),
      c("projectId is an int32", { projectId: 2147483648 }, "projectId", /at most 2147483647/),
      c("projectId is the CPTS project, not the IAM project id", { projectId: "0a1b2c3d" }, "projectId", /not the IAM project id/),
      c("operateMode is 0, 1 or 2", { operateMode: 3 }, "operateMode", /must be one of 0, 1, 2/),
      c("caseIdList is required", { caseIdList: undefined }, "caseIdList", /caseIdList is required/),
      c("caseIdList is not empty", { caseIdList: [] }, "caseIdList", /at least 1 item/),
      c("caseIdList has no repeats", { caseIdList: [449269, 449269] }, "caseIdList", /must not repeat/),
      c("case ids are positive", { caseIdList: [-1] }, "caseIdList", /items must be at least 1/),
      c("case ids are int32", { caseIdList: [BIG] }, "caseIdList", /items must be at most 2147483647/),
      c("run is started or stopped", { run: "running" }, "run", /must be one of "started", "stopped"/),
      c("clusterType is a documented type", { clusterType: "dedicated" }, "clusterType", /must be one of/),
      c("clusterId is an int32", { clusterId: 2147483648 }, "clusterId", /at most 2147483647/),
      c("a private cluster needs its id", { clusterType: "private-cluster", clusterId: 0 }, "clusterId", /must name the private resource group/),
      c("the shared cluster is id 0", { clusterType: "shared-cluster-internet", clusterId: 5 }, "clusterId", /must be 0/),
      c("waitForRun needs run: started", { waitForRun: true }, "waitForRun", /needs run: "started"/),
      c("waitTimeoutSeconds only with waitForRun", { waitTimeoutSeconds: 60 }, "waitTimeoutSeconds", /only used with waitForRun/),
      c("waitTimeoutSeconds at most a day", { run: "started", waitForRun: true, waitTimeoutSeconds: 86_401 }, "waitTimeoutSeconds", /at most 86400/),
      c("region is a Huawei region id", { region: "ap-guangzhou" }, "region", /Huawei Cloud region id/),
      c("region must not be empty", { region: "" }, "region", /region must not be empty/),
      c("Unknown keys are refused, with a suggestion", { caseIds: [1] }, "", /unknown input "caseIds": did you mean "caseIdList"\?/),
    ],
  },
  {
    name: "IotBatchTask",
    handlers: iotBatchTask.handlers,
    contract: iotBatchTask.contract,
    valid: { taskType: "UpdateShadow", productId: "ABCDE12345", deviceNameFilter: "^light-", tasks: { updateShadowTask: { desired: { color: "red" } } }, region: "ap-guangzhou" },
    constraints: [
      c("TaskType is required", { taskType: undefined }, "taskType", /taskType is required/),
      c("TaskType is UpdateShadow or PublishMessage", { taskType: "Reboot" }, "taskType", /must be one of "UpdateShadow", "PublishMessage"/),
      c("ProductId is required", { productId: undefined }, "productId", /productId is required/),
      c("ProductId must not be empty", { productId: "" }, "productId", /must not be empty/),
      c("ProductId has no spaces", { productId: "ABC DE" }, "productId", /without spaces/),
      c("DeviceNameFilter is required", { deviceNameFilter: undefined }, "deviceNameFilter", /deviceNameFilter is required/),
      c("DeviceNameFilter is a regular expression", { deviceNameFilter: "light-([" }, "deviceNameFilter", /valid regular expression/),
      c("ScheduleTimeInSeconds is not negative", { scheduleTimeInSeconds: -1 }, "scheduleTimeInSeconds", /at least 0/),
      c("ScheduleTimeInSeconds is not in the past", { scheduleTimeInSeconds: 1_000_000 }, "scheduleTimeInSeconds", /in the past/),
      c("ScheduleTimeInSeconds is at most a day ahead", { scheduleTimeInSeconds: Math.floor(Date.now() / 1000) + 90_000 }, "scheduleTimeInSeconds", /more than 86400 seconds ahead/),
      c("ScheduleTimeInSeconds fits the API's Integer", { scheduleTimeInSeconds: BIG }, "scheduleTimeInSeconds", /at most 9007199254740991|more than 86400 seconds ahead/),
      c("Tasks is required", { tasks: undefined }, "tasks", /tasks is required/),
      c("Tasks sets one body", { tasks: {} }, "tasks", /must set updateShadowTask or publishMessageTask/),
      c("Tasks sets only one body", { tasks: { updateShadowTask: { desired: {} }, publishMessageTask: { topic: "event", payload: "x" } } }, "tasks", /only one of/),
      c("Tasks has no other key", { tasks: { updateShadow: { desired: {} } } }, "tasks", /unknown key updateShadow/),
      c("Desired is required", { tasks: { updateShadowTask: {} } }, "tasks", /desired is required/),
      c("Desired is a JSON object", { tasks: { updateShadowTask: { desired: "[1]" } } }, "tasks", /desired/),
      c("Desired nests at most 6 levels", { tasks: { updateShadowTask: { desired: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } } } }, "tasks", /at most 6/),
      c("Desired is at most 64 KB", { tasks: { updateShadowTask: { desired: { a: "x".repeat(70_000) } } } }, "tasks", /at most 65536/),
      c("TaskType UpdateShadow needs updateShadowTask", { tasks: { publishMessageTask: { topic: "event", payload: "x" } } }, "tasks", /taskType UpdateShadow needs tasks.updateShadowTask/),
      c("Topic is required", { taskType: "PublishMessage", tasks: { publishMessageTask: { payload: "x" } } }, "tasks", /topic is required/),
      c("Payload is required", { taskType: "PublishMessage", tasks: { publishMessageTask: { topic: "event" } } }, "tasks", /payload is required/),
      c("Topic has no wildcard", { taskType: "PublishMessage", tasks: { publishMessageTask: { topic: "event/#", payload: "x" } } }, "tasks", /no wildcards/),
      c("Topic leaves out the product id", { taskType: "PublishMessage", tasks: { publishMessageTask: { topic: "ABCDE12345/light-01/event", payload: "x" } } }, "tasks", /must not start with the product id/),
      c("MaxExecutionTimeInSeconds is at least 0", { maxExecutionTimeInSeconds: -1 }, "maxExecutionTimeInSeconds", /at least 0/),
      c("MaxExecutionTimeInSeconds is at most 86400", { maxExecutionTimeInSeconds: 86_401 }, "maxExecutionTimeInSeconds", /at most 86400/),
      c("waitTimeoutSeconds only with waitForCompletion", { waitTimeoutSeconds: 60 }, "waitTimeoutSeconds", /only used with waitForCompletion/),
      c("waitTimeoutSeconds at most two days", { waitForCompletion: true, waitTimeoutSeconds: 172_801 }, "waitTimeoutSeconds", /at most 172800/),
      c("region must not be empty", { region: "" }, "region", /region must not be empty/),
      c("Unknown keys are refused, with a suggestion", { deviceNameFiltre: "x" }, "", /unknown input "deviceNameFiltre": did you mean "deviceNameFilter"\?/),
    ],
  },
  {
    name: "ProbeTask",
    handlers: probeTask.handlers,
    contract: probeTask.contract,
    valid: { name: "homepage", targetAddress: "www.example.com", taskType: 1, nodes: ["10001"], interval: 5, region: "ap-guangzhou" },
    constraints: [
      c("Name is required", { name: undefined }, "name", /name is required/),
      c("Name must not be empty", { name: "" }, "name", /must not be empty/),
      c("Name must not be blank", { name: "  " }, "name", /must not be blank/),
      c("TargetAddress is required", { targetAddress: undefined }, "targetAddress", /targetAddress is required/),
      c("TargetAddress must not be blank", { targetAddress: " " }, "targetAddress", /must not be blank/),
      c("TaskType is required", { taskType: undefined }, "taskType", /taskType is required/),
      c("TaskType is 1 to 7", { taskType: 8 }, "taskType", /must be one of 1, 2, 3, 4, 5, 6, 7/),
      c("Nodes is required", { nodes: undefined }, "nodes", /nodes is required/),
      c("Nodes is not empty", { nodes: [] }, "nodes", /at least 1 item/),
      c("Nodes has no repeats", { nodes: ["10001", "10001"] }, "nodes", /must not repeat/),
      c("Nodes are node codes", { nodes: ["100 01"] }, "nodes", /node codes/),
      c("Interval is required", { interval: undefined }, "interval", /interval is required/),
      c("Interval is a documented number of minutes", { interval: 7 }, "interval", /must be one of 1, 5, 10, 15, 30, 60, 120, 240/),
      c("Parameters is a JSON object", { parameters: "[1]" }, "parameters", /parameters/),
      c("Parameters is valid JSON", { parameters: "{not json" }, "parameters", /parameters/),
      c("TaskCategory is 1 or 2", { taskCategory: 3 }, "taskCategory", /must be one of 1, 2/),
      c("Cron has 5 fields", { cron: "* * *" }, "cron", /cron/),
      c("Cron fields are in range", { cron: "61 * * * *" }, "cron", /cron/),
      c("NodeIpType is 0, 1 or 2", { nodeIpType: 3 }, "nodeIpType", /must be one of 0, 1, 2/),
      c("region must not be empty", { region: "" }, "region", /region must not be empty/),
      c("Unknown keys are refused, with a suggestion", { intervall: 5 }, "", /unknown input "intervall": did you mean "interval"\?/),
    ],
    objectOrJson: ["parameters"],
  },
  {
    // An unknown region keeps check offline (its cloud rules ask the API about actions and templates).
    name: "ChaosExperiment",
    handlers: chaosExperiment.handlers,
    contract: chaosExperiment.contract,
    valid: { taskActionId: 462, taskInstances: ["ins-1"], taskTitle: "drill", taskActionCustomConfiguration: { interfaces: "eth0" }, region: UNKNOWN },
    constraints: [
      c("One creation mode is required", { taskActionId: undefined }, "templateId", /set exactly one creation mode/),
      c("Only one creation mode", { templateId: 626, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-1"] }] } }, "templateId", /set exactly one creation mode, not/),
      c("TemplateId is positive", { taskActionId: undefined, taskInstances: undefined, taskTitle: undefined, taskActionCustomConfiguration: undefined, templateId: 0, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-1"] }] } }, "templateId", /at least 1/),
      c("TaskConfig is required with templateId", { taskActionId: undefined, taskInstances: undefined, taskTitle: undefined, taskActionCustomConfiguration: undefined, templateId: 626 }, "taskConfig", /taskConfig is required with templateId/),
      c("TemplateId is required with taskConfig", { taskActionId: undefined, taskInstances: undefined, taskTitle: undefined, taskActionCustomConfiguration: undefined, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-1"] }] } }, "templateId", /templateId is required with taskConfig/),
      c("TaskGroupsConfig is not empty", { taskActionId: undefined, taskInstances: undefined, taskTitle: undefined, taskActionCustomConfiguration: undefined, templateId: 626, taskConfig: { taskGroupsConfig: [] } }, "taskConfig", /taskGroupsConfig must have at least 1 item/),
      c("TaskActionId is positive", { taskActionId: 0 }, "taskActionId", /at least 1/),
      c("TaskActionId fits the API's Integer", { taskActionId: BIG }, "taskActionId", /at most/),
      c("TaskInstances is required with an action", { taskInstances: undefined }, "taskInstances", /taskInstances is required/),
      c("TaskInstances is not empty", { taskInstances: [] }, "taskInstances", /at least 1 item/),
      c("TaskInstances has no repeats", { taskInstances: ["ins-1", "ins-1"] }, "taskInstances", /must not repeat/),
      c("TaskInstances are not blank", { taskInstances: [" "] }, "taskInstances", /must not be blank/),
      c("TaskAction ids are positive", { taskActionId: undefined, taskActionCustomConfiguration: undefined, taskAction: [{ taskActionId: 0 }] }, "taskAction", /taskActionId must be at least 1/),
      c("TaskActionCustomConfiguration is a JSON object", { taskActionCustomConfiguration: "[1]" }, "taskActionCustomConfiguration", /taskActionCustomConfiguration/),
      c("General waits are 0 to 86400 seconds", { taskActionGeneralConfiguration: { ActionTimeout: 86_401 } }, "taskActionGeneralConfiguration", /from 0 to 86400/),
      c("TaskPauseDuration is not negative", { taskPauseDuration: -1 }, "taskPauseDuration", /at least 0/),
      c("Tag keys are not blank", { taskTags: [{ tagKey: " ", tagValue: "v" }] }, "taskTags", /tagKey must not be blank/),
      c("A field of another mode is refused", { taskAction: undefined, templateId: undefined, taskConfig: { taskGroupsConfig: [{ taskGroupInstances: ["ins-1"] }] } }, "templateId", /creation mode/),
      c("waitForCompletion needs execute", { waitForCompletion: true }, "waitForCompletion", /needs execute: true/),
      c("waitTimeoutSeconds only with waitForCompletion", { waitTimeoutSeconds: 60 }, "waitTimeoutSeconds", /only used with waitForCompletion/),
      c("waitTimeoutSeconds at most a day", { execute: true, waitForCompletion: true, waitTimeoutSeconds: 86_401 }, "waitTimeoutSeconds", /at most 86400/),
      c("A conclusion needs execute", { conclusion: { summary: "ok", isExpect: true } }, "conclusion", /needs execute: true/),
      c("A conclusion has a summary", { execute: true, conclusion: { isExpect: true } }, "conclusion", /summary is required/),
      c("region must not be empty", { region: "" }, "region", /region must not be empty/),
      c("Unknown keys are refused, with a suggestion", { taskTitel: "x" }, "", /unknown input "taskTitel": did you mean "taskTitle"\?/),
    ],
    objectOrJson: ["taskActionGeneralConfiguration", "taskActionCustomConfiguration"],
  },
];

/** Values of the wrong type for a field's type: what plain-JavaScript or YAML users may write. */
function confusions(spec: FieldSpec): unknown[] {
  switch (spec.type) {
    case "string":
      return [42, true, ["a"], { a: 1 }];
    case "integer":
      return ["5", 1.5, true, [1], Number.NaN];
    case "boolean":
      return ["true", 1, [true]];
    case "integerList":
      return [5, "1,2", [1.5], ["1"], [null]];
    case "stringList":
      return ["a", [1], [{ a: 1 }]];
    case "stringMap":
      return ["a=b", { a: 1 }, ["a"]];
    case "object":
      return ["{}", [1], 5];
    case "objectList":
      return [{}, [1], "[]"];
  }
}

const mutates = (inputs: Inputs) => Object.keys(inputs);

describe("the constraint table: every documented constraint refused at check, naming property and rule", () => {
  let constraints = 0;
  let confusion = 0;

  for (const r of RESOURCES) {
    describe(r.name, () => {
      it("accepts its valid input, with the serialized provider and the output names the class passes as undefined", async () => {
        const result = await r.handlers.check({}, { ...r.valid, __provider: "exports.handler = …", taskId: undefined, status: undefined, runStatus: undefined });
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs?.__provider, "exports.handler = …");
      });

      it("keeps an unknown key out of the checked inputs", async () => {
        const result = await r.handlers.check({}, { ...r.valid, notAField: "x" });
        assert.equal(result.inputs?.notAField, undefined);
      });

      for (const k of r.constraints) {
        it(k.rule, async () => {
          const inputs = { ...r.valid, ...k.patch };
          const failures = (await r.handlers.check({}, inputs)).failures ?? [];
          assert.ok(
            failures.some((f) => f.property === k.property && k.reason.test(f.reason)),
            `expected a failure on "${k.property}" matching ${k.reason}, got ${JSON.stringify(failures)}`,
          );
          constraints++;
        });
      }

      it("refuses a value of the wrong type in every field, naming it", async () => {
        for (const [field, spec] of Object.entries(r.contract)) {
          const documentedObject = r.objectOrJson?.includes(field);
          for (const value of confusions(spec).filter((v) => !(documentedObject && typeof v === "object" && v !== null && !Array.isArray(v)))) {
            const failures = (await r.handlers.check({}, { ...r.valid, [field]: value })).failures ?? [];
            const property = spec.secret ? "" : field;
            assert.ok(
              failures.some((f) => f.property === property && f.reason.includes(field)),
              `${r.name}.${field} = ${JSON.stringify(value)}: expected a failure naming it, got ${JSON.stringify(failures)}`,
            );
            confusion++;
          }
        }
      });

      it("never echoes a value in a failure", async () => {
        const marker = "value-marker-5d1e";
        for (const field of [...mutates(r.contract), "notAField"]) {
          const failures = (await r.handlers.check({}, { ...r.valid, [field]: [marker, marker] })).failures ?? [];
          for (const f of failures) assert.ok(!f.reason.includes(marker), `${r.name}.${field}: ${f.reason}`);
        }
      });
    });
  }

  after(() => {
    const expected = RESOURCES.reduce((n, r) => n + r.constraints.length, 0);
    console.log(`    constraint table: ${constraints} / ${expected} documented constraints refused at check; ${confusion} type-confusion inputs refused`);
  });
});
