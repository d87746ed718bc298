import { createHmac, timingSafeEqual } from "node:crypto";
import type { TencentCredential } from "../config";
import { header, type WireRequest } from "./types";

/**
 * Tencent Cloud's signature v1 (`SignatureMethod` HmacSHA1 / HmacSHA256, the signature a
 * parameter beside the others), shared by API 2.0 (`/v2/index.php`) and API 3.0 (`/`, where the
 * SDKs still offer it: Go `profile.SignMethod = "HmacSHA256"`, Python `signMethod`). Each layer
 * answers a refusal with its own envelope and codes.
 */

/**
 * The 2.0 signing doc allows 2 hours of skew, the newer pages 5 minutes (reference §7.10): the
 * stricter one, so a client that passes here passes there.
 */
export const V1_MAX_SKEW_SECONDS = 300;

/** Common parameters of signature v1: never handed to an action. `Version`, `Language`, `RequestClient` are what the SDKs add. */
export const V1_COMMON_PARAMS = new Set([
  "Action",
  "Region",
  "Timestamp",
  "Nonce",
  "SecretId",
  "Signature",
  "SignatureMethod",
  "Token",
  "Version",
  "Language",
  "RequestClient",
]);

export interface V1SigningInput {
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
export function v1Expected(input: V1SigningInput): { stringToSign: string; signature: string; algorithm: "sha1" | "sha256" } {
  const names = Object.keys(input.params).filter((n) => n !== "Signature");
  // Case-sensitive code-unit order, which is byte order for the ASCII names APIs use.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs = names.map((n) => n.split("_").join(".") + "=" + input.params[n]);
  const stringToSign = input.method.toUpperCase() + input.host + input.path + "?" + pairs.join("&");
  const algorithm = input.params.SignatureMethod === "HmacSHA256" ? "sha256" : "sha1";
  return { stringToSign, signature: createHmac(algorithm, input.secretKey).update(stringToSign, "utf8").digest("base64"), algorithm };
}

/** Why a v1 request was refused; each protocol layer maps it to its own code. */
export type V1RefusalReason = "missing-parameter" | "secret-id" | "malformed" | "stale" | "signature" | "nonce-reused" | "token";

export class V1Refusal extends Error {
  constructor(
    readonly reason: V1RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = "V1Refusal";
  }
}

/** The hosts a client may have signed: the Host header as sent (the Go SDK), and without its port (Node). */
export function signedHostCandidates(req: WireRequest): string[] {
  const host = header(req, "host") ?? "";
  const bare = host.replace(/:\d+$/, "");
  return bare === host ? [host] : [host, bare];
}

function sameSignature(given: string, wanted: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(wanted, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies signature v1 as the cloud does: the common parameters, the key, a timestamp within
 * five minutes of WALL time (the emulator's adjustable clock times tasks, never signatures), the
 * signature over either host form, a Nonce used once per SecretId and Timestamp, then the token of temporary
 * credentials.
 */
export class V1Verifier {
  /** `secretId/timestamp/nonce` → wall-clock ms until which it may not be used again. */
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly credentials: () => TencentCredential[],
    private readonly wallNow: () => number = Date.now,
  ) {}

  verify(req: WireRequest, params: Record<string, string>): TencentCredential {
    for (const required of ["Action", "SecretId", "Timestamp", "Nonce", "Signature"]) {
      if (!params[required]) throw new V1Refusal("missing-parameter", required);
    }
    const credential = this.credentials().find((c) => c.secretId === params.SecretId);
    if (!credential) throw new V1Refusal("secret-id", "The SecretId does not exist.");
    if (!/^\d+$/.test(params.Timestamp)) throw new V1Refusal("malformed", "Timestamp must be Unix seconds.");
    if (!/^[1-9]\d*$/.test(params.Nonce)) throw new V1Refusal("malformed", "Nonce must be a positive integer.");
    const now = this.wallNow();
    if (Math.abs(now / 1000 - Number(params.Timestamp)) > V1_MAX_SKEW_SECONDS) {
      throw new V1Refusal("stale", `Timestamp is more than ${V1_MAX_SKEW_SECONDS} seconds away from server time.`);
    }
    const accepted = signedHostCandidates(req).some((host) =>
      sameSignature(params.Signature, v1Expected({ method: req.method, host, path: req.path, params, secretKey: credential.secretKey }).signature),
    );
    if (!accepted) throw new V1Refusal("signature", "The signature does not match.");
    // Only a correctly signed request uses up its nonce, so forged requests cannot block a client.
    // The docs: the Nonce "与 Timestamp 联合起来" (together with the Timestamp) prevents replay. The
    // Node SDK draws it from 0..65535, so two honest requests in one second share a nonce now and
    // then (~15 % of seconds at 150 requests/s): a replay is the same signed request again, so the
    // signature is part of the key.
    this.useNonce(`${params.SecretId}/${params.Timestamp}/${params.Nonce}/${params.Signature}`, now);
    if (credential.token !== undefined && params.Token !== credential.token) throw new V1Refusal("token", "The Token is invalid.");
    return credential;
  }

  /** A nonce is single-use per SecretId and Timestamp for as long as that timestamp could still be accepted. */
  private useNonce(key: string, now: number): void {
    if (this.nonces.size > 10_000) for (const [k, until] of this.nonces) if (until <= now) this.nonces.delete(k);
    const until = this.nonces.get(key);
    if (until !== undefined && until > now) throw new V1Refusal("nonce-reused", "The Nonce was already used with this SecretId.");
    this.nonces.set(key, now + 2 * V1_MAX_SKEW_SECONDS * 1000);
  }
}

/** Request-size limits of the Tencent docs (请求结构): GET 32 KB; POST 1 MB with signature v1, 10 MB with TC3. */
export const TENCENT_SIZE_LIMITS = { get: 32 * 1024, postV1: 1024 * 1024, postTc3: 10 * 1024 * 1024 } as const;

/** The size the cloud measures: the query for GET, the body for POST. */
export function requestSize(req: WireRequest): number {
  return req.method.toUpperCase() === "GET" ? Buffer.byteLength(req.rawQuery) : req.bodySize;
}
