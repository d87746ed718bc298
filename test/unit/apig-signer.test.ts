import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { DEMO_HUAWEI_CREDENTIAL, defaultConfig, startEmulator, type RunningEmulator } from "../../emulator";
import { apigSign, apigSignature, apigUrlEncode, canonicalQuery, canonicalUri, parseApigAuthorization, parseSdkDate } from "../../emulator/protocols/apig";
import { resetSettings } from "../../provider/settings";
import { huaweiEndpoint } from "../../provider/transport/huawei";
import { sdkCall } from "../support/huawei";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** `YYYYMMDDTHHmmssZ` for a time. */
const sdkDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");

/** The SDK core's own signer on one request; returns the headers it would send. */
function sdkSign(opts: { endpoint: string; method: string; query?: Record<string, string>; body?: Record<string, unknown>; headers?: Record<string, string>; ak?: string; sk?: string }): Record<string, string> {
  const credential = new BasicCredentials().withAk(opts.ak ?? DEMO_HUAWEI_CREDENTIAL.ak).withSk(opts.sk ?? DEMO_HUAWEI_CREDENTIAL.sk);
  return AKSKSigner.sign(
    { method: opts.method, endpoint: opts.endpoint, queryParams: opts.query ?? {}, data: opts.body, headers: { "content-type": "application/json", ...opts.headers } },
    credential,
  ) as Record<string, string>;
}

const lookup = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? "";

