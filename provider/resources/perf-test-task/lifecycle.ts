import { checkInputs } from "../../contract/check";
import { changedFields, diffInputs } from "../../contract/diff";
import { containsUnknown, refreshedState, type Inputs } from "../../contract/fields";
import { lifecycle } from "../../dynamic";
import { CloudError, deleteIgnoringGone, isNotFound } from "../../errors";
import { contract, rules } from "./contract";
import {
  adoptTask,
  applyDrift,
  BUSY,
  createTask,
  deleteTask,
  keepInState,
  outputsFrom,
  showTask,
  startRun,
  stopRun,
  STOP_WAIT_SECONDS,
  taskId,
  UPDATABLE,
  updateTask,
  waitForRun,
  waitWhile,
  type TaskInfo,
} from "./api";

export const handlers = lifecycle({
  async check(_olds, news) {
    const withDefaults: Inputs = { ...news };
    const clusterId = news.clusterId ?? 0;
    if (withDefaults.clusterType === undefined && !containsUnknown(clusterId)) {
      withDefaults.clusterType = typeof clusterId === "number" && clusterId > 0 ? "private-cluster" : "shared-cluster-internet";
    }
    const result = checkInputs(contract, rules, withDefaults);
    return {
      inputs: result.inputs,
      failures: (result.failures ?? []).map((f) => {
        // The two project ids are easy to mix up (reference §0): say which one this is.
        if (f.property === "projectId" && typeof withDefaults.projectId === "string") {
          return { property: "projectId", reason: "projectId must be an integer: the CPTS test project id, not the IAM project id (that one is cloudtasks:huaweiProjectId)" };
        }
        return f;
      }),
    };
  },

  async diff(_id, olds, news) {
    return diffInputs(contract, olds, news);
  },

  async create(inputs) {
    const region = String(inputs.region);
    const id = inputs.taskId === undefined ? await createTask(region, inputs) : await adoptTask(region, Number(inputs.taskId), inputs);
    let started = false;
    let runId: number | undefined;
    try {
      if (inputs.run === "started") {
        runId = await startRun(region, id, inputs);
        started = true;
        if (inputs.waitForRun === true) await waitForRun(region, id, inputs);
      }
      return { id: String(id), outs: outputsFrom(inputs, id, await showTask(region, id), runId) };
    } catch (error) {
      // The task exists: keep it. A run not started is started by the next up; a started one is not repeated.
      throw keepInState(id, inputs, started, runId, error);
    }
  },

  async read(id, props) {
    let info: TaskInfo;
    try {
      info = await showTask(String(props.region), taskId(id));
    } catch (error) {
      if (isNotFound(error)) return {};
      throw error;
    }
    const state = applyDrift(props, taskId(id), info);
    return refreshedState(contract, id, state);
  },

  async update(id, olds, news) {
    const region = String(news.region);
    const tid = taskId(id);
    const changed = changedFields(contract, olds, news);
    if (changed.some((k) => UPDATABLE.includes(k))) {
      try {
        await updateTask(region, tid, news);
      } catch (error) {
        if (isNotFound(error)) {
          throw new Error(`perf test task ${id} no longer exists in ${region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to recreate it`);
        }
        throw error;
      }
    }
    let started = olds.run === "started";
    let runId: unknown = olds.latestRunId;
    try {
      if (news.run === "started" && olds.run !== "started") {
        runId = (await startRun(region, tid, news)) ?? runId;
        started = true;
        if (news.waitForRun === true) await waitForRun(region, tid, news);
      } else if (news.run === "stopped" && olds.run === "started") {
        await stopRun(region, tid, Number(news.projectId), await showTask(region, tid));
        started = false;
      }
      return { outs: outputsFrom(news, tid, await showTask(region, tid), runId) };
    } catch (error) {
      throw keepInState(tid, news, started, runId, error);
    }
  },

  async delete(id, props) {
    const region = String(props.region);
    const tid = taskId(id);
    await deleteIgnoringGone(async () => {
      try {
        // An idle task (the usual case) goes in one call; the task is read only when CPTS refuses.
        await deleteTask(region, tid);
        return;
      } catch (error) {
        if (!(error instanceof CloudError) || error.kind !== "client") throw error;
        // CPTS keeps a task that is mid-run: stop the run, wait for it to let go, then delete.
        const info = await showTask(region, tid);
        if (!BUSY.has(info.run_status ?? -1)) throw error;
        await stopRun(region, tid, Number(props.projectId), info);
        await waitWhile(region, tid, (s) => BUSY.has(s ?? -1), STOP_WAIT_SECONDS, "waiting for the run to stop before deleting");
      }
      await deleteTask(region, tid);
    });
  },
}, { cloud: "huawei" });
