/**
 * Provider settings, read at call time: stack config delivered by `configure()` (namespace
 * `cloudtasks:`) first, then the conventional environment variables. Nothing here is ever captured
 * into the serialized provider: the values live in this module of the provider process only.
 */

/** Stack config keys, all under the `cloudtasks:` namespace. */
export const CONFIG_KEYS = {
  endpoint: "cloudtasks:endpoint",
  region: "cloudtasks:region",
  tencentSecretId: "cloudtasks:tencentSecretId",
  tencentSecretKey: "cloudtasks:tencentSecretKey",
  tencentSecurityToken: "cloudtasks:tencentSecurityToken",
  huaweiAk: "cloudtasks:huaweiAk",
  huaweiSk: "cloudtasks:huaweiSk",
  huaweiProjectId: "cloudtasks:huaweiProjectId",
  huaweiRegion: "cloudtasks:huaweiRegion",
  maxAttempts: "cloudtasks:maxAttempts",
  requestTimeoutSeconds: "cloudtasks:requestTimeoutSeconds",
  huaweiSecurityToken: "cloudtasks:huaweiSecurityToken",
  tencentAssumeRoleArn: "cloudtasks:tencentAssumeRoleArn",
  tencentAssumeRoleSessionName: "cloudtasks:tencentAssumeRoleSessionName",
  /** Named credential sets for `credentialsProfile`: an object, e.g. `{"prod": {"tencentSecretId": …}}`. */
  profiles: "cloudtasks:profiles",
} as const;

type SettingName = keyof typeof CONFIG_KEYS;

/** Environment fallbacks, first set wins: our own names, then the names the official SDKs and Terraform providers use. */
const ENV_FALLBACKS: Partial<Record<SettingName, readonly string[]>> = {
  endpoint: ["CLOUDTASKS_ENDPOINT"],
  region: ["TENCENTCLOUD_REGION"],
  tencentSecretId: ["TENCENTCLOUD_SECRET_ID"],
  tencentSecretKey: ["TENCENTCLOUD_SECRET_KEY"],
  tencentSecurityToken: ["TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_SESSION_TOKEN"],
  huaweiAk: ["HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY"],
  huaweiSk: ["HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY"],
  huaweiSecurityToken: ["HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"],
  huaweiProjectId: ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"],
  huaweiRegion: ["HUAWEICLOUD_SDK_REGION", "HW_REGION_NAME"],
  tencentAssumeRoleArn: ["TENCENTCLOUD_ASSUME_ROLE_ARN"],
  tencentAssumeRoleSessionName: ["TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"],
  maxAttempts: ["CLOUDTASKS_MAX_ATTEMPTS"],
  requestTimeoutSeconds: ["CLOUDTASKS_REQUEST_TIMEOUT_SECONDS"],
};

/** The part of Pulumi's dynamic `Config` we use. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: Partial<Record<SettingName, string>> = {};

/** Called from every resource's `configure`; synchronous, so no RPC can see half a configuration. */
export function configureFromStack(config: ConfigSource): void {
  const next: Partial<Record<SettingName, string>> = {};
  for (const [name, key] of Object.entries(CONFIG_KEYS) as Array<[SettingName, string]>) {
    const value = config.get(key);
    if (value !== undefined && value !== "") next[name] = value;
  }
  stackConfig = next;
}

/** Test hook: forget the stack config. */
export function resetSettings(): void {
  stackConfig = {};
}

export function setting(name: SettingName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromConfig = stackConfig[name];
  if (fromConfig !== undefined) return fromConfig;
  for (const envName of ENV_FALLBACKS[name] ?? []) {
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  }
  return undefined;
}

