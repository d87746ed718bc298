import { createHmac, randomInt } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { CloudError, type CloudErrorFields, type FailureKind } from "../errors";
import { resolveTencentCredentials } from "../credentials";
import { endpointOverride, requestTimeoutSeconds, type TencentCredentials } from "../settings";
import { traceCall } from "./debug";
import { withRetries, type CallPolicy } from "./retry";
import { classifyTransportFailure, keepAliveAgent } from "./tencent";

/*
 * Tencent Cloud API 2.0 (`<product>api.api.qcloud.com/v2/index.php`): HMAC-signed query strings,
 * answered HTTP 200 with `{code, message, codeDesc, …}`. The official SDK does not speak it, so
 * the signer lives here, proven against the published vectors and against `@tencent-sdk/capi`'s
 * `tencentSignV1` in test/unit/tc2-signer.test.ts. That package is not shipped: its `Capi.request`
 * brings `got`, its 16-bit `Math.random` nonce collides within the replay window, it adds
 * `Version`/`RequestClient` parameters, and without an explicit `signatureMethod` it signs with
 * SHA-256 but sends no `SignatureMethod`, which the cloud then checks as SHA-1.
 *
 * Tencent announced API 2.0's retirement for 2023: every host here is overridable through
 * `cloudtasks:endpoint` / `CLOUDTASKS_ENDPOINT`.
 */

export type Tc2SignatureMethod = "HmacSHA256" | "HmacSHA1";
export type Tc2Method = "GET" | "POST";
export type Tc2Scalar = string | number | boolean;
/** Action parameters: arrays become indexed parameters (`taskId.0`, `taskId.1`); undefined is left out. */
export type Tc2Params = Record<string, Tc2Scalar | readonly Tc2Scalar[] | undefined>;

export const TC2_PATH = "/v2/index.php";

/** Flat, string-valued parameters, arrays expanded to `name.N`. */
export function flattenParams(params: Tc2Params): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((item: Tc2Scalar, i) => (flat[`${name}.${i}`] = String(item)));
    else flat[name] = String(value);
  }
  return flat;
}

/** Byte order, as the reference PHP signer's case-sensitive `ksort`: `Z` sorts before `a`. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * `METHOD + host + path + "?" + k=v&…`: every parameter but `Signature`, sorted by name, values
 * raw (not URL-encoded), `_` in names written as `.` (the documented `Placement_Zone` rule).
 */
export function tc2StringToSign(method: Tc2Method, host: string, path: string, params: Record<string, string>): string {
  const query = Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort(byteOrder)
    .map((name) => `${name.replace(/_/g, ".")}=${params[name]}`)
    .join("&");
  return `${method}${host}${path}?${query}`;
}

/** Base64 HMAC of the string to sign; not URL-encoded yet. */
export function tc2Signature(secretKey: string, stringToSign: string, signatureMethod: Tc2SignatureMethod): string {
  return createHmac(signatureMethod === "HmacSHA256" ? "sha256" : "sha1", secretKey)
    .update(stringToSign, "utf8")
    .digest("base64");
}

export interface Tc2RequestInput {
  action: string;
  params: Tc2Params;
  credentials: TencentCredentials;
  /** Omitted from the request when empty (CAT's 3.0 docs say Region is not needed). */
  region?: string;
  /** The endpoint's base URL, e.g. `https://catapi.api.qcloud.com`; the path is always `/v2/index.php`. */
  baseUrl: URL;
  method?: Tc2Method;
  signatureMethod?: Tc2SignatureMethod;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Random positive integer; a fresh 31-bit one by default, so a nonce never repeats within the replay window. */
  nonce?: number;
}

export interface Tc2Request {
  url: string;
  init: { method: Tc2Method; headers: Record<string, string>; body?: string };
  /** Every parameter sent, Signature included (tests read it). */
  params: Record<string, string>;
  stringToSign: string;
}

/**
 * One signed API 2.0 request. POST (the default) keeps values such as cookies out of URLs and
 * access logs; GET puts every value, URL-encoded, in the query. The signed host is the URL's host
 * as sent in the Host header (with its port when not the default one).
 */
export function buildTc2Request(input: Tc2RequestInput): Tc2Request {
  const method = input.method ?? "POST";
  const signatureMethod = input.signatureMethod ?? "HmacSHA256";
  const params = flattenParams({
    ...input.params,
    Action: input.action,
    Region: input.region || undefined,
    Timestamp: input.timestamp ?? Math.floor(Date.now() / 1000),
    Nonce: input.nonce ?? randomInt(1, 2 ** 31),
    SecretId: input.credentials.secretId,
    SignatureMethod: signatureMethod,
    Token: input.credentials.token || undefined,
  });
  const url = new URL(TC2_PATH, input.baseUrl);
  const stringToSign = tc2StringToSign(method, url.host, url.pathname, params);
  params.Signature = tc2Signature(input.credentials.secretKey, stringToSign, signatureMethod);
  const encoded = new URLSearchParams(params).toString();
  if (method === "GET") return { url: `${url.href}?${encoded}`, init: { method, headers: {} }, params, stringToSign };
  return {
    url: url.href,
    init: { method, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: encoded },
    params,
    stringToSign,
  };
}

/** The API 2.0 envelope: `code` 0 is success; everything else is the action's own fields. */
export interface Tc2Envelope {
  code: number;
  message: string;
  codeDesc: string;
  [field: string]: unknown;
}

