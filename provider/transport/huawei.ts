import type { HcClient, HttpRequestOptions } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import type { LogLevel, Logger } from "@huaweicloud/huaweicloud-sdk-core/logger";
import { CloudError, type FailureKind } from "../errors";
import { resolveHuaweiCredentials } from "../credentials";
import { endpointOverride, requestTimeoutSeconds, type HuaweiCredentials } from "../settings";
import { traceCall } from "./debug";
import { withRetries, type CallPolicy } from "./retry";

/**
 * Huawei Cloud REST calls signed and sent by `@huaweicloud/huaweicloud-sdk-core` (there is no
 * generated CPTS client for Node), avoiding the core's traps (reference §0, §2):
 * - the client is assembled by hand (`HcClient` + `DefaultHttpClient`), never `ClientBuilder.build()`,
 *   which writes `~/.huaweicloud/application_id`; and never `withRegion`, which makes the core ask
 *   IAM for the project id (and may create one): the IAM project id comes from the settings;
 * - the endpoint never ends in `/`, which would make the signature cover `//v3/…`;
 * - every status resolves (`validateStatus`), so the body survives: the core's exceptions drop it
 *   and do not read CPTS's `{code, message}`; the body is parsed here, both shapes;
 * - a silent logger, because the core logs every failed request to stdout, headers included.
 */

/** A Huawei Cloud service: its endpoint is `https://{service}.{region}.myhuaweicloud.com`. */
export interface HuaweiApi {
  service: string;
  /** Codes (any HTTP status) that mean "this resource does not exist", e.g. CPTS's 403 `SVCSTG.CPTS.4032002`. */
  goneCodes: readonly string[];
}

export interface HuaweiRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The documented path; `{project_id}` (the IAM project id) is filled by the core from the credentials. */
  path: string;
  /** The other path parameters, encoded here. */
  pathParams?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  /** The documented success statuses. */
  ok: readonly number[];
}

export interface HuaweiResponse {
  status: number;
  /** The JSON body, `{}` when empty. */
  body: Record<string, unknown>;
  requestId?: string;
}

export interface HuaweiCallOptions<T> extends Omit<CallPolicy<T>, "rateLimit"> {
  /** Requests per second for the action; paced client-side. */
  rateLimit?: number;
}

const USER_AGENT = "pulumi-cloudtasks";

/** The core logs failures with request headers to stdout; a provider's stdout is the user's console. */
export const SILENT_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => "error" as LogLevel.ERROR,
  setName: () => undefined,
};

/** What reaches us instead of axios' parsed data: the raw text and the request id header. */
interface RawReply {
  text: string;
  requestId?: string;
}

/** Per-request axios settings; `HttpRequestOptions` does not declare the key the core honours. */
type SendOptions = HttpRequestOptions & {
  axiosRequestConfig: {
    timeout: number;
    validateStatus: () => boolean;
    transformResponse: (data: unknown, headers: Record<string, unknown>) => RawReply;
  };
};

/** The base URL, without a trailing slash (the core would sign `//path`). */
export function huaweiEndpoint(api: HuaweiApi, region: string): string {
  const override = endpointOverride();
  const base = override ? override.origin : `https://${api.service}.${region}.myhuaweicloud.com`;
  return base.replace(/\/+$/, "");
}

/** Fills the path parameters other than `{project_id}`, encoded (the core inserts them raw). */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? encodeURIComponent(String(params[name])) : whole));
}

/** Drops absent values: the core would sign them as "undefined" but send them empty. */
function queryOf(query: HuaweiRequest["query"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) out[k] = String(v);
  return out;
}

function toRawReply(data: unknown, headers: Record<string, unknown>): RawReply {
  const text = typeof data === "string" ? data : Buffer.isBuffer(data) ? data.toString("utf8") : data === undefined || data === null ? "" : JSON.stringify(data);
  const id = headers["x-request-id"];
  return { text, requestId: typeof id === "string" && id !== "" ? id : undefined };
}

/** The SDK core, loaded at the first call (a preview that only checks and diffs never pays for it). */
async function sdkCore() {
  const [root, hc, http] = await Promise.all([
    import("@huaweicloud/huaweicloud-sdk-core"),
    import("@huaweicloud/huaweicloud-sdk-core/HcClient"),
    import("@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient"),
  ]);
  return { BasicCredentials: root.BasicCredentials, HcClient: hc.HcClient, DefaultHttpClient: http.DefaultHttpClient };
}
type SdkCore = Awaited<ReturnType<typeof sdkCore>>;

/** A fresh client per attempt from the credentials in force now: nothing is cached or captured. */
function clientFor({ BasicCredentials, HcClient, DefaultHttpClient }: SdkCore, api: HuaweiApi, region: string, { ak, sk, projectId, securityToken }: HuaweiCredentials): HcClient {
  const endpoint = huaweiEndpoint(api, region);
  const http = new DefaultHttpClient({ logger: SILENT_LOGGER, headers: { "User-Agent": USER_AGENT } }, [endpoint]);
  const credential = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId).withSecurityToken(securityToken);
  return new HcClient(http).withCredential(credential).withEndpoints([endpoint]);
}

