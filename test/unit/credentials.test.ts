import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withOperation } from "../../provider/context";
import { missingCredentialsWarning, parseIni, resolveHuaweiCredentials, resolveTencentCredentials } from "../../provider/credentials";
import { redact } from "../../provider/errors";
import { configureFromStack, resetSettings, setting } from "../../provider/settings";
import { restoreEnv } from "../support/env";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

const CREDENTIAL_ENV = [
  "TENCENTCLOUD_SECRET_ID",
  "TENCENTCLOUD_SECRET_KEY",
  "TENCENTCLOUD_SECURITY_TOKEN",
  "TENCENTCLOUD_SESSION_TOKEN",
  "TENCENTCLOUD_ASSUME_ROLE_ARN",
  "HUAWEICLOUD_SDK_AK",
  "HUAWEICLOUD_SDK_SK",
  "HUAWEICLOUD_SDK_PROJECT_ID",
  "HUAWEICLOUD_SDK_REGION",
  "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
  "HW_ACCESS_KEY",
  "HW_SECRET_KEY",
  "HW_PROJECT_ID",
  "HW_REGION_NAME",
  "HW_SECURITY_TOKEN",
  "TKE_REGION",
  "TKE_PROVIDER_ID",
  "TKE_WEB_IDENTITY_TOKEN_FILE",
  "TKE_ROLE_ARN",
];

describe("credentials", () => {
  const saved = { ...process.env };
  let home: string;

  beforeEach(() => {
    for (const k of CREDENTIAL_ENV) delete process.env[k];
    home = mkdtempSync(join(tmpdir(), "cloudtasks-home-"));
    process.env.HOME = home;
    // The emulator-style override keeps the CVM role (a metadata call) out of unit tests.
    process.env.CLOUDTASKS_ENDPOINT = "http://127.0.0.1:1";
    resetSettings();
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  after(() => {
    restoreEnv(saved);
    resetSettings();
  });

  const writeFile = (relative: string, text: string) => {
    mkdirSync(join(home, relative, ".."), { recursive: true });
    writeFileSync(join(home, relative), text);
  };

  it("parses the SDKs' INI profile files: sections, comments, spaces around '='", () => {
    assert.deepEqual(parseIni("# c\n[default]\nsecret_id = AKIDa\n; c\nsecret_key=k=v\n\n[ prod ]\nsecret_id=AKIDb\n"), {
      default: { secret_id: "AKIDa", secret_key: "k=v" },
      prod: { secret_id: "AKIDb" },
    });
  });

  it("Tencent: stack config, then environment, then the SDK's profile file [default]", async () => {
    writeFile(".tencentcloud/credentials", "[default]\nsecret_id = AKIDfile\nsecret_key = file-key\n");
    assert.equal((await resolveTencentCredentials()).secretId, "AKIDfile");
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDenv";
    process.env.TENCENTCLOUD_SECRET_KEY = "env-key";
    process.env.TENCENTCLOUD_SESSION_TOKEN = "sdk-named-token";
    assert.deepEqual(await resolveTencentCredentials(), { secretId: "AKIDenv", secretKey: "env-key", token: "sdk-named-token" });
    configureFromStack(config({ "cloudtasks:tencentSecretId": "AKIDconfig", "cloudtasks:tencentSecretKey": "config-key" }));
    assert.equal((await resolveTencentCredentials()).secretId, "AKIDconfig");
  });

  it("Tencent: nothing anywhere fails with every place to look", async () => {
    await assert.rejects(resolveTencentCredentials(), /cloudtasks:tencentSecretId.*TENCENTCLOUD_SECRET_ID.*~\/\.tencentcloud\/credentials.*TKE_ROLE_ARN.*CVM/s);
  });

  it("a credentialsProfile uses the stack config's profiles first, then the profile file's section, and never the default chain", async () => {
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDdefault";
    process.env.TENCENTCLOUD_SECRET_KEY = "default-key";
    writeFile(".tencentcloud/credentials", "[prod]\nsecret_id = AKIDprodfile\nsecret_key = prod-file-key\n");
    const inProfile = (name: string) => withOperation({ profile: name }, () => resolveTencentCredentials());
    assert.equal((await inProfile("prod")).secretId, "AKIDprodfile");
    configureFromStack(config({ "cloudtasks:profiles": JSON.stringify({ prod: { tencentSecretId: "AKIDprodconfig", tencentSecretKey: "prod-config-key" } }) }));
    assert.equal((await inProfile("prod")).secretId, "AKIDprodconfig");
    await assert.rejects(inProfile("staging"), /credentialsProfile "staging" has no Tencent Cloud credentials.*cloudtasks:profiles\.staging.*\[staging\]/s);
    assert.equal((await resolveTencentCredentials()).secretId, "AKIDdefault", "without a profile: the default chain");
  });

  it("keys found at run time are redacted like configured ones", async () => {
    writeFile(".tencentcloud/credentials", "[default]\nsecret_id = AKIDfile\nsecret_key = file-only-secret-key\n");
    await resolveTencentCredentials();
    assert.equal(redact("signature of file-only-secret-key"), "signature of ***");
  });

  it("Huawei: HUAWEICLOUD_SDK_* first, then the HW_* variables Terraform users set, then [basic] of ~/.huaweicloud/credentials", () => {
    writeFile(".huaweicloud/credentials", "[basic]\nak = FILEAK\nsk = file-sk\nproject_id = fileproject\n");
    assert.equal(resolveHuaweiCredentials().ak, "FILEAK");
    Object.assign(process.env, { HW_ACCESS_KEY: "HWAK", HW_SECRET_KEY: "hw-sk", HW_PROJECT_ID: "hwproject", HW_REGION_NAME: "cn-north-4", HW_SECURITY_TOKEN: "hw-token" });
    assert.deepEqual(resolveHuaweiCredentials(), { ak: "HWAK", sk: "hw-sk", projectId: "hwproject", securityToken: "hw-token" });
    assert.equal(setting("huaweiRegion"), "cn-north-4");
    Object.assign(process.env, { HUAWEICLOUD_SDK_AK: "SDKAK", HUAWEICLOUD_SDK_SK: "sdk-sk", HUAWEICLOUD_SDK_PROJECT_ID: "sdkproject" });
    assert.equal(resolveHuaweiCredentials().ak, "SDKAK");
    assert.match(missingCredentialsWarning("huawei", "missing") ?? "", /credentialsProfile "missing" has no Huawei Cloud credentials/);
  });

  it("the preview warning appears only when no source is present", () => {
    assert.match(missingCredentialsWarning("tencent") ?? "", /no Tencent Cloud credentials found/);
    assert.match(missingCredentialsWarning("huawei") ?? "", /no Huawei Cloud credentials found.*HW_ACCESS_KEY/);
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDx";
    process.env.TENCENTCLOUD_SECRET_KEY = "k";
    assert.equal(missingCredentialsWarning("tencent"), undefined);
    delete process.env.TENCENTCLOUD_SECRET_ID;
    Object.assign(process.env, { TKE_REGION: "ap-guangzhou", TKE_PROVIDER_ID: "p", TKE_WEB_IDENTITY_TOKEN_FILE: "/t", TKE_ROLE_ARN: "qcs::cam::uin/1:roleName/r" });
    assert.equal(missingCredentialsWarning("tencent"), undefined, "OIDC settings count");
    writeFile(".huaweicloud/credentials", "[ci]\nak = CIAK\nsk = ci-sk\nproject_id = p\n");
    assert.equal(missingCredentialsWarning("huawei", "ci"), undefined);
  });
});

