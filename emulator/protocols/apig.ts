import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { injectedFault, type EmulatorCloud } from "../cloud";
import type { HuaweiCredential } from "../config";
import { ApigError, apigErrors, CPTS_SUCCESS_CODE, CptsError, cptsErrors, statusForCode } from "../huawei/errors";
import type { HuaweiProduct, HuaweiRoute, RouteRequest } from "../huawei/product";
import { header, json, type ProtocolLayer, type WireRequest, type WireResponse } from "./types";

/**
 * Huawei Cloud's API gateway (APIG) in front of REST services: SDK-HMAC-SHA256 verified as the
 * gateway does (reference §3), `{error_code, error_msg, request_id}` for what the gateway refuses,
 * the service's own `{code, message}` for what the service refuses, `X-Request-Id` on every answer.
 */

const ALGORITHM = "SDK-HMAC-SHA256";
const MAX_SKEW_MS = 15 * 60_000;
/** APIG's default request body limit (12 MB). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;
const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** The SDK's `urlEncode`: UTF-8 percent-encoding of everything but `A-Z a-z 0-9 - _ . ~`. */
export function apigUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** CanonicalURI: each segment of the wire path encoded again (so `%` becomes `%25`), then a trailing `/`. */
export function canonicalUri(wirePath: string): string {
  const joined = wirePath.split("/").map(apigUrlEncode).join("/");
  return joined.endsWith("/") ? joined : `${joined}/`;
}

/** CanonicalQueryString: keys sorted, then each key's values sorted, `k=v` encoded, joined with `&`. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of pairs) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  return [...byKey.keys()]
    .sort()
    .flatMap((k) => (byKey.get(k) ?? []).sort().map((v) => `${apigUrlEncode(k)}=${apigUrlEncode(v)}`))
    .join("&");
}

export interface ApigSigningInput {
  method: string;
  /** The request path as it travelled (percent-encoded). */
  wirePath: string;
  /** Decoded query pairs, in any order. */
  query: ReadonlyArray<readonly [string, string]>;
  /** The signed headers, lower-case name → value as sent (not trimmed). */
  headers: ReadonlyArray<readonly [string, string]>;
  /** `SignedHeaders` as the client listed them. */
  signedHeaderNames: string;
  /** Hex SHA-256 of the body, or the `X-Sdk-Content-Sha256` value. */
  payloadHash: string;
  /** The `X-Sdk-Date` value, `YYYYMMDDTHHmmssZ`. */
  date: string;
  sk: string;
}

/** The canonical request, string to sign and signature of SDK-HMAC-SHA256 (AKSKSigner.js). */
export function apigSign(input: ApigSigningInput): { canonicalRequest: string; stringToSign: string; signature: string } {
  // The Node signer sorts its canonical headers with localeCompare on the lower-case names, the Go
  // signer by byte order (and trims values); the names APIG signs sort the same either way.
  const headers = [...input.headers].sort(([a], [b]) => a.localeCompare(b));
  const canonicalHeaders = headers.map(([k, v]) => `${k}:${v.trim()}\n`).join("");
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.wirePath),
    canonicalQuery(input.query),
    canonicalHeaders,
    input.signedHeaderNames,
    input.payloadHash,
  ].join("\n");
  const stringToSign = [ALGORITHM, input.date, sha256Hex(canonicalRequest)].join("\n");
  return { canonicalRequest, stringToSign, signature: apigSignature(input.sk, stringToSign) };
}

/** Signature = hex HMAC-SHA256 keyed with the SK (UTF-8) over the string to sign. */
export function apigSignature(sk: string, stringToSign: string): string {
  return createHmac("sha256", sk).update(stringToSign).digest("hex");
}

export interface ParsedApigAuthorization {
  ak: string;
  signedHeaders: string[];
  signedHeaderNames: string;
  signature: string;
}

export function parseApigAuthorization(value: string | undefined): ParsedApigAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(value ?? "");
  if (!m) return undefined;
  return { ak: m[1], signedHeaderNames: m[2], signedHeaders: m[2].split(";"), signature: m[3] };
}