/**
 * How an API 2.0 `code` may be handled (CVM 213/6982 common codes, CAT's own 1xxxx/2xxxx):
 * 4400 is "the number of requests exceeded the quota", i.e. throttling; 4100–4110 and 4200/4300
 * are credential, permission or clock problems; 4500 is a replayed nonce or a skewed clock — our
 * nonces are fresh, so it is the clock; 5000 and CAT's 20002 mean the resource does not exist;
 * CAT's 11000 (DB operation failed) and 20004 (probe service call failed) may have acted.
 */
export function classifyTc2Code(code: number, goneCodes: readonly number[] = []): FailureKind {
  if (code === 4400) return "throttle";
  if (goneCodes.includes(code) || code === 5000 || code === 20002) return "notFound";
  if ((code >= 4100 && code < 4200) || code === 4200 || code === 4300 || code === 4500) return "auth";
  if (code === 5100 || code === 11000 || code === 20004) return "ambiguous";
  return "client";
}

/** A failed API 2.0 call: the cloud's numeric code and its `codeDesc` beside the message. */
export class Tc2CloudError extends CloudError {
  readonly codeDesc?: string;

  constructor(fields: CloudErrorFields & { codeDesc?: string }) {
    // `InvalidResource: task 7 does not exist (20002)`: all three parts the cloud answered.
    const message = [fields.codeDesc, fields.message].filter((s) => s).join(": ");
    super({ ...fields, message: message || "no message" });
    this.codeDesc = fields.codeDesc;
  }
}

/** What one HTTP exchange answered. */
interface HttpAnswer {
  status: number;
  statusText: string;
  text: string;
}

/**
 * One HTTP exchange through node's http/https and the keep-alive agents the SDK clients use. Not
 * `fetch`: loading undici for CatTask's calls alone added ~30 MB to the provider process's peak RSS
 * (100 CatTasks' `up`: 173 MB with it, 139 MB without; issue 14's memory row). A refused or reset connection rejects with node's message, which names its code
 * (`connect ECONNREFUSED …`); the timeout covers the whole exchange, the body included.
 */
function exchange(url: string, init: Tc2Request["init"], timeoutMs: number): Promise<HttpAnswer> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const headers: Record<string, string | number> = { ...init.headers };
  if (init.body !== undefined) headers["Content-Length"] = Buffer.byteLength(init.body);
  return new Promise((resolve, reject) => {
    const req = send(target, { method: init.method, headers, agent: keepAliveAgent(target.protocol), signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

export interface Tc2Api {
  /** Short service name for errors and rate-limit keys, e.g. `cat`. */
  service: string;
  /** The real API 2.0 host, e.g. `catapi.api.qcloud.com`. */
  host: string;
}

export interface Tc2CallOptions<T> extends Omit<CallPolicy<T>, "rateLimit"> {
  /** Requests per second to pace this action under. */
  rateLimit?: number;
  /** Product codes that mean "this resource does not exist". */
  goneCodes?: readonly number[];
  method?: Tc2Method;
  signatureMethod?: Tc2SignatureMethod;
}

/** The base URL in force right now: the endpoint override (e.g. the emulator) or the product's host. */
export function tc2BaseUrl(api: Tc2Api): URL {
  const override = endpointOverride();
  return override ? new URL(`${override.protocol}//${override.host}`) : new URL(`https://${api.host}`);
}

/** Sends one signed attempt and opens the envelope; any failure is thrown as a CloudError. */
async function attemptTc2(
  api: Tc2Api,
  action: string,
  region: string,
  params: Tc2Params,
  options: Tc2CallOptions<unknown>,
  credentials: TencentCredentials,
): Promise<Tc2Envelope> {
  const request = buildTc2Request({
    action,
    params,
    region,
    credentials,
    baseUrl: tc2BaseUrl(api),
    method: options.method,
    signatureMethod: options.signatureMethod,
  });
  const fail = (kind: FailureKind, message: string, extra: Partial<CloudErrorFields> & { codeDesc?: string } = {}) =>
    new Tc2CloudError({ cloud: "tencent", service: api.service, action, kind, message, ...extra });
  let response: HttpAnswer;
  try {
    response = await exchange(request.url, request.init, requestTimeoutSeconds() * 1000);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw fail(classifyTransportFailure(message), message);
  }
  const text = response.text;
  if (response.status !== 200) throw fail(classifyTransportFailure(response.statusText, response.status), response.statusText || "HTTP error", { httpStatus: response.status });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A 200 that is not the envelope: a proxy or a gateway answered; the action may have run.
    throw fail("ambiguous", "the API answered HTTP 200 with a body that is not JSON", { httpStatus: 200 });
  }
  if (typeof body !== "object" || body === null || !("code" in body)) throw fail("ambiguous", "the API answered without a code", { httpStatus: 200 });
  const envelope = body as Tc2Envelope;
  const code = Number(envelope.code);
  if (code !== 0) {
    throw fail(classifyTc2Code(code, options.goneCodes), String(envelope.message ?? ""), {
      code: String(envelope.code),
      codeDesc: typeof envelope.codeDesc === "string" ? envelope.codeDesc : undefined,
    });
  }
  return envelope;
}

/** One API 2.0 action, with pacing, retries (each attempt signed afresh) and error mapping. */
export async function callTc2(api: Tc2Api, action: string, region: string, params: Tc2Params, options: Tc2CallOptions<Tc2Envelope>): Promise<Tc2Envelope> {
  const credentials = await resolveTencentCredentials();
  const rateLimit =
    options.rateLimit === undefined
      ? undefined
      : { key: `tencent-v2/${api.service}/${region}/${credentials.secretId}/${action}`, perSecond: options.rateLimit };
  return withRetries(
    () => traceCall(`${api.service}:${action}`, region, () => attemptTc2(api, action, region, params, options as Tc2CallOptions<unknown>, credentials)),
    (error) => error,
    { ...options, rateLimit },
  );
}
