import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { injectedFault, type EmulatorCloud } from "../cloud";
import type { TencentCredential } from "../config";
import { TencentApiError, tencentErrors } from "../tencent/errors";
import { invokeTencentAction, type TencentProduct } from "../tencent/product";
import { header, json, type ProtocolLayer, type WireRequest, type WireResponse } from "./types";

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

/** The value the cloud signs for a header: Host without its port, as the SDKs compute it from the URL. */
function canonicalHeaderValue(req: WireRequest, name: string): string {
  const raw = header(req, name) ?? "";
  return name === "host" ? raw.replace(/:\d+$/, "") : raw;
}

function canonicalQueryOf(req: WireRequest): string {
  return req.method.toUpperCase() === "GET" ? req.rawQuery : "";
}

const codeOf = (error: unknown): string =>
  error instanceof TencentApiError ? error.code : (injectedFault(error)?.code ?? "InternalError");

/**
 * Tencent Cloud API 3.0: `POST /` (or GET) with `X-TC-*` headers and a TC3-HMAC-SHA256
 * `Authorization`, answered in `{"Response":{…,"RequestId"}}`. Products are routed on
 * `X-TC-Version` (the signing scope's service is the endpoint's first label, `127` behind an
 * endpoint override, so it cannot route), with the scope's service preferred when it names one.
 */
export class Tc3Protocol implements ProtocolLayer {
  readonly name = "tc3";
  private readonly byVersion = new Map<string, TencentProduct[]>();

  constructor(
    private readonly cloud: EmulatorCloud,
    products: TencentProduct[],
  ) {
    for (const p of products) this.byVersion.set(p.version, [...(this.byVersion.get(p.version) ?? []), p]);
  }

  matches(req: WireRequest): boolean {
    return req.path === "/" && (header(req, "x-tc-action") !== undefined || (header(req, "authorization") ?? "").startsWith(ALGORITHM));
  }

  async handle(req: WireRequest): Promise<WireResponse> {
    const traceId = header(req, "x-tc-traceid") ?? "";
    const envelope = (requestId: string, fields: Record<string, unknown>) =>
      json(200, { Response: { ...fields, RequestId: requestId } }, { "X-TC-TraceId": traceId });
    const fail = (requestId: string, error: { code: string; message: string }) =>
      envelope(requestId, { Error: { Code: error.code, Message: error.message } });

    let verified: { credential: TencentCredential; product: TencentProduct; action: string; region: string; params: Record<string, unknown> };
    try {
      verified = this.verify(req);
    } catch (error) {
      const e = error instanceof TencentApiError ? error : tencentErrors.internalError();
      this.cloud.logRefused({
        protocol: this.name,
        action: header(req, "x-tc-action"),
        region: header(req, "x-tc-region"),
        keyId: parseTc3Authorization(header(req, "authorization"))?.secretId,
        outcome: e.code,
      });
      return fail(cryptoRequestId(), e);
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

  private verify(req: WireRequest) {
    const auth = parseTc3Authorization(header(req, "authorization"));
    if (!auth) throw tencentErrors.invalidAuthorization();
    const credential = this.cloud.config.tencent.find((c) => c.secretId === auth.secretId);
    if (!credential) throw tencentErrors.secretIdNotFound();
    const timestamp = Number(header(req, "x-tc-timestamp"));
    if (!Number.isInteger(timestamp)) throw tencentErrors.missingParameter("X-TC-Timestamp");
    if (Math.abs(this.cloud.now().getTime() / 1000 - timestamp) > MAX_SKEW_SECONDS) throw tencentErrors.signatureExpire();
    if (!auth.signedHeaders.includes("content-type") || !auth.signedHeaders.includes("host")) throw tencentErrors.invalidAuthorization();
    const expected = tc3Sign({
      secretKey: credential.secretKey,
      method: req.method,
      canonicalQuery: canonicalQueryOf(req),
      signedHeaders: auth.signedHeaders.map((h) => [h, canonicalHeaderValue(req, h)]),
      payload: req.body,
      timestamp,
      service: auth.service,
    });
    const given = Buffer.from(auth.signature, "hex");
    const wanted = Buffer.from(expected.signature, "hex");
    if (expected.date !== auth.date || given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      throw tencentErrors.signatureFailure();
    }
    if (credential.token !== undefined && header(req, "x-tc-token") !== credential.token) throw tencentErrors.tokenFailure();

    const version = header(req, "x-tc-version");
    if (!version) throw tencentErrors.missingParameter("X-TC-Version");
    const candidates = this.byVersion.get(version);
    if (!candidates) throw tencentErrors.noSuchVersion(version);
    const product = candidates.find((p) => p.name === auth.service) ?? candidates[0];
    const action = header(req, "x-tc-action");
    if (!action) throw tencentErrors.missingParameter("X-TC-Action");
    const spec = product.actions[action];
    if (!spec) throw tencentErrors.invalidAction(action);
    const region = header(req, "x-tc-region") ?? "";
    if (spec.regionRequired && !region) throw tencentErrors.missingParameter("Region");
    return { credential, product, action, region, params: parseParams(req) };
  }
}

function parseParams(req: WireRequest): Record<string, unknown> {
  if (req.method.toUpperCase() === "GET") return Object.fromEntries(req.query.entries());
  if (req.body.length === 0) return {};
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

function cryptoRequestId(): string {
  return globalThis.crypto.randomUUID();
}
