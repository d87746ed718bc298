import type { EmulatorCloud } from "../cloud";
import { bh } from "../tencent/bh";
import type { TencentProduct } from "../tencent/product";
import { Tc3Protocol } from "./tc3";
import type { ProtocolLayer } from "./types";

/** Tencent Cloud API 3.0 products, routed by X-TC-Version. */
export const TENCENT_API3_PRODUCTS: TencentProduct[] = [bh];

/** Every protocol the emulator speaks, tried in order; the first whose `matches` accepts a request handles it. */
export function protocolLayers(cloud: EmulatorCloud): ProtocolLayer[] {
  return [new Tc3Protocol(cloud, TENCENT_API3_PRODUCTS)];
}
