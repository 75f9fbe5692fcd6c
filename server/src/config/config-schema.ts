// The JSON Schema of loopscope.config.json, made from the rules' option schemas: the file the
// extension registers for completion (package.json `jsonValidation`) and `$schema` points at.
// What it accepts is what config.ts accepts (test/config/config-schema.test.ts checks both ways).
import type { RuleMeta } from "../rules/rule";
import { jsonSchemaOf, type OptionsSchema } from "../rules/option-schema";
import { defaultMaxFileSizeBytes, severityNames } from "./config";

export interface SchemaRule { meta: Pick<RuleMeta, "id" | "description" | "defaultSeverity">; optionsSchema?: OptionsSchema }

export function configJsonSchema(rules: readonly SchemaRule[]): Record<string, unknown> {
  const severity = { enum: [...severityNames], description: "off, or the severity of the rule's findings." };
  const ruleProperties: Record<string, unknown> = {};
  for (const { meta, optionsSchema } of rules) {
    const options = { ...jsonSchemaOf(optionsSchema ?? {}), description: `Options of ${meta.id} (docs/rules/${meta.id}.md).` };
    ruleProperties[meta.id] = {
      description: `${meta.description} Default severity: ${meta.defaultSeverity}.`,
      anyOf: [
        severity,
        { type: "array", items: [severity, options], minItems: 1, maxItems: 2, description: "[severity, options]" },
        { type: "object", properties: { severity, options }, additionalProperties: false, description: "{ severity, options }" },
      ],
    };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Loopscope configuration (loopscope.config.json, or \"loopscope\" in package.json)",
    type: "object",
    properties: {
      $schema: { type: "string", description: "The JSON Schema of this file." },
      rules: {
        type: "object",
        description: "Rule id → severity, [severity, options] or { severity, options }.",
        properties: ruleProperties,
        additionalProperties: false,
      },
      ignore: { type: "array", items: { type: "string" }, description: "Globs (.gitignore conventions, relative to this file's folder) of files not to lint." },
      maxFileSizeBytes: { type: "number", exclusiveMinimum: 0, default: defaultMaxFileSizeBytes, description: "Files larger than this are skipped with a note (generated bundles, fixtures)." },
    },
    additionalProperties: false,
  };
}
