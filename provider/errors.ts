import { secretValues } from "./settings";

/**
 * How a failure may be handled:
 * - `throttle` / `transient`: the cloud refused before acting; always safe to retry;
 * - `ambiguous`: the request may have been applied (timeout, reset, 5xx); retry only idempotent calls;
 * - `notFound`: the resource is gone;
 * - `auth` / `client`: retrying cannot help.
 */
export type FailureKind = "throttle" | "transient" | "ambiguous" | "notFound" | "auth" | "client";

export interface CloudErrorFields {
  cloud: "tencent" | "huawei";
  service: string;
  action: string;
  kind: FailureKind;
  code?: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
}

/** Replaces every configured secret that appears in `text`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secretValues()) out = out.split(secret).join("***");
  return out;
}

/** A cloud API failure carrying the cloud's own code, message and request id. */
export class CloudError extends Error {
  readonly cloud: CloudErrorFields["cloud"];
  readonly service: string;
  readonly action: string;
  readonly kind: FailureKind;
  readonly code?: string;
  readonly cloudMessage: string;
  readonly requestId?: string;
  readonly httpStatus?: number;

  constructor(fields: CloudErrorFields) {
    const cloudMessage = redact(fields.message);
    const parts = [
      fields.code,
      fields.httpStatus !== undefined ? `HTTP ${fields.httpStatus}` : undefined,
      fields.requestId ? `RequestId ${fields.requestId}` : undefined,
    ].filter(Boolean);
    super(`${fields.service}:${fields.action} failed: ${cloudMessage}${parts.length ? ` (${parts.join(", ")})` : ""}`);
    this.name = "CloudError";
    this.cloud = fields.cloud;
    this.service = fields.service;
    this.action = fields.action;
    this.kind = fields.kind;
    this.code = fields.code;
    this.cloudMessage = cloudMessage;
    this.requestId = fields.requestId;
    this.httpStatus = fields.httpStatus;
  }

  /** The cloud answered (a code or an HTTP status): it is done with the request, applied or not. */
  get answered(): boolean {
    return this.code !== undefined || this.httpStatus !== undefined;
  }

  get retryable(): boolean {
    return this.kind === "throttle" || this.kind === "transient";
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof CloudError && error.kind === "notFound";
}

/** Runs a delete: "already gone" is what a delete wants, so it counts as success. */
export async function deleteIgnoringGone(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
