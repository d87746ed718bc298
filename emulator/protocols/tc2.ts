import { createHmac, timingSafeEqual } from "node:crypto";
import { injectedFault, type EmulatorCloud } from "../cloud";
import type { TencentCredential } from "../config";
import { Tc2ApiError, tc2CodeDesc, tc2Errors, type Tc2Product } from "../tencent/v2";
import { invokeTencentAction } from "../tencent/product";
import { header, json, type ProtocolLayer, type WireRequest, type WireResponse } from "./types";

const PATH = "/v2/index.php";
/**
 * The 2.0 signing doc allows 2 hours of skew, the newer CVM page 5 minutes (reference §7.10): the
 * stricter one, so a client that passes here passes there.
 */
const MAX_SKEW_SECONDS = 300;
/** Common parameters: never handed to an action. `Version`/`RequestClient` are what some SDKs add. */
const COMMON_PARAMS = new Set(["Action", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod", "Token", "Version", "RequestClient"]);

export interface Tc2VerifyInput {
  method: string;
  host: string;
  path: string;
  /** Every parameter received, decoded; `Signature` is ignored. */
  params: Record<string, string>;
  secretKey: string;
}

/**
 * The string to sign and signature the cloud expects (reference §2.2), computed from what
 * arrived. HmacSHA256 only when `SignatureMethod` is exactly `HmacSHA256`, otherwise HmacSHA1.
 * Written apart from the provider's signer, so each checks the other.
 */
export function tc2Expected(input: Tc2VerifyInput): { stringToSign: string; signature: string; algorithm: "sha1" | "sha256" } {
  const names = Object.keys(input.params).filter((n) => n !== "Signature");
  // Case-sensitive code-unit order, which is byte order for the ASCII names APIs use.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs = names.map((n) => n.split("_").join(".") + "=" + input.params[n]);
  const stringToSign = input.method.toUpperCase() + input.host + input.path + "?" + pairs.join("&");
  const algorithm = input.params.SignatureMethod === "HmacSHA256" ? "sha256" : "sha1";
  return { stringToSign, signature: createHmac(algorithm, input.secretKey).update(stringToSign, "utf8").digest("base64"), algorithm };
}

function sameSignature(given: string, wanted: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(wanted, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

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

/** The hosts a client may have signed: the Host header as sent, and without its port. */
function signedHostCandidates(req: WireRequest): string[] {
  const host = header(req, "host") ?? "";
  const bare = host.replace(/:\d+$/, "");
  return bare === host ? [host] : [host, bare];
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
  /** `secretId/nonce` → when it may be used again (ms, emulator clock). */
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly cloud: EmulatorCloud,
    products: Tc2Product[],
  ) {
    for (const p of products) for (const action of Object.keys(p.actions)) this.byAction.set(action, p);
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
    const all = parseParams(req);
    for (const required of ["Action", "SecretId", "Timestamp", "Nonce", "Signature"]) {
      if (!all[required]) throw tc2Errors.invalidParameter(`The common parameter ${required} is missing.`);
    }
    const credential = this.cloud.config.tencent.find((c) => c.secretId === all.SecretId);
    if (!credential) throw tc2Errors.secretIdNotFound();
    if (!/^\d+$/.test(all.Timestamp)) throw tc2Errors.invalidParameter("Timestamp must be Unix seconds.");
    if (!/^[1-9]\d*$/.test(all.Nonce)) throw tc2Errors.invalidParameter("Nonce must be a positive integer.");
    const now = this.cloud.now().getTime();
    if (Math.abs(now / 1000 - Number(all.Timestamp)) > MAX_SKEW_SECONDS) throw tc2Errors.staleTimestamp(MAX_SKEW_SECONDS);

    const accepted = signedHostCandidates(req).some((host) => {
      const expected = tc2Expected({ method: req.method, host, path: req.path, params: all, secretKey: credential.secretKey });
      return sameSignature(all.Signature, expected.signature);
    });
    if (!accepted) throw tc2Errors.signatureFailure();
    // Only a correctly signed request uses up its nonce, so forged requests cannot block a client.
    this.useNonce(`${all.SecretId}/${all.Nonce}`, now);
    if (credential.token !== undefined && all.Token !== credential.token) throw tc2Errors.tokenFailure();

    const product = this.byAction.get(all.Action);
    if (!product) throw tc2Errors.invalidAction(all.Action);
    const region = all.Region ?? "";
    if (product.actions[all.Action].regionRequired && !region) throw tc2Errors.invalidParameter("The common parameter Region is missing.");
    const params = Object.fromEntries(Object.entries(all).filter(([k]) => !COMMON_PARAMS.has(k)));
    return { credential, product, action: all.Action, region, params };
  }

  /** A nonce is single-use per SecretId for as long as its timestamp could still be accepted. */
  private useNonce(key: string, now: number): void {
    if (this.nonces.size > 10_000) for (const [k, until] of this.nonces) if (until <= now) this.nonces.delete(k);
    const until = this.nonces.get(key);
    if (until !== undefined && until > now) throw tc2Errors.reusedNonce();
    this.nonces.set(key, now + 2 * MAX_SKEW_SECONDS * 1000);
  }
}
