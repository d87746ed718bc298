#!/usr/bin/env node
/**
 * `pulumi-resource-cloudtasks`: the provider plugin (every Pulumi language, Pulumi YAML, `pulumi
 * import`). The engine starts it with its address as the argument; it prints its own port.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { main } from "@pulumi/pulumi/provider";
import { CloudtasksProvider } from "./adapter";
import { packageSchema } from "./schema";
import { patchProviderServer } from "./server";

/** This package's version (the plugin's and the schema's), from its package.json, in the repo or installed. */
export function packageVersion(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "pulumi-cloudtasks" && pkg.version) return pkg.version;
  }
  throw new Error(`no pulumi-cloudtasks package.json above ${from}`);
}

export function createProvider(): CloudtasksProvider {
  const version = packageVersion();
  let schema: string | undefined;
  return new CloudtasksProvider(version, () => (schema ??= JSON.stringify(packageSchema(version))));
}

if (require.main === module) {
  const provider = createProvider();
  patchProviderServer(provider);
  void main(provider, process.argv.slice(2));
}
