/**
 * The run-time path `pulumi-cloudtasks/resources/chaos-experiment` (frozen into state by
 * `dynamicProvider`): the resource lives in the folder of the same name.
 */
export * from "./chaos-experiment/index";
