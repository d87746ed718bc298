/**
 * Which credentials a call uses, resolved when the call runs (never captured into state): a
 * resource's `credentialsProfile` if it sets one, else the default chain. The order is documented
 * in the README ("Credentials"); the Tencent chain reuses the official SDK's credential providers.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
/** The SDK's credential providers, loaded when a chain first needs one (static keys never do). */
const sdkCredentials = () => import("tencentcloud-sdk-nodejs/tencentcloud/common/credential");
import type { DynamicCredential } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface";
import { currentOperation } from "./context";
import {
  CONFIG_KEYS,
  endpointOverride,
  huaweiCredentials,
  rememberSecrets,
  setting,
  SettingsError,
  tencentCredentials,
  type HuaweiCredentials,
  type TencentCredentials,
} from "./settings";

export type Cloud = "tencent" | "huawei";

/** `[section]` → `key = value`, the format of `~/.tencentcloud/credentials` and `~/.huaweicloud/credentials`. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections[header[1]] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (current && eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}

/** The Tencent SDK's profile file (`ProfileCredential` reads its `[default]` section). */
export const tencentProfileFile = (): string => {
  const user = join(homedir(), ".tencentcloud", "credentials");
  return existsSync(user) ? user : "/etc/tencentcloud/credentials";
};
/** The Huawei SDKs' profile file (their `ProfileCredentialProvider` reads `[basic]`). */
export const huaweiProfileFile = (): string => process.env.HUAWEICLOUD_SDK_CREDENTIALS_FILE || join(homedir(), ".huaweicloud", "credentials");

function iniSection(file: string, section: string): Record<string, string> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return parseIni(readFileSync(file, "utf8"))[section];
  } catch {
    return undefined;
  }
}

/** `cloudtasks:profiles.<name>` from the stack config (set with `pulumi config set --path --secret`). */
function configProfile(name: string): Record<string, unknown> | undefined {
  const raw = setting("profiles");
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SettingsError(`${CONFIG_KEYS.profiles} must be an object of profiles, e.g. {"prod": {"tencentSecretId": "…"}}; it is not JSON.`);
  }
  const profile = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)[name] : undefined;
  return typeof profile === "object" && profile !== null ? (profile as Record<string, unknown>) : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function profileMissing(cloud: Cloud, name: string): SettingsError {
  const file = cloud === "tencent" ? "~/.tencentcloud/credentials" : "~/.huaweicloud/credentials";
  const keys = cloud === "tencent" ? "tencentSecretId and tencentSecretKey" : "huaweiAk, huaweiSk and huaweiProjectId";
  return new SettingsError(
    `credentialsProfile "${name}" has no ${cloud === "tencent" ? "Tencent" : "Huawei"} Cloud credentials: set ${keys} under ` +
      `${CONFIG_KEYS.profiles}.${name} (pulumi config set --path --secret '${CONFIG_KEYS.profiles}.${name}.<key>' …), or add a [${name}] section to ${file}.`,
  );
}

/** A named profile's Tencent keys: stack config first, then the section of the SDK's profile file. */
export function tencentProfile(name: string): TencentCredentials | undefined {
  const fromConfig = configProfile(name);
  if (fromConfig && str(fromConfig.tencentSecretId) && str(fromConfig.tencentSecretKey)) {
    return { secretId: String(fromConfig.tencentSecretId), secretKey: String(fromConfig.tencentSecretKey), token: str(fromConfig.tencentSecurityToken) };
  }
  const section = iniSection(tencentProfileFile(), name);
  if (section && str(section.secret_id) && str(section.secret_key)) return { secretId: section.secret_id, secretKey: section.secret_key, token: str(section.token) };
  return undefined;
}