describe("SDK-HMAC-SHA256 (APIG)", () => {
  describe("the official test vector (devg-apisign docs)", () => {
    const signed = apigSign({
      method: "GET",
      wirePath: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
      query: [
        ["marker", "13551d6b-755d-4757-b956-536f674975c0"],
        ["limit", "2"],
      ],
      headers: [
        ["x-sdk-date", "20191115T033655Z"],
        ["host", "service.region.example.com"],
        ["content-type", "application/json"],
      ],
      signedHeaderNames: "content-type;host;x-sdk-date",
      payloadHash: EMPTY_SHA256,
      date: "20191115T033655Z",
      sk: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    });

    it("builds the documented canonical request (trailing slash, sorted query and headers)", () => {
      assert.equal(
        signed.canonicalRequest,
        "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n" +
          "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\n" +
          EMPTY_SHA256,
      );
      assert.equal(sha256(signed.canonicalRequest), "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
    });

    it("produces the documented string to sign and signature", () => {
      assert.equal(signed.stringToSign, "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
      assert.equal(signed.signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
      assert.equal(apigSignature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", signed.stringToSign), signed.signature);
    });

    it("is what the SDK core's signer sends for the same request", () => {
      const headers = sdkSign({
        endpoint: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        method: "GET",
        query: { limit: "2", marker: "13551d6b-755d-4757-b956-536f674975c0" },
        headers: { "X-Sdk-Date": "20191115T033655Z" },
        ak: "QTWAOYTTINDUT2QVKYUC",
        sk: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
      });
      assert.equal(
        headers.Authorization,
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
      );
      assert.deepEqual(parseApigAuthorization(headers.Authorization), {
        ak: "QTWAOYTTINDUT2QVKYUC",
        signedHeaderNames: "content-type;host;x-sdk-date",
        signedHeaders: ["content-type", "host", "x-sdk-date"],
        signature: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
      });
    });
  });

  describe("canonical pieces", () => {
    it("encodes everything but A-Z a-z 0-9 - _ . ~, re-encoding % in paths", () => {
      assert.equal(apigUrlEncode("a b*c~d!'()/压"), "a%20b%2Ac~d%21%27%28%29%2F%E5%8E%8B");
      assert.equal(canonicalUri("/v1/p/a%20b"), "/v1/p/a%2520b/");
      assert.equal(canonicalUri("/v3/p1/tasks/"), "/v3/p1/tasks/");
    });

    it("sorts query keys, then repeated values", () => {
      assert.equal(
        canonicalQuery([
          ["b", "2"],
          ["a", "z"],
          ["a", "y"],
          ["c", ""],
        ]),
        "a=y&a=z&b=2&c=",
      );
    });

    it("parses X-Sdk-Date and refuses anything else", () => {
      assert.equal(parseSdkDate("20191115T033655Z"), Date.UTC(2019, 10, 15, 3, 36, 55));
      assert.equal(parseSdkDate("2019-11-15T03:36:55Z"), undefined);
      assert.equal(parseSdkDate(undefined), undefined);
    });
  });

  it("agrees with the SDK core's signer on queries, bodies, unicode and extra signed headers", () => {
    const date = "20261123T101500Z";
    const cases = [
      { method: "GET", endpoint: "http://127.0.0.1:4599/v1/p1/all-tasks/393862", query: { offset: "0", limit: "100", note: "a b*c~d/压测" } },
      { method: "POST", endpoint: "http://127.0.0.1:4599/v3/p1/tasks", body: { name: "压测 task", parallel: false, case_id_list: [1, 2] } },
      { method: "PUT", endpoint: "http://127.0.0.1:4599/v3/p1/tasks/7", body: { name: "x" }, headers: { "X-Project-Id": "p1", "X-Security-Token": "tok" } },
      { method: "DELETE", endpoint: "http://127.0.0.1:4599/v3/p1/tasks/7" },
    ];
    for (const c of cases) {
      const headers = sdkSign({ ...c, headers: { ...c.headers, "X-Sdk-Date": date } });
      const auth = parseApigAuthorization(headers.Authorization);
      assert.ok(auth, headers.Authorization);
      const url = new URL(c.endpoint);
      const ours = apigSign({
        method: c.method,
        wirePath: url.pathname,
        query: Object.entries(c.query ?? {}),
        headers: auth.signedHeaders.map((name) => [name, lookup(headers, name)] as const),
        signedHeaderNames: auth.signedHeaderNames,
        payloadHash: c.body ? sha256(JSON.stringify(c.body)) : EMPTY_SHA256,
        date,
        sk: DEMO_HUAWEI_CREDENTIAL.sk,
      });
      assert.equal(ours.signature, auth.signature, `${c.method} ${c.endpoint}`);
    }
  });

  describe("the emulator's verifier", () => {
    let emulator: RunningEmulator;
    before(async () => {
      emulator = await startEmulator({ ...defaultConfig(), port: 0 });
    });
    after(async () => emulator.close());
    beforeEach(() => {
      emulator.cloud.store.reset();
      emulator.cloud.limiter.reset();
      emulator.cloud.config.rateLimitScale = 1;
    });

    const pid = DEMO_HUAWEI_CREDENTIAL.projectId;

    /** A request signed by the SDK's signer, then sent with fetch, optionally altered after signing. */
    async function send(opts: {
      method?: string;
      path?: string;
      body?: Record<string, unknown>;
      sentBody?: string;
      date?: string;
      ak?: string;
      sk?: string;
      headers?: Record<string, string>;
      authorization?: string;
    }) {
      const method = opts.method ?? "GET";
      const url = `${emulator.url}${opts.path ?? `/v1/${pid}/all-tasks/393862`}`;
      const signed = sdkSign({
        endpoint: url,
        method,
        body: opts.body,
        ak: opts.ak,
        sk: opts.sk,
        headers: { "X-Sdk-Date": opts.date ?? sdkDate(Date.now()), "X-Project-Id": pid, ...opts.headers },
      });
      const headers: Record<string, string> = { ...signed, ...(opts.authorization === undefined ? {} : { Authorization: opts.authorization }) };
      const res = await fetch(url, { method, headers, body: opts.sentBody ?? (opts.body ? JSON.stringify(opts.body) : undefined) });
      return { status: res.status, requestId: res.headers.get("x-request-id"), body: (await res.json()) as Record<string, unknown> };
    }

    it("accepts what the SDK core signs and sends: GET with a query, POST, PUT and DELETE", async () => {
      const endpoint = emulator.url;
      const list = await sdkCall({ endpoint, method: "GET", path: "/v1/{project_id}/all-tasks/393862", query: { offset: "0", limit: "100", note: "a b*c~d/压测" } });
      assert.equal(list.status, 200, JSON.stringify(list.body));
      const created = await sdkCall({
        endpoint,
        method: "POST",
        path: "/v3/{project_id}/tasks",
        body: { name: "压测 签名", parallel: false, project_id: 393862, operate_mode: 2, case_id_list: [449269] },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = Number(created.body.task_id);
      const updated = await sdkCall({ endpoint, method: "PUT", path: `/v3/{project_id}/tasks/${id}`, body: { name: "renamed", parallel: true } });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      const deleted = await sdkCall({ endpoint, method: "DELETE", path: `/v3/{project_id}/tasks/${id}` });
      assert.equal(deleted.status, 204);
    });

    it("answers with the success envelope and an X-Request-Id", async () => {
      const res = await send({});
      assert.equal(res.status, 200);
      assert.equal(res.body.code, "SVCSTG.CPTS.0000000");
      assert.match(String(res.requestId), /^[0-9a-f-]{36}$/);
    });

    const gatewayRefusal = (res: { status: number; requestId: string | null; body: Record<string, unknown> }, status: number, code: string) => {
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error_code, code);
      assert.equal(typeof res.body.error_msg, "string");
      assert.equal(res.body.request_id, res.requestId, "the body's request_id is the X-Request-Id header");
    };

    it("rejects a body changed after signing with APIGW.0301", async () => {
      const res = await send({ method: "PUT", path: `/v3/${pid}/tasks/1`, body: { name: "a", parallel: false }, sentBody: '{"name":"b","parallel":false}' });
      gatewayRefusal(res, 401, "APIGW.0301");
      assert.match(String(res.body.error_msg), /verify aksk signature fail/);
    });

    it("rejects a wrong SK and an unknown AK with APIGW.0301", async () => {
      gatewayRefusal(await send({ sk: "not-the-secret-key" }), 401, "APIGW.0301");
      gatewayRefusal(await send({ ak: "UNKNOWNAK" }), 401, "APIGW.0301");
    });

    it("rejects an X-Sdk-Date more than 15 minutes off with APIGW.0303", async () => {
      gatewayRefusal(await send({ date: sdkDate(Date.now() - 16 * 60_000) }), 401, "APIGW.0303");
      assert.equal((await send({ date: sdkDate(Date.now() - 14 * 60_000) })).status, 200);
    });

    it("checks X-Project-Id against the project id in the path, and the path's project against the AK", async () => {
      const mismatch = await send({ headers: { "X-Project-Id": "ffffffffffffffffffffffffffffffff" } });
      gatewayRefusal(mismatch, 401, "APIGW.0301");
      assert.match(String(mismatch.body.error_msg), /X-Project-Id/);
      const foreign = await send({ path: "/v1/ffffffffffffffffffffffffffffffff/all-tasks/393862", headers: { "X-Project-Id": "ffffffffffffffffffffffffffffffff" } });
      gatewayRefusal(foreign, 401, "APIGW.0301");
    });

    it("rejects a missing or malformed Authorization with APIGW.0301", async () => {
      gatewayRefusal(await send({ authorization: "Bearer nope" }), 401, "APIGW.0301");
    });

    it("answers an unknown API with APIGW.0101, before authentication", async () => {
      gatewayRefusal(await send({ path: `/v1/${pid}/no-such-api`, authorization: "" }), 404, "APIGW.0101");
    });

    it("throttles over the per-API limit with 429 APIGW.0308", async () => {
      emulator.cloud.config.rateLimitScale = 0.01; // 2 per second
      const replies = await Promise.all(Array.from({ length: 5 }, () => send({})));
      const throttled = replies.filter((r) => r.status === 429);
      assert.equal(throttled.length, 3);
      gatewayRefusal(throttled[0], 429, "APIGW.0308");
    });

    it("an endpoint with a trailing slash breaks the core's signature; the provider strips it", async () => {
      const broken = await sdkCall({ endpoint: `${emulator.url}/`, method: "GET", path: "/v1/{project_id}/all-tasks/393862" });
      assert.equal(broken.status, 401);
      assert.equal(broken.body.error_code, "APIGW.0301");
      process.env.CLOUDTASKS_ENDPOINT = `${emulator.url}/`;
      resetSettings();
      try {
        assert.equal(huaweiEndpoint({ service: "cpts", goneCodes: [] }, "cn-north-4"), emulator.url);
      } finally {
        delete process.env.CLOUDTASKS_ENDPOINT;
        resetSettings();
      }
      assert.equal(huaweiEndpoint({ service: "cpts", goneCodes: [] }, "cn-north-4"), "https://cpts.cn-north-4.myhuaweicloud.com");
    });
  });
});
