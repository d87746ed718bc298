import { strict as assert } from "node:assert";
import type { Task } from "tencentcloud-sdk-nodejs/tencentcloud/services/cfg/v20210820/cfg_models";
import { definitionMismatches as chaosMismatches } from "../../provider/resources/chaos-experiment/adoption";
import { definitionMismatches as iotMismatches } from "../../provider/resources/iot-batch-task";

/** What adoption compares for the two resources that cannot be edited: pure functions over DescribeTask answers. */
describe("adoption of tasks that cannot be edited: the definition compared with DescribeTask", () => {
  describe("IotBatchTask", () => {
    const declared = { taskType: "UpdateShadow", productId: "ABCDE12345", scheduleTimeInSeconds: 0 };
    const task = { Type: "UpdateShadow", ProductId: "ABCDE12345", CreateTime: 1_800_000_000, ScheduleTime: 1_800_000_000 };

    it("schedule 0 matches a task scheduled at its creation, not one scheduled later", () => {
      assert.deepEqual(iotMismatches(declared, task), []);
      assert.deepEqual(iotMismatches(declared, { ...task, ScheduleTime: 1_800_000_600 }), ["scheduleTimeInSeconds (declared 0, the task's 1800000600, created 1800000000)"]);
    });

    it("a fixed schedule must be the task's own", () => {
      assert.deepEqual(iotMismatches({ ...declared, scheduleTimeInSeconds: 1_800_000_600 }, { ...task, ScheduleTime: 1_800_000_600 }), []);
      assert.equal(iotMismatches({ ...declared, scheduleTimeInSeconds: 1_800_000_601 }, { ...task, ScheduleTime: 1_800_000_600 }).length, 1);
    });

    it("what DescribeTask does not report cannot differ", () => {
      assert.deepEqual(iotMismatches({ ...declared, deviceNameFilter: "^x", maxExecutionTimeInSeconds: 5 }, { Type: "UpdateShadow" }), []);
    });
  });

  describe("ChaosExperiment", () => {
    const action = (order: number, actionId: number, custom: string, randomId: number, recoverId = 0) => ({
      TaskGroupActionOrder: order,
      ActionId: actionId,
      TaskGroupActionGeneralConfiguration: '{"ActionTimeout":"1800","PreTimeWait":0}',
      TaskGroupActionCustomConfiguration: custom,
      TaskGroupActionRandomId: randomId,
      TaskGroupActionRecoverId: recoverId,
    });
    const task = {
      TaskTitle: "drill",
      TaskMode: 1,
      TaskGroups: [{ TaskGroupOrder: 1, TaskGroupInstanceList: ["ins-b", "ins-a"], TaskGroupTitle: "web", TaskGroupActions: [action(1, 462, '{"interfaces":"eth0","percent":"30"}', 7, 8), action(2, 463, "{}", 8)] }],
    } as unknown as Task;
    const template = {
      templateId: 627,
      taskConfig: {
        taskGroupsConfig: [{ taskGroupInstances: ["ins-a", "ins-b"], taskGroupActionsConfig: [{ taskGroupActionOrder: 1, taskGroupActionCustomConfiguration: '{"percent":30}', taskGroupActionGeneralConfiguration: '{"ActionTimeout":1800}' }] }],
      },
    };

    it("matches a template experiment by its actions, objects in any order and declared configuration keys (numbers as the API writes them)", () => {
      assert.deepEqual(chaosMismatches(template, task, [[462, 463]]), []);
    });

    it("names each differing field with both values", () => {
      const declared = {
        ...template,
        taskConfig: {
          taskMode: 2,
          taskGroupsConfig: [{ taskGroupInstances: ["ins-a"], taskGroupTitle: "web", taskGroupActionsConfig: [{ taskGroupActionOrder: 1, taskGroupActionCustomConfiguration: '{"percent":40}' }] }],
        },
      };
      assert.deepEqual(chaosMismatches(declared, task, [[462, 463], [466, 467]]), [
        "templateId (template 627 has the actions [[462, 463], [466, 467]] per group, the experiment [[462, 463]])",
        'taskConfig.taskGroupsConfig[0].taskGroupInstances (declared ["ins-a"], the experiment\'s ["ins-a", "ins-b"])',
        'taskConfig.taskGroupsConfig[0].taskGroupActionsConfig[0].taskGroupActionCustomConfiguration (percent: declared 40, the experiment\'s "30")',
        "taskConfig.taskMode (declared 2, the experiment's 1)",
      ]);
    });

    it("the action modes compare the named actions, not the recovery the cloud adds", () => {
      const fromAction = { taskActionId: 462, taskInstances: ["ins-a", "ins-b"], taskActionCustomConfiguration: '{"interfaces":"eth0"}' };
      assert.deepEqual(chaosMismatches(fromAction, task), []);
      assert.deepEqual(chaosMismatches({ ...fromAction, taskActionId: 12 }, task), ["taskActionId (declared 12, the experiment's 462)"]);
      assert.deepEqual(chaosMismatches({ taskInstances: ["ins-a", "ins-b"], taskAction: [{ taskActionId: 462 }], taskTitle: "other" }, task), ['taskTitle (declared "other", the experiment\'s "drill")']);
    });
  });
});
