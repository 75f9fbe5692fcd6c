// A rule's options, described once: the TypeScript type is inferred from the description, the
// defaults and the validation come from it, and so do the JSON Schema of loopscope.config.json
// (scripts/config-schema.ts) and the option table of each rule's doc. A small in-house builder
// rather than a schema library: four kinds of option cover every rule, and the messages stay ours.

export interface BooleanOption {
  kind: "boolean";
  description: string;
  default: boolean;
}
export interface NumberOption {
  kind: "number";
  description: string;
  default: number;
  positiveInteger?: boolean;
}
export interface EnumOption<T extends string = string> {
  kind: "enum";
  description: string;
  default: T;
  values: readonly T[];
}
export interface StringListOption {
  kind: "string[]";
  description: string;
  default: readonly string[];
  /** When set, the only strings allowed, and what one of them is called in a message ("family"). */
  items?: { values: readonly string[]; noun: string };
}
export type OptionSpec = BooleanOption | NumberOption | EnumOption | StringListOption;
export type OptionsSchema = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends BooleanOption
  ? boolean
  : S extends NumberOption
    ? number
    : S extends EnumOption<infer T>
      ? T
      : S extends StringListOption
        ? string[]
        : never;

/** The options type a schema describes. */
export type OptionsOf<S extends OptionsSchema> = { [K in keyof S]: ValueOf<S[K]> };

export const option = {
  boolean: (description: string, defaultValue: boolean): BooleanOption => ({ kind: "boolean", description, default: defaultValue }),
  number: (description: string, defaultValue: number, constraint?: { positiveInteger: true }): NumberOption => ({
    kind: "number",
    description,
    default: defaultValue,
    ...constraint,
  }),
  enum: <const T extends string>(values: readonly T[], description: string, defaultValue: NoInfer<T>): EnumOption<T> => ({
    kind: "enum",
    description,
    default: defaultValue,
    values,
  }),
  strings: (description: string, defaultValue: readonly string[], items?: { values: readonly string[]; noun: string }): StringListOption => ({
    kind: "string[]",
    description,
    default: defaultValue,
    ...(items ? { items } : {}),
  }),
};

/** The defaults of every option (arrays copied: a rule must not share its schema's). */
export function defaultsOf<S extends OptionsSchema>(schema: S): OptionsOf<S> {
  return Object.fromEntries(Object.entries(schema).map(([key, spec]) => [key, Array.isArray(spec.default) ? [...spec.default] : spec.default])) as OptionsOf<S>;
}

/** Problems with user-given options (unknown keys, wrong kinds, values out of range), as sentences. */
export function validateAgainst(schema: OptionsSchema, options: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!spec) {
      problems.push(`unknown option '${key}' (known: ${Object.keys(schema).join(", ") || "none"})`);
      continue;
    }
    const problem = problemOf(key, spec, value);
    if (problem) problems.push(...(Array.isArray(problem) ? problem : [problem]));
  }
  return problems;
}

function problemOf(key: string, spec: OptionSpec, value: unknown): string | string[] | undefined {
  switch (spec.kind) {
    case "boolean":
      return typeof value === "boolean" ? undefined : `option '${key}' must be a boolean`;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return `option '${key}' must be a number`;
      return spec.positiveInteger && !(Number.isInteger(value) && value > 0) ? `option '${key}' must be a positive integer` : undefined;
    case "enum":
      return (spec.values as readonly unknown[]).includes(value) ? undefined : `option '${key}' must be one of ${spec.values.join(", ")}`;
    case "string[]": {
      if (!Array.isArray(value) || !value.every(v => typeof v === "string")) return `option '${key}' must be an array of strings`;
      const items = spec.items;
      if (!items) return undefined;
      return value.filter(v => !items.values.includes(v)).map(v => `option '${key}': unknown ${items.noun} '${v}' (known: ${items.values.join(", ")})`);
    }
  }
}

/** The JSON Schema (draft-07) of a rule's options object. */
export function jsonSchemaOf(schema: OptionsSchema): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const common = { description: spec.description, default: spec.default };
    switch (spec.kind) {
      case "boolean":
        properties[key] = { type: "boolean", ...common };
        break;
      case "number":
        properties[key] = spec.positiveInteger ? { type: "integer", minimum: 1, ...common } : { type: "number", ...common };
        break;
      case "enum":
        properties[key] = { enum: [...spec.values], ...common };
        break;
      case "string[]":
        properties[key] = { type: "array", items: spec.items ? { enum: [...spec.items.values] } : { type: "string" }, ...common };
        break;
    }
  }
  return { type: "object", properties, additionalProperties: false };
}

/** The Markdown table of a rule's options, for its doc page. */
export function optionsTableOf(schema: OptionsSchema): string {
  const rows = Object.entries(schema).map(
    ([key, spec]) => `| \`${key}\` | ${typeText(spec)} | \`${JSON.stringify(spec.default)}\` | ${spec.description.replace(/\|/g, "\\|")} |`,
  );
  return ["| Option | Type | Default | Description |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function typeText(spec: OptionSpec): string {
  switch (spec.kind) {
    case "boolean":
      return "boolean";
    case "number":
      return spec.positiveInteger ? "positive integer" : "number";
    case "enum":
      return spec.values.map(v => `\`"${v}"\``).join(" \\| ");
    case "string[]":
      return spec.items ? `array of ${spec.items.values.map(v => `\`"${v}"\``).join(" \\| ")}` : "array of strings";
  }
}
