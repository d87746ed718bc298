import type { DescribeTaskResponse } from "tencentcloud-sdk-nodejs/tencentcloud/services/iotcloud/v20180614/iotcloud_models";
import { checkInputs } from "../../contract/check";
import { diffInputs } from "../../contract/diff";
import { containsUnknown, refreshedState } from "../../contract/fields";
import { initFailure, lifecycle } from "../../dynamic";
import { isNotFound } from "../../errors";
import { canonicalTasks, contract, rules, scheduleProblem } from "./contract";
import { adoptTask, ALREADY_STARTED, applyDrift, createTask, describeTask, hasCode, iotcloud, outputsFrom, report, statusText, waitForCompletion, WAITING } from "./api";

export const handlers = lifecycle({
  async check(olds, news) {
    const result = checkInputs(contract, rules, news);
    const inputs = result.inputs ?? {};
    const failures = [...(result.failures ?? [])];
    if (!failures.some((f) => f.property === "tasks") && !containsUnknown(inputs.tasks)) inputs.tasks = canonicalTasks(inputs.tasks);
    // An adopted task is not created: its (possibly past) schedule time is compared with the cloud's instead.
    if (inputs.taskId === undefined && !failures.some((f) => f.property === "scheduleTimeInSeconds") && !containsUnknown(inputs.scheduleTimeInSeconds)) {
      const problem = scheduleProblem(olds, inputs, Math.floor(Date.now() / 1000));
      if (problem) failures.push({ property: "scheduleTimeInSeconds", reason: problem });
    }
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    const region = String(inputs.region);
    const id = inputs.taskId === undefined ? await createTask(region, inputs) : await adoptTask(region, String(inputs.taskId), inputs);
    try {
      const task = inputs.waitForCompletion === true ? await waitForCompletion(region, id, inputs) : await describeTask(region, id);
      return { id, outs: outputsFrom(inputs, id, task) };
    } catch (error) {
      // The task exists: keep it in state, so the next up waits again instead of creating another.
      throw initFailure(id, outputsFrom(inputs, id, undefined), inputs, error);
    }
  },

  async read(id, props) {
    let task: DescribeTaskResponse;
    try {
      task = await describeTask(String(props.region), id);
    } catch (error) {
      if (isNotFound(error)) return {};
      throw error;
    }
    const state = applyDrift(props, id, task);
    return refreshedState(contract, id, state);
  },

  /** Only provider-side options change in place (every cloud field replaces): nothing is sent but reads. */
  async update(id, _olds, news) {
    const region = String(news.region);
    try {
      const task = news.waitForCompletion === true ? await waitForCompletion(region, id, news) : await describeTask(region, id);
      return { outs: outputsFrom(news, id, task) };
    } catch (error) {
      if (isNotFound(error)) throw new Error(`iot batch task ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
      throw initFailure(id, outputsFrom(news, id, undefined), news, error);
    }
  },

  /**
   * A waiting task is cancelled; one that ran, failed or was cancelled is only forgotten (the API
   * has no delete; the cloud drops it after a month). Losing a race to the scheduler is success.
   * A task last seen past waiting is forgotten without a read: no status leads back to waiting.
   */
  async delete(id, props) {
    const region = String(props.region);
    if (typeof props.status === "number" && props.status !== WAITING) {
      report(`iot batch task ${id}: ${statusText(props.status)} (status ${props.status}) when last read; nothing to cancel, forgetting it`);
      return;
    }
    let task: DescribeTaskResponse;
    try {
      task = await describeTask(region, id);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (task.Status !== WAITING) {
      report(`iot batch task ${id}: ${statusText(task.Status)} (status ${task.Status}); nothing to cancel, forgetting it`);
      return;
    }
    try {
      await iotcloud("CancelTask", region, (c) => c.CancelTask({ Id: id }), { idempotent: true });
    } catch (error) {
      if (isNotFound(error)) return;
      if (hasCode(error, ALREADY_STARTED)) {
        report(`iot batch task ${id}: started before it could be cancelled; forgetting it`);
        return;
      }
      throw error;
    }
  },
}, { cloud: "tencent" });
