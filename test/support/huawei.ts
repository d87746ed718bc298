import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { HcClient, type HttpRequestOptions } from "@huaweicloud/huaweicloud-sdk-core/HcClient";
import { DefaultHttpClient } from "@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient";
import { DEMO_HUAWEI_CREDENTIAL } from "../../emulator/config";
import { SILENT_LOGGER as silent } from "../../provider/transport/huawei";


export interface SdkCall {
  /** Base URL as given to the core (a trailing slash is passed through, to show what it breaks). */
  endpoint: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path with `{project_id}` filled by the core from the credentials. */
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  ak?: string;
  sk?: string;
  projectId?: string;
}

export interface SdkReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * One request signed and sent by the SDK core itself, as a user's other tooling would send it: for
 * out-of-band changes in tests and for checking the emulator's verifier against the real signer.
 */
export async function sdkCall(call: SdkCall): Promise<SdkReply> {
  const credential = new BasicCredentials()
    .withAk(call.ak ?? DEMO_HUAWEI_CREDENTIAL.ak)
    .withSk(call.sk ?? DEMO_HUAWEI_CREDENTIAL.sk)
    .withProjectId(call.projectId ?? DEMO_HUAWEI_CREDENTIAL.projectId);
  const client = new HcClient(new DefaultHttpClient({ logger: silent, headers: { "User-Agent": "cloudtasks-tests" } }, [call.endpoint]))
    .withCredential(credential)
    .withEndpoints([call.endpoint]);
  const options: HttpRequestOptions & { axiosRequestConfig: { validateStatus: () => boolean } } = {
    method: call.method,
    url: call.path,
    contentType: "application/json",
    queryParams: call.query ?? {},
    pathParams: {},
    headers: { ...call.headers },
    axiosRequestConfig: { validateStatus: () => true },
  };
  if (call.body !== undefined) options.data = call.body;
  const reply = (await client.sendRequest(options)) as Record<string, unknown> & { httpStatusCode?: number };
  const { httpStatusCode, ...body } = reply;
  return { status: Number(httpStatusCode), body };
}

/** The out-of-band CPTS calls tests make. */
export const cptsCalls = {
  showTask: (endpoint: string, taskId: number) => sdkCall({ endpoint, method: "GET", path: `/v1/{project_id}/tasks/${taskId}` }),
  deleteTask: (endpoint: string, taskId: number) => sdkCall({ endpoint, method: "DELETE", path: `/v3/{project_id}/tasks/${taskId}` }),
  listTasks: (endpoint: string, projectId = 393862) =>
    sdkCall({ endpoint, method: "GET", path: `/v1/{project_id}/all-tasks/${projectId}`, query: { offset: "0", limit: "100" } }),
  updateTask: (endpoint: string, taskId: number, body: Record<string, unknown>) =>
    sdkCall({ endpoint, method: "PUT", path: `/v3/{project_id}/tasks/${taskId}`, body }),
  setStatus: (endpoint: string, projectId: number, taskId: number, status: 9 | 2) =>
    sdkCall({
      endpoint,
      method: "POST",
      path: `/v1/{project_id}/test-suites/${projectId}/tasks/${taskId}`,
      body: { cluster_id: status === 9 ? 0 : -1, cluster_type: "shared-cluster-internet", without_package: 0, network_info: {}, status },
    }),
};

/** The seed's (003) request example, as documented. */
export const SEED_EXAMPLE = {
  name: "task",
  parallel: false,
  enable_full_link: true,
  project_id: 393862,
  operate_mode: 2,
  case_id_list: [449269, 449270],
} as const;