/** `YYYYMMDDTHHmmssZ` → epoch ms, or undefined when malformed. */
export function parseSdkDate(value: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

interface CompiledRoute {
  product: HuaweiProduct;
  route: HuaweiRoute;
  pattern: RegExp;
  names: string[];
}

function compile(product: HuaweiProduct, route: HuaweiRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]);
      return "([^/]+)";
    })
    .join("/");
  return { product, route, pattern: new RegExp(`^${source}$`), names };
}

interface Resolved {
  compiled: CompiledRoute;
  /** Decoded path parameters, `project_id` included. */
  path: Record<string, string>;
}

type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; error: CptsError; text: string };

function parseBody(req: WireRequest): ParsedBody {
  const text = req.body.toString("utf8");
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { ok: false, error: cptsErrors.invalidParameter("the request body must be a JSON object."), text };
}

function queryPairs(req: WireRequest): Array<[string, string]> {
  return [...new URLSearchParams(req.rawQuery).entries()];
}

const codeOf = (error: unknown): string =>
  error instanceof ApigError || error instanceof CptsError ? error.code : (injectedFault(error)?.code ?? cptsErrors.unknown().code);

export class ApigProtocol implements ProtocolLayer {
  readonly name = "apig";
  private readonly routes: CompiledRoute[];

  constructor(
    private readonly cloud: EmulatorCloud,
    products: HuaweiProduct[],
  ) {
    this.routes = products.flatMap((p) => p.routes.map((r) => compile(p, r)));
  }

  /**
   * Huawei REST paths are `/v<N>/{project_id}/…`: a version, a project and at least one more
   * segment, which also keeps Tencent API 2.0's `/v2/index.php` out whatever the layer order.
   */
  matches(req: WireRequest): boolean {
    return /^\/v\d+\/[^/]+\/./.test(req.path);
  }

  async handle(req: WireRequest): Promise<WireResponse> {
    let resolved: Resolved;
    let credential: HuaweiCredential;
    try {
      if (req.bodySize > MAX_BODY_BYTES) throw apigErrors.tooLarge(MAX_BODY_BYTES);
      resolved = this.resolve(req);
      credential = this.verify(req, resolved.path.project_id);
    } catch (error) {
      const e = error instanceof ApigError ? error : apigErrors.iamAuth(String(error));
      const requestId = randomUUID();
      this.cloud.logRefused({ protocol: this.name, keyId: parseApigAuthorization(header(req, "authorization"))?.ak, outcome: e.code, requestId });
      return gatewayError(requestId, e);
    }

    const { compiled, path } = resolved;
    const { route, product } = compiled;
    const body = parseBody(req);
    const query = queryPairs(req);
    const params: Record<string, unknown> = {};
    const pathParams = Object.fromEntries(Object.entries(path).filter(([k]) => k !== "project_id"));
    if (Object.keys(pathParams).length) params.path = pathParams;
    if (query.length) params.query = Object.fromEntries(query);
    if (req.body.length) params.body = body.ok ? body.value : body.text;
    const iamProjectId = path.project_id;
    const request: RouteRequest = { path, query: new URLSearchParams(req.rawQuery), body: body.ok ? body.value : {} };

    const outcome = await this.cloud.invoke(
      {
        protocol: this.name,
        product: product.name,
        action: route.action,
        // The IAM project id names one region of one account: CPTS state is kept per project.
        region: iamProjectId,
        keyId: credential.ak,
        account: credential.account,
        params,
        rateLimit: route.rateLimit,
        mutates: route.mutates,
      },
      codeOf,
      () => {
        if (!body.ok) throw body.error;
        return route.handler({ account: credential.account, iamProjectId, store: this.cloud.store, now: () => this.cloud.now() }, request);
      },
    );
    switch (outcome.kind) {
      case "ok":
        if (outcome.value === undefined || route.status === 204) return { status: route.status, headers: { "X-Request-Id": outcome.requestId }, body: "" };
        return json(route.status, { code: CPTS_SUCCESS_CODE, message: "success", ...outcome.value }, { "X-Request-Id": outcome.requestId });
      case "throttled":
        return gatewayError(outcome.requestId, apigErrors.throttled(Math.max(1, Math.floor((route.rateLimit ?? 0) * this.cloud.config.rateLimitScale))));
      case "http-status":
        return json(outcome.status, { message: "injected gateway failure" }, { "X-Request-Id": outcome.requestId });
      case "drop":
        return { status: 0, headers: {}, body: "", drop: true };
      case "error":
        return errorResponse(outcome.requestId, outcome.error);
    }
  }

