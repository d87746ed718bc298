import type { ProductAction } from "./product";

/**
 * Tencent Cloud API 2.0 errors: a numeric `code`, its `codeDesc` and a message. The API 2.0
 * protocol layer wraps them in the `{code, message, codeDesc}` envelope (HTTP 200).
 */
export class Tc2ApiError extends Error {
  constructor(
    readonly code: number,
    readonly codeDesc: string,
    message: string,
  ) {
    super(message);
    this.name = "Tc2ApiError";
  }
}

/**
 * The common API 2.0 codes (CVM 213/6982, intl 239/1757). The reference gives only `InvalidParameter`
 * as a `codeDesc`; the others are this emulator's names for the documented meanings.
 */
export const tc2Errors = {
  invalidParameter: (message: string) => new Tc2ApiError(4000, "InvalidParameter", message),
  invalidAction: (action: string) => new Tc2ApiError(4000, "InvalidAction", `The action ${action} does not exist.`),
  signatureFailure: () => new Tc2ApiError(4100, "AuthFailure.SignatureFailure", "Authentication failed: the signature does not match."),
  secretIdNotFound: () => new Tc2ApiError(4104, "AuthFailure.SecretIdNotFound", "The SecretId does not exist."),
  tokenFailure: () => new Tc2ApiError(4105, "AuthFailure.TokenFailure", "The Token is invalid."),
  requestLimitExceeded: (action: string, limit: number) =>
    new Tc2ApiError(4400, "RequestLimitExceeded", `Requests to ${action} exceeded the quota of ${limit} per second.`),
  staleTimestamp: (skewSeconds: number) =>
    new Tc2ApiError(4500, "AuthFailure.ReplayAttack", `Timestamp is more than ${skewSeconds} seconds away from server time.`),
  reusedNonce: () => new Tc2ApiError(4500, "AuthFailure.ReplayAttack", "The Nonce was already used with this SecretId."),
  internalError: (message = "An internal error has occurred.") => new Tc2ApiError(5100, "InternalError", message),
};

/** `codeDesc` for a code answered by an injected fault (`{"kind":"error","code":"20002"}`). */
export function tc2CodeDesc(code: number): string {
  const known: Record<number, string> = {
    4000: "InvalidParameter",
    4100: "AuthFailure.SignatureFailure",
    4104: "AuthFailure.SecretIdNotFound",
    4400: "RequestLimitExceeded",
    4500: "AuthFailure.ReplayAttack",
    5000: "ResourceNotFound",
    5100: "InternalError",
    10001: "InvalidParameter",
    11000: "InternalError.DBoperationFail",
    20002: "InvalidResource",
    20004: "InternalError",
  };
  return known[code] ?? "InjectedFault";
}

/** An API 2.0 product: its actions, named as the API's, routed by `Action` (2.0 has no version header). */
export interface Tc2Product {
  name: string;
  actions: Record<string, ProductAction>;
}

/**
 * Typed readers for API 2.0 action parameters, which all arrive as strings. Failures use the
 * product's own "invalid parameter" error (CAT: 10001).
 */
export class V2Params {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly invalid: (message: string) => Error,
  ) {}

  has(name: string): boolean {
    return typeof this.raw[name] === "string";
  }

  string(name: string): string {
    const v = this.optionalString(name);
    if (v === undefined) throw this.invalid(`The parameter ${name} is required.`);
    return v;
  }

  optionalString(name: string): string | undefined {
    const v = this.raw[name];
    return typeof v === "string" ? v : undefined;
  }

  integer(name: string): number {
    const v = this.optionalInteger(name);
    if (v === undefined) throw this.invalid(`The parameter ${name} is required.`);
    return v;
  }

  optionalInteger(name: string): number | undefined {
    const v = this.optionalString(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw this.invalid(`The parameter ${name} must be an integer.`);
    return Number(v);
  }

  /** `name.0`, `name.1`, … in order; indexes must be contiguous from 0. */
  indexedIntegers(name: string): number[] {
    const values: number[] = [];
    for (let i = 0; this.has(`${name}.${i}`); i++) values.push(this.integer(`${name}.${i}`));
    const index = (key: string) => (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1)) ? Number(key.slice(name.length + 1)) : -1);
    const stray = Object.keys(this.raw).find((k) => index(k) >= values.length);
    if (stray) throw this.invalid(`The parameter ${stray} is out of sequence: indexes start at ${name}.0 and have no gaps.`);
    return values;
  }
}
