/**
 * The run-time path `pulumi-cloudtasks/resources/perf-test-task` (frozen into state by
 * `dynamicProvider`): the resource lives in the folder of the same name.
 */
import { dynamicProvider } from "../dynamic";

export * from "./perf-test-task/index";

// Only now are this module's exports complete: the installed package's provider is this module
// itself, given its provider methods here, in the program and in the provider process alike.
dynamicProvider("perf-test-task");
