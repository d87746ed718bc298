import { strict as assert } from "node:assert";
import { CommonClient } from "tencentcloud-sdk-nodejs/tencentcloud/common/common_client";
import { DEMO_TENCENT_CREDENTIAL, defaultConfig, startEmulator, type RunningEmulator } from "../../emulator";
import { FlatParamError, unflattenParams } from "../../emulator/protocols/flat-params";

describe("emulator robustness (issue 12)", () => {
  describe("dotted parameters (GET query, form body) rebuilt in the protocol layer", () => {
    it("rebuilds arrays, arrays of structures and structures", () => {
      const params = unflattenParams([
        ["Name", "a"],
        ["DeviceIdSet.0", "44"],
        ["DeviceIdSet.1", "66"],
        ["Filters.0.Name", "status"],
        ["Filters.0.Values.0", "running"],
        ["Config.Limit", "20"],
      ]);
      assert.deepEqual(params, { Name: "a", DeviceIdSet: ["44", "66"], Filters: [{ Name: "status", Values: ["running"] }], Config: { Limit: "20" } });
    });

    it("orders items by index and closes gaps (the Go SDK skips nil items)", () => {
      assert.deepEqual(unflattenParams([["A.2", "c"], ["A.0", "a"], ["A.10", "d"]]), { A: ["a", "c", "d"] });
    });

    it("keeps a parameter named __proto__ an own field, never the prototype", () => {
      const params = unflattenParams([["__proto__.polluted", "yes"]]);
      assert.equal(Object.getPrototypeOf(params), Object.prototype);
      assert.deepEqual(Object.keys(params), ["__proto__"]);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it("refuses a name that is both a value and a structure, and stray dots", () => {
      assert.throws(() => unflattenParams([["A", "1"], ["A.0", "2"]]), FlatParamError);
      assert.throws(() => unflattenParams([["A..0", "1"]]), FlatParamError);
    });
  });

  describe("the control plane validates its inputs", () => {
    let emulator: RunningEmulator;
    before(async () => (emulator = await startEmulator({ ...defaultConfig(), port: 0 })));
    after(() => emulator.close());
    afterEach(() => (emulator.cloud.clockOffsetMs = 0));

    const control = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${emulator.url}/_emulator/${route}`, { method, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    const bhClient = () =>
      new CommonClient("127.0.0.1:" + String(emulator.port), "2023-04-18", {
        credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
        region: "ap-guangzhou",
        profile: { httpProfile: { protocol: "http://" } },
      });

    for (const bad of [{ advanceMs: "abc" }, { advanceMs: 1.5 }, { advanceMs: null }, { advanceMs: 1e300 }, { advance: 5 }, [], "not json"]) {
      it(`refuses the clock body ${JSON.stringify(bad)} with 400 and leaves the clock as it was`, async () => {
        const answer = await control("POST", "clock", bad);
        assert.equal(answer.status, 400);
        assert.equal(emulator.cloud.clockOffsetMs, 0);
        const later = await control("POST", "clock", { advanceMs: 0 });
        assert.equal(later.status, 200);
        assert.ok(!Number.isNaN(Date.parse(String(later.body.now))));
      });
    }

    it("moves the clock by a whole number of milliseconds, back and forth", async () => {
      assert.equal((await control("POST", "clock", { advanceMs: 90_000 })).status, 200);
      assert.equal(emulator.cloud.clockOffsetMs, 90_000);
      assert.equal((await control("POST", "clock", { advanceMs: -90_000 })).status, 200);
      assert.equal(emulator.cloud.clockOffsetMs, 0);
    });

    it("keeps signature windows on wall time: a clock moved a day ahead expires no fresh signature", async () => {
      await control("POST", "clock", { advanceMs: 86_400_000 });
      const answer = (await bhClient().request("DescribeOperationTask", {})) as { TotalCount: number };
      assert.equal(answer.TotalCount, 0);
    });

    for (const bad of [
      { kind: "error", code: "InternalError", times: 1.5 },
      { kind: "error", code: "InternalError", times: 0 },
      { kind: "error", code: "InternalError", times: "2" },
      { kind: "http-status", status: 99 },
      { kind: "delay", delayMs: -1 },
      { kind: "error", code: "InternalError", action: 5 },
      { kind: "error", code: "InternalError", tims: 2 },
      { kind: "explode" },
    ]) {
      it(`refuses the fault ${JSON.stringify(bad)} with 400 and adds nothing`, async () => {
        const answer = await control("POST", "faults", bad);
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.deepEqual((await control("GET", "faults")).body, []);
      });
    }

    it("a valid fault with times 2 applies twice, then is gone", async () => {
      assert.equal((await control("POST", "faults", { action: "DescribeOperationTask", kind: "error", code: "InternalError", times: 2 })).status, 200);
      for (let i = 0; i < 2; i++) await assert.rejects(bhClient().request("DescribeOperationTask", {}), { code: "InternalError" });
      await bhClient().request("DescribeOperationTask", {});
    });

    it("refuses a request log cursor that is not a number", async () => {
      assert.equal((await control("GET", "requests?since=abc")).status, 400);
    });

    it("answers API 3.0 requests without a signature in the 3.0 envelope, naming what is missing", async () => {
      const unsigned = (await (await fetch(`${emulator.url}/`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })).json()) as {
        Response: { Error: { Code: string }; RequestId: string };
      };
      assert.equal(unsigned.Response.Error.Code, "AuthFailure.InvalidAuthorization");
      assert.ok(unsigned.Response.RequestId);
      const v1 = (await (await fetch(`${emulator.url}/?Action=DescribeOperationTask&Version=2023-04-18&SecretId=x`)).json()) as { Response: { Error: { Code: string } } };
      assert.equal(v1.Response.Error.Code, "MissingParameter");
    });

    for (const action of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      it(`answers the action ${action} with the cloud's InvalidAction`, async () => {
        await assert.rejects(bhClient().request(action, {}), { code: "InvalidAction" });
      });
    }
  });
});
