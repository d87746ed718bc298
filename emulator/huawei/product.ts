import type { StateStore } from "../state/store";

/** What a route handler may use: who calls, in which IAM project, and the cloud's state and clock. */
export interface RouteContext {
  /** The account (domain) the AK belongs to; state is kept per account. */
  account: string;
  /** The IAM project id from the URL: one region of one account, so state is kept per project. */
  iamProjectId: string;
  store: StateStore;
  now: () => Date;
}

/** A verified request as a handler sees it: path parameters by name, the query, the JSON body. */
export interface RouteRequest {
  path: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** One REST operation, named as the SDKs name it (Go `cpts_meta.go`, Python `cpts_client.py`). */
export interface HuaweiRoute {
  action: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template as documented, e.g. `/v3/{project_id}/tasks/{task_id}`. */
  path: string;
  /** The documented success status. */
  status: number;
  mutates: boolean;
  /** Requests per second per account (the gateway's throttling). */
  rateLimit?: number;
  /** The body's fields besides `code` and `message`, or undefined for an empty (204) body. */
  handler(ctx: RouteContext, req: RouteRequest): Record<string, unknown> | undefined;
}

/** A Huawei Cloud service behind APIG: its routes. */
export interface HuaweiProduct {
  name: string;
  routes: HuaweiRoute[];
}
