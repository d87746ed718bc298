/**
 * Three gaps of `@pulumi/pulumi/provider`'s gRPC server (3.248), closed around `main()` without
 * forking it. The server's service object is wrapped as it is registered:
 * - Configure: the server answers without telling the provider, so stack config (`cloudtasks:*`)
 *   would never arrive; here it goes to `configureFromStack`, the same function the dynamic
 *   provider's `configure` calls, so config and env fallbacks mean the same in both.
 * - Diff: the server drops everything but changes/replaces; here the changed keys and a detailed
 *   diff from the contract go to the engine, so previews say what changes and why it replaces.
 * - Read: on import the request has no properties and the server crashes on them; here a missing
 *   property bag is empty, and a task that is gone answers with no properties (the engine then
 *   drops it on refresh, and reports "does not exist" on import).
 */
import { dirname } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PACKAGE_NAME } from "../registry";
import { configureFromStack } from "../settings";
import type { CloudtasksProvider } from "./adapter";

/* eslint-disable @typescript-eslint/no-require-imports -- the very module instances the SDK's server uses */
const sdkDir = dirname(dirname(require.resolve("@pulumi/pulumi/provider")));
const fromSdk = <T>(id: string): T => require(require.resolve(id, { paths: [sdkDir] })) as T;
const grpcJs = fromSdk<typeof grpc>("@grpc/grpc-js");
const structModule = fromSdk<{ Struct: typeof Struct }>("google-protobuf/google/protobuf/struct_pb");
const proto = fromSdk<typeof provproto>("@pulumi/pulumi/proto/provider_pb");
const services = fromSdk<typeof provrpc>("@pulumi/pulumi/proto/provider_grpc_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

type Callback<T> = (error: Error | null, value?: T | null) => void;
type Handler<Req, Res> = (call: { request: Req }, callback: Callback<Res>) => void;
type Service = Record<string, unknown>;

/** Stack config keys arrive in the legacy form `cloudtasks:config:region`; settings know `cloudtasks:region`. */
export function settingsFromVariables(variables: ReadonlyMap<string, string> | Iterable<[string, string]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of variables) out.set(key.replace(`${PACKAGE_NAME}:config:`, `${PACKAGE_NAME}:`), value);
  return out;
}

function configure(original: Handler<provproto.ConfigureRequest, provproto.ConfigureResponse>): Handler<provproto.ConfigureRequest, provproto.ConfigureResponse> {
  return (call, callback) => {
    const settings = settingsFromVariables(call.request.getVariablesMap().getEntryList());
    configureFromStack({ get: (key) => settings.get(key) });
    original(call, callback);
  };
}

function diff(provider: CloudtasksProvider): Handler<provproto.DiffRequest, provproto.DiffResponse> {
  return (call, callback) => {
    const req = call.request;
    provider
      .diff(req.getId(), req.getUrn(), req.getOlds()?.toJavaScript() ?? {}, req.getNews()?.toJavaScript() ?? {})
      .then((result) => {
        const resp = new proto.DiffResponse();
        const { DIFF_SOME, DIFF_NONE, DIFF_UNKNOWN } = proto.DiffResponse.DiffChanges;
        resp.setChanges(result.changes === true ? DIFF_SOME : result.changes === false ? DIFF_NONE : DIFF_UNKNOWN);
        resp.setReplacesList(result.replaces ?? []);
        resp.setDeletebeforereplace(result.deleteBeforeReplace === true);
        resp.setDiffsList(result.diffs);
        const detailed = resp.getDetaileddiffMap();
        for (const [key, entry] of Object.entries(result.detailedDiff)) {
          const property = new proto.PropertyDiff();
          property.setKind(entry.kind as provproto.PropertyDiff.Kind);
          property.setInputdiff(entry.inputDiff);
          detailed.set(key, property);
        }
        resp.setHasdetaileddiff(result.changes !== undefined);
        callback(null, resp);
      })
      .catch((error: Error) => callback(error));
  };
}

function read(provider: CloudtasksProvider): Handler<provproto.ReadRequest, provproto.ReadResponse> {
  return (call, callback) => {
    const req = call.request;
    provider
      .read(req.getId(), req.getUrn(), req.getProperties()?.toJavaScript() ?? {})
      .then((result) => {
        const resp = new proto.ReadResponse();
        resp.setId(result.id ?? "");
        if (result.id) {
          resp.setProperties(structModule.Struct.fromJavaScript(result.props ?? {}));
          if (result.inputs !== undefined) resp.setInputs(structModule.Struct.fromJavaScript(result.inputs));
        }
        callback(null, resp);
      })
      .catch((error: Error) => callback(error));
  };
}

/**
 * Wraps the resource provider service as `main()` registers it. Call once, before `main()`.
 * Methods not named here stay the SDK's, reached through the prototype chain.
 */
export function patchProviderServer(provider: CloudtasksProvider): void {
  const addService = grpcJs.Server.prototype.addService;
  grpcJs.Server.prototype.addService = function (this: grpc.Server, service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation) {
    if (service !== (services.ResourceProviderService as unknown)) return addService.call(this, service, implementation);
    const sdkServer = implementation as unknown as Service;
    const patched = Object.create(sdkServer) as Service;
    patched.configure = configure((sdkServer.configure as Handler<provproto.ConfigureRequest, provproto.ConfigureResponse>).bind(sdkServer));
    patched.diff = diff(provider);
    patched.read = read(provider);
    return addService.call(this, service, patched as unknown as grpc.UntypedServiceImplementation);
  };
}