/** The two error shapes: CPTS `{code, message}`, the gateway's `{error_code, error_msg}` (and `{error:{code,message}}`). */
export function errorFields(body: Record<string, unknown>, text: string): { code?: string; message?: string; requestId?: string } {
  const nested = typeof body.error === "object" && body.error !== null ? (body.error as Record<string, unknown>) : {};
  const str = (...values: unknown[]) => values.find((v): v is string => typeof v === "string" && v !== "");
  const bare = text.trim() !== "" && Object.keys(body).length === 0 ? text.trim().slice(0, 300) : undefined;
  return {
    code: str(body.code, body.error_code, nested.code),
    message: str(body.message, body.error_msg, nested.message) ?? bare,
    requestId: str(body.request_id),
  };
}

/** How a Huawei failure may be handled (see `FailureKind`). */
export function classifyHuaweiFailure(status: number | undefined, code: string | undefined, message: string, goneCodes: readonly string[]): FailureKind {
  // No answer: a refused connection never reached the cloud; a timeout or reset may have acted.
  if (status === undefined) return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(message) ? "transient" : "ambiguous";
  if (status === 429 || code === "APIGW.0308") return "throttle";
  if (code !== undefined && goneCodes.includes(code)) return "notFound";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return code === "APIGW.0101" ? "client" : "notFound";
  if (status === 503) return "transient";
  if (status >= 500) return "ambiguous";
  return "client";
}

/** A success status whose body still carries a non-success code is a failure. */
function isSuccessCode(code: unknown): boolean {
  return code === undefined || (typeof code === "string" && /0{7}$/.test(code));
}

function parseJson(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The core's own exception (no answer, or a failure before sending), duck-typed. */
interface CoreException {
  httpStatusCode?: number | string;
  errorMsg?: string;
  errorCode?: string;
  requestId?: string;
}

async function sendOnce(api: HuaweiApi, action: string, region: string, request: HuaweiRequest, credentials: HuaweiCredentials): Promise<HuaweiResponse> {
  const core = await sdkCore();
  const client = clientFor(core, api, region, credentials);
  const options: SendOptions = {
    method: request.method,
    url: fillPath(request.path, request.pathParams),
    contentType: "application/json",
    queryParams: queryOf(request.query),
    pathParams: {},
    headers: {},
    axiosRequestConfig: {
      timeout: requestTimeoutSeconds() * 1000,
      validateStatus: () => true,
      transformResponse: toRawReply,
    },
  };
  // Objects only: a string body would be signed as JSON.stringify(string) and fail verification.
  if (request.body !== undefined && (request.method === "POST" || request.method === "PUT")) options.data = request.body;
  let reply: RawReply & { httpStatusCode?: number };
  try {
    reply = (await client.sendRequest(options)) as unknown as RawReply & { httpStatusCode?: number };
  } catch (raw) {
    // Only the core's ServiceResponseException means "sent, no answer"; anything else is a bug to surface as is.
    if (!(raw instanceof Error) || !("errorMsg" in raw)) throw raw;
    const e = raw as CoreException & Error;
    const message = e.errorMsg || e.message || String(raw);
    throw new CloudError({
      cloud: "huawei",
      service: api.service,
      action,
      kind: classifyHuaweiFailure(undefined, undefined, message, api.goneCodes),
      message,
      requestId: e.requestId,
    });
  } finally {
    // The core keeps the last request and response (headers included) in statics; let them go.
    core.DefaultHttpClient.httpReqParam = undefined;
    core.DefaultHttpClient.httpResponse = undefined;
  }
  const status = Number(reply.httpStatusCode);
  const text = typeof reply.text === "string" ? reply.text : "";
  const body = parseJson(text);
  if (request.ok.includes(status) && isSuccessCode(body.code)) return { status, body, requestId: reply.requestId };
  const fields = errorFields(body, text);
  throw new CloudError({
    cloud: "huawei",
    service: api.service,
    action,
    kind: classifyHuaweiFailure(status, fields.code, fields.message ?? "", api.goneCodes),
    code: fields.code,
    message: fields.message ?? `HTTP ${status}`,
    requestId: reply.requestId ?? fields.requestId,
    httpStatus: status,
  });
}

/** One Huawei REST call through the SDK core, with pacing, retries (each attempt signed afresh) and error mapping. */
export function callHuawei<T>(
  api: HuaweiApi,
  action: string,
  region: string,
  request: HuaweiRequest,
  parse: (response: HuaweiResponse) => T,
  options: HuaweiCallOptions<T>,
): Promise<T> {
  const credentials = resolveHuaweiCredentials();
  const rateLimit =
    options.rateLimit === undefined
      ? undefined
      : { key: `huawei/${api.service}/${region}/${credentials.ak}/${action}`, perSecond: options.rateLimit };
  return withRetries(
    async () => parse(await traceCall(`${api.service}:${action}`, region, () => sendOnce(api, action, region, request, credentials), (r) => r.requestId)),
    (error) => error,
    { ...options, rateLimit },
  );
}
