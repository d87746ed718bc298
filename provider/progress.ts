/**
 * Where long operations report progress: the provider process's stderr, which the Pulumi engine
 * (≥ 3.146) shows as diagnostics during `up` and `destroy`. Ids, statuses and elapsed time only:
 * never an input value. Tests swap `write` to collect the lines.
 */
export const progress = { write: (line: string): void => void process.stderr.write(`${line}\n`) };
