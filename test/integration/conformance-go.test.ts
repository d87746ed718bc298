import { strict as assert } from "node:assert";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL, defaultConfig } from "../../emulator";
import type { TencentCredential } from "../../emulator/config";
import { HUAWEI, shapeMismatch, TENCENT_API2, TENCENT_API3, type RowHooks, type Saved, type Shape, type TencentProductTable } from "../conformance/table";
import { TestCloud } from "../support/emulator";
import { ensureConformanceDriver, GoDriver, type GoHuaweiCall, type GoOutcome, type GoTencentCall, type Wire } from "../support/go-conformance";

/**
 * Issue 11: the emulator is a stand-in every official client accepts. The official Go SDKs —
 * tencentcloud-sdk-go's common runtime (CommonClient, any action) and huaweicloud-sdk-go-v3's
 * cpts/v1 client — call every action the emulator serves, under both Tencent signature versions,
 * GET and POST, on success and error paths; the answers must parse into the SDKs' models with the
 * shapes the models declare, and refusals must carry the clouds' codes. The Go driver is built
 * once and cached outside the clone (scripts/ensure-conformance.sh).
 */

/** Temporary credentials: requests must carry the token (X-TC-Token, or Token with signature v1). */
const TEMPORARY: TencentCredential = {
  secretId: "AKIDcloudtasksEmulatorTempKey0000000",
  secretKey: "cloudtasksEmulatorTempSecret0000000000",
  token: "cloudtasksEmulatorSessionToken",
  account: DEMO_TENCENT_CREDENTIAL.account,
};

type SignMethod = NonNullable<GoTencentCall["signMethod"]>;
type HttpMethod = NonNullable<GoTencentCall["httpMethod"]>;

/** API 3.0 under every way the SDK can send it. */
const API3_VARIANTS: Array<{ label: string; signMethod: SignMethod; httpMethod: HttpMethod }> = [
  { label: "TC3-HMAC-SHA256, POST JSON", signMethod: "TC3-HMAC-SHA256", httpMethod: "POST" },
  { label: "TC3-HMAC-SHA256, GET with a flattened query", signMethod: "TC3-HMAC-SHA256", httpMethod: "GET" },
  { label: "signature v1 HmacSHA256, POST form", signMethod: "HmacSHA256", httpMethod: "POST" },
  { label: "signature v1 HmacSHA1, GET query", signMethod: "HmacSHA1", httpMethod: "GET" },
];

/** API 2.0 takes signature v1 only. */
const API2_VARIANTS = API3_VARIANTS.filter((v) => v.signMethod !== "TC3-HMAC-SHA256");

