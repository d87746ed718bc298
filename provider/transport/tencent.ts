import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { ClientConfig } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface";
import { CloudError, type FailureKind } from "../errors";
import { resolveTencentCredentials } from "../credentials";
import { endpointOverride, requestTimeoutSeconds, type TencentCredentials } from "../settings";
import { traceCall, tracedClient } from "./debug";
import { withRetries, type CallPolicy } from "./retry";

/**
 * A Tencent Cloud API 3.0 product, reached through its official per-product SDK client. The client
 * module is loaded at the first call, not when the resource module is: a program that declares
 * resources, and a preview that only checks and diffs them, never pay for the SDK.
 */
export interface TencentApi<C> {
  service: string;
  version: string;
  loadClient(): Promise<new (config: ClientConfig) => C>;
}

/** The SDK's exception, duck-typed (the class is not exported from the package root). */
interface TencentSdkException {
  code?: string;
  message: string;
  requestId?: string;
  httpCode?: number;
}

function isSdkException(error: unknown): error is TencentSdkException {
  return error instanceof Error && error.name !== "CloudError" && ("requestId" in error || "httpCode" in error || "code" in error);
}

/** Codes the cloud answers before acting, so any call may retry them. */
const TRANSIENT_CODES = [/^RequestLimitExceeded/, /^ResourceInUse/, /^ResourceUnavailable/, /^FailedOperation\.TooFrequent$/];

export function classifyTencentCode(code: string, goneCodes: readonly string[] = []): FailureKind {
  if (code.startsWith("RequestLimitExceeded")) return "throttle";
  if (TRANSIENT_CODES.some((re) => re.test(code))) return "transient";
  if (goneCodes.includes(code) || code.startsWith("ResourceNotFound")) return "notFound";
  if (code.startsWith("AuthFailure") || code.startsWith("UnauthorizedOperation")) return "auth";
  // The cloud may have acted before failing internally: only idempotent calls retry it.
  if (code.startsWith("InternalError")) return "ambiguous";
  return "client";
}

export function classifyTransportFailure(message: string, httpStatus?: number): FailureKind {
  if (httpStatus !== undefined) {
    if (httpStatus === 429) return "throttle";
    if (httpStatus === 503) return "transient";
    if (httpStatus >= 500) return "ambiguous";
    return "client";
  }
  // Refused connections and DNS failures never reached the cloud.
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(message)) return "transient";
  return "ambiguous";
}

function toCloudError(api: TencentApi<unknown>, action: string, error: unknown, goneCodes: readonly string[]): unknown {
  if (!isSdkException(error)) return error;
  const httpStatus = error.httpCode;
  const kind = error.code ? classifyTencentCode(error.code, goneCodes) : classifyTransportFailure(error.message, httpStatus);
  return new CloudError({
    cloud: "tencent",
    service: api.service,
    action,
    kind,
    code: error.code,
    message: error.message,
    requestId: error.requestId || undefined,
    httpStatus: error.code ? undefined : httpStatus,
  });
}

const keepAliveAgents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** The connections kept open between calls for a URL protocol (`http:` or `https:`): shared by the SDK clients and the API 2.0 transport. */
export function keepAliveAgent(protocol: string): HttpAgent {
  return protocol === "http:" ? keepAliveAgents.http : keepAliveAgents.https;
}

/** Builds a fresh client from the credentials and endpoint in force right now. */
function clientFor<C>(Client: new (config: ClientConfig) => C, api: TencentApi<C>, region: string, credential: TencentCredentials): C {
  const override = endpointOverride();
  const httpProfile: NonNullable<ClientConfig["profile"]>["httpProfile"] = {
    endpoint: override ? override.host : `${api.service}.tencentcloudapi.com`,
    protocol: override ? `${override.protocol}//` : "https://",
    reqTimeout: requestTimeoutSeconds(),
  };
  // An explicit agent keeps an ambient http_proxy from capturing calls to a local endpoint.
  if (override) httpProfile.agent = keepAliveAgent(override.protocol);
  return new Client({ credential, region, profile: { httpProfile } });
}

export interface TencentCallOptions<T> extends Omit<CallPolicy<T>, "rateLimit"> {
  /** Documented requests per second for the action. */
  rateLimit?: number;
  /** Product codes that mean "this resource does not exist". */
  goneCodes?: readonly string[];
}

/** One API 3.0 action through the official SDK, with pacing, retries and error mapping. */
export async function callTencent<C, T>(
  api: TencentApi<C>,
  action: string,
  region: string,
  send: (client: C) => Promise<T>,
  options: TencentCallOptions<T>,
): Promise<T> {
  const credentials = await resolveTencentCredentials();
  const Client = await api.loadClient();
  const rateLimit =
    options.rateLimit === undefined
      ? undefined
      : { key: `tencent/${api.service}/${region}/${credentials.secretId}/${action}`, perSecond: options.rateLimit };
  return withRetries(
    () => traceCall(`${api.service}:${action}`, region, (seen) => send(tracedClient(clientFor(Client, api, region, credentials), seen))),
    (error) => toCloudError(api, action, error, options.goneCodes ?? []),
    { ...options, rateLimit },
  );
}
