import { strict as assert } from "node:assert";
import { tencentSignV1 } from "@tencent-sdk/capi";
import { DEMO_TENCENT_CREDENTIAL, defaultConfig, startEmulator, type RunningEmulator } from "../../emulator";
import { v1Expected } from "../../emulator/protocols/v1-signature";
import { buildTc2Request, classifyTc2Code, flattenParams, tc2Signature, tc2StringToSign, type Tc2Method } from "../../provider/transport/tc2";
import { catApi } from "../support/cat-api";

/** reference cat.md §2.3: the published API 2.0 vectors, all with this SecretKey. */
const KEY = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
const SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA";
interface Vector {
  what: string;
  params: Record<string, string>;
  stringToSign: string;
  method: "HmacSHA1" | "HmacSHA256";
  signature: string;
}
const VECTORS: Vector[] = [
  {
    what: "HMAC-SHA1, no SignatureMethod",
    params: { Action: "DescribeInstances", Nonce: "345122", Region: "gz", SecretId: SECRET_ID, Timestamp: "1408704141" },
    stringToSign: `GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=345122&Region=gz&SecretId=${SECRET_ID}&Timestamp=1408704141`,
    method: "HmacSHA1",
    signature: "HgIYOPcx5lN6gz8JsCFBNAWp2oQ=",
  },
  {
    what: "HMAC-SHA256 with an indexed array parameter",
    params: { Action: "DescribeInstances", "InstanceIds.0": "ins-09dx96dg", Nonce: "11886", Region: "ap-guangzhou", SecretId: SECRET_ID, SignatureMethod: "HmacSHA256", Timestamp: "1465185768" },
    stringToSign: `GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=${SECRET_ID}&SignatureMethod=HmacSHA256&Timestamp=1465185768`,
    method: "HmacSHA256",
    signature: "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=",
  },
  {
    what: "HMAC-SHA1 named by SignatureMethod",
    params: { Action: "DescribeInstances", "InstanceIds.0": "ins-09dx96dg", Nonce: "11886", Region: "ap-guangzhou", SecretId: SECRET_ID, SignatureMethod: "HmacSHA1", Timestamp: "1465185768" },
    stringToSign: `GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=${SECRET_ID}&SignatureMethod=HmacSHA1&Timestamp=1465185768`,
    method: "HmacSHA1",
    signature: "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=",
  },
];

