import { strict as assert } from "node:assert";
import type { FailureKind } from "../../provider/errors";
import { classifyHuaweiFailure, errorFields, fillPath } from "../../provider/transport/huawei";

const GONE = ["SVCSTG.CPTS.4032002"];

describe("Huawei transport", () => {
  describe("error bodies (the core reads neither CPTS's shape nor a bare string)", () => {
    it("reads CPTS's {code, message}", () => {
      assert.deepEqual(errorFields({ code: "SVCSTG.CPTS.4032002", message: "gone" }, ""), { code: "SVCSTG.CPTS.4032002", message: "gone", requestId: undefined });
    });

    it("reads the gateway's {error_code, error_msg, request_id}", () => {
      assert.deepEqual(errorFields({ error_code: "APIGW.0308", error_msg: "slow down", request_id: "r1" }, ""), {
        code: "APIGW.0308",
        message: "slow down",
        requestId: "r1",
      });
    });

    it("reads {error: {code, message}}, and a bare string body (the documented 501)", () => {
      assert.deepEqual(errorFields({ error: { code: "X.1", message: "nested" } }, ""), { code: "X.1", message: "nested", requestId: undefined });
      assert.deepEqual(errorFields({}, "unknown error"), { code: undefined, message: "unknown error", requestId: undefined });
    });
  });

  describe("classification", () => {
    const cases: Array<[number | undefined, string | undefined, string, FailureKind]> = [
      [403, "SVCSTG.CPTS.4032002", "", "notFound"],
      [403, "SVCSTG.CPTS.4031009", "", "auth"],
      [401, "APIGW.0301", "", "auth"],
      [401, "APIGW.0303", "", "auth"],
      [429, "APIGW.0308", "", "throttle"],
      [404, "APIGW.0101", "", "client"],
      [404, undefined, "", "notFound"],
      [400, "SVCSTG.CPTS.4000001", "", "client"],
      [503, undefined, "", "transient"],
      [500, "CPTS.05001001", "", "ambiguous"],
      [501, undefined, "unknown error", "ambiguous"],
      [undefined, undefined, "connect ECONNREFUSED 127.0.0.1:1", "transient"],
      [undefined, undefined, "timeout of 30000ms exceeded", "ambiguous"],
      [undefined, undefined, "socket hang up", "ambiguous"],
    ];
    for (const [status, code, message, kind] of cases) {
      it(`${status ?? "no answer"} ${code ?? message} is ${kind}`, () => assert.equal(classifyHuaweiFailure(status, code, message, GONE), kind));
    }
  });

  it("fills path parameters encoded, and leaves {project_id} to the core", () => {
    assert.equal(fillPath("/v1/{project_id}/test-suites/{test_suite_id}/tasks/{task_id}", { test_suite_id: 393862, task_id: "a/b c" }), "/v1/{project_id}/test-suites/393862/tasks/a%2Fb%20c");
  });
});
