import { strict as assert } from "node:assert";
import { checkInputs } from "../../provider/contract/check";
import { diffInputs } from "../../provider/contract/diff";
import { UNKNOWN } from "../../provider/contract/fields";
import { contract, rules } from "../../provider/resources/operation-task";
import { resetSettings } from "../../provider/settings";

const valid = {
  name: "disk-report",
  type: 1,
  account: "root",
  timeout: 30,
  script: "df -h",
  deviceIdSet: [34, 56],
  region: "ap-guangzhou",
};

const failuresOf = (inputs: Record<string, unknown>) => checkInputs(contract, rules, inputs).failures ?? [];

describe("OperationTask contract", () => {
  describe("check", () => {
    it("accepts the seed's examples and defaults encoding to 1", () => {
      const manual = checkInputs(contract, rules, valid);
      assert.deepEqual(manual.failures, []);
      assert.equal(manual.inputs?.encoding, 1);
      const periodic = { ...valid, type: 2, period: 1, firstTime: "2025-03-25T08:00:01+08:00", encoding: 1 };
      assert.deepEqual(failuresOf(periodic), []);
    });

    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ["a missing required field", { ...valid, account: undefined }, "account", /account is required/],
      ["a type other than 1 or 2", { ...valid, type: 3 }, "type", /type must be one of 1, 2/],
      ["a non-integer timeout", { ...valid, timeout: 1.5 }, "timeout", /timeout must be an integer/],
      ["a zero timeout", { ...valid, timeout: 0 }, "timeout", /at least 1/],
      ["an empty deviceIdSet", { ...valid, deviceIdSet: [] }, "deviceIdSet", /at least 1 item/],
      ["repeated devices", { ...valid, deviceIdSet: [34, 34] }, "deviceIdSet", /must not repeat/],
      ["period on a manual task", { ...valid, period: 1 }, "period", /only for periodic tasks/],
      ["firstTime on a manual task", { ...valid, firstTime: "2025-03-25T08:00:01+08:00" }, "firstTime", /only for periodic tasks/],
      ["a periodic task without period", { ...valid, type: 2 }, "period", /period is required when type is 2/],
      ["a firstTime without offset", { ...valid, type: 2, period: 1, firstTime: "2025-03-25 08:00" }, "firstTime", /ISO 8601/],
      ["an encoding other than 0 or 1", { ...valid, encoding: 2 }, "encoding", /one of 0, 1/],
      ["a blank name", { ...valid, name: "  " }, "name", /must not be blank/],
    ];
    for (const [what, inputs, property, reason] of cases) {
      it(`rejects ${what}, naming ${property}`, () => {
        const failures = failuresOf(inputs);
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("fills an absent region from the environment at check time, and says where to set it when there is none", () => {
      const saved = process.env.TENCENTCLOUD_REGION;
      resetSettings();
      try {
        process.env.TENCENTCLOUD_REGION = "ap-shanghai";
        assert.equal(checkInputs(contract, rules, { ...valid, region: undefined }).inputs?.region, "ap-shanghai");
        delete process.env.TENCENTCLOUD_REGION;
        const [failure] = failuresOf({ ...valid, region: undefined });
        assert.equal(failure.property, "region");
        assert.match(failure.reason, /^region is required: set it on the resource, in the stack config cloudtasks:region, or in TENCENTCLOUD_REGION$/);
      } finally {
        if (saved === undefined) delete process.env.TENCENTCLOUD_REGION;
        else process.env.TENCENTCLOUD_REGION = saved;
      }
    });

    it("names no property for a bad secret field, so the engine cannot print its value", () => {
      const [failure] = failuresOf({ ...valid, script: " " });
      assert.equal(failure.property, "");
      assert.match(failure.reason, /^script must not be blank/);
    });

    it("lets unknown values through at preview and skips the rules that read them", () => {
      assert.deepEqual(failuresOf({ ...valid, type: UNKNOWN, period: 1, timeout: UNKNOWN, deviceIdSet: [UNKNOWN] }), []);
    });
  });

  describe("diff", () => {
    const state = { ...valid, encoding: 1, taskId: 7, operationId: "ops-1", __provider: "old" };

    it("reports no change when the inputs match the state, whatever the provider text", () => {
      assert.deepEqual(diffInputs(contract, state, { ...valid, encoding: 1, __provider: "new" }), { changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("updates in place for every field but region", () => {
      for (const change of [{ name: "x" }, { timeout: 9 }, { script: "ls" }, { deviceIdSet: [34] }, { account: "ubuntu" }, { runTriggers: ["1"] }]) {
        const diff = diffInputs(contract, state, { ...valid, encoding: 1, ...change });
        assert.equal(diff.changes, true, JSON.stringify(change));
        assert.deepEqual(diff.replaces, [], JSON.stringify(change));
      }
    });

    it("replaces on a region change, and on an unknown region", () => {
      assert.deepEqual(diffInputs(contract, state, { ...valid, encoding: 1, region: "ap-shanghai" }).replaces, ["region"]);
      assert.deepEqual(diffInputs(contract, state, { ...valid, encoding: 1, region: UNKNOWN }).replaces, ["region"]);
    });

    it("treats an unknown value as a change", () => {
      assert.equal(diffInputs(contract, state, { ...valid, encoding: 1, name: UNKNOWN }).changes, true);
    });
  });
});
