import type { IncomingHttpHeaders } from "node:http";

/** A request as it arrived on the wire, body already read. */
export interface WireRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** The body, at most {@link MAX_BODY_BYTES} of it. */
  body: Buffer;
  /** Bytes the body had on the wire, even past what was kept: each layer refuses what its cloud refuses. */
  bodySize: number;
}

/** The most body the server keeps: above every cloud's own limit (APIG's 12 MB), so each layer can answer its cloud's error. */
export const MAX_BODY_BYTES = 12 * 1024 * 1024 + 1;

/** What a protocol layer answers; the server writes it. */
export interface WireResponse {
  /** Close the connection without answering (an injected ambiguous failure). */
  drop?: boolean;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One entry of the request log that tests read through `/_emulator/requests`. */
export interface RequestLogEntry {
  seq: number;
  at: string;
  protocol: string;
  product: string;
  action: string;
  region: string;
  /** The caller's key id (SecretId / AK), never the secret. */
  keyId: string;
  params: unknown;
  /** "ok" or the error code answered. */
  outcome: string;
  requestId: string;
}

/** A protocol layer (TC3, API 2.0, APIG…) recognises its requests, verifies them and speaks the cloud's envelope. */
export interface ProtocolLayer {
  readonly name: string;
  matches(req: WireRequest): boolean;
  handle(req: WireRequest): Promise<WireResponse>;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(value) };
}

export function header(req: WireRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
