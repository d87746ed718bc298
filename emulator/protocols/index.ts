import type { EmulatorCloud } from "../cloud";
import { cpts } from "../huawei/cpts";
import type { HuaweiProduct } from "../huawei/product";
import { bh } from "../tencent/bh";
import { cat } from "../tencent/cat";
import { iotcloud } from "../tencent/iotcloud";
import { catProbe } from "../tencent/cat-probe";
import { cfg } from "../tencent/cfg";
import type { TencentProduct } from "../tencent/product";
import type { Tc2Product } from "../tencent/v2";
import { ApigProtocol } from "./apig";
import { Tc2Protocol } from "./tc2";
import { Tc3Protocol } from "./tc3";
import type { ProtocolLayer } from "./types";

/** Tencent Cloud API 3.0 products, routed by X-TC-Version. */
export const TENCENT_API3_PRODUCTS: TencentProduct[] = [bh, iotcloud, catProbe, cfg];

/** Tencent Cloud API 2.0 products (`/v2/index.php`), routed by Action. */
export const TENCENT_API2_PRODUCTS: Tc2Product[] = [cat];

/** Huawei Cloud services behind the API gateway (APIG), routed by method and versioned path. */
export const HUAWEI_APIG_PRODUCTS: HuaweiProduct[] = [cpts];

/** Every protocol the emulator speaks, tried in order; the first whose `matches` accepts a request handles it. */
export function protocolLayers(cloud: EmulatorCloud): ProtocolLayer[] {
  return [new Tc3Protocol(cloud, TENCENT_API3_PRODUCTS), new Tc2Protocol(cloud, TENCENT_API2_PRODUCTS), new ApigProtocol(cloud, HUAWEI_APIG_PRODUCTS)];
}
