import { strict as assert } from "node:assert";
import { cronProblem } from "../../provider/contract/cron";
import { UNKNOWN } from "../../provider/contract/fields";
import { applyDrift, configurationRequest, createRequest, handlers, outputs } from "../../provider/resources/probe-task";

const valid = {
  name: "homepage",
  targetAddress: "https://www.example.com",
  taskType: 1,
  nodes: ["10001", "10002"],
  interval: 5,
  region: "ap-guangzhou",
};

async function checked(inputs: Record<string, unknown>) {
  const result = await handlers.check({}, inputs);
  assert.deepEqual(result.failures, []);
  return result.inputs as Record<string, unknown>;
}

const failuresOf = async (inputs: Record<string, unknown>) => (await handlers.check({}, inputs)).failures ?? [];

describe("ProbeTask contract", () => {
  describe("check (no API call: no endpoint or credentials are needed)", () => {
    it("fills the defaults: parameters {}, task category 1 (PC), node IP type 0, not suspended", async () => {
      const inputs = await checked(valid);
      assert.equal(inputs.parameters, "{}");
      assert.equal(inputs.taskCategory, 1);
      assert.equal(inputs.nodeIpType, 0);
      assert.equal(inputs.suspended, false);
    });

    it("turns parameters given as an object or as a string into the same canonical JSON text", async () => {
      const fromObject = await checked({ ...valid, parameters: { netIcmpOn: 1, ipType: 0, nested: { b: 2, a: 1 } } });
      const fromString = await checked({ ...valid, parameters: '{ "nested": {"a":1,"b":2}, "ipType": 0, "netIcmpOn": 1 }' });
      assert.equal(fromObject.parameters, '{"ipType":0,"nested":{"a":1,"b":2},"netIcmpOn":1}');
      assert.equal(fromString.parameters, fromObject.parameters);
    });

    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ["a task type outside 1–7", { ...valid, taskType: 8 }, "taskType", /taskType must be one of 1, 2, 3, 4, 5, 6, 7/],
      ["an interval that is not offered", { ...valid, interval: 7 }, "interval", /interval must be one of 1, 5, 10, 15, 30, 60, 120, 240/],
      ["an empty node list", { ...valid, nodes: [] }, "nodes", /at least 1 item/],
      ["repeated nodes", { ...valid, nodes: ["10001", "10001"] }, "nodes", /must not repeat/],
      ["a node code with spaces", { ...valid, nodes: ["100 01"] }, "nodes", /node codes/],
      ["parameters that are not JSON", { ...valid, parameters: "{ipType: 0" }, "parameters", /parameters must be a JSON object \(the string is not valid JSON\)/],
      ["parameters that are a JSON array", { ...valid, parameters: "[1,2]" }, "parameters", /parameters must be a JSON object, not an array/],
      ["parameters that are a number", { ...valid, parameters: 5 }, "parameters", /parameters must be a string/],
      ["a cron with 4 fields", { ...valid, cron: "* 0-5 * *" }, "cron", /cron must have 5 fields/],
      ["a cron hour of 24", { ...valid, cron: "0 24 * * *" }, "cron", /cron hour field: hour values must be 0–23/],
      ["a task category other than 1 or 2", { ...valid, taskCategory: 3 }, "taskCategory", /one of 1, 2/],
      ["a node IP type other than 0–2", { ...valid, nodeIpType: 4 }, "nodeIpType", /one of 0, 1, 2/],
      ["a blank name", { ...valid, name: " " }, "name", /must not be blank/],
      ["a missing target", { ...valid, targetAddress: undefined }, "targetAddress", /targetAddress is required/],
      ["a non-boolean suspended", { ...valid, suspended: "yes" }, "suspended", /must be a boolean/],
      ["tags that are not strings", { ...valid, tags: { team: 1 } }, "tags", /map of strings/],
    ];
    for (const [what, inputs, property, reason] of cases) {
      it(`rejects ${what}, naming ${property}`, async () => {
        const failures = await failuresOf(inputs);
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("lets unknown values pass at preview", async () => {
      assert.deepEqual(await failuresOf({ ...valid, targetAddress: UNKNOWN, nodes: [UNKNOWN], parameters: UNKNOWN }), []);
    });
  });

  describe("cron syntax", () => {
    for (const ok of ["* 0-5 * * *", "*/15 8-20 * * 1-5", "0,30 9 1 1-12/2 7"]) it(`accepts ${ok}`, () => assert.equal(cronProblem(ok), undefined));
    const bad: Array<[string, RegExp]> = [
      ["", /5 fields.*not 0/],
      ["* * * * * *", /not 6/],
      ["60 * * * *", /minute field/],
      ["* * 0 * *", /day of month field/],
      ["5-1 * * * *", /runs backwards/],
      ["*/0 * * * *", /step must be at least 1/],
      ["MON * * * *", /not \*, a number/],
    ];
    for (const [expr, reason] of bad) it(`rejects "${expr}"`, () => assert.match(cronProblem(expr) ?? "", reason));
  });

  describe("diff", () => {
    const diffOf = async (change: Record<string, unknown>) => {
      const olds = { ...(await checked(valid)), taskId: "task-1", status: 2 };
      return handlers.diff("task-1", olds, await checked({ ...valid, ...change }));
    };
    const inPlace: Array<[string, Record<string, unknown>]> = [
      ["name", { name: "renamed" }],
      ["nodes", { nodes: ["10003"] }],
      ["interval", { interval: 10 }],
      ["parameters", { parameters: { ipType: 1 } }],
      ["cron", { cron: "* 0-5 * * *" }],
      ["nodeIpType", { nodeIpType: 1 }],
      ["suspended", { suspended: true }],
    ];
    for (const [field, change] of inPlace) {
      it(`updates ${field} in place`, async () => {
        const diff = await diffOf(change);
        assert.equal(diff.changes, true);
        assert.deepEqual(diff.replaces, []);
      });
    }
    const replacing: Array<[string, Record<string, unknown>]> = [
      ["targetAddress", { targetAddress: "https://www.example.org" }],
      ["taskType", { taskType: 5 }],
      ["taskCategory", { taskCategory: 2 }],
      ["tags", { tags: { team: "web" } }],
      ["region", { region: "ap-shanghai" }],
    ];
    for (const [field, change] of replacing) {
      it(`replaces the task when ${field} changes`, async () => assert.deepEqual((await diffOf(change)).replaces, [field]));
    }
    it("sees no change when parameters differ only in key order or spelling", async () => {
      const olds = await checked({ ...valid, parameters: { a: 1, b: { c: 2, d: 3 } } });
      const diff = await handlers.diff("task-1", olds, await checked({ ...valid, parameters: '{"b":{"d":3,"c":2},"a":1}' }));
      assert.equal(diff.changes, false);
    });
  });

  describe("wire mapping", () => {
    it("creates a batch of one with tags as TagKey/TagValue", async () => {
      const body = createRequest(await checked({ ...valid, tags: { team: "web" }, cron: "* 0-5 * * *" }));
      assert.deepEqual(body, {
        BatchTasks: [{ Name: "homepage", TargetAddress: "https://www.example.com" }],
        TaskType: 1,
        Nodes: ["10001", "10002"],
        Interval: 5,
        Parameters: "{}",
        TaskCategory: 1,
        Cron: "* 0-5 * * *",
        NodeIpType: 0,
        Tag: [{ TagKey: "team", TagValue: "web" }],
      });
    });

    it("replaces the whole configuration, sending an empty Cron to clear a schedule", async () => {
      const body = configurationRequest("task-1", await checked(valid));
      assert.deepEqual(body, { TaskIds: ["task-1"], Nodes: ["10001", "10002"], Interval: 5, Parameters: "{}", Cron: "", NodeIpType: 0 });
    });
  });

  describe("refresh", () => {
    it("folds drift in, keeps the user's node order and spelling of the same parameters, and derives suspended from the status", async () => {
      const state: Record<string, unknown> = { ...(await checked({ ...valid, parameters: { b: 1, a: 2 } })), taskId: "task-1" };
      const next = applyDrift(state, {
        TaskId: "task-1",
        Name: "renamed",
        TargetAddress: valid.targetAddress,
        TaskType: 1,
        TaskCategory: 1,
        Interval: 10,
        Nodes: ["10002", "10001"],
        Parameters: '{"a": 2, "b": 1}',
        NodeIpType: 0,
        Cron: "",
        Status: 6,
        TagInfoList: [],
        PayMode: 1,
        OrderState: 1,
        CreatedAt: "2026-11-27T00:00:00Z",
      });
      assert.equal(next.name, "renamed");
      assert.equal(next.interval, 10);
      assert.deepEqual(next.nodes, ["10001", "10002"]);
      assert.equal(next.parameters, state.parameters);
      assert.equal(next.cron, undefined);
      assert.equal(next.tags, undefined);
      assert.equal(next.suspended, true);
      assert.equal(next.status, 6);
    });

    it("declares every output beyond the inputs", () => {
      assert.deepEqual(Object.keys(outputs).sort(), ["createdAt", "cronState", "orderState", "payMode", "status", "taskId"]);
    });
  });
});
