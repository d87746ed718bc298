export { startEmulator, type RunningEmulator } from "./server";
export { defaultConfig, loadConfig, DEMO_TENCENT_CREDENTIAL, DEMO_HUAWEI_CREDENTIAL, type EmulatorConfig } from "./config";
export type { FaultRule } from "./state/faults";
export type { RequestLogEntry } from "./protocols/types";
