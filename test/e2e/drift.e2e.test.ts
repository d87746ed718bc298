import { strict as assert } from "node:assert";
import { Client as BhClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client";
import { Client as CatClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cat/v20180409/cat_client";
import { Client as CfgClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_client";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";
import { emulatorControl } from "../../scripts/lib/harness";
import { catApi } from "../support/cat-api";
import { E2eStack } from "../support/e2e";
import type { EmulatorState } from "../support/fault-matrix";
import { cptsCalls } from "../support/huawei";

/**
 * Drift, for every resource, under the real CLI: an out-of-band change to a field the read API
 * returns is shown by `refresh` and undone by `up`; an out-of-band delete is dropped by `refresh`
 * and recreated by `up`. One stack holds one resource of each type, so each step is one CLI run.
 * Every out-of-band call goes through the official SDK (or, for CAT API 2.0, an independent signer).
 */
interface DriftCase {
  type: string;
  /** The declaration, as a user writes it (plain JavaScript). */
  declare: string;
  /**
   * An out-of-band change of a field the read API returns, and what `preview --diff` then shows;
   * absent where no API changes a field the read returns (said why in `noChange`).
   */
  change?: { make(stack: E2eStack, id: string): Promise<void>; shows: RegExp; restored(stack: E2eStack, id: string): Promise<boolean> };
  noChange?: string;
  /** Deletes (or, where the API has no delete, lets the cloud drop) the task behind Pulumi's back. */
  remove(stack: E2eStack, id: string): Promise<void>;
  /** The ids of the tasks of this type the cloud holds (live ones). */
  ids(state: EmulatorState): string[];
}

const tencent = <C>(Client: new (config: ConstructorParameters<typeof BhClient>[0]) => C, stack: E2eStack): C =>
  new Client({
    credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: new URL(stack.emulator.url).host, protocol: "http://" } },
  });

function tasksOf(state: EmulatorState, product: string): Array<Record<string, unknown>> {
  return Object.values(state.products[product] ?? {}).flatMap((regions) =>
    Object.values(regions).flatMap((bucket) => (Array.isArray(bucket.tasks) ? (bucket.tasks as Array<Record<string, unknown>>) : [])),
  );
}

const cloudState = (stack: E2eStack) => emulatorControl<EmulatorState>(stack.emulator.url, "state");
const find = async (stack: E2eStack, product: string, key: string, id: string) => tasksOf(await cloudState(stack), product).find((t) => String(t[key]) === id);

const CASES: DriftCase[] = [
  {
    type: "OperationTask",
    declare: `new ct.OperationTask("ops", { name: "drift-ops", type: 1, account: "root", timeout: 30, script: "uptime", deviceIdSet: [34] })`,
    change: {
      make: async (stack, id) => {
        await tencent(BhClient, stack).ModifyOperationTask({ Id: Number(id), Name: "renamed-by-hand", Type: 1, Account: "root", Timeout: 30, Script: "dXB0aW1l", Encoding: 1, DeviceIdSet: [34] });
      },
      shows: /~ name\s*: "renamed-by-hand" => "drift-ops"/,
      restored: async (stack, id) => (await find(stack, "bh", "id", id))?.name === "drift-ops",
    },
    remove: async (stack, id) => void (await tencent(BhClient, stack).DeleteOperationTasks({ IdSet: [Number(id)] })),
    ids: (state) => tasksOf(state, "bh").map((t) => String(t.id)),
  },
  {
    type: "CatTask",
    declare: `new ct.CatTask("cat", { taskName: "drift-cat", catTypeName: "http", url: "www.example.com", agentGroupId: 1510, period: 5 })`,
    change: {
      make: async (stack, id) => assert.equal((await catApi(stack.emulator.url, "PauseCatTask", { taskId: Number(id) })).code, 0),
      shows: /~ paused\s*: true => false/,
      restored: async (stack, id) => (await find(stack, "cat", "taskId", id))?.status === 2,
    },
    remove: async (stack, id) => assert.equal((await catApi(stack.emulator.url, "DeleteCatTask", { "taskId.0": Number(id) })).code, 0),
    ids: (state) => tasksOf(state, "cat").map((t) => String(t.taskId)),
  },
  {
    type: "PerfTestTask",
    declare: `new ct.PerfTestTask("perf", { name: "drift-perf", projectId: 393862, caseIdList: [449269] })`,
    change: {
      make: async (stack, id) => {
        const reply = await cptsCalls.updateTask(stack.emulator.url, Number(id), { name: "renamed-by-hand", parallel: false, project_id: 393862, case_id_list: [449269, 449270] });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
      },
      shows: /~ caseIdList|~ name\s*: "renamed-by-hand" => "drift-perf"/,
      restored: async (stack, id) => (await find(stack, "cpts", "id", id))?.name === "drift-perf",
    },
    remove: async (stack, id) => assert.ok([200, 204].includes((await cptsCalls.deleteTask(stack.emulator.url, Number(id))).status)),
    ids: (state) => tasksOf(state, "cpts").map((t) => String(t.id)),
  },
  {
    type: "ProbeTask",
    declare: `new ct.ProbeTask("probe", { name: "drift-probe", targetAddress: "www.example.com", taskType: 1, nodes: ["10001"], interval: 5 })`,
    change: {
      make: async (stack, id) => void (await tencent(CatClient, stack).UpdateProbeTaskAttributes({ TaskId: id, Name: "renamed-by-hand" })),
      shows: /~ name\s*: "renamed-by-hand" => "drift-probe"/,
      restored: async (stack, id) => (await find(stack, "cat-probe", "taskId", id))?.name === "drift-probe",
    },
    remove: async (stack, id) => void (await tencent(CatClient, stack).DeleteProbeTask({ TaskIds: [id] })),
    // A deleted task shows as deleting (7), then deleted (9), for a while.
    ids: (state) => tasksOf(state, "cat-probe").filter((t) => t.status !== 7 && t.status !== 9).map((t) => String(t.taskId)),
  },
  {
    type: "IotBatchTask",
    declare: `new ct.IotBatchTask("iot", {
      taskType: "UpdateShadow", productId: "ABCDE12345", deviceNameFilter: "^light-", tasks: { updateShadowTask: { desired: { color: "red" } } }, waitForCompletion: true,
    })`,
    noChange:
      "the read returns the task's type and product (no API changes them) and its run state (CancelTask: refresh shows status 5, covered by iot-batch-task.e2e; a one-shot task is not re-run by up)",
    // The API has no delete: the cloud drops a task a month after it was created.
    remove: async (stack) => void (await emulatorControl(stack.emulator.url, "clock", "POST", { advanceMs: 31 * 86_400_000 })),
    ids: (state) => tasksOf(state, "iotcloud").map((t) => String(t.id)),
  },
  {
    type: "ChaosExperiment",
    declare: `new ct.ChaosExperiment("chaos", {
      taskActionId: 462, taskInstances: ["ins-xxxxxxxx"], taskTitle: "drift-chaos", taskActionCustomConfiguration: { interfaces: "eth0" },
    })`,
    noChange: "no API edits an experiment's definition; only its run state changes, which up does not undo (a started experiment cannot be un-started)",
    remove: async (stack, id) => void (await tencent(CfgClient, stack).DeleteTask({ TaskId: Number(id) })),
    ids: (state) => tasksOf(state, "cfg").map((t) => String(t.id)),
  },
];

describe("drift of every resource under the real Pulumi CLI", function () {
  this.timeout(600_000);
  let stack: E2eStack;

  before(async () => {
    stack = await E2eStack.create("drift", CASES.map((c) => `exports.${c.type} = ${c.declare}.id;`).join("\n"));
    await stack.config({
      "cloudtasks:huaweiAk": DEMO_HUAWEI_CREDENTIAL.ak,
      "cloudtasks:huaweiProjectId": DEMO_HUAWEI_CREDENTIAL.projectId,
      "cloudtasks:huaweiRegion": "cn-north-4",
    });
    await stack.ok("config", "set", "--secret", "cloudtasks:huaweiSk", DEMO_HUAWEI_CREDENTIAL.sk);
    await stack.up();
  });
  after(async () => stack?.dispose());

  const ids = async () => (await stack.outputs()) as Record<string, string>;

  it("an out-of-band change is shown by refresh and undone by up", async () => {
    const before = await ids();
    const changing = CASES.filter((c) => c.change);
    for (const c of changing) await c.change?.make(stack, before[c.type]);
    const refresh = await stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    assert.notEqual(refresh.code, 0, "refresh reports the drift");
    const preview = await stack.run("preview", "--diff", "--expect-no-changes");
    assert.notEqual(preview.code, 0, "the program still declares the old values");
    for (const c of changing) assert.match(preview.stdout, c.change?.shows ?? /$^/, `${c.type}: preview shows the drifted field`);
    await stack.up();
    const after = await ids();
    for (const c of changing) {
      assert.equal(after[c.type], before[c.type], `${c.type}: undone in place, same task`);
      assert.ok(await c.change?.restored(stack, after[c.type]), `${c.type}: the cloud holds the declared value again`);
    }
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    for (const c of CASES.filter((x) => !x.change)) console.log(`      ${c.type}: no change leg: ${c.noChange}`);
  });

  it("an out-of-band delete is dropped by refresh and recreated by up", async () => {
    const before = await ids();
    for (const c of CASES) await c.remove(stack, before[c.type]);
    const state = await cloudState(stack);
    for (const c of CASES) assert.ok(!c.ids(state).includes(before[c.type]), `${c.type}: gone from the cloud`);
    await stack.ok("refresh", "--yes", "--skip-preview");
    const types = await stack.resourceTypes();
    for (const c of CASES) assert.ok(!types.includes(`pulumi-nodejs:dynamic/cloudtasks:${c.type}`), `${c.type}: dropped from the stack`);
    await stack.up();
    const after = await ids();
    const recreated = await cloudState(stack);
    for (const c of CASES) {
      assert.notEqual(after[c.type], before[c.type], `${c.type}: a new task`);
      assert.deepEqual(c.ids(recreated).filter((id) => id !== before[c.type]), [after[c.type]], `${c.type}: exactly the recreated task is live`);
    }
    await stack.ok("refresh", "--yes", "--skip-preview", "--expect-no-changes");
  });
});
