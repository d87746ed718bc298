/**
 * The run-time path `pulumi-cloudtasks/resources/chaos-experiment` (frozen into state by
 * `providerText`): the resource lives in the folder of the same name.
 */
import { serveAsProvider } from "../dynamic";

export * from "./chaos-experiment/index";

// Only now are this module's exports complete: the provider the stored text loads is this module
// itself, given its provider methods here.
serveAsProvider(module);
