/**
 * The run-time path `pulumi-cloudtasks/resources/chaos-experiment` (frozen into state by
 * `dynamicProvider`): the resource lives in the folder of the same name.
 */
import { dynamicProvider } from "../dynamic";

export * from "./chaos-experiment/index";

// Only now are this module's exports complete: the installed package's provider is this module
// itself, given its provider methods here, in the program and in the provider process alike.
dynamicProvider("chaos-experiment");