/** A named profile's Huawei keys: stack config first, then the section of `~/.huaweicloud/credentials`. */
export function huaweiProfile(name: string): HuaweiCredentials | undefined {
  const fromConfig = configProfile(name);
  const projectFallback = setting("huaweiProjectId");
  if (fromConfig && str(fromConfig.huaweiAk) && str(fromConfig.huaweiSk)) {
    const projectId = str(fromConfig.huaweiProjectId) ?? projectFallback;
    if (projectId) return { ak: String(fromConfig.huaweiAk), sk: String(fromConfig.huaweiSk), projectId, securityToken: str(fromConfig.huaweiSecurityToken) };
  }
  const section = iniSection(huaweiProfileFile(), name);
  const projectId = str(section?.project_id) ?? projectFallback;
  if (section && str(section.ak) && str(section.sk) && projectId) return { ak: section.ak, sk: section.sk, projectId, securityToken: str(section.security_token) };
  return undefined;
}

const hasStatic = (cloud: Cloud): boolean =>
  cloud === "tencent" ? !!(setting("tencentSecretId") && setting("tencentSecretKey")) : !!(setting("huaweiAk") && setting("huaweiSk") && setting("huaweiProjectId"));

const oidcConfigured = (): boolean => ["TKE_REGION", "TKE_PROVIDER_ID", "TKE_WEB_IDENTITY_TOKEN_FILE", "TKE_ROLE_ARN"].every((k) => !!process.env[k]);

/** SDK credential providers keep their temporary keys until they expire: one of each per process. */
const providers = new Map<string, DynamicCredential>();
function cached(key: string, make: () => DynamicCredential): DynamicCredential {
  let provider = providers.get(key);
  if (!provider) providers.set(key, (provider = make()));
  return provider;
}

const INSTANCE_ROLE_TIMEOUT_MS = 3000;

async function fromSdk(provider: DynamicCredential, timeoutMs?: number): Promise<TencentCredentials | undefined> {
  const pending = provider.getCredential();
  let timer: NodeJS.Timeout | undefined;
  const bounded = timeoutMs === undefined ? pending : Promise.race([pending, new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), timeoutMs)))]);
  try {
    const c = await bounded;
    return c?.secretId && c.secretKey ? { secretId: c.secretId, secretKey: c.secretKey, token: c.token || undefined } : undefined;
  } catch {
    return undefined;
  } finally {
    if (timer) clearTimeout(timer);
    pending.catch(() => undefined);
  }
}

/**
 * The default Tencent chain: stack config → environment → the SDK's profile file `[default]` →
 * OIDC web identity (the SDK's `OIDCRoleArnCredential`, TKE_* variables) → the CVM instance role
 * (not tried against an endpoint override such as the emulator).
 */
async function defaultTencent(): Promise<TencentCredentials | undefined> {
  if (hasStatic("tencent")) return tencentCredentials();
  const { CvmRoleCredential, OIDCRoleArnCredential, ProfileCredential } = await sdkCredentials();
  const profile = await fromSdk(new ProfileCredential());
  if (profile) return profile;
  if (oidcConfigured()) {
    const oidc = await fromSdk(cached("oidc", () => new OIDCRoleArnCredential()));
    if (oidc) return oidc;
  }
  if (!endpointOverride()) return fromSdk(cached("cvm-role", () => new CvmRoleCredential()), INSTANCE_ROLE_TIMEOUT_MS);
  return undefined;
}

/** Assumes `cloudtasks:tencentAssumeRoleArn` with the base keys (the SDK's `STSCredential`), when set. */
async function assumeRole(base: TencentCredentials): Promise<TencentCredentials> {
  const roleArn = setting("tencentAssumeRoleArn");
  if (!roleArn) return base;
  const sessionName = setting("tencentAssumeRoleSessionName") ?? "pulumi-cloudtasks";
  const override = endpointOverride();
  const { STSCredential } = await sdkCredentials();
  const provider = cached(`sts/${base.secretId}/${roleArn}/${sessionName}`, () =>
    new STSCredential(
      {
        credential: base,
        profile: override ? { httpProfile: { endpoint: override.host, protocol: `${override.protocol}//` } } : undefined,
      },
      { RoleArn: roleArn, RoleSessionName: sessionName },
    ),
  );
  const assumed = await provider.getCredential();
  if (!assumed.secretId || !assumed.secretKey) throw new SettingsError(`assuming ${roleArn} returned no credentials`);
  return { secretId: assumed.secretId, secretKey: assumed.secretKey, token: assumed.token };
}

