import { readFileSync } from "node:fs";

export interface TencentCredential {
  secretId: string;
  secretKey: string;
  /** When set, requests must carry it as X-TC-Token (temporary credentials). */
  token?: string;
  /** The account (UIN) the key belongs to; state is kept per account. */
  account: string;
}

export interface HuaweiCredential {
  ak: string;
  sk: string;
  /** The IAM project id the key may address in URLs and X-Project-Id. */
  projectId: string;
  account: string;
}

export interface EmulatorConfig {
  host: string;
  port: number;
  /** JSON file the cloud's state is persisted to; in memory only when absent. */
  stateFile?: string;
  tencent: TencentCredential[];
  huawei: HuaweiCredential[];
  /** Multiplies every documented rate limit (tests lower it to provoke throttling; 1 = as documented). */
  rateLimitScale: number;
  /**
   * Per-product seed data, keyed by product name, read by each product when an account's region is
   * first used (e.g. `iotcloud`: products and devices; `cfg`: extra templates and actions).
   */
  seeds?: Record<string, unknown>;
}

/** The documented demo credentials (README "Emulator"): never valid on a real cloud. */
export const DEMO_TENCENT_CREDENTIAL: TencentCredential = {
  secretId: "AKIDcloudtasksEmulatorDemoKey00000000",
  secretKey: "cloudtasksEmulatorDemoSecret000000000",
  account: "100000000001",
};

export const DEMO_HUAWEI_CREDENTIAL: HuaweiCredential = {
  ak: "CLOUDTASKSEMULATORAK",
  sk: "cloudtasksEmulatorDemoSecretAccessKey0000",
  projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  account: "cloudtasks-demo-domain",
};

export function defaultConfig(): EmulatorConfig {
  return {
    host: "127.0.0.1",
    port: 4599,
    tencent: [DEMO_TENCENT_CREDENTIAL],
    huawei: [DEMO_HUAWEI_CREDENTIAL],
    rateLimitScale: 1,
  };
}

/**
 * Configuration from (lowest to highest precedence) the defaults, a JSON file named by
 * `CLOUDTASKS_EMULATOR_CONFIG` or `--config`, and the `CLOUDTASKS_EMULATOR_PORT` /
 * `CLOUDTASKS_EMULATOR_STATE` environment variables.
 */
export function loadConfig(file?: string, env: NodeJS.ProcessEnv = process.env): EmulatorConfig {
  const config = defaultConfig();
  const path = file ?? env.CLOUDTASKS_EMULATOR_CONFIG;
  if (path) Object.assign(config, JSON.parse(readFileSync(path, "utf8")) as Partial<EmulatorConfig>);
  if (env.CLOUDTASKS_EMULATOR_PORT) config.port = Number(env.CLOUDTASKS_EMULATOR_PORT);
  if (env.CLOUDTASKS_EMULATOR_STATE) config.stateFile = env.CLOUDTASKS_EMULATOR_STATE;
  return config;
}
