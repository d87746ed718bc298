import { tencentSignV1 } from "@tencent-sdk/capi";
import { DEMO_TENCENT_CREDENTIAL } from "../../emulator/config";

export interface CatApiOptions {
  method?: "GET" | "POST";
  signatureMethod?: "sha1" | "sha256";
  region?: string;
  secretId?: string;
  secretKey?: string;
}

export type CatApiAnswer = Record<string, unknown> & { code: number; message: string; codeDesc?: string };

/**
 * One API 2.0 call to the emulator, signed by `@tencent-sdk/capi`'s `tencentSignV1` (an
 * implementation independent of ours) and sent as that library sends it: for out-of-band changes
 * and checks in tests.
 */
export async function catApi(baseUrl: string, action: string, params: Record<string, string | number> = {}, options: CatApiOptions = {}): Promise<CatApiAnswer> {
  const url = new URL(baseUrl);
  const method = options.method ?? "POST";
  let signed: ReturnType<typeof tencentSignV1>;
  do {
    // capi draws Nonce from 0..65535; the API wants a positive one.
    signed = tencentSignV1(
      { Action: action, ...params },
      {
        host: url.host,
        path: "/v2/index.php",
        protocol: url.protocol.replace(":", ""),
        method,
        serviceType: "cat",
        region: options.region ?? "ap-guangzhou",
        secretId: options.secretId ?? DEMO_TENCENT_CREDENTIAL.secretId,
        secretKey: options.secretKey ?? DEMO_TENCENT_CREDENTIAL.secretKey,
        signatureMethod: options.signatureMethod ?? "sha256",
      },
    );
  } while (signed.payload.Nonce === 0);
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(signed.payload)) form.set(k, v === undefined || v === null ? "" : String(v));
  const res =
    method === "GET"
      ? await fetch(`${signed.url}?${form.toString()}`)
      : await fetch(signed.url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString() });
  return (await res.json()) as CatApiAnswer;
}

/** A task made out of band, the documented way: verify, poll until done, create, run. */
export async function createTaskOutOfBand(baseUrl: string, fields: Record<string, string | number>, region = "ap-guangzhou"): Promise<number> {
  const started = await catApi(baseUrl, "SimpleVerifyCatTask", fields, { region });
  if (started.code !== 0) throw new Error(`SimpleVerifyCatTask: ${JSON.stringify(started)}`);
  for (;;) {
    const result = await catApi(baseUrl, "VerifyCatResult", { resultId: String(started.resultId) }, { region });
    if (result.errorReason === "") break;
    if (result.errorReason !== "验证尚未完成") throw new Error(`verification failed: ${JSON.stringify(result)}`);
  }
  const taskId = Number(started.taskId);
  const created = await catApi(baseUrl, "CreateCatTask", { ...fields, taskId }, { region });
  if (created.code !== 0) throw new Error(`CreateCatTask: ${JSON.stringify(created)}`);
  const run = await catApi(baseUrl, "RunCatTask", { taskId }, { region });
  if (run.code !== 0) throw new Error(`RunCatTask: ${JSON.stringify(run)}`);
  return taskId;
}

/** Every task DescribeCatTaskList reports (one page of 100 is plenty in tests). */
export async function listTasks(baseUrl: string, region = "ap-guangzhou"): Promise<Array<Record<string, unknown>>> {
  const page = await catApi(baseUrl, "DescribeCatTaskList", { offset: 0, limit: 100 }, { region });
  if (page.code !== 0) throw new Error(`DescribeCatTaskList: ${JSON.stringify(page)}`);
  return page.tasks as Array<Record<string, unknown>>;
}
