import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { injectedFault, type EmulatorCloud } from "../cloud";
import type { TencentCredential } from "../config";
import { TencentApiError, tencentErrors } from "../tencent/errors";
import { invokeTencentAction, type TencentProduct } from "../tencent/product";
import { FlatParamError, unflattenParams } from "./flat-params";
import { header, json, type ProtocolLayer, type WireRequest, type WireResponse } from "./types";
import { requestSize, signedHostCandidates, TENCENT_SIZE_LIMITS, V1_COMMON_PARAMS, V1Refusal, V1Verifier } from "./v1-signature";

const ALGORITHM = "TC3-HMAC-SHA256";
const MAX_SKEW_SECONDS = 300;

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

export interface Tc3SigningInput {
  secretKey: string;
  method: string;
  canonicalQuery: string;
  /** Lower-case header name → value, for exactly the signed headers, in signing order. */
  signedHeaders: Array<[string, string]>;
  payload: Buffer | string;
  timestamp: number;
  service: string;
}

/** The canonical request, string to sign and signature of Tencent Cloud API 3.0 (TC3-HMAC-SHA256). */
export function tc3Sign(input: Tc3SigningInput): { canonicalRequest: string; stringToSign: string; signature: string; date: string } {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalHeaders = input.signedHeaders.map(([k, v]) => `${k}:${v.trim().toLowerCase()}\n`).join("");
  const signedHeaderNames = input.signedHeaders.map(([k]) => k).join(";");
  const canonicalRequest = [
    input.method.toUpperCase(),
    "/",
    input.canonicalQuery,
    canonicalHeaders,
    signedHeaderNames,
    sha256Hex(input.payload),
  ].join("\n");
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [ALGORITHM, String(input.timestamp), scope, sha256Hex(canonicalRequest)].join("\n");
  const kDate = hmac(`TC3${input.secretKey}`, date);
  const kService = hmac(kDate, input.service);
  const kSigning = hmac(kService, "tc3_request");
  const signature = createHmac("sha256", kSigning).update(stringToSign).digest("hex");
  return { canonicalRequest, stringToSign, signature, date };
}

interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseTc3Authorization(value: string | undefined): ParsedAuthorization | undefined {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
    value ?? "",
  );
  if (!m) return undefined;
  return { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4].split(";"), signature: m[5] };
}

/** `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` (Go `profile.UnsignedPayload`): the literal is hashed instead of the body. */
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

const codeOf = (error: unknown): string =>
  error instanceof TencentApiError ? error.code : (injectedFault(error)?.code ?? "InternalError");

