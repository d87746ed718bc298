import { injectedFault, type EmulatorCloud } from "../cloud";
import type { TencentCredential } from "../config";
import { Tc2ApiError, tc2CodeDesc, tc2Errors, type Tc2Product } from "../tencent/v2";
import { invokeTencentAction } from "../tencent/product";
import { header, json, type ProtocolLayer, type WireRequest, type WireResponse } from "./types";
import { requestSize, TENCENT_SIZE_LIMITS, V1_COMMON_PARAMS, V1_MAX_SKEW_SECONDS, V1Refusal, V1Verifier } from "./v1-signature";

const PATH = "/v2/index.php";

/** GET: the query. POST: the url-encoded form body; the query is ignored, as the VOD 2.0 doc says. */
function parseParams(req: WireRequest): Record<string, string> {
  if (req.method.toUpperCase() === "GET") return Object.fromEntries(req.query.entries());
  if (req.method.toUpperCase() !== "POST") throw tc2Errors.invalidParameter(`HTTP method ${req.method} is not supported; use GET or POST.`);
  const type = header(req, "content-type") ?? "application/x-www-form-urlencoded";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw tc2Errors.invalidParameter(`POST bodies must be application/x-www-form-urlencoded; got ${type}.`);
  }
  return Object.fromEntries(new URLSearchParams(req.body.toString("utf8")).entries());
}

const codeOf = (error: unknown): string => {
  if (error instanceof Tc2ApiError) return String(error.code);
  return injectedFault(error)?.code ?? "5100";
};

/** An injected fault's code as API 2.0 answers it: numeric codes as given, anything else as 4000 with that name. */
function injectedError(error: unknown): Tc2ApiError | undefined {
  const fault = injectedFault(error);
  if (!fault) return undefined;
  const code = Number(fault.code);
  return Number.isInteger(code) ? new Tc2ApiError(code, tc2CodeDesc(code), fault.message) : new Tc2ApiError(4000, fault.code, fault.message);
}

interface Verified {
  credential: TencentCredential;
  product: Tc2Product;
  action: string;
  region: string;
  params: Record<string, string>;
}

/**
 * Tencent Cloud API 2.0: `GET|POST /v2/index.php` with the common parameters (`Action`,
 * `SecretId`, `Timestamp`, `Nonce`, `SignatureMethod`, `Signature`, `Region`, `Token`) beside the
 * action's own, answered HTTP 200 with `{code, message, codeDesc, …}`. Products are routed by
 * `Action` (2.0 hosts name the product, but behind an endpoint override every host is the same).
 */
export class Tc2Protocol implements ProtocolLayer {
  readonly name = "tc2";
  private readonly byAction = new Map<string, Tc2Product>();
  private readonly verifier: V1Verifier;

  constructor(
    private readonly cloud: EmulatorCloud,
    products: Tc2Product[],
  ) {
    for (const p of products) for (const action of Object.keys(p.actions)) this.byAction.set(action, p);
    this.verifier = new V1Verifier(() => cloud.config.tencent);
  }

  matches(req: WireRequest): boolean {
    return req.path === PATH;
  }

  async handle(req: WireRequest): Promise<WireResponse> {
    const envelope = (fields: Record<string, unknown>) => json(200, { code: 0, message: "", codeDesc: "Success", ...fields });
    const fail = (e: Tc2ApiError) => json(200, { code: e.code, message: e.message, codeDesc: e.codeDesc });

    let verified: Verified;
    try {
      verified = this.verify(req);
    } catch (error) {
      const e = error instanceof Tc2ApiError ? error : tc2Errors.internalError();
      // Refused requests are logged too: tests read "nothing was called".
      const raw = (() => {
        try {
          return parseParams(req);
        } catch {
          return {} as Record<string, string>;
        }
      })();
      this.cloud.logRefused({ protocol: this.name, action: raw.Action, region: raw.Region, keyId: raw.SecretId, outcome: String(e.code) });
      return fail(e);
    }
    const { credential, product, action, region, params } = verified;
    const spec = product.actions[action];
    const outcome = await invokeTencentAction(this.cloud, { protocol: this.name, product: product.name, action, spec, credential, region, params }, codeOf);
    switch (outcome.kind) {
      case "ok":
        return envelope(outcome.value);
      case "throttled":
        return fail(tc2Errors.requestLimitExceeded(action, spec.rateLimit ?? 0));
      case "http-status":
        return json(outcome.status, { message: "injected gateway failure" });
      case "drop":
        return { status: 0, headers: {}, body: "", drop: true };
      case "error":
        return fail(
          outcome.error instanceof Tc2ApiError ? outcome.error : (injectedError(outcome.error) ?? tc2Errors.internalError(String(outcome.error))),
        );
    }
  }

  private verify(req: WireRequest): Verified {
    const limit = req.method.toUpperCase() === "GET" ? TENCENT_SIZE_LIMITS.get : TENCENT_SIZE_LIMITS.postV1;
    if (requestSize(req) > limit) throw tc2Errors.invalidParameter(`The request is larger than the ${limit / 1024} KB this method allows.`);
    const all = parseParams(req);
    let credential: TencentCredential;
    try {
      credential = this.verifier.verify(req, all);
    } catch (error) {
      throw error instanceof V1Refusal ? refusalError(error) : error;
    }
    const product = this.byAction.get(all.Action);
    if (!product) throw tc2Errors.invalidAction(all.Action);
    const region = all.Region ?? "";
    if (product.actions[all.Action].regionRequired && !region) throw tc2Errors.invalidParameter("The common parameter Region is missing.");
    const params = Object.fromEntries(Object.entries(all).filter(([k]) => !V1_COMMON_PARAMS.has(k)));
    return { credential, product, action: all.Action, region, params };
  }
}

function refusalError(refusal: V1Refusal): Tc2ApiError {
  switch (refusal.reason) {
    case "missing-parameter":
      return tc2Errors.invalidParameter(`The common parameter ${refusal.message} is missing.`);
    case "malformed":
      return tc2Errors.invalidParameter(refusal.message);
    case "secret-id":
      return tc2Errors.secretIdNotFound();
    case "stale":
      return tc2Errors.staleTimestamp(V1_MAX_SKEW_SECONDS);
    case "signature":
      return tc2Errors.signatureFailure();
    case "nonce-reused":
      return tc2Errors.reusedNonce();
    case "token":
      return tc2Errors.tokenFailure();
  }
}
