import { tencentErrors } from "./errors";

/** Typed readers for API 3.0 parameters, failing with the cloud's MissingParameter / InvalidParameter. */
export class Params {
  constructor(private readonly raw: Record<string, unknown>) {}

  /** Own fields only: a parameter named `constructor` or `__proto__` is never the object's prototype. */
  has(name: string): boolean {
    return Object.hasOwn(this.raw, name) && this.raw[name] !== undefined && this.raw[name] !== null;
  }

  string(name: string): string {
    const v = this.optionalString(name);
    if (v === undefined) throw tencentErrors.missingParameter(name);
    return v;
  }

  optionalString(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (typeof v !== "string") throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be a String.`);
    return v;
  }

  integer(name: string): number {
    const v = this.optionalInteger(name);
    if (v === undefined) throw tencentErrors.missingParameter(name);
    return v;
  }

  optionalInteger(name: string): number | undefined {
    if (!this.has(name)) return undefined;
    return toInteger(name, this.raw[name]);
  }

  boolean(name: string): boolean {
    const v = this.optionalBoolean(name);
    if (v === undefined) throw tencentErrors.missingParameter(name);
    return v;
  }

  /** JSON `true`/`false`, or `"true"`/`"false"` as a GET query or form body carries them. */
  optionalBoolean(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be a Boolean.`);
  }

  stringArray(name: string): string[] {
    const v = this.optionalStringArray(name);
    if (v === undefined) throw tencentErrors.missingParameter(name);
    return v;
  }

  optionalStringArray(name: string): string[] | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (!Array.isArray(v) || !v.every((item) => typeof item === "string")) {
      throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of String.`);
    }
    return v as string[];
  }

  /** A structured parameter (`Name.Field` in a query or form body), read with the same typed readers. */
  optionalObject(name: string): Params | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Object.`);
    return new Params(v as Record<string, unknown>);
  }

  /** An array of structures (`Name.N.Field`), each read with the same typed readers. */
  optionalObjectArray(name: string): Params[] | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (!Array.isArray(v) || !v.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
      throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of Object.`);
    }
    return (v as Array<Record<string, unknown>>).map((item) => new Params(item));
  }

  integerArray(name: string): number[] {
    const v = this.optionalIntegerArray(name);
    if (v === undefined) throw tencentErrors.missingParameter(name);
    return v;
  }

  optionalIntegerArray(name: string): number[] | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (!Array.isArray(v)) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of Integer.`);
    return v.map((item, i) => toInteger(`${name}.${i}`, item));
  }
}

/**
 * API 3.0 accepts integers as JSON numbers or numeric strings (the docs' examples use both, and a
 * GET query or form body carries only strings).
 */
function toInteger(name: string, v: unknown): number {
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Integer.`);
  return n;
}