/** The Tencent credentials for the current operation (its profile, or the default chain). */
export async function resolveTencentCredentials(): Promise<TencentCredentials> {
  const { profile } = currentOperation();
  let base: TencentCredentials | undefined;
  if (profile) {
    base = tencentProfile(profile);
    if (!base) throw profileMissing("tencent", profile);
  } else {
    base = await defaultTencent();
  }
  if (!base) {
    throw new SettingsError(
      "Tencent Cloud credentials are missing: set the stack config cloudtasks:tencentSecretId and cloudtasks:tencentSecretKey (--secret), " +
        "or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or a [default] section in ~/.tencentcloud/credentials, " +
        "or OIDC (TKE_ROLE_ARN, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_REGION), or run on a CVM with a role.",
    );
  }
  const credentials = await assumeRole(base);
  rememberSecrets(credentials.secretKey, credentials.token);
  return credentials;
}

/** The Huawei credentials for the current operation: its profile, else stack config → environment → `[basic]` of ~/.huaweicloud/credentials. */
export function resolveHuaweiCredentials(): HuaweiCredentials {
  const { profile } = currentOperation();
  let credentials: HuaweiCredentials | undefined;
  if (profile) {
    credentials = huaweiProfile(profile);
    if (!credentials) throw profileMissing("huawei", profile);
  } else {
    credentials = hasStatic("huawei") ? huaweiCredentials() : huaweiProfile("basic");
    if (!credentials) credentials = huaweiCredentials(); // throws, saying what to set
  }
  rememberSecrets(credentials.sk, credentials.securityToken);
  return credentials;
}

/**
 * Why an operation of this cloud would find no credentials, or undefined when some source is
 * present. Cheap and offline (check/preview runs it): it cannot know about an instance role.
 */
export function missingCredentialsWarning(cloud: Cloud, profile?: string): string | undefined {
  if (profile) {
    const found = cloud === "tencent" ? tencentProfile(profile) : huaweiProfile(profile);
    return found ? undefined : profileMissing(cloud, profile).message;
  }
  if (hasStatic(cloud)) return undefined;
  if (cloud === "tencent") {
    const section = iniSection(tencentProfileFile(), "default");
    if ((section?.secret_id && section.secret_key) || oidcConfigured()) return undefined;
    return (
      "no Tencent Cloud credentials found (stack config cloudtasks:tencentSecretId/tencentSecretKey, TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY, " +
      "~/.tencentcloud/credentials, OIDC): `pulumi up` will fail unless this machine is a CVM with a role"
    );
  }
  if (huaweiProfile("basic")) return undefined;
  return (
    "no Huawei Cloud credentials found (stack config cloudtasks:huaweiAk/huaweiSk/huaweiProjectId, HUAWEICLOUD_SDK_AK/SK/PROJECT_ID or " +
    "HW_ACCESS_KEY/HW_SECRET_KEY/HW_PROJECT_ID, ~/.huaweicloud/credentials): `pulumi up` will fail"
  );
}

/**
 * The Tencent Cloud account calls go to now (the operation's credentials profile, else the default
 * chain), as its SecretId: what per-account caches and snapshots in the provider process are keyed
 * by, so two accounts in one stack never share them. Never the secret key.
 */
export async function tencentAccount(): Promise<string> {
  return (await resolveTencentCredentials()).secretId;
}

/** The Huawei Cloud account and IAM project calls go to now (see {@link tencentAccount}). */
export function huaweiAccount(): string {
  const { ak, projectId } = resolveHuaweiCredentials();
  return `${ak}/${projectId}`;
}
