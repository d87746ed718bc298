/**
 * The run-time path `pulumi-cloudtasks/resources/iot-batch-task` (frozen into state by
 * `dynamicProvider`): the resource lives in the folder of the same name.
 */
import { dynamicProvider } from "../dynamic";

export * from "./iot-batch-task/index";

// Only now are this module's exports complete: the installed package's provider is this module
// itself, given its provider methods here, in the program and in the provider process alike.
dynamicProvider("iot-batch-task");