  /** The gateway finds the API first: an unknown method and path is APIGW.0101 whatever the signature. */
  private resolve(req: WireRequest): Resolved {
    const method = req.method.toUpperCase();
    for (const compiled of this.routes) {
      if (compiled.route.method !== method) continue;
      const m = compiled.pattern.exec(req.path);
      if (!m) continue;
      const path: Record<string, string> = {};
      try {
        compiled.names.forEach((name, i) => (path[name] = decodeURIComponent(m[i + 1])));
      } catch {
        continue;
      }
      return { compiled, path };
    }
    throw apigErrors.apiNotFound();
  }

  /** The reference's recipe (§3): parse, look the AK up, check the date window, recompute, compare, then the project. */
  private verify(req: WireRequest, urlProjectId: string): HuaweiCredential {
    const auth = parseApigAuthorization(header(req, "authorization"));
    if (!auth) throw apigErrors.iamAuth("the Authorization header is missing or not SDK-HMAC-SHA256");
    const credential = this.cloud.config.huawei.find((c) => c.ak === auth.ak);
    if (!credential) throw apigErrors.iamAuth(`ak ${auth.ak} not exist`);
    // X-Sdk-Date binds the signature to a time, so it must be signed. Host need not be: the Go
    // signer lists only the headers it set itself (x-project-id;x-sdk-date), and the gateway takes it.
    if (!auth.signedHeaders.includes("x-sdk-date")) throw apigErrors.iamAuth("x-sdk-date must be signed");
    const date = header(req, "x-sdk-date");
    const signedAt = parseSdkDate(date);
    if (signedAt === undefined) throw apigErrors.appAuth("X-Sdk-Date is missing or not YYYYMMDDTHHmmssZ");
    // Wall time: the emulator's adjustable clock times runs, never signatures.
    if (Math.abs(Date.now() - signedAt) > MAX_SKEW_MS) {
      throw apigErrors.appAuth("X-Sdk-Date is more than 15 minutes away from the gateway's time");
    }
    const expected = apigSign({
      method: req.method,
      wirePath: req.path,
      query: queryPairs(req),
      headers: auth.signedHeaders.map((name) => [name, header(req, name) ?? ""] as const),
      signedHeaderNames: auth.signedHeaderNames,
      payloadHash: header(req, "x-sdk-content-sha256") ?? (req.body.length ? sha256Hex(req.body) : EMPTY_BODY_SHA256),
      date: date ?? "",
      sk: credential.sk,
    });
    const given = Buffer.from(auth.signature, "hex");
    const wanted = Buffer.from(expected.signature, "hex");
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw apigErrors.iamAuth("verify aksk signature fail");
    const headerProjectId = header(req, "x-project-id");
    if (headerProjectId !== undefined && headerProjectId !== urlProjectId) {
      throw apigErrors.iamAuth("the project id in X-Project-Id is different from the project id in the URL");
    }
    if (urlProjectId !== credential.projectId) throw apigErrors.iamAuth(`project ${urlProjectId} does not belong to ak ${auth.ak}`);
    return credential;
  }
}

function gatewayError(requestId: string, e: ApigError): WireResponse {
  return json(e.status, { error_code: e.code, error_msg: e.message, request_id: requestId }, { "X-Request-Id": requestId });
}

function serviceError(requestId: string, e: CptsError): WireResponse {
  return json(e.status, { code: e.code, message: e.message }, { "X-Request-Id": requestId });
}

function errorResponse(requestId: string, error: unknown): WireResponse {
  if (error instanceof ApigError) return gatewayError(requestId, error);
  if (error instanceof CptsError) return serviceError(requestId, error);
  const injected = injectedFault(error);
  if (injected) {
    const status = statusForCode(injected.code);
    return injected.code.startsWith("APIGW.")
      ? gatewayError(requestId, new ApigError(status, injected.code, injected.message))
      : serviceError(requestId, new CptsError(status, injected.code, injected.message));
  }
  return serviceError(requestId, cptsErrors.unknown());
}
