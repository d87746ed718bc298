/**
 * Tencent Cloud parameters that travel as flat `name=value` pairs (a GET query, a form-encoded
 * POST, API 3.0 with signature v1) name structure with dots, as the SDKs flatten it (Go
 * `tchttp.flatStructure`, Python `_fix_params`): `DeviceIdSet.0=44&DeviceIdSet.1=66` is the array
 * `[44, 66]`, `Filters.0.Name=x` is `[{Name: "x"}]`, `Config.Field=y` is `{Field: "y"}`. Rebuilt
 * here, in the protocol layer, a product reads one shape whatever the encoding; values stay
 * strings (the product's typed readers coerce them, as the cloud does for these encodings).
 */

export type FlatValue = string | FlatValue[] | { [key: string]: FlatValue };

/** A parameter name that cannot be rebuilt (a name both a value and a structure, or a stray dot). */
export class FlatParamError extends Error {}

interface Node {
  value?: string;
  children?: Map<string, Node>;
}

/** Rebuilds the structure that dotted names describe. Repeated names keep the last value. */
export function unflattenParams(pairs: Iterable<readonly [string, string]>): Record<string, FlatValue> {
  const root: Node = { children: new Map() };
  for (const [name, value] of pairs) {
    const segments = name.split(".");
    if (segments.some((s) => s === "")) throw new FlatParamError(`The parameter name \`${name}\` is malformed.`);
    let node = root;
    for (const segment of segments) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = {}));
      node = child;
    }
    node.value = value;
  }
  const out = build(root, "");
  return out as Record<string, FlatValue>;
}

function build(node: Node, path: string): FlatValue {
  if (!node.children) return node.value ?? "";
  if (node.value !== undefined) throw new FlatParamError(`The parameter \`${path}\` is given both as a value and as a structure.`);
  const keys = [...node.children.keys()];
  const childPath = (k: string) => (path ? `${path}.${k}` : k);
  if (path !== "" && keys.every((k) => /^\d+$/.test(k))) {
    // The Go SDK skips nil slice items, leaving gaps in the indexes: order by index, keep what came.
    return keys
      .map((k) => [Number(k), k] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, k]) => build(node.children?.get(k) ?? {}, childPath(k)));
  }
  const out: Record<string, FlatValue> = {};
  for (const k of keys) {
    // defineProperty: a parameter named `__proto__` is an own field like any other, never the prototype.
    Object.defineProperty(out, k, { value: build(node.children.get(k) ?? {}, childPath(k)), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