const isForm = (req: WireRequest) => (header(req, "content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");

/** A GET query or form body as its dotted names describe it. */
function flatParams(pairs: Iterable<readonly [string, string]>): Record<string, unknown> {
  try {
    return unflattenParams(pairs);
  } catch (error) {
    throw error instanceof FlatParamError ? tencentErrors.invalidParameter(error.message) : error;
  }
}

/** The action's parameters of a TC3 request: the query (GET), a JSON object or a form body (POST). */
function tc3Params(req: WireRequest): Record<string, unknown> {
  if (req.method.toUpperCase() === "GET") return flatParams(req.query.entries());
  if (req.body.length === 0) return {};
  if (isForm(req)) return flatParams(new URLSearchParams(req.body.toString("utf8")).entries());
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString("utf8"));
  } catch {
    throw tencentErrors.invalidParameter("The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw tencentErrors.invalidParameter("The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** Every parameter of a signature-v1 request (the query for GET, the form body for POST), or undefined when it is not one. */
function v1Params(req: WireRequest): Record<string, string> | undefined {
  const method = req.method.toUpperCase();
  const pairs = method === "GET" ? req.query : method === "POST" && isForm(req) ? new URLSearchParams(req.body.toString("utf8")) : undefined;
  // A request naming its key or action this way meant signature v1, even if it left something out.
  if (!pairs || !["Signature", "SecretId", "Action"].some((name) => pairs.has(name))) return undefined;
  return Object.fromEntries(pairs.entries());
}

/** How the v1 refusals read in API 3.0 (common error codes of the 3.0 docs). */
function v1RefusalError(refusal: V1Refusal): TencentApiError {
  switch (refusal.reason) {
    case "missing-parameter":
      return tencentErrors.missingParameter(refusal.message);
    case "malformed":
      return tencentErrors.invalidParameter(refusal.message);
    case "secret-id":
      return tencentErrors.secretIdNotFound();
    case "stale":
      return tencentErrors.signatureExpire();
    case "signature":
      return tencentErrors.signatureFailure();
    case "nonce-reused":
      // The 3.0 docs list no code of their own for a replayed nonce: the request is refused as unverifiable.
      return tencentErrors.custom("AuthFailure.SignatureFailure", "The Nonce was already used with this SecretId.");
    case "token":
      return tencentErrors.tokenFailure();
  }
}

interface Verified {
  credential: TencentCredential;
  product: TencentProduct;
  action: string;
  region: string;
  params: Record<string, unknown>;
}

/**
 * Tencent Cloud API 3.0 on `/`: TC3-HMAC-SHA256 (`X-TC-*` headers, `Authorization`) or signature
 * v1 (HmacSHA1/HmacSHA256 common parameters in the query or form body), GET or POST, answered in
 * `{"Response":{…,"RequestId"}}` either way. Products are routed on the version (`X-TC-Version` /
 * `Version`), then the signing scope's service (TC3) or the Host's first label (v1) when it names
 * one, then the product that has the action: behind an endpoint override the host names nothing.
 */
export class Tc3Protocol implements ProtocolLayer {
  readonly name = "tc3";
  private readonly byVersion = new Map<string, TencentProduct[]>();
  private readonly v1: V1Verifier;

  constructor(
    private readonly cloud: EmulatorCloud,
    products: TencentProduct[],
  ) {
    for (const p of products) this.byVersion.set(p.version, [...(this.byVersion.get(p.version) ?? []), p]);
    this.v1 = new V1Verifier(() => cloud.config.tencent);
  }

  matches(req: WireRequest): boolean {
    return req.path === "/";
  }

  async handle(req: WireRequest): Promise<WireResponse> {
    const traceId = header(req, "x-tc-traceid") ?? "";
    const envelope = (requestId: string, fields: Record<string, unknown>) =>
      json(200, { Response: { ...fields, RequestId: requestId } }, { "X-TC-TraceId": traceId });
    const fail = (requestId: string, error: { code: string; message: string }) =>
      envelope(requestId, { Error: { Code: error.code, Message: error.message } });

    let verified: Verified;
    try {
      verified = this.verify(req);
    } catch (error) {
      const e = error instanceof TencentApiError ? error : tencentErrors.internalError();
      const v1 = (() => {
        try {
          return v1Params(req);
        } catch {
          return undefined;
        }
      })();
      this.cloud.logRefused({
        protocol: this.name,
        action: header(req, "x-tc-action") ?? v1?.Action,
        region: header(req, "x-tc-region") ?? v1?.Region,
        keyId: parseTc3Authorization(header(req, "authorization"))?.secretId ?? v1?.SecretId,
        outcome: e.code,
      });
      return fail(globalThis.crypto.randomUUID(), e);
    }
    const { credential, product, action, region, params } = verified;
    const spec = product.actions[action];
    const outcome = await invokeTencentAction(this.cloud, { protocol: this.name, product: product.name, action, spec, credential, region, params }, codeOf);
    switch (outcome.kind) {
      case "ok":
        return envelope(outcome.requestId, outcome.value);
      case "throttled":
        return fail(outcome.requestId, tencentErrors.requestLimitExceeded(action, spec.rateLimit ?? 0));
      case "http-status":
        return json(outcome.status, { message: "injected gateway failure" });
      case "drop":
        return { status: 0, headers: {}, body: "", drop: true };
      case "error": {
        const e =
          outcome.error instanceof TencentApiError
            ? outcome.error
            : (injectedFault(outcome.error) ?? tencentErrors.internalError(String(outcome.error)));
        return fail(outcome.requestId, e);
      }
    }
  }

  private verify(req: WireRequest): Verified {
    const method = req.method.toUpperCase();
    if (method !== "GET" && method !== "POST") throw tencentErrors.custom("UnsupportedProtocol", `HTTP method ${req.method} is not supported; use POST or GET.`);
    if ((header(req, "authorization") ?? "").startsWith(ALGORITHM)) return this.verifyTc3(req);
    const v1 = v1Params(req);
    if (v1) return this.verifyV1(req, v1);
    throw tencentErrors.invalidAuthorization();
  }

  private verifyTc3(req: WireRequest): Verified {
    const limit = req.method.toUpperCase() === "GET" ? TENCENT_SIZE_LIMITS.get : TENCENT_SIZE_LIMITS.postTc3;
    if (requestSize(req) > limit) throw requestTooLarge(limit);
    const auth = parseTc3Authorization(header(req, "authorization"));
    if (!auth) throw tencentErrors.invalidAuthorization();
    const credential = this.cloud.config.tencent.find((c) => c.secretId === auth.secretId);
    if (!credential) throw tencentErrors.secretIdNotFound();
    const timestamp = Number(header(req, "x-tc-timestamp"));
    if (!Number.isInteger(timestamp)) throw tencentErrors.missingParameter("X-TC-Timestamp");
    // Wall time: the emulator's adjustable clock times tasks, never signatures.
    if (Math.abs(Date.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) throw tencentErrors.signatureExpire();
    if (!auth.signedHeaders.includes("content-type") || !auth.signedHeaders.includes("host")) throw tencentErrors.invalidAuthorization();
    const unsigned = header(req, "x-tc-content-sha256") === UNSIGNED_PAYLOAD;
    // The Node SDK signs the host without its port, the Go SDK with it: both are what the client sent.
    const accepted = signedHostCandidates(req).some((host) => {
      const expected = tc3Sign({
        secretKey: credential.secretKey,
        method: req.method,
        canonicalQuery: req.method.toUpperCase() === "GET" ? req.rawQuery : "",
        signedHeaders: auth.signedHeaders.map((h) => [h, h === "host" ? host : (header(req, h) ?? "")]),
        payload: unsigned ? UNSIGNED_PAYLOAD : req.body,
        timestamp,
        service: auth.service,
      });
      const given = Buffer.from(auth.signature, "hex");
      const wanted = Buffer.from(expected.signature, "hex");
      return expected.date === auth.date && given.length === wanted.length && timingSafeEqual(given, wanted);
    });
    if (!accepted) throw tencentErrors.signatureFailure();
    if (credential.token !== undefined && header(req, "x-tc-token") !== credential.token) throw tencentErrors.tokenFailure();

    const version = header(req, "x-tc-version");
    if (!version) throw tencentErrors.missingParameter("X-TC-Version");
    const action = header(req, "x-tc-action");
    if (!action) throw tencentErrors.missingParameter("X-TC-Action");
    const product = this.route(version, auth.service, action);
    return { credential, product, action, region: this.region(product, action, header(req, "x-tc-region")), params: tc3Params(req) };
  }

  private verifyV1(req: WireRequest, all: Record<string, string>): Verified {
    const limit = req.method.toUpperCase() === "GET" ? TENCENT_SIZE_LIMITS.get : TENCENT_SIZE_LIMITS.postV1;
    if (requestSize(req) > limit) throw requestTooLarge(limit);
    let credential: TencentCredential;
    try {
      credential = this.v1.verify(req, all);
    } catch (error) {
      throw error instanceof V1Refusal ? v1RefusalError(error) : error;
    }
    if (!all.Version) throw tencentErrors.missingParameter("Version");
    const hostLabel = (header(req, "host") ?? "").split(".")[0];
    const product = this.route(all.Version, hostLabel, all.Action);
    const params = flatParams(Object.entries(all).filter(([k]) => !V1_COMMON_PARAMS.has(k)));
    return { credential, product, action: all.Action, region: this.region(product, all.Action, all.Region), params };
  }

  private route(version: string, serviceHint: string, action: string): TencentProduct {
    const candidates = this.byVersion.get(version);
    if (!candidates) throw tencentErrors.noSuchVersion(version);
    const product =
      candidates.find((p) => p.name === serviceHint) ?? candidates.find((p) => Object.hasOwn(p.actions, action)) ?? candidates[0];
    // hasOwn: `constructor`, `toString` or `__proto__` are no action of any product.
    if (!Object.hasOwn(product.actions, action)) throw tencentErrors.invalidAction(action);
    return product;
  }

  private region(product: TencentProduct, action: string, region: string | undefined): string {
    if (product.actions[action].regionRequired && !region) throw tencentErrors.missingParameter("Region");
    return region ?? "";
  }
}

function requestTooLarge(limit: number): TencentApiError {
  return tencentErrors.custom("RequestSizeLimitExceeded", `The request is larger than the ${limit / 1024} KB this method allows.`);
}
