/**
 * The Pulumi package schema, generated from the registry's contract and output tables (never written
 * by hand): what `pulumi package get-schema` prints, what Pulumi YAML type-checks programs against,
 * and what `pulumi package gen-sdk` turns into Python/Go/.NET SDKs.
 */
import { CONFIG_KEYS, envFallbacks, SETTING_DOCS, type SettingName } from "../settings";
import type { FieldSpec, FieldType, OutputSpec } from "../contract/fields";
import { PROFILE_INPUT } from "../context";
import { loadResource, PACKAGE_NAME, RESOURCES, typeToken, type AnyContract, type RegisteredResource } from "../registry";

export interface TypeRef {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  items?: TypeRef;
  additionalProperties?: TypeRef;
  $ref?: string;
}

export interface PropertySchema extends TypeRef {
  description: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  default?: string | number | boolean;
}

export interface EnumSchema {
  type: "string" | "integer";
  description: string;
  enum: Array<{ name?: string; value: string | number }>;
}

export interface ResourceSchema {
  description: string;
  properties: Record<string, PropertySchema>;
  /** Omitted when empty, as the CLI prints schemas. */
  required?: string[];
  inputProperties: Record<string, PropertySchema>;
  /** Omitted when empty, as the CLI prints schemas. */
  requiredInputs?: string[];
}

export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  license: string;
  publisher: string;
  meta: { moduleFormat: string };
  config: { variables: Record<string, PropertySchema> };
  provider: { description: string; inputProperties: Record<string, PropertySchema> };
  resources: Record<string, ResourceSchema>;
  types: Record<string, EnumSchema>;
}

const ANY = "pulumi.json#/Any";

