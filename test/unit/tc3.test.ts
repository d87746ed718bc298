import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { DEMO_TENCENT_CREDENTIAL, defaultConfig, startEmulator, type RunningEmulator } from "../../emulator";
import { parseTc3Authorization, tc3Sign } from "../../emulator/protocols/tc3";

describe("TC3-HMAC-SHA256", () => {
  describe("the published vector (Tencent Cloud API 3.0 signature docs)", () => {
    const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const signed = tc3Sign({
      secretKey: "Gu5t9xGARNpq86cd98joQYCN3*******",
      method: "POST",
      canonicalQuery: "",
      signedHeaders: [
        ["content-type", "application/json; charset=utf-8"],
        ["host", "cvm.tencentcloudapi.com"],
      ],
      payload,
      timestamp: 1551113065,
      service: "cvm",
    });

    it("hashes the payload and the canonical request as documented", () => {
      assert.equal(createHash("sha256").update(payload).digest("hex"), "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
      assert.equal(
        signed.canonicalRequest,
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
      );
      assert.equal(
        signed.stringToSign,
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
      );
    });

    it("produces the documented signature", () => {
      assert.equal(signed.date, "2019-02-25");
      assert.equal(signed.signature, "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
    });
  });

  it("agrees with the official SDK's own signer", () => {
    for (const [i, body] of [{ Name: "a" }, { DeviceIdSet: [1, 2], Script: "ls -al\n" }, {}].entries()) {
      const timestamp = 1_700_000_000 + i * 86_399;
      const sdkAuthorization = Sign.sign3({
        method: "POST",
        url: "http://127.0.0.1:4599/",
        payload: body,
        timestamp,
        service: "bh",
        secretId: "AKIDexample",
        secretKey: "example-key",
        multipart: false,
        boundary: "",
        headers: { "Content-Type": "application/json" },
      });
      const ours = tc3Sign({
        secretKey: "example-key",
        method: "POST",
        canonicalQuery: "",
        signedHeaders: [
          ["content-type", "application/json"],
          ["host", "127.0.0.1"],
        ],
        payload: JSON.stringify(body),
        timestamp,
        service: "bh",
      });
      assert.equal(parseTc3Authorization(sdkAuthorization)?.signature, ours.signature);
    }
  });

  describe("the emulator's verifier", () => {
    let emulator: RunningEmulator;
    before(async () => {
      emulator = await startEmulator({ ...defaultConfig(), port: 0 });
    });
    after(async () => emulator.close());

    /** A request signed by the SDK's signer, optionally tampered with after signing. */
    async function send(opts: { secretKey?: string; secretId?: string; timestamp?: number; body?: string; tamper?: string; authorization?: string }) {
      const body = opts.body ?? '{"Limit":1}';
      const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
      const url = `${emulator.url}/`;
      const authorization =
        opts.authorization ??
        Sign.sign3({
          method: "POST",
          url,
          payload: JSON.parse(body) as unknown,
          timestamp,
          service: "bh",
          secretId: opts.secretId ?? DEMO_TENCENT_CREDENTIAL.secretId,
          secretKey: opts.secretKey ?? DEMO_TENCENT_CREDENTIAL.secretKey,
          multipart: false,
          boundary: "",
          headers: { "Content-Type": "application/json" },
        });
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: authorization,
          "X-TC-Action": "DescribeOperationTask",
          "X-TC-Version": "2023-04-18",
          "X-TC-Timestamp": String(timestamp),
          "X-TC-Region": "ap-guangzhou",
        },
        body: opts.tamper ?? body,
      });
      const json = (await res.json()) as { Response: { Error?: { Code: string }; RequestId: string } };
      return json.Response;
    }

    it("accepts a correctly signed request", async () => {
      const res = await send({});
      assert.equal(res.Error, undefined);
      assert.match(res.RequestId, /^[0-9a-f-]{36}$/);
    });

    it("rejects a body changed after signing", async () => {
      assert.equal((await send({ tamper: '{"Limit":2}' })).Error?.Code, "AuthFailure.SignatureFailure");
    });

    it("rejects a wrong secret key", async () => {
      assert.equal((await send({ secretKey: "not-the-key" })).Error?.Code, "AuthFailure.SignatureFailure");
    });

    it("rejects an unknown SecretId", async () => {
      assert.equal((await send({ secretId: "AKIDunknown" })).Error?.Code, "AuthFailure.SecretIdNotFound");
    });

    it("rejects a timestamp more than five minutes off", async () => {
      assert.equal((await send({ timestamp: Math.floor(Date.now() / 1000) - 301 })).Error?.Code, "AuthFailure.SignatureExpire");
    });

    it("rejects a malformed Authorization header", async () => {
      assert.equal((await send({ authorization: "Bearer nope" })).Error?.Code, "AuthFailure.InvalidAuthorization");
    });
  });
});
