// Keeps package.json's `loopscope.rules.<id>` settings in step with the rule registry.
// usage: node --import tsx scripts/rule-settings.ts        (rewrites package.json)
// The LSP settings test fails with this command when a rule has no (or an outdated) setting.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { allRules } from "../server/src/rules/registry";

const manifestPath = fileURLToPath(new URL("../package.json", import.meta.url));

export function ruleSettings(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { meta } of allRules) {
    out[`loopscope.rules.${meta.id}`] = {
      type: "string",
      enum: ["default", "off", "info", "warning", "error"],
      enumDescriptions: [
        `The project's setting (loopscope.config.json or "loopscope" in package.json), else the rule's default (${meta.enabledByDefault === false ? "off" : meta.defaultSeverity}).`,
        "Do not run the rule.",
        "Report as information.",
        "Report as a warning.",
        "Report as an error.",
      ],
      default: "default",
      scope: "resource",
      markdownDescription: `\`${meta.id}\`: ${meta.description} Overrides the project's configuration. Docs: docs/rules/${meta.id}.md in the extension.`,
    };
  }
  return out;
}

/** package.json with the rule settings regenerated (other settings keep their place and content). */
export function manifestWithRuleSettings(manifestText: string): string {
  const manifest = JSON.parse(manifestText);
  const properties: Record<string, unknown> = manifest.contributes.configuration.properties;
  const others = Object.entries(properties).filter(([name]) => !name.startsWith("loopscope.rules."));
  manifest.contributes.configuration.properties = { ...ruleSettings(), ...Object.fromEntries(others) };
  return JSON.stringify(manifest, null, 2) + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const before = readFileSync(manifestPath, "utf8");
  const after = manifestWithRuleSettings(before);
  if (after !== before) writeFileSync(manifestPath, after);
  console.log(after === before ? "package.json: rule settings already up to date" : `package.json: rule settings updated (${allRules.length} rules)`);
}