function typeRef(type: FieldType | OutputSpec["type"]): TypeRef {
  switch (type) {
    case "string":
    case "integer":
    case "boolean":
    case "number":
      return { type };
    case "integerList":
      return { type: "array", items: { type: "integer" } };
    case "stringList":
      return { type: "array", items: { type: "string" } };
    case "stringMap":
      return { type: "object", additionalProperties: { type: "string" } };
    case "object":
      return { $ref: ANY };
    case "objectList":
      return { type: "array", items: { $ref: ANY } };
  }
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The token of the enum type a `oneOf` field becomes: `cloudtasks:index:<Resource><Property>`. */
export const enumToken = (resource: string, property: string): string => typeToken(`${resource}${pascal(property)}`);

/** The rules a schema type cannot carry, in words, so every SDK's docs state them. */
function constraints(spec: FieldSpec): string[] {
  const notes: string[] = [];
  if (spec.min !== undefined) notes.push(`at least ${spec.min}`);
  if (spec.max !== undefined) notes.push(`at most ${spec.max}`);
  if (spec.maxLength !== undefined) notes.push(`at most ${spec.maxLength} characters`);
  if (spec.minItems !== undefined) notes.push(`at least ${spec.minItems} item${spec.minItems === 1 ? "" : "s"}`);
  if (spec.uniqueItems) notes.push("no repeated items");
  if (spec.pattern) notes.push(spec.pattern.rule);
  return notes;
}

function describe(name: string, spec: FieldSpec): string {
  const parts = [spec.apiName ? `${spec.doc} (\`${spec.apiName}\`).` : `${spec.doc}.`];
  const rules = constraints(spec);
  if (rules.length) parts.push(`Must be: ${rules.join("; ")}.`);
  if (spec.defaultFrom) parts.push(spec.missing ? `Required: ${spec.missing.replace(/^[^:]*: /, "")}.` : "Defaults from the provider configuration.");
  if (spec.replaceOnChange) parts.push(`Changing ${name} replaces the resource.`);
  if (spec.writeOnly) parts.push("The read API does not return it: refresh keeps the state's value and import leaves it empty.");
  if (spec.secret) parts.push("Always stored as a secret.");
  return parts.join(" ");
}

const isPrimitiveDefault = (v: unknown): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function inputProperty(resource: string, name: string, spec: FieldSpec): PropertySchema {
  const property: PropertySchema = { ...(spec.oneOf ? { $ref: `#/types/${enumToken(resource, name)}` } : typeRef(spec.type)), description: describe(name, spec) };
  if (spec.secret) property.secret = true;
  if (spec.replaceOnChange) property.replaceOnChanges = true;
  if (isPrimitiveDefault(spec.default)) property.default = spec.default;
  return property;
}

function enumType(spec: FieldSpec, name: string): EnumSchema {
  const values = spec.oneOf ?? [];
  const numeric = values.every((v) => typeof v === "number");
  return {
    type: numeric ? "integer" : "string",
    description: spec.doc,
    // Numbers make no identifiers in generated SDKs: name them after the property.
    enum: values.map((value) => (typeof value === "number" ? { name: `${pascal(name)}${value}`, value } : { value })),
  };
}

/** Always present in the outputs: required, given a default, or an adoption id (the adopted or created task's). */
const alwaysSet = (spec: FieldSpec) => spec.required === true || spec.default !== undefined || spec.defaultFrom !== undefined || spec.adoption === true;
/** The user must give it: required and nothing fills it in. */
const userRequired = (spec: FieldSpec) => spec.required === true && spec.default === undefined && spec.defaultFrom === undefined;

/** Inputs every resource takes beside its contract (handled once, in `lifecycle`). */
export const SHARED_INPUTS: Readonly<Record<string, PropertySchema>> = {
  [PROFILE_INPUT]: {
    type: "string",
    description:
      "Use the credentials of this named profile instead of the default chain: the provider config `profiles.<name>`, or a `[<name>]` section of ~/.tencentcloud/credentials / ~/.huaweicloud/credentials. Lets one stack manage tasks in two accounts.",
  },
};

export function resourceSchema(entry: RegisteredResource, contract: AnyContract, outputs: Readonly<Record<string, OutputSpec>>): { resource: ResourceSchema; types: Record<string, EnumSchema> } {
  const inputProperties: Record<string, PropertySchema> = {};
  const types: Record<string, EnumSchema> = {};
  for (const [name, spec] of Object.entries(contract)) {
    inputProperties[name] = inputProperty(entry.type, name, spec);
    if (spec.oneOf) types[enumToken(entry.type, name)] = enumType(spec, name);
  }
  for (const [name, property] of Object.entries(SHARED_INPUTS)) inputProperties[name] ??= { ...property };
  // Outputs echo every input; an input's `default` describes what a user sends, not a state value.
  const properties: Record<string, PropertySchema> = {};
  for (const [name, property] of Object.entries(inputProperties)) {
    const echoed: PropertySchema = { ...property };
    delete echoed.default;
    delete echoed.replaceOnChanges;
    properties[name] = echoed;
  }
  for (const [name, spec] of Object.entries(outputs)) {
    if (contract[name]) continue; // an input that is also reported (e.g. an adopted task id) stays an input
    properties[name] = { ...typeRef(spec.type), description: `${spec.doc}.`, ...(spec.secret ? { secret: true } : {}) };
  }
  const specs = Object.entries(contract);
  const required = specs.filter(([, s]) => alwaysSet(s)).map(([n]) => n);
  const requiredInputs = specs.filter(([, s]) => userRequired(s)).map(([n]) => n);
  return {
    resource: {
      description: entry.description,
      properties,
      ...(required.length ? { required } : {}),
      inputProperties,
      ...(requiredInputs.length ? { requiredInputs } : {}),
    },
    types,
  };
}

function configVariables(): Record<string, PropertySchema> {
  const variables: Record<string, PropertySchema> = {};
  for (const name of Object.keys(CONFIG_KEYS) as SettingName[]) {
    const { doc, secret, structured } = SETTING_DOCS[name];
    const env = envFallbacks(name);
    const description = env.length ? `${doc} Falls back to the environment variable${env.length > 1 ? "s" : ""} ${env.join(", ")}.` : doc;
    variables[name] = { ...(structured ? { $ref: ANY } : { type: "string" as const }), description, ...(secret ? { secret: true } : {}) };
  }
  return variables;
}

/** The whole package schema, for the given package version. */
export function packageSchema(version: string): PackageSchema {
  const resources: Record<string, ResourceSchema> = {};
  const types: Record<string, EnumSchema> = {};
  for (const entry of RESOURCES) {
    const definition = loadResource(entry);
    const generated = resourceSchema(entry, definition.contract, definition.outputs);
    resources[typeToken(entry.type)] = generated.resource;
    Object.assign(types, generated.types);
  }
  const variables = configVariables();
  return {
    name: PACKAGE_NAME,
    displayName: "Cloud Tasks",
    version,
    description: "Cloud task lifecycles (Tencent Cloud Bastion Host and CAT, Huawei Cloud CodeArts PerfTest) through the clouds' official SDKs.",
    keywords: ["pulumi", "cloudtasks", "tencentcloud", "huaweicloud", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-cloudtasks",
    meta: { moduleFormat: "(.*)" },
    config: { variables },
    provider: { description: "The cloudtasks provider: credentials, regions and the API endpoint (each with an environment fallback).", inputProperties: variables },
    resources,
    types,
  };
}
