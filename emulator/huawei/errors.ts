/**
 * Huawei Cloud errors, as the two layers a request crosses answer them. Each carries only its HTTP
 * status, code and message; the APIG layer writes the envelope:
 * - the API gateway (APIG) answers `{error_code, error_msg, request_id}`;
 * - CPTS itself answers `{code, message}` (reference §1.10; Terraform parses `code`).
 */

/** Refused by the API gateway before the service ran. */
export class ApigError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApigError";
  }
}

/** Refused by CodeArts PerfTest (CPTS). */
export class CptsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "CptsError";
  }
}

/** The code CPTS puts in every successful body. */
export const CPTS_SUCCESS_CODE = "SVCSTG.CPTS.0000000";

export const apigErrors = {
  tooLarge: (limit: number) => new ApigError(413, "APIGW.0201", `Request entity too large: the body is over ${limit / 1024 / 1024} MB.`),
  apiNotFound: () => new ApigError(404, "APIGW.0101", "The API does not exist or has not been published in the environment."),
  iamAuth: (detail: string) => new ApigError(401, "APIGW.0301", `Incorrect IAM authentication information: ${detail}`),
  appAuth: (detail: string) => new ApigError(401, "APIGW.0303", `Incorrect app authentication information: ${detail}`),
  throttled: (limit: number) =>
    new ApigError(429, "APIGW.0308", `The throttling threshold has been reached: policy user over ratelimit, limit:${limit}, time:1 second`),
};

export const cptsErrors = {
  /** Terraform treats this 403 as "gone" for tasks and projects: the id is unknown or not the caller's. */
  notFound: (what: string) =>
    new CptsError(403, "SVCSTG.CPTS.4032002", `${what} does not exist or you are not allowed to operate it.`),
  /** Undocumented: the docs list no code for a malformed body. This one is the emulator's choice. */
  invalidParameter: (message: string) => new CptsError(400, "SVCSTG.CPTS.4000001", `Invalid request parameter: ${message}`),
  /** Undocumented: changing or starting a task mid-run. The emulator's choice of code. */
  taskRunning: (id: number) => new CptsError(400, "SVCSTG.CPTS.4000002", `Task ${id} is running; stop it first.`),
  /** Documented (api-cpts/ErrorCode.html). */
  unknown: (message = "An unknown error occurred!") => new CptsError(500, "CPTS.05001001", message),
};

/**
 * The HTTP status an injected fault's code is answered with: the gateway's table for APIGW codes,
 * the status digits of `SVCSTG.CPTS.<status><n>` / `CPTS.0<status><n>` codes, else 400.
 */
export function statusForCode(code: string): number {
  const gateway: Record<string, number> = { "APIGW.0201": 413, "APIGW.0101": 404, "APIGW.0301": 401, "APIGW.0303": 401, "APIGW.0308": 429 };
  if (gateway[code] !== undefined) return gateway[code];
  const m = /^(?:SVCSTG\.CPTS\.|CPTS\.0)([1-5]\d{2})\d+$/.exec(code);
  return m ? Number(m[1]) : 400;
}
