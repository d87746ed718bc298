import { Client as BhClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/bh/v20230418/bh_client";
import { Client as IotcloudClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_client";
import type { ClientConfig } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface";
import { Client as CatClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cat/v20180409/cat_client";
import { Client as CfgClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_client";
import { DEMO_HUAWEI_CREDENTIAL, DEMO_TENCENT_CREDENTIAL, defaultConfig, startEmulator, type EmulatorConfig, type FaultRule, type RequestLogEntry, type RunningEmulator } from "../../emulator";
import { resetSettings } from "../../provider/settings";
import { emulatorControl } from "../../scripts/lib/harness";
import { forgetListings } from "../../provider/transport/listing";
import { resetCreateSnapshots } from "../../provider/transport/create-once";

const ENV_KEYS = ["CLOUDTASKS_ENDPOINT", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_REGION", "TENCENTCLOUD_SECURITY_TOKEN", "CLOUDTASKS_MAX_ATTEMPTS", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_REGION"];

/** Runs `body` with a 1-second request timeout, so a delayed answer counts as unanswered (slow-cloud tests). */
export async function withShortRequestTimeout(body: () => Promise<void>): Promise<void> {
  process.env.CLOUDTASKS_REQUEST_TIMEOUT_SECONDS = "1";
  resetSettings();
  try {
    await body();
  } finally {
    delete process.env.CLOUDTASKS_REQUEST_TIMEOUT_SECONDS;
    resetSettings();
  }
}

/** An in-process emulator on a free port, with the provider's environment pointed at it. */
export class TestCloud {
  private saved: Record<string, string | undefined> = {};
  private constructor(readonly emulator: RunningEmulator) {}

  static async start(overrides: Partial<EmulatorConfig> = {}): Promise<TestCloud> {
    const cloud = new TestCloud(await startEmulator({ ...defaultConfig(), port: 0, ...overrides }));
    for (const k of ENV_KEYS) cloud.saved[k] = process.env[k];
    process.env.CLOUDTASKS_ENDPOINT = cloud.emulator.url;
    process.env.TENCENTCLOUD_SECRET_ID = DEMO_TENCENT_CREDENTIAL.secretId;
    process.env.TENCENTCLOUD_SECRET_KEY = DEMO_TENCENT_CREDENTIAL.secretKey;
    process.env.TENCENTCLOUD_REGION = "ap-guangzhou";
    process.env.HUAWEICLOUD_SDK_AK = DEMO_HUAWEI_CREDENTIAL.ak;
    process.env.HUAWEICLOUD_SDK_SK = DEMO_HUAWEI_CREDENTIAL.sk;
    process.env.HUAWEICLOUD_SDK_PROJECT_ID = DEMO_HUAWEI_CREDENTIAL.projectId;
    process.env.HUAWEICLOUD_SDK_REGION = "cn-north-4";
    delete process.env.TENCENTCLOUD_SECURITY_TOKEN;
    delete process.env.CLOUDTASKS_MAX_ATTEMPTS;
    resetSettings();
    return cloud;
  }

  async stop(): Promise<void> {
    for (const [k, v] of Object.entries(this.saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await this.emulator.close();
  }

  reset(): void {
    // A reset cloud numbers its tasks from 1 again, which no real cloud does: forget what existed.
    resetCreateSnapshots();
    forgetListings();
    this.emulator.cloud.store.reset();
    this.emulator.cloud.faults.clear();
    this.emulator.cloud.limiter.reset();
    this.emulator.cloud.clockOffsetMs = 0;
  }

  inject(rule: FaultRule): void {
    this.emulator.cloud.faults.add({ times: 1, ...rule });
  }

  requests(): RequestLogEntry[] {
    return this.emulator.cloud.store.requestLog();
  }

  actions(): string[] {
    return this.requests().map((r) => r.action);
  }

  /** An official SDK client, signed with the demo credentials, for out-of-band changes and checks. */
  bhClient(region = "ap-guangzhou", secretKey = DEMO_TENCENT_CREDENTIAL.secretKey): BhClient {
    return new BhClient({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey },
      region,
      profile: { httpProfile: { endpoint: `127.0.0.1:${this.emulator.port}`, protocol: "http://" } },
    });
  }

  /** An official iotcloud (IoT Hub) SDK client, signed with the demo credentials. */
  iotcloudClient(region = "ap-guangzhou"): IotcloudClient {
    return this.demoClient(IotcloudClient, region);
  }

  /** The official CAT API 3.0 client (probe tasks), signed with the demo credentials. */
  catClient(region = "ap-guangzhou"): CatClient {
    return this.demoClient(CatClient, region);
  }

  /** A Cloud Fault Generator (cfg) SDK client, signed with the demo credentials. */
  cfgClient(region = "ap-guangzhou"): CfgClient {
    return this.demoClient(CfgClient, region);
  }

  private demoClient<C>(Client: new (config: ClientConfig) => C, region: string): C {
    return new Client({
      credential: { secretId: DEMO_TENCENT_CREDENTIAL.secretId, secretKey: DEMO_TENCENT_CREDENTIAL.secretKey },
      region,
      profile: { httpProfile: { endpoint: `127.0.0.1:${this.emulator.port}`, protocol: "http://" } },
    });
  }

  /** A control-plane call over HTTP, as users make it (`GET state`, `POST clock`…). */
  control<T>(route: string, method = "GET", body?: unknown): Promise<T> {
    return emulatorControl<T>(this.emulator.url, route, method, body);
  }

  /** `GET /_emulator/state`, over HTTP as users read it. */
  state(): Promise<Record<string, unknown>> {
    return this.control<Record<string, unknown>>("state");
  }
}
