import { strict as assert } from "node:assert";
import { checkInputs } from "../../provider/contract/check";
import { diffInputs } from "../../provider/contract/diff";
import { UNKNOWN } from "../../provider/contract/fields";
import { resetSettings } from "../../provider/settings";
import { contract, handlers, rules, runBody } from "../../provider/resources/perf-test-task";

const valid = {
  name: "task",
  projectId: 393862,
  caseIdList: [449269, 449270],
  region: "cn-north-4",
};

const failuresOf = (inputs: Record<string, unknown>) => checkInputs(contract, rules, inputs).failures ?? [];

describe("PerfTestTask contract", () => {
  describe("check", () => {
    it("accepts the seed's example and fills the defaults (operateMode 2, serial, not run, shared group)", async () => {
      const result = await handlers.check({}, { ...valid, parallel: false, enableFullLink: true });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, {
        ...valid,
        parallel: false,
        enableFullLink: true,
        operateMode: 2,
        run: "stopped",
        clusterId: 0,
        clusterType: "shared-cluster-internet",
        waitForRun: false,
      });
    });

    it("derives a private-cluster run from a positive clusterId", async () => {
      const result = await handlers.check({}, { ...valid, run: "started", clusterId: 17 });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs?.clusterType, "private-cluster");
    });

    it("takes the region from HUAWEICLOUD_SDK_REGION, and says where to set it when missing", async () => {
      const saved = process.env.HUAWEICLOUD_SDK_REGION;
      try {
        process.env.HUAWEICLOUD_SDK_REGION = "cn-east-3";
        resetSettings();
        assert.equal((await handlers.check({}, { ...valid, region: undefined })).inputs?.region, "cn-east-3");
        delete process.env.HUAWEICLOUD_SDK_REGION;
        const [failure] = (await handlers.check({}, { ...valid, region: undefined })).failures ?? [];
        assert.equal(failure.property, "region");
        assert.match(failure.reason, /cloudtasks:huaweiRegion.*HUAWEICLOUD_SDK_REGION/);
      } finally {
        if (saved === undefined) delete process.env.HUAWEICLOUD_SDK_REGION;
        else process.env.HUAWEICLOUD_SDK_REGION = saved;
        resetSettings();
      }
    });

    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ["a missing name", { ...valid, name: undefined }, "name", /name is required/],
      ["a blank name", { ...valid, name: "   " }, "name", /must not be blank/],
      ["a name with a trailing space", { ...valid, name: "load " }, "name", /start or end with whitespace/],
      ["a name over 42 characters", { ...valid, name: "x".repeat(43) }, "name", /at most 42 characters/],
      ["a missing test project", { ...valid, projectId: undefined }, "projectId", /projectId is required/],
      ["a test project given as an IAM project id", { ...valid, projectId: "0a1b2c3d" }, "projectId", /must be an integer: the CPTS test project id, not the IAM project id/],
      ["a missing caseIdList", { ...valid, caseIdList: undefined }, "caseIdList", /caseIdList is required/],
      ["an empty caseIdList", { ...valid, caseIdList: [] }, "caseIdList", /at least 1 item/],
      ["a non-integer case id", { ...valid, caseIdList: [449269, 1.5] }, "caseIdList", /list of integers/],
      ["case ids as strings", { ...valid, caseIdList: ["449269"] }, "caseIdList", /list of integers/],
      ["a repeated case", { ...valid, caseIdList: [449269, 449269] }, "caseIdList", /must not repeat/],
      ["a negative case id", { ...valid, caseIdList: [-1] }, "caseIdList", /caseIdList items must be at least 1/],
      ["an operateMode outside 0-2", { ...valid, operateMode: 3 }, "operateMode", /one of 0, 1, 2/],
      ["parallel as a string", { ...valid, parallel: "false" }, "parallel", /must be a boolean/],
      ["a run state other than started/stopped", { ...valid, run: "running" }, "run", /one of "started", "stopped"/],
      ["an unknown cluster type", { ...valid, clusterType: "dedicated" }, "clusterType", /one of/],
      ["a private cluster without its id", { ...valid, clusterType: "private-cluster" }, "clusterId", /must name the private resource group/],
      ["a cluster id on the shared group", { ...valid, clusterType: "shared-cluster-internet", clusterId: 3 }, "clusterId", /must be 0/],
      ["waitForRun without a started run", { ...valid, waitForRun: true }, "waitForRun", /needs run: "started"/],
      ["a wait bound without waitForRun", { ...valid, run: "started", waitTimeoutSeconds: 60 }, "waitTimeoutSeconds", /only used with waitForRun/],
      ["a wait bound over a day", { ...valid, run: "started", waitForRun: true, waitTimeoutSeconds: 90_000 }, "waitTimeoutSeconds", /at most 86400/],
      ["a malformed region", { ...valid, region: "https://evil.example/" }, "region", /region id such as cn-north-4/],
    ];
    for (const [what, inputs, property, reason] of cases) {
      it(`rejects ${what}, naming ${property}`, async () => {
        const failures = (await handlers.check({}, inputs)).failures ?? [];
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("lets unknown values through at preview and skips the rules that read them", () => {
      assert.deepEqual(failuresOf({ ...valid, caseIdList: [UNKNOWN], clusterType: "private-cluster", clusterId: UNKNOWN, run: UNKNOWN, waitForRun: true }), []);
    });
  });

  describe("diff", () => {
    const inputs = { ...valid, parallel: false, operateMode: 2, run: "stopped", clusterId: 0, clusterType: "shared-cluster-internet", waitForRun: false };
    const state = { ...inputs, taskId: 184138, runStatus: 2, __provider: "old" };

    it("reports no change when the inputs match the state, whatever the outputs and provider text", () => {
      assert.deepEqual(diffInputs(contract, { ...state, runStatus: 0 }, { ...inputs, __provider: "new" }), { changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("updates in place for name, parallel, mode, cases and the run controls", () => {
      const changes = [{ name: "renamed" }, { parallel: true }, { operateMode: 0 }, { caseIdList: [449271] }, { run: "started" }, { clusterId: 5, clusterType: "private-cluster" }];
      for (const change of changes) {
        const diff = diffInputs(contract, state, { ...inputs, ...change });
        assert.equal(diff.changes, true, JSON.stringify(change));
        assert.deepEqual(diff.replaces, [], JSON.stringify(change));
      }
    });

    it("replaces on a new test project, region or full-link setting (the v3 update takes none of them)", () => {
      assert.deepEqual(diffInputs(contract, state, { ...inputs, projectId: 393863 }).replaces, ["projectId"]);
      assert.deepEqual(diffInputs(contract, state, { ...inputs, region: "cn-east-3" }).replaces, ["region"]);
      assert.deepEqual(diffInputs(contract, state, { ...inputs, enableFullLink: true }).replaces, ["enableFullLink"]);
      assert.deepEqual(diffInputs(contract, state, { ...inputs, projectId: UNKNOWN }).replaces, ["projectId"]);
    });
  });

  describe("run control bodies", () => {
    it("starts on the shared group as documented, on a private group as Terraform does, and stops as Terraform does", () => {
      assert.deepEqual(runBody(9, { clusterType: "shared-cluster-internet", clusterId: 0 }), {
        cluster_id: 0,
        cluster_type: "shared-cluster-internet",
        without_package: 0,
        network_info: { network_type: "internet" },
        status: 9,
      });
      assert.deepEqual(runBody(9, { clusterType: "private-cluster", clusterId: 17 }), {
        cluster_id: 17,
        cluster_type: "private-cluster",
        without_package: 0,
        network_info: {},
        status: 9,
      });
      assert.deepEqual(runBody(2, {}), { cluster_id: -1, cluster_type: "shared-cluster-internet", without_package: 0, network_info: {}, status: 2 });
    });
  });
});
