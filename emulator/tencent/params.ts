import { tencentErrors } from "./errors";

/** Typed readers for API 3.0 parameters, failing with the cloud's MissingParameter / InvalidParameter. */
export class Params {
  constructor(private readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
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

  optionalBoolean(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (typeof v !== "boolean") throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be a Boolean.`);
    return v;
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

  /** An array of structures, each read through its own Params (names are `Name.N.Field` in errors). */
  optionalObjectArray(name: string): Params[] | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (!Array.isArray(v) || !v.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
      throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Array of objects.`);
    }
    return (v as Record<string, unknown>[]).map((item) => new Params(item));
  }
}

/** API 3.0 accepts integers as JSON numbers or numeric strings (the docs' examples use both). */
function toInteger(name: string, v: unknown): number {
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) throw tencentErrors.invalidParameter(`The parameter \`${name}\` must be an Integer.`);
  return n;
}
