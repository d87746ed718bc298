import type { CodeOf, EmulatorCloud, Outcome } from "../cloud";
import type { TencentCredential } from "../config";
import type { StateStore } from "../state/store";

/** What an action handler may use: who calls, where, and the cloud's state and clock. */
export interface ActionContext {
  account: string;
  region: string;
  store: StateStore;
  now: () => Date;
  /** The product's extra seed data from the emulator config (`seeds[product]`), if any. */
  seeds?: unknown;
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
  /** Brings time-driven state up to `now` (e.g. experiments advancing), so `GET /_emulator/state` shows it as of now. */
  settle?(store: StateStore, now: Date): void;
}

/** Runs one verified Tencent action (API 2.0 or 3.0) through the cloud's common path. */
export function invokeTencentAction(
  cloud: EmulatorCloud,
  call: { protocol: string; product: string; action: string; spec: ProductAction; credential: TencentCredential; region: string; params: Record<string, unknown> },
  codeOf: CodeOf,
): Promise<Outcome<Record<string, unknown>>> {
  const { spec, credential, region, params } = call;
  return cloud.invoke(
    {
      protocol: call.protocol,
      product: call.product,
      action: call.action,
      region,
      keyId: credential.secretId,
      account: credential.account,
      params,
      rateLimit: spec.rateLimit,
      mutates: spec.mutates,
    },
    codeOf,
    () => spec.handler({ account: credential.account, region, store: cloud.store, now: () => cloud.now(), seeds: cloud.config.seeds?.[call.product] }, params),
  );
}
