import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the engine does not tell a dynamic provider, carried through one resource operation: which
 * Pulumi resource it is for (progress and debug lines name it) and which credentials profile it
 * uses. Set by `lifecycle` (provider/dynamic.ts) around every handler; read by settings and progress.
 */
export interface OperationContext {
  /** `OperationTask "disk-report"`: the resource's type and Pulumi name. */
  resource?: string;
  /** The resource's `credentialsProfile` input, if any. */
  profile?: string;
}

const storage = new AsyncLocalStorage<OperationContext>();

export function withOperation<T>(context: OperationContext, run: () => Promise<T>): Promise<T> {
  return storage.run(context, run);
}

export function currentOperation(): OperationContext {
  return storage.getStore() ?? {};
}
