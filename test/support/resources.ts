import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const RESOURCES = join(__dirname, "..", "..", "provider", "resources");

/** One resource's source text, as its `@API` lines and contract read it. */
export interface ResourceSource {
  /** The module name, e.g. `perf-test-task`. */
  name: string;
  /** What holds it under provider/resources: `probe-task.ts`, or the folder `perf-test-task`. */
  entry: string;
  /** Every file of the resource, joined. */
  text: string;
}

/**
 * Every resource under provider/resources: a file, or a folder (contract / api / lifecycle / index)
 * whose files together declare it; the folder's run-time module of the same name only re-exports it.
 */
export function resourceSources(): ResourceSource[] {
  const entries = readdirSync(RESOURCES, { withFileTypes: true });
  const folders = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  return entries
    .filter((e) => e.isDirectory() || (e.name.endsWith(".ts") && !folders.has(e.name.slice(0, -3))))
    .map((e) => {
      const files = e.isDirectory()
        ? readdirSync(join(RESOURCES, e.name))
            .filter((f) => f.endsWith(".ts"))
            .map((f) => join(RESOURCES, e.name, f))
        : [join(RESOURCES, e.name)];
      return { name: e.name.replace(/\.ts$/, ""), entry: e.name, text: files.map((f) => readFileSync(f, "utf8")).join("\n") };
    });
}
