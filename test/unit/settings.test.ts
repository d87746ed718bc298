import { strict as assert } from "node:assert";
import { configureFromStack, endpointOverride, maxAttempts, resetSettings, setting, tencentCredentials } from "../../provider/settings";
import { restoreEnv } from "../support/env";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("settings", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_REGION", "CLOUDTASKS_ENDPOINT", "CLOUDTASKS_MAX_ATTEMPTS"]) delete process.env[k];
    resetSettings();
  });
  after(() => {
    restoreEnv(saved);
    resetSettings();
  });

  it("prefer the stack config, then the conventional environment variables", () => {
    process.env.TENCENTCLOUD_REGION = "ap-shanghai";
    assert.equal(setting("region"), "ap-shanghai");
    configureFromStack(config({ "cloudtasks:region": "ap-guangzhou" }));
    assert.equal(setting("region"), "ap-guangzhou");
  });

  it("are read at call time, so a changed environment takes effect without a new provider", () => {
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDone";
    process.env.TENCENTCLOUD_SECRET_KEY = "one";
    assert.equal(tencentCredentials().secretId, "AKIDone");
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDtwo";
    assert.equal(tencentCredentials().secretId, "AKIDtwo");
  });

  it("say which keys to set when credentials are missing", () => {
    assert.throws(() => tencentCredentials(), /cloudtasks:tencentSecretId.*TENCENTCLOUD_SECRET_ID/s);
  });

  it("validate the endpoint and numeric settings", () => {
    process.env.CLOUDTASKS_ENDPOINT = "127.0.0.1:4599";
    assert.throws(() => endpointOverride(), /must be a base URL/);
    process.env.CLOUDTASKS_ENDPOINT = "http://127.0.0.1:4599";
    assert.equal(endpointOverride()?.host, "127.0.0.1:4599");
    assert.equal(maxAttempts(), 6);
    configureFromStack(config({ "cloudtasks:maxAttempts": "zero" }));
    assert.throws(() => maxAttempts(), /cloudtasks:maxAttempts must be a positive integer/);
  });
});
