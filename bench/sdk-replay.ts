/**
 * Row 1c's measurement, run in a fresh Node process: the calls a command made (from the emulator's
 * request log), sent again by the official SDKs alone — no Pulumi, no provider code — as many at
 * once as the engine runs operations, against the same emulator. What it takes (loading the SDK
 * included, as the provider process pays it) is the least any provider making those calls through
 * those SDKs can add to the engine's time.
 *
 *   node -r ts-node/register/transpile-only bench/sdk-replay.ts <replay.json>
 *
 * replay.json: { root, endpoint, region, parallel, tencent: {secretId, secretKey}, huawei: {ak, sk, projectId}, calls: ReplayCall[] }
 * Prints { ms, answered, throttled }.
 */
import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
// Loaded before the replay is timed: only the SDKs count.
import { SILENT_LOGGER } from "../provider/transport/huawei";

export type ReplayCall =
  | { protocol: "tc3"; product: string; action: string; region: string; params: Record<string, unknown> }
  | { protocol: "apig"; action: string; method: string; path: string; query?: Record<string, string>; body?: unknown };

export interface ReplayJob {
  /** The benchmark workspace: the SDKs are the copies installed there, beside the provider's. */
  root: string;
  endpoint: string;
  parallel: number;
  tencent: { secretId: string; secretKey: string };
  huawei: { ak: string; sk: string; projectId: string };
  calls: ReplayCall[];
}

export interface ReplayOutcome {
  ms: number;
  answered: number;
  throttled: number;
}

/** The API 3.0 versions of the products the resources call. */
const TC3_VERSIONS: Readonly<Record<string, string>> = { bh: "2023-04-18", iotcloud: "2018-06-14", cfg: "2021-08-20", cat: "2018-04-09" };

interface Tc3Client {
  request(action: string, params: Record<string, unknown>): Promise<unknown>;
}
type Tc3ClientClass = new (config: unknown) => Tc3Client;

interface HuaweiSdk {
  send(call: Extract<ReplayCall, { protocol: "apig" }>): Promise<number>;
}

async function replay(job: ReplayJob): Promise<ReplayOutcome> {
  const started = performance.now();
  const load = createRequire(join(job.root, "package.json"));
  const url = new URL(job.endpoint);
  const agent = new Agent({ keepAlive: true });
  const tc3 = new Map<string, Tc3Client>();
  const tc3Client = (product: string, region: string): Tc3Client => {
    const key = `${product}/${region}`;
    let client = tc3.get(key);
    if (!client) {
      const version = TC3_VERSIONS[product];
      if (!version) throw new Error(`no API 3.0 version known for ${product}`);
      const { Client } = load(`tencentcloud-sdk-nodejs/tencentcloud/services/${product}/v${version.replace(/-/g, "")}/${product}_client`) as { Client: Tc3ClientClass };
      client = new Client({ credential: job.tencent, region, profile: { httpProfile: { endpoint: url.host, protocol: "http://", agent } } });
      tc3.set(key, client);
    }
    return client;
  };
  let huawei: HuaweiSdk | undefined;
  const huaweiSdk = (): HuaweiSdk => (huawei ??= huaweiClient(load, job));

  let answered = 0;
  let throttled = 0;
  const queue = [...job.calls];
  const worker = async () => {
    for (let call = queue.shift(); call; call = queue.shift()) {
      try {
        if (call.protocol === "tc3") await tc3Client(call.product, call.region).request(call.action, call.params);
        else if ((await huaweiSdk().send(call)) === 429) throttled++;
      } catch (error) {
        // An error answer (a task a replayed delete finds gone) is still a full round trip.
        if (/RequestLimitExceeded/.test(String((error as { code?: string }).code ?? ""))) throttled++;
      }
      answered++;
    }
  };
  await Promise.all(Array.from({ length: job.parallel }, worker));
  return { ms: performance.now() - started, answered, throttled };
}

/** The Huawei core assembled as the provider does (no ClientBuilder, no IAM lookups, every status answered). */
function huaweiClient(load: NodeRequire, job: ReplayJob): HuaweiSdk {
  const { BasicCredentials } = load("@huaweicloud/huaweicloud-sdk-core") as typeof import("@huaweicloud/huaweicloud-sdk-core");
  const { HcClient } = load("@huaweicloud/huaweicloud-sdk-core/HcClient") as typeof import("@huaweicloud/huaweicloud-sdk-core/HcClient");
  const { DefaultHttpClient } = load("@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient") as typeof import("@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient");
  const endpoint = job.endpoint.replace(/\/+$/, "");
  const http = new DefaultHttpClient({ logger: SILENT_LOGGER }, [endpoint]);
  const credential = new BasicCredentials().withAk(job.huawei.ak).withSk(job.huawei.sk).withProjectId(job.huawei.projectId);
  const client = new HcClient(http).withCredential(credential).withEndpoints([endpoint]);
  return {
    async send(call) {
      const options = {
        method: call.method,
        url: call.path,
        contentType: "application/json",
        queryParams: call.query ?? {},
        pathParams: {},
        headers: {},
        data: call.body,
        axiosRequestConfig: { validateStatus: () => true },
      };
      const reply = (await client.sendRequest(options as never)) as { httpStatusCode?: number; status?: number };
      return Number(reply.httpStatusCode ?? reply.status ?? 0);
    },
  };
}

if (require.main === module) {
  const job = JSON.parse(readFileSync(process.argv[2], "utf8")) as ReplayJob;
  replay(job).then(
    (outcome) => console.log(JSON.stringify(outcome)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
