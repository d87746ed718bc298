import { currentOperation } from "./context";

/** `cloudtasks: OperationTask "report": <line>`: the resource named when known. */
export function forResource(line: string, resource = currentOperation().resource): string {
  const body = line.replace(/^cloudtasks: /, "");
  return resource ? `cloudtasks: ${resource}: ${body}` : `cloudtasks: ${body}`;
}

/**
 * Where long operations report progress: the provider process's stderr, which the Pulumi engine
 * (≥ 3.146) shows as diagnostics during `up` and `destroy`. Ids, statuses and elapsed time only:
 * never an input value. Each line names the Pulumi resource it is about, since the engine does not
 * attribute a dynamic provider's output to a resource. Tests swap `write` to collect the lines.
 */
export const progress = { write: (line: string): void => void process.stderr.write(`${forResource(line)}\n`) };