describe("API 2.0 signature", () => {
  describe("the published vectors", () => {
    for (const v of VECTORS) {
      it(`the provider's signer: ${v.what}`, () => {
        const stringToSign = tc2StringToSign("GET", "cvm.api.qcloud.com", "/v2/index.php", v.params);
        assert.equal(stringToSign, v.stringToSign);
        assert.equal(tc2Signature(KEY, stringToSign, v.method), v.signature);
      });

      it(`the emulator's verifier: ${v.what}`, () => {
        const expected = v1Expected({ method: "GET", host: "cvm.api.qcloud.com", path: "/v2/index.php", params: { ...v.params, Signature: "ignored" }, secretKey: KEY });
        assert.equal(expected.stringToSign, v.stringToSign);
        assert.equal(expected.signature, v.signature);
      });
    }

    it("a whole GET request reproduces the SHA-256 vector, Signature URL-encoded once", () => {
      const request = buildTc2Request({
        action: "DescribeInstances",
        params: { InstanceIds: ["ins-09dx96dg"] },
        region: "ap-guangzhou",
        credentials: { secretId: SECRET_ID, secretKey: KEY },
        baseUrl: new URL("https://cvm.api.qcloud.com"),
        method: "GET",
        signatureMethod: "HmacSHA256",
        timestamp: 1465185768,
        nonce: 11886,
      });
      assert.equal(request.stringToSign, VECTORS[1].stringToSign);
      assert.equal(request.params.Signature, VECTORS[1].signature);
      assert.ok(request.url.startsWith("https://cvm.api.qcloud.com/v2/index.php?"));
      assert.match(request.url, /[?&]Signature=0EEm%2FHtGRr%2FVJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s%3D(&|$)/);
      assert.match(request.url, /[?&]InstanceIds\.0=ins-09dx96dg(&|$)/);
    });

    it("a POST request signs POST and carries everything in the form body", () => {
      const request = buildTc2Request({
        action: "DescribeInstances",
        params: { InstanceIds: ["ins-09dx96dg"] },
        region: "ap-guangzhou",
        credentials: { secretId: SECRET_ID, secretKey: KEY },
        baseUrl: new URL("https://cvm.api.qcloud.com"),
        signatureMethod: "HmacSHA1",
        timestamp: 1465185768,
        nonce: 11886,
      });
      assert.equal(request.init.method, "POST");
      assert.equal(request.url, "https://cvm.api.qcloud.com/v2/index.php");
      assert.equal(request.stringToSign, `POST${VECTORS[2].stringToSign.slice(3)}`);
      assert.equal(request.init.headers["Content-Type"], "application/x-www-form-urlencoded");
      const body = new URLSearchParams(request.init.body);
      assert.equal(body.get("Signature"), tc2Signature(KEY, request.stringToSign, "HmacSHA1"));
      assert.equal(body.get("InstanceIds.0"), "ins-09dx96dg");
    });
  });

  describe("rules", () => {
    it("expands arrays into indexed parameters and drops undefined", () => {
      assert.deepEqual(flattenParams({ taskId: [7, 8, 9], url: "a", host: undefined, period: 5 }), {
        "taskId.0": "7",
        "taskId.1": "8",
        "taskId.2": "9",
        url: "a",
        period: "5",
      });
    });

    it("sorts by byte order, so upper case comes first, and signs raw values", () => {
      const s = tc2StringToSign("POST", "h", "/p", { catTypeName: "http", Action: "X", agentGroupId: "1", Nonce: "1", cookie: "a=b; c=d", url: "x.com/?q=1&r" });
      assert.equal(s, "POSTh/p?Action=X&Nonce=1&agentGroupId=1&catTypeName=http&cookie=a=b; c=d&url=x.com/?q=1&r");
    });

    it("writes underscores in names as dots", () => {
      assert.equal(tc2StringToSign("GET", "h", "/p", { Placement_Zone: "ap-guangzhou-3" }), "GETh/p?Placement.Zone=ap-guangzhou-3");
    });

    it("draws a fresh positive nonce for every request", () => {
      const nonces = new Set(
        Array.from({ length: 200 }, () =>
          Number(buildTc2Request({ action: "X", params: {}, credentials: { secretId: "a", secretKey: "b" }, baseUrl: new URL("http://h") }).params.Nonce),
        ),
      );
      assert.equal(nonces.size, 200);
      assert.ok([...nonces].every((n) => Number.isInteger(n) && n > 0));
    });

    it("sends Token with temporary credentials", () => {
      const request = buildTc2Request({ action: "X", params: {}, credentials: { secretId: "a", secretKey: "b", token: "tok" }, baseUrl: new URL("http://h") });
      assert.equal(request.params.Token, "tok");
    });
  });

  describe("agrees with @tencent-sdk/capi's tencentSignV1 (an independent implementation)", () => {
    const cases: Array<{ method: Tc2Method; algorithm: "sha1" | "sha256" }> = [
      { method: "GET", algorithm: "sha1" },
      { method: "GET", algorithm: "sha256" },
      { method: "POST", algorithm: "sha1" },
      { method: "POST", algorithm: "sha256" },
    ];
    const payload = {
      catTypeName: "https",
      url: "www.example.com/path?a=1&b=2",
      taskName: "首页-home",
      cookie: "session=abc; theme=dark",
      agentGroupId: 1510,
      taskId: [24454, 24455],
    };
    for (const { method, algorithm } of cases) {
      it(`${method}, Hmac${algorithm.toUpperCase()}`, () => {
        const signed = tencentSignV1(
          { Action: "CreateCatTask", ...structuredClone(payload) },
          { host: "catapi.api.qcloud.com", path: "/v2/index.php", method, serviceType: "cat", region: "gz", secretId: SECRET_ID, secretKey: KEY, signatureMethod: algorithm },
        );
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(signed.payload)) if (k !== "Signature") params[k] = v === undefined || v === null ? "" : String(v);
        assert.equal(params["taskId.1"], "24455", "both expand arrays the same way");
        const ours = tc2Signature(KEY, tc2StringToSign(method, "catapi.api.qcloud.com", "/v2/index.php", params), algorithm === "sha256" ? "HmacSHA256" : "HmacSHA1");
        assert.equal(ours, signed.payload.Signature);
      });
    }
  });

  describe("the emulator's verifier over HTTP", () => {
    let emulator: RunningEmulator;
    before(async () => {
      emulator = await startEmulator({ ...defaultConfig(), port: 0 });
    });
    after(async () => emulator.close());

    const send = async (request: ReturnType<typeof buildTc2Request>, tamper?: (body: string) => string) => {
      const body = request.init.body === undefined ? undefined : tamper ? tamper(request.init.body) : request.init.body;
      const res = await fetch(request.url, { ...request.init, body });
      assert.equal(res.status, 200, "API 2.0 answers HTTP 200, failures included");
      return (await res.json()) as { code: number; codeDesc: string; message: string };
    };
    const ours = (overrides: Partial<Parameters<typeof buildTc2Request>[0]> = {}) =>
      buildTc2Request({
        action: "DescribeCatTaskList",
        params: { offset: 0, limit: 20 },
        region: "ap-guangzhou",
        credentials: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
        baseUrl: new URL(emulator.url),
        ...overrides,
      });

    for (const method of ["GET", "POST"] as const) {
      for (const signatureMethod of ["HmacSHA1", "HmacSHA256"] as const) {
        it(`accepts the provider's ${method} request signed with ${signatureMethod}`, async () => {
          const answer = await send(ours({ method, signatureMethod }));
          assert.deepEqual({ code: answer.code, codeDesc: answer.codeDesc }, { code: 0, codeDesc: "Success" });
        });

        it(`accepts capi's ${method} request signed with ${signatureMethod}`, async () => {
          const answer = await catApi(emulator.url, "DescribeCatTaskList", {}, { method, signatureMethod: signatureMethod === "HmacSHA1" ? "sha1" : "sha256" });
          assert.equal(answer.code, 0, JSON.stringify(answer));
        });
      }
    }

    it("rejects a body changed after signing with 4100", async () => {
      const answer = await send(ours(), (body) => body.replace("limit=20", "limit=21"));
      assert.deepEqual([answer.code, answer.codeDesc], [4100, "AuthFailure.SignatureFailure"]);
    });

    it("rejects a wrong secret key with 4100", async () => {
      const answer = await send(ours({ credentials: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: "not-the-key" } }));
      assert.equal(answer.code, 4100);
    });

    it("rejects an unknown SecretId with 4104", async () => {
      assert.equal((await send(ours({ credentials: { secretId: "AKIDunknown", secretKey: "x" } }))).code, 4104);
    });

    it("rejects a timestamp more than five minutes off with 4500", async () => {
      const answer = await send(ours({ timestamp: Math.floor(Date.now() / 1000) - 301 }));
      assert.deepEqual([answer.code, answer.codeDesc], [4500, "AuthFailure.ReplayAttack"]);
    });

    it("rejects a replayed request (same nonce) with 4500", async () => {
      const request = ours();
      assert.equal((await send(request)).code, 0);
      const replay = await send(request);
      assert.equal(replay.code, 4500);
      assert.match(replay.message, /Nonce/);
    });

    it("rejects capi's default (SHA-256 signature, no SignatureMethod, so checked as SHA-1): why it is not shipped", async () => {
      const url = new URL(emulator.url);
      const signed = tencentSignV1(
        { Action: "DescribeCatTaskList" },
        { host: url.host, path: "/v2/index.php", protocol: "http", method: "POST", serviceType: "cat", region: "ap-guangzhou", secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      );
      assert.equal(signed.payload.SignatureMethod, undefined);
      const form = new URLSearchParams(Object.entries(signed.payload).map(([k, v]): [string, string] => [k, v === undefined ? "" : String(v)]));
      const res = await fetch(signed.url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString() });
      assert.equal(((await res.json()) as { code: number }).code, 4100);
    });

    it("ignores the query string of a POST, as the 2.0 docs say", async () => {
      const request = ours({ method: "GET" });
      const res = await fetch(request.url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
      const answer = (await res.json()) as { code: number; message: string };
      assert.equal(answer.code, 4000);
      assert.match(answer.message, /Action is missing/);
    });

    it("answers an unknown action with 4000 InvalidAction, and logs refused requests", async () => {
      const answer = await send(ours({ action: "DescribeNothing" }));
      assert.deepEqual([answer.code, answer.codeDesc], [4000, "InvalidAction"]);
      const last = emulator.cloud.store.requestLog().at(-1);
      assert.equal(last?.action, "DescribeNothing");
      assert.equal(last?.outcome, "4000");
    });
  });

  describe("classification of API 2.0 codes", () => {
    const cases: Array<[number, ReturnType<typeof classifyTc2Code>]> = [
      [4400, "throttle"],
      [4100, "auth"],
      [4104, "auth"],
      [4200, "auth"],
      [4500, "auth"],
      [4000, "client"],
      [10001, "client"],
      [20002, "notFound"],
      [5000, "notFound"],
      [11000, "ambiguous"],
      [20004, "ambiguous"],
    ];
    for (const [code, kind] of cases) it(`${code} is ${kind}`, () => assert.equal(classifyTc2Code(code), kind));
  });
});
