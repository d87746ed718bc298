import { strict as assert } from "node:assert";
import { CommonClient } from "tencentcloud-sdk-nodejs/tencentcloud/common/common_client";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator";
import { shapeMismatch, TENCENT_API3, type Saved } from "../conformance/table";
import { TestCloud } from "../support/emulator";

/**
 * The conformance table's API 3.0 products through the official Node.js SDK (tencentcloud-sdk-nodejs
 * CommonClient) in every way it can send them: TC3 or signature v1, POST or GET. The Node SDK signs
 * the Host without its port, the Go SDK (conformance-go.test.ts) with it; both must be accepted.
 */
const VARIANTS = [
  { signMethod: "TC3-HMAC-SHA256", reqMethod: "POST" },
  { signMethod: "TC3-HMAC-SHA256", reqMethod: "GET" },
  { signMethod: "HmacSHA256", reqMethod: "POST" },
  { signMethod: "HmacSHA1", reqMethod: "GET" },
] as const;

describe("conformance: the official Node.js SDK (CommonClient) against the emulator", () => {
  let cloud: TestCloud;
  before(async () => (cloud = await TestCloud.start({ rateLimitScale: 100 })));
  after(() => cloud.stop());

  for (const table of TENCENT_API3) {
    for (const [index, variant] of VARIANTS.entries()) {
      describe(`${table.product} ${table.version ?? ""}: ${variant.signMethod}, ${variant.reqMethod}`, () => {
        const saved: Saved = { name: `node-${table.product}-${index}` };
        const client = () =>
          new CommonClient(`127.0.0.1:${cloud.emulator.port}`, table.version ?? "", {
            credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
            region: table.region,
            profile: { signMethod: variant.signMethod, httpProfile: { protocol: "http://", reqMethod: variant.reqMethod } },
          });
        for (const row of table.rows) {
          it(row.title ?? row.action, async () => {
            row.before?.({ advanceClockMs: (ms) => (cloud.emulator.cloud.clockOffsetMs += ms) });
            const call = client().request(row.action, row.params?.(saved) ?? {});
            if (row.error) {
              await assert.rejects(call, (e: { code?: string; requestId?: string }) => {
                assert.equal(e.code, row.error);
                assert.ok(e.requestId);
                return true;
              });
              return;
            }
            const answer = (await call) as Record<string, unknown>;
            if (row.shape) assert.equal(shapeMismatch(answer, row.shape), undefined, JSON.stringify(answer));
            row.then?.(answer, saved);
          });
        }
      });
    }
  }
});
