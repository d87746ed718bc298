import { strict as assert } from "node:assert";
import { CloudError, type FailureKind } from "../../provider/errors";
import { resetSettings } from "../../provider/settings";
import { backoffMs, withRetries } from "../../provider/transport/retry";
import { classifyTencentCode, classifyTransportFailure } from "../../provider/transport/tencent";
import { rejection } from "../support/errors";

const failure = (kind: FailureKind) => new CloudError({ cloud: "tencent", service: "bh", action: "X", kind, message: kind });

describe("transport", () => {
  describe("classification", () => {
    const codes: Array<[string, FailureKind]> = [
      ["RequestLimitExceeded", "throttle"],
      ["RequestLimitExceeded.UinLimitExceeded", "throttle"],
      ["ResourceInUse", "transient"],
      ["ResourceUnavailable.Maintenance", "transient"],
      ["ResourceNotFound", "notFound"],
      ["AuthFailure.SignatureFailure", "auth"],
      ["InternalError", "ambiguous"],
      ["InvalidParameterValue", "client"],
      ["FailedOperation.DataNotFound", "client"],
    ];
    for (const [code, kind] of codes) it(`${code} is ${kind}`, () => assert.equal(classifyTencentCode(code), kind));

    it("a product's own gone codes are notFound", () => assert.equal(classifyTencentCode("ResourceNotFound.TaskNotExist", []), "notFound"));

    it("refused connections never reached the cloud; timeouts and resets may have", () => {
      assert.equal(classifyTransportFailure("request to http://127.0.0.1:1/ failed, reason: connect ECONNREFUSED 127.0.0.1:1"), "transient");
      assert.equal(classifyTransportFailure("network timeout at: http://127.0.0.1:4599/"), "ambiguous");
      assert.equal(classifyTransportFailure("request failed, reason: socket hang up"), "ambiguous");
      assert.equal(classifyTransportFailure("Too Many Requests", 429), "throttle");
      assert.equal(classifyTransportFailure("Service Unavailable", 503), "transient");
      assert.equal(classifyTransportFailure("Bad Gateway", 502), "ambiguous");
      assert.equal(classifyTransportFailure("Forbidden", 403), "client");
    });
  });

  it("backoff grows exponentially with full jitter, capped", () => {
    assert.equal(backoffMs(1, () => 0.999999), 499);
    assert.equal(backoffMs(3, () => 0.999999), 1999);
    assert.equal(backoffMs(20, () => 0.999999), 7999);
    assert.equal(backoffMs(5, () => 0), 0);
  });

  describe("withRetries", () => {
    beforeEach(() => {
      process.env.CLOUDTASKS_MAX_ATTEMPTS = "3";
      resetSettings();
    });
    afterEach(() => delete process.env.CLOUDTASKS_MAX_ATTEMPTS);

    const scripted = (outcomes: Array<FailureKind | "ok">) => {
      let calls = 0;
      const attempt = async () => {
        const next = outcomes[calls++];
        if (next === "ok") return calls;
        throw failure(next);
      };
      return { attempt, calls: () => calls };
    };

    it("retries throttling until it succeeds", async () => {
      const s = scripted(["throttle", "transient", "ok"]);
      assert.equal(await withRetries(s.attempt, (e) => e, { idempotent: false }), 3);
    });

    it("gives up after the configured attempts with the last error", async () => {
      const s = scripted(["throttle", "throttle", "throttle", "ok"]);
      const error = await rejection(withRetries(s.attempt, (e) => e, { idempotent: true }));
      assert.ok(error instanceof CloudError);
      assert.equal(error.kind, "throttle");
      assert.equal(s.calls(), 3);
    });

    it("never retries an ambiguous failure of a non-idempotent call", async () => {
      const s = scripted(["ambiguous", "ok"]);
      await rejection(withRetries(s.attempt, (e) => e, { idempotent: false }));
      assert.equal(s.calls(), 1);
    });

    it("retries an ambiguous failure of an idempotent call", async () => {
      const s = scripted(["ambiguous", "ok"]);
      assert.equal(await withRetries(s.attempt, (e) => e, { idempotent: true }), 2);
    });

    it("adopts what reconcile finds after an ambiguous failure instead of repeating the call", async () => {
      const s = scripted(["ambiguous", "ok"]);
      assert.equal(await withRetries(s.attempt, (e) => e, { idempotent: false, reconcile: async () => 42 }), 42);
      assert.equal(s.calls(), 1);
    });

    it("repeats the call when reconcile finds nothing was made", async () => {
      const s = scripted(["ambiguous", "ok"]);
      assert.equal(await withRetries(s.attempt, (e) => e, { idempotent: false, reconcile: async () => undefined }), 2);
    });

    it("does not retry client, auth or not-found failures", async () => {
      for (const kind of ["client", "auth", "notFound"] as const) {
        const s = scripted([kind, "ok"]);
        await rejection(withRetries(s.attempt, (e) => e, { idempotent: true }));
        assert.equal(s.calls(), 1, kind);
      }
    });
  });

  it("errors never carry a configured secret", () => {
    process.env.TENCENTCLOUD_SECRET_KEY = "super-secret-value-123";
    try {
      const error = new CloudError({ cloud: "tencent", service: "bh", action: "X", kind: "client", message: "echo super-secret-value-123 back" });
      assert.ok(!error.message.includes("super-secret-value-123"));
      assert.match(error.message, /echo \*\*\* back/);
    } finally {
      delete process.env.TENCENTCLOUD_SECRET_KEY;
    }
  });
});