describe("conformance: the official Go SDKs against the emulator", function () {
  let cloud: TestCloud;
  let driver: GoDriver;
  const tally = { passed: 0, total: 0 };

  before(async function () {
    // A cold build of the driver compiles only the SDK packages it imports: about a minute on 2 cores.
    this.timeout(900_000);
    const binary = ensureConformanceDriver();
    // Calls come back to back: limits far above the documented ones keep throttling (tested elsewhere) out of the way.
    cloud = await TestCloud.start({ tencent: [...defaultConfig().tencent, TEMPORARY], rateLimitScale: 100 });
    driver = GoDriver.start(binary);
  });

  after(async () => {
    await driver?.stop();
    await cloud?.stop();
    console.log(`\n  conformance (official Go SDKs): ${tally.passed} / ${tally.total} calls answered as the cloud answers them`);
  });

  /** One counted call: the pass count printed at the end is the number of these that held. */
  const counted = (title: string, body: () => Promise<void>) =>
    it(title, async () => {
      tally.total += 1;
      await body();
      tally.passed += 1;
    });

  const hooks: RowHooks = { advanceClockMs: (ms) => (cloud.emulator.cloud.clockOffsetMs += ms) };

  const endpoint = (path = "") => `127.0.0.1:${cloud.emulator.port}${path}`;

  const tencent = (call: Omit<GoTencentCall, "endpoint" | "secretId" | "secretKey"> & Partial<GoTencentCall>, wire?: Wire) =>
    driver.call({
      tencent: { endpoint: endpoint(), secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey, ...call },
      ...(wire ? { wire } : {}),
    });

  const huawei = (call: Omit<GoHuaweiCall, "endpoint" | "ak" | "sk" | "projectId"> & Partial<GoHuaweiCall>, wire?: Wire) =>
    driver.call({
      huawei: { endpoint: `http://${endpoint()}`, ak: DEMO_HUAWEI_CREDENTIAL.ak, sk: DEMO_HUAWEI_CREDENTIAL.sk, projectId: DEMO_HUAWEI_CREDENTIAL.projectId, ...call },
      ...(wire ? { wire } : {}),
    });

  function answered(outcome: GoOutcome): Record<string, unknown> {
    if (outcome.fatal) assert.fail(`the driver could not make the call: ${outcome.fatal}`);
    assert.ok(outcome.ok, `expected success, the SDK reported ${outcome.code ?? ""} (HTTP ${outcome.status ?? 200}): ${outcome.message ?? ""}`);
    return outcome.body as Record<string, unknown>;
  }

  function refused(outcome: GoOutcome, code: string, options: { status?: number; requestId?: boolean } = {}): void {
    if (outcome.fatal) assert.fail(`the driver could not make the call: ${outcome.fatal}`);
    assert.equal(outcome.ok, false, `expected ${code}, the call succeeded: ${JSON.stringify(outcome.body)}`);
    assert.equal(outcome.code, code, `expected ${code}, the SDK reported ${outcome.code ?? ""}: ${outcome.message ?? ""}`);
    if (options.status !== undefined) assert.equal(outcome.status, options.status);
    if (options.requestId !== false) assert.ok(outcome.requestId, "the error carries the request id");
  }

  function shaped(answer: unknown, shape: Shape | undefined): void {
    if (!shape) return;
    const mismatch = shapeMismatch(answer, shape);
    assert.equal(mismatch, undefined, `${mismatch ?? ""} in ${JSON.stringify(answer)}`);
  }

  /** The last logged request is this product's action and ran: the call reached the product itself. */
  function reached(product: string, action: string, outcome: string): void {
    const last = cloud.requests().at(-1);
    assert.deepEqual([last?.product, last?.action, last?.outcome], [product, action, outcome]);
  }

  it("flattens structured parameters (A.N, A.N.Field, A.Field) exactly as the SDK's generated requests do", async () => {
    const check = await driver.call({ selfCheck: true });
    assert.ok(check.ok, `the driver's flattening differs from tchttp.ConstructParams: ${JSON.stringify(check.body ?? check.fatal)}`);
  });

  const runTencentTable = (table: TencentProductTable, variants: typeof API3_VARIANTS) => {
    for (const [index, variant] of variants.entries()) {
      describe(`${table.product}${table.version ? ` ${table.version}` : " (API 2.0)"}: ${variant.label}`, () => {
        const saved: Saved = { name: `conf-${table.product}-${index}` };
        for (const row of table.rows) {
          counted(row.title ?? row.action, async () => {
            row.before?.(hooks);
            const outcome = await tencent({
              signMethod: variant.signMethod,
              httpMethod: variant.httpMethod,
              endpoint: endpoint(table.path),
              service: table.product,
              version: table.version,
              action: row.action,
              region: table.region,
              params: row.params?.(saved) ?? {},
            });
            if (row.error) {
              // API 2.0 has no request id; the SDK reports its codeDesc as the code.
              refused(outcome, row.error, { requestId: table.version !== undefined });
              return;
            }
            const body = answered(outcome);
            const answer = (table.version ? body.Response : body) as Record<string, unknown>;
            shaped(answer, row.shape);
            row.then?.(answer, saved);
            reached(table.product, row.action, "ok");
          });
        }
      });
    }
  };

  for (const table of TENCENT_API3) runTencentTable(table, API3_VARIANTS);
  for (const table of TENCENT_API2) runTencentTable(table, API2_VARIANTS);

  for (const table of HUAWEI) {
    describe(`${table.service} (APIG SDK-HMAC-SHA256)`, () => {
      const saved: Saved = { name: `conf-${table.service}` };
      for (const row of table.rows) {
        counted(row.title ?? row.operation, async () => {
          row.before?.(hooks);
          const outcome = await huawei({ service: table.service, operation: row.operation, request: row.request?.(saved) ?? {} });
          if (row.error) {
            refused(outcome, row.error.code, { status: row.error.status });
            return;
          }
          const answer = answered(outcome);
          assert.equal(outcome.status, row.status, "the documented success status");
          shaped(answer, row.shape);
          row.then?.(answer, saved);
          reached(table.service, row.operation, "ok");
        });
      }
    });
  }

  describe("Tencent API 3.0 verification: as lenient and as strict as the cloud", () => {
    const describeCall = { service: "bh", version: "2023-04-18", action: "DescribeOperationTask", region: "ap-guangzhou", params: { Limit: 1 } };
    const signatures: Array<{ label: string; signMethod: SignMethod; httpMethod: HttpMethod }> = [
      { label: "TC3", signMethod: "TC3-HMAC-SHA256", httpMethod: "POST" },
      { label: "v1 HmacSHA256", signMethod: "HmacSHA256", httpMethod: "POST" },
      { label: "v1 HmacSHA1", signMethod: "HmacSHA1", httpMethod: "GET" },
    ];
    for (const s of signatures) {
      const call = { ...describeCall, signMethod: s.signMethod, httpMethod: s.httpMethod };
      const v1 = s.signMethod !== "TC3-HMAC-SHA256";
      counted(`${s.label}: signed with the Host as sent, port included, is accepted`, async () => {
        answered(await tencent(call));
      });
      counted(`${s.label}: a wrong SecretKey is AuthFailure.SignatureFailure`, async () => {
        refused(await tencent({ ...call, secretKey: "not-the-secret-key" }), "AuthFailure.SignatureFailure");
      });
      counted(`${s.label}: an unknown SecretId is AuthFailure.SecretIdNotFound`, async () => {
        refused(await tencent({ ...call, secretId: "AKIDnobodyHasThisKey0000000000000000" }), "AuthFailure.SecretIdNotFound");
      });
      counted(`${s.label}: a parameter added after signing is AuthFailure.SignatureFailure`, async () => {
        refused(await tencent(call, "tamper"), "AuthFailure.SignatureFailure");
      });
      counted(`${s.label}: a signature an hour old is AuthFailure.SignatureExpire`, async () => {
        refused(await tencent(call, "stale"), "AuthFailure.SignatureExpire");
      });
      if (v1) {
        counted(`${s.label}: the same signed request twice (a reused Nonce) is refused`, async () => {
          refused(await tencent(call, "replay"), "AuthFailure.SignatureFailure");
        });
      } else {
        counted(`${s.label}: the same signed request twice is accepted (TC3 has no nonce; the 5-minute window bounds it)`, async () => {
          answered(await tencent(call, "replay"));
        });
      }
      counted(`${s.label}: temporary credentials with their token are accepted`, async () => {
        answered(await tencent({ ...call, secretId: TEMPORARY.secretId, secretKey: TEMPORARY.secretKey, token: TEMPORARY.token }));
      });
      counted(`${s.label}: temporary credentials without their token are AuthFailure.TokenFailure`, async () => {
        refused(await tencent({ ...call, secretId: TEMPORARY.secretId, secretKey: TEMPORARY.secretKey }), "AuthFailure.TokenFailure");
      });
      counted(`${s.label}: temporary credentials with a wrong token are AuthFailure.TokenFailure`, async () => {
        refused(await tencent({ ...call, secretId: TEMPORARY.secretId, secretKey: TEMPORARY.secretKey, token: "stolen" }), "AuthFailure.TokenFailure");
      });
      for (const action of ["constructor", "toString", "__proto__", "NoSuchAction"]) {
        counted(`${s.label}: the action ${action} is InvalidAction`, async () => {
          refused(await tencent({ ...call, action }), "InvalidAction");
        });
      }
      counted(`${s.label}: an unknown version is NoSuchVersion`, async () => {
        refused(await tencent({ ...call, version: "1999-01-01" }), "NoSuchVersion");
      });
    }
    counted("TC3: X-TC-Content-SHA256: UNSIGNED-PAYLOAD is accepted", async () => {
      answered(await tencent({ ...describeCall, unsignedPayload: true }));
    });
    const big = (bytes: number) => ({ ...describeCall, action: "CreateOperationTask", params: { Name: "big", Type: 1, Account: "root", Timeout: 5, Script: "x".repeat(bytes), DeviceIdSet: [13] } });
    counted("TC3 POST: a body over 10 MB is RequestSizeLimitExceeded", async () => {
      refused(await tencent(big(10 * 1024 * 1024 + 1)), "RequestSizeLimitExceeded");
    });
    counted("TC3 POST: a body of 2 MB (over v1's limit, within TC3's) is accepted", async () => {
      answered(await tencent(big(2 * 1024 * 1024)));
    });
    counted("v1 POST: a body over 1 MB is RequestSizeLimitExceeded", async () => {
      refused(await tencent({ ...big(1024 * 1024 + 1), signMethod: "HmacSHA256" }), "RequestSizeLimitExceeded");
    });
    counted("GET: a query over 32 KB is RequestSizeLimitExceeded", async () => {
      refused(await tencent({ ...big(33 * 1024), httpMethod: "GET" }), "RequestSizeLimitExceeded");
    });
  });

  describe("Tencent API 2.0 verification (CAT, signature v1)", () => {
    const call = { endpoint: "", service: "cat", action: "DescribeCatAgentGroupList", region: "gz" };
    for (const signMethod of ["HmacSHA256", "HmacSHA1"] as const) {
      const c = () => ({ ...call, endpoint: endpoint("/v2/index.php"), signMethod });
      counted(`${signMethod}: a wrong SecretKey is 4100 AuthFailure.SignatureFailure`, async () => {
        refused(await tencent({ ...c(), secretKey: "not-the-secret-key" }), "AuthFailure.SignatureFailure", { requestId: false });
      });
      counted(`${signMethod}: an unknown SecretId is 4104 AuthFailure.SecretIdNotFound`, async () => {
        refused(await tencent({ ...c(), secretId: "AKIDnobodyHasThisKey0000000000000000" }), "AuthFailure.SecretIdNotFound", { requestId: false });
      });
      counted(`${signMethod}: a parameter added after signing is 4100`, async () => {
        refused(await tencent(c(), "tamper"), "AuthFailure.SignatureFailure", { requestId: false });
      });
      counted(`${signMethod}: a signature an hour old is 4500 AuthFailure.ReplayAttack`, async () => {
        refused(await tencent(c(), "stale"), "AuthFailure.ReplayAttack", { requestId: false });
      });
      counted(`${signMethod}: a reused Nonce is 4500 AuthFailure.ReplayAttack`, async () => {
        refused(await tencent(c(), "replay"), "AuthFailure.ReplayAttack", { requestId: false });
      });
      counted(`${signMethod}: temporary credentials need their Token`, async () => {
        answered(await tencent({ ...c(), secretId: TEMPORARY.secretId, secretKey: TEMPORARY.secretKey, token: TEMPORARY.token }));
        refused(await tencent({ ...c(), secretId: TEMPORARY.secretId, secretKey: TEMPORARY.secretKey }), "AuthFailure.TokenFailure", { requestId: false });
      });
      counted(`${signMethod}: the action constructor is InvalidAction`, async () => {
        refused(await tencent({ ...c(), action: "constructor" }), "InvalidAction", { requestId: false });
      });
    }
  });

  describe("Huawei APIG verification (SDK-HMAC-SHA256 as the Go signer sends it: host not signed)", () => {
    const call = { service: "cpts", operation: "ListProjectSets" };
    counted("the Go signer's SignedHeaders (x-project-id;x-sdk-date) are accepted", async () => {
      answered(await huawei(call));
    });
    counted("a client built WithRegion(region.NewRegion(id, the emulator's URL)) with a project id is accepted, and calls no IAM", async () => {
      const before = cloud.requests().length;
      answered(await huawei({ ...call, region: "cn-north-4" }));
      assert.deepEqual(cloud.requests().slice(before).map((r) => r.action), ["ListProjectSets"]);
    });
    counted("a wrong SK is 401 APIGW.0301", async () => {
      refused(await huawei({ ...call, sk: "not-the-secret-key" }), "APIGW.0301", { status: 401 });
    });
    counted("an unknown AK is 401 APIGW.0301", async () => {
      refused(await huawei({ ...call, ak: "NOBODYHASTHISAK00000" }), "APIGW.0301", { status: 401 });
    });
    counted("a query parameter added after signing is 401 APIGW.0301", async () => {
      refused(await huawei(call, "tamper"), "APIGW.0301", { status: 401 });
    });
    counted("a body changed after signing is 401 APIGW.0301", async () => {
      refused(await huawei({ service: "cpts", operation: "CreateProject", request: { body: { name: "tampered" } } }, "tamper"), "APIGW.0301", { status: 401 });
    });
    counted("an X-Sdk-Date an hour old is 401 APIGW.0303", async () => {
      refused(await huawei(call, "stale"), "APIGW.0303", { status: 401 });
    });
    counted("a project id that is not the AK's is 401 APIGW.0301", async () => {
      refused(await huawei({ ...call, projectId: "ffffffffffffffffffffffffffffffff" }), "APIGW.0301", { status: 401 });
    });
    counted("the same signed request twice is accepted (APIG has no nonce; the 15-minute window bounds it)", async () => {
      answered(await huawei(call, "replay"));
    });
  });

  describe("the emulator's clock times tasks, never signatures", () => {
    counted("moved a day ahead, every SDK's fresh signature is still accepted", async () => {
      cloud.emulator.cloud.clockOffsetMs += 86_400_000;
      try {
        answered(await tencent({ service: "bh", version: "2023-04-18", action: "DescribeOperationTask", region: "ap-guangzhou" }));
        answered(await tencent({ service: "bh", version: "2023-04-18", action: "DescribeOperationTask", region: "ap-guangzhou", signMethod: "HmacSHA256" }));
        answered(await tencent({ endpoint: endpoint("/v2/index.php"), service: "cat", action: "DescribeCatAgentGroupList", region: "gz", signMethod: "HmacSHA1" }));
        answered(await huawei({ service: "cpts", operation: "ListProjectSets" }));
      } finally {
        cloud.emulator.cloud.clockOffsetMs -= 86_400_000;
      }
    });
  });
});
