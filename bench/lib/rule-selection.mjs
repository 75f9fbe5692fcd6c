// Which rules a bench run lints with. Rules that are off by default run only when named, so a bench
// that must cover "every fix of every rule" (issue 12) needs a way to turn them all on.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Every built-in rule: one folder with an index.ts per rule (the registry meta-test keeps them in step). */
export function builtInRuleIds(rulesDir) {
  return readdirSync(rulesDir, { withFileTypes: true })
    .filter(e => e.isDirectory() && existsSync(join(rulesDir, e.name, "index.ts")))
    .map(e => e.name)
    .sort();
}

/**
 * `--rule id=warning` flags for `spec`: "all" (every built-in rule), "default" or undefined (no flag:
 * the CLI's defaults), or ids separated by commas (those on, the others as by default).
 */
export function ruleSelectionFlags(spec, known) {
  if (spec === undefined || spec === "default") return [];
  const ids =
    spec === "all"
      ? known
      : spec
          .split(",")
          .map(s => s.trim())
          .filter(Boolean);
  const unknown = ids.filter(id => !known.includes(id));
  if (unknown.length || !ids.length)
    throw new Error(
      `--rules: expected all, default or rule ids separated by commas; unknown: ${unknown.join(", ") || "(none named)"} (known: ${known.join(", ")})`,
    );
  return ids.flatMap(id => ["--rule", `${id}=warning`]);
}
