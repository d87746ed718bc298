import type { StateStore } from "../state/store";

/** What an action handler may use: who calls, where, and the cloud's state and clock. */
export interface ActionContext {
  account: string;
  region: string;
  store: StateStore;
  now: () => Date;
}

export type ActionHandler = (ctx: ActionContext, params: Record<string, unknown>) => Record<string, unknown>;

export interface ProductAction {
  handler: ActionHandler;
  /** Requests per second per account, as documented. */
  rateLimit?: number;
  mutates: boolean;
  /** The documented "Region" common parameter is required. */
  regionRequired?: boolean;
}

/** A Tencent product (moto's backend + responses): its API version and an action table named as the API's. */
export interface TencentProduct {
  name: string;
  version: string;
  actions: Record<string, ProductAction>;
  /** Control-plane view of the product's state (for `/_emulator/state`). */
  describeState?(store: StateStore): unknown;
}