/** Where a setting comes from, for messages: `cloudtasks:huaweiAk / HUAWEICLOUD_SDK_AK / HW_ACCESS_KEY`. */
export function settingSources(name: SettingName): string {
  return [CONFIG_KEYS[name], ...(ENV_FALLBACKS[name] ?? [])].join(" / ");
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

export interface TencentCredentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** The static Tencent keys (stack config, then environment); see provider/credentials.ts for the whole chain. */
export function tencentCredentials(): TencentCredentials {
  const secretId = setting("tencentSecretId");
  const secretKey = setting("tencentSecretKey");
  if (!secretId || !secretKey) {
    throw new SettingsError(
      "Tencent Cloud credentials are missing: set the stack config cloudtasks:tencentSecretId and " +
        "cloudtasks:tencentSecretKey (--secret), or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
    );
  }
  return { secretId, secretKey, token: setting("tencentSecurityToken") };
}

export interface HuaweiCredentials {
  ak: string;
  sk: string;
  /** The IAM project id of the region called: it fills `{project_id}` in URLs, so the SDK never asks IAM for it. */
  projectId: string;
  /** Temporary AK/SK only. */
  securityToken?: string;
}

/** The static Huawei keys (stack config, then environment); see provider/credentials.ts for the whole chain. */
export function huaweiCredentials(): HuaweiCredentials {
  const ak = setting("huaweiAk");
  const sk = setting("huaweiSk");
  const projectId = setting("huaweiProjectId");
  if (!ak || !sk || !projectId) {
    throw new SettingsError(
      "Huawei Cloud credentials are missing: set the stack config cloudtasks:huaweiAk, cloudtasks:huaweiSk (--secret) " +
        "and cloudtasks:huaweiProjectId (the IAM project id of the region), or HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK " +
        "and HUAWEICLOUD_SDK_PROJECT_ID (or HW_ACCESS_KEY, HW_SECRET_KEY and HW_PROJECT_ID).",
    );
  }
  return { ak, sk, projectId, securityToken: setting("huaweiSecurityToken") };
}

/** Default region of Huawei resources (`cloudtasks:region` holds Tencent's, whose names differ). */
export function defaultHuaweiRegion(): string | undefined {
  return setting("huaweiRegion");
}

/** Secrets obtained at run time (profiles, instance roles, assumed roles), redacted like the configured ones. */
const resolvedSecrets = new Set<string>();

export function rememberSecrets(...values: Array<string | undefined>): void {
  for (const v of values) if (v !== undefined && v.length >= 4) resolvedSecrets.add(v);
}

/** Values that must never appear in an error or a log line. */
export function secretValues(): string[] {
  const configured = [setting("tencentSecretKey"), setting("tencentSecurityToken"), setting("huaweiSk"), setting("huaweiSecurityToken")];
  return [...configured, ...resolvedSecrets].filter((v): v is string => v !== undefined && v.length >= 4);
}

/** The single base URL (`CLOUDTASKS_ENDPOINT`) that sends every API to one place, e.g. the emulator. */
export function endpointOverride(): URL | undefined {
  const raw = setting("endpoint");
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`cloudtasks:endpoint / CLOUDTASKS_ENDPOINT must be a base URL such as http://127.0.0.1:4599; got "${raw}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SettingsError(`cloudtasks:endpoint / CLOUDTASKS_ENDPOINT must use http or https; got "${url.protocol}".`);
  }
  return url;
}

export const REGION_MISSING = "region is required: set it on the resource, in the stack config cloudtasks:region, or in TENCENTCLOUD_REGION";
export const HUAWEI_REGION_MISSING =
  "region is required: set it on the resource, in the stack config cloudtasks:huaweiRegion, or in HUAWEICLOUD_SDK_REGION";

export function defaultRegion(): string | undefined {
  return setting("region");
}

function positiveInteger(name: SettingName, fallback: number): number {
  const raw = setting(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new SettingsError(`${CONFIG_KEYS[name]} must be a positive integer; got "${raw}".`);
  return n;
}

export function maxAttempts(): number {
  return positiveInteger("maxAttempts", 6);
}

export function requestTimeoutSeconds(): number {
  return positiveInteger("requestTimeoutSeconds", 30);
}
