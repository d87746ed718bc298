import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { FieldSpec, FieldType, OutputSpec } from "../../provider/contract/fields";
import { PROFILE_INPUT } from "../../provider/dynamic";
import { enumToken, packageSchema, type PropertySchema, type TypeRef } from "../../provider/plugin/schema";
import { loadResource, RESOURCES, typeToken } from "../../provider/registry";
import { CONFIG_KEYS, SETTING_DOCS } from "../../provider/settings";

/** What each contract type must become in the schema: written out here, independently of the generator. */
const EXPECTED_TYPE: Record<FieldType | OutputSpec["type"], TypeRef> = {
  string: { type: "string" },
  integer: { type: "integer" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  integerList: { type: "array", items: { type: "integer" } },
  stringList: { type: "array", items: { type: "string" } },
  stringMap: { type: "object", additionalProperties: { type: "string" } },
  object: { $ref: "pulumi.json#/Any" },
  objectList: { type: "array", items: { $ref: "pulumi.json#/Any" } },
};

const typeOf = (p: PropertySchema): TypeRef => {
  const ref: TypeRef = {};
  for (const key of ["type", "items", "additionalProperties", "$ref"] as const) if (p[key] !== undefined) Object.assign(ref, { [key]: p[key] });
  return ref;
};

describe("the package schema (generated from the registry's contracts)", () => {
  const schema = packageSchema("1.2.3");

  it("registers every resource module, each exporting contract, rules, outputs and handlers", () => {
    // A resource is a file `<name>.ts` or a folder `<name>/` (usually both: the folder and its re-export).
    const entries = readdirSync(join(__dirname, "..", "..", "provider", "resources"), { withFileTypes: true });
    const modules = new Set(entries.filter((e) => e.isDirectory() || e.name.endsWith(".ts")).map((e) => e.name.replace(/\.ts$/, "")));
    assert.deepEqual([...RESOURCES.map((r) => r.module)].sort(), [...modules].sort(), "provider/registry.ts lists exactly the resource modules");
    for (const entry of RESOURCES) {
      const definition = loadResource(entry);
      assert.equal(typeof definition.contract, "object", `${entry.module} exports contract`);
      assert.ok(Array.isArray(definition.rules), `${entry.module} exports rules`);
      assert.equal(typeof definition.outputs, "object", `${entry.module} exports outputs`);
      for (const method of ["check", "diff", "create", "read", "update", "delete"] as const) assert.equal(typeof definition.handlers[method], "function");
    }
    assert.deepEqual(Object.keys(schema.resources).sort(), RESOURCES.map((r) => typeToken(r.type)).sort());
  });

  for (const entry of RESOURCES) {
    describe(typeToken(entry.type), () => {
      const { contract, outputs } = loadResource(entry);
      const resource = schema.resources[typeToken(entry.type)];

      it("has exactly the contract's inputs (and credentialsProfile), with its types, enums, secrets, replace rules and docs", () => {
        assert.deepEqual(Object.keys(resource.inputProperties).sort(), [...Object.keys(contract), PROFILE_INPUT].sort());
        assert.deepEqual(typeOf(resource.inputProperties[PROFILE_INPUT]), { type: "string" }, "every resource takes a credentials profile");
        for (const [name, spec] of Object.entries(contract) as Array<[string, FieldSpec]>) {
          const property = resource.inputProperties[name];
          if (spec.oneOf) {
            assert.equal(property.$ref, `#/types/${enumToken(entry.type, name)}`, `${name} refers to its enum`);
            const enumType = schema.types[enumToken(entry.type, name)];
            assert.deepEqual(enumType.enum.map((e) => e.value), [...spec.oneOf], `${name}'s enum values are its oneOf`);
            assert.equal(enumType.type, spec.type === "integer" ? "integer" : "string");
          } else {
            assert.deepEqual(typeOf(property), EXPECTED_TYPE[spec.type], `${name}'s type`);
          }
          assert.equal(property.secret === true, spec.secret === true, `${name} secret`);
          assert.equal(property.replaceOnChanges === true, spec.replaceOnChange === true, `${name} replaceOnChanges`);
          assert.ok(property.description.startsWith(spec.doc), `${name}'s description starts with its doc`);
          const primitiveDefault = ["string", "number", "boolean"].includes(typeof spec.default) ? spec.default : undefined;
          assert.equal(property.default, primitiveDefault, `${name} default`);
        }
      });

      it("requires what a user must give, and marks what is always set in the outputs (the task id included)", () => {
        const userRequired = Object.entries(contract).filter(([, s]) => s.required && s.default === undefined && !s.defaultFrom);
        assert.deepEqual((resource.requiredInputs ?? []).sort(), userRequired.map(([n]) => n).sort());
        const alwaysSet = Object.entries(contract).filter(([, s]) => s.required || s.default !== undefined || s.defaultFrom || s.adoption);
        assert.deepEqual((resource.required ?? []).sort(), alwaysSet.map(([n]) => n).sort());
      });

      it("has every input echoed plus exactly the outputs table as its properties", () => {
        assert.deepEqual(Object.keys(resource.properties).sort(), [...new Set([...Object.keys(contract), PROFILE_INPUT, ...Object.keys(outputs)])].sort());
        for (const [name, spec] of Object.entries(outputs)) {
          if (contract[name]) continue;
          assert.deepEqual(typeOf(resource.properties[name]), EXPECTED_TYPE[spec.type], `output ${name}'s type`);
          assert.ok(resource.properties[name].description.startsWith(spec.doc), `output ${name}'s doc`);
          assert.equal(resource.properties[name].secret === true, spec.secret === true);
        }
        for (const [name, spec] of Object.entries(contract)) assert.equal(resource.properties[name].secret === true, spec.secret === true, `echoed ${name} secret`);
      });
    });
  }

  it("declares every cloudtasks:* setting as provider config, secrets marked", () => {
    assert.deepEqual(Object.keys(schema.config.variables).sort(), Object.keys(CONFIG_KEYS).sort());
    for (const [name, { secret }] of Object.entries(SETTING_DOCS)) assert.equal(schema.config.variables[name].secret === true, secret === true, name);
    assert.deepEqual(schema.provider.inputProperties, schema.config.variables);
    assert.equal(schema.name, "cloudtasks");
    assert.equal(schema.version, "1.2.3");
  });

  it("names every type it refers to", () => {
    const refs = JSON.stringify(schema).match(/#\/types\/[^"]+/g) ?? [];
    for (const ref of refs) assert.ok(schema.types[ref.slice("#/types/".length)], ref);
  });
});
