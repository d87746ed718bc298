/** The built-in CFG seed data (seed 002 and reference §A), and extra seeds from the emulator config. */

/** A field of an action's configuration form (DescribeActionFieldConfigList's ConfigDetail). */
export interface FieldConfig {
  Type: string;
  Lable: string;
  Field: string;
  DefaultValue: string;
  Config: string;
  Required: 0 | 1;
  Validate: string;
  Visible: string;
}

export interface ActionDefinition {
  id: number;
  title: string;
  description: string;
  /** 1 fault, 2 recovery. */
  attribute: 1 | 2;
  /** The fault's recovery action, or the recovery's fault action. */
  relationActionId?: number;
  objectTypeId: number;
  risk: string;
  /** Seconds one instance takes to execute, on the emulator's clock. */
  executeSeconds: number;
  custom: FieldConfig[];
}

export interface TemplateDefinition {
  id: number;
  title: string;
  description: string;
  mode: 1 | 2;
  pauseDuration: number;
  policyDealType: 1 | 2;
  groups: Array<{ title: string; description: string; mode: 1 | 2; objectTypeId: number; actions: Array<{ actionId: number; general: Record<string, unknown>; custom: Record<string, unknown> }> }>;
}

export const OBJECT_TYPES = [
  { ObjectTypeId: 1, ObjectTypeTitle: "CVM", ObjectTypeLevelOne: "Compute" },
  { ObjectTypeId: 2, ObjectTypeTitle: "CDB for MySQL", ObjectTypeLevelOne: "Database" },
];

const number = (label: string, field: string, defaultValue: string, config: Record<string, unknown>, required: 0 | 1 = 0, visible = "{}"): FieldConfig => ({
  Type: "number",
  Lable: label,
  Field: field,
  DefaultValue: defaultValue,
  Config: JSON.stringify(config),
  Required: required,
  Validate: "{}",
  Visible: visible,
});
const input = (label: string, field: string, defaultValue: string, required: 0 | 1): FieldConfig => ({
  Type: "input",
  Lable: label,
  Field: field,
  DefaultValue: defaultValue,
  Config: "{}",
  Required: required,
  Validate: "{}",
  Visible: "{}",
});

/** The general (common) fields every action takes: seed 002, DescribeActionFieldConfigList's `Common`. */
export const COMMON_FIELDS: FieldConfig[] = [
  input("Action Alias", "AliasTitle", "", 0),
  number("Pre-Wait Time (s)", "PreTimeWait", "0", { max: 86400, min: 0, tooltip: "Only for auto-advance mode" }),
  number("Post-Wait Time (s)", "AfterTimeWait", "0", { max: 86400, min: 0, tooltip: "Only for auto-advance mode" }),
  number("Action Timeout Period (s)", "ActionTimeout", "1800", { max: 86400, min: 0, tooltip: "Action timeout period" }, 0, JSON.stringify({ op: "<", type: "need_insert", value: 0, relatedField: "ActionTimeout" })),
];

/** The action library: seed 002's actions 462 and 466 (466 with the seed's fields), and the "Empty Operation" pair 12/13. */
export function seedActions(): ActionDefinition[] {
  const recovery = (id: number, title: string, faultId: number, executeSeconds: number): ActionDefinition => ({
    id,
    title: `${title} (rollback)`,
    description: `Rolls back ${title}`,
    attribute: 2,
    relationActionId: faultId,
    objectTypeId: 1,
    risk: "Low risk",
    executeSeconds,
    custom: [],
  });
  return [
    { id: 12, title: "Empty Operation", description: "Does nothing: tests the experiment flow", attribute: 1, relationActionId: 13, objectTypeId: 1, risk: "Low risk", executeSeconds: 1, custom: [] },
    recovery(13, "Empty Operation", 12, 1),
    {
      id: 462,
      title: "Network Packet Loss",
      description: "Drops a share of the packets on a network interface",
      attribute: 1,
      relationActionId: 463,
      objectTypeId: 1,
      risk: "Medium risk",
      executeSeconds: 3,
      custom: [
        number("Duration (s)", "duration", "180", { max: 1800, min: 0 }, 1),
        input("Network Interface", "interfaces", "", 1),
        number("Packet Loss (%)", "percent", "50", { max: 100, min: 1 }, 1),
      ],
    },
    recovery(463, "Network Packet Loss", 462, 2),
    {
      id: 466,
      title: "DNS tampering",
      description: "Resolves a domain name to another IP",
      attribute: 1,
      relationActionId: 467,
      objectTypeId: 1,
      risk: "Medium risk",
      executeSeconds: 3,
      custom: [number("Duration (s)", "duration", "180", { max: 1800, min: 0 }, 1), input("Domain Name", "domain", "", 1), input("IP", "ip", "", 1)],
    },
    recovery(467, "DNS tampering", 466, 2),
  ];
}

/** Template 626 of seed 002: one action group, "Empty Operation" and its rollback. */
export function seedTemplates(): TemplateDefinition[] {
  return [
    {
      id: 626,
      title: "Empty operation drill",
      description: "Test an empty operation action",
      mode: 1,
      pauseDuration: 60,
      policyDealType: 1,
      groups: [
        {
          title: "abc",
          description: "abc",
          mode: 1,
          objectTypeId: 1,
          actions: [
            { actionId: 12, general: { AliasTitle: "", PreTimeWait: 0, ActionTimeout: 1800, AfterTimeWait: 0 }, custom: {} },
            { actionId: 13, general: { PreTimeWait: 0, ActionTimeout: 1800, AfterTimeWait: 0 }, custom: {} },
          ],
        },
      ],
    },
    {
      id: 627,
      title: "Network and DNS drill",
      description: "Packet loss on the web tier, then DNS tampering on the app tier",
      mode: 2,
      pauseDuration: 60,
      policyDealType: 1,
      groups: [
        {
          title: "web tier",
          description: "packet loss",
          mode: 1,
          objectTypeId: 1,
          actions: [
            { actionId: 462, general: { ActionTimeout: 1800 }, custom: { duration: 60, interfaces: "eth0", percent: 30 } },
            { actionId: 463, general: { ActionTimeout: 1800 }, custom: {} },
          ],
        },
        {
          title: "app tier",
          description: "dns",
          mode: 1,
          objectTypeId: 1,
          actions: [
            { actionId: 466, general: { ActionTimeout: 1800 }, custom: { duration: 60, domain: "api.example.com", ip: "127.0.0.1" } },
            { actionId: 467, general: { ActionTimeout: 1800 }, custom: {} },
          ],
        },
      ],
    },
  ];
}

/**
 * Extra templates and library actions from the emulator config (`seeds.cfg`), in the shapes of
 * `TemplateDefinition` and `ActionDefinition`; one with a built-in id replaces it.
 */
export interface CfgSeeds {
  templates?: TemplateDefinition[];
  actions?: ActionDefinition[];
}

export function withSeeds<T extends { id: number }>(builtIn: T[], extra: unknown, kind: string): T[] {
  if (extra === undefined) return builtIn;
  if (!Array.isArray(extra) || extra.some((e) => typeof e !== "object" || e === null || typeof (e as { id?: unknown }).id !== "number")) {
    throw new Error(`emulator config seeds.cfg.${kind} must be a list of objects with a numeric id`);
  }
  const ids = new Set((extra as T[]).map((e) => e.id));
  return [...builtIn.filter((b) => !ids.has(b.id)), ...(extra as T[])];
}

