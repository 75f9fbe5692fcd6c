// "Allow dropping `publish()` everywhere": the one action for a callee whose promise is dropped
// at many call sites. It writes the callee into floating-promise's `allowForKnownSafeCalls` in
// loopscope.config.json, creating the file or updating it while keeping everything else in it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Where the allow list goes: the config file that applies (its text), or where to create one. */
export interface ConfigTarget {
  path: string;
  text?: string;
}

const ruleId = "floating-promise";
const optionName = "allowForKnownSafeCalls";

/**
 * The config file's new text with `name` allowed, or undefined when it is already allowed or
 * the file is not plain JSON we can rewrite. `defaults`: the rule's default list, kept when the
 * file does not set the option yet (setting it replaces the defaults).
 */
export function allowListText(target: ConfigTarget, name: string, defaults: readonly string[]): string | undefined {
  let config: Record<string, unknown>;
  try {
    config = target.text === undefined || !target.text.trim() ? {} : (JSON.parse(target.text) as Record<string, unknown>);
  } catch {
    return undefined;
  }
  if (!config || typeof config !== "object" || Array.isArray(config)) return undefined;
  const rules = (config.rules ??= {}) as Record<string, unknown>;
  if (typeof rules !== "object" || Array.isArray(rules)) return undefined;
  const setting = rules[ruleId];
  let options: Record<string, unknown>;
  if (setting === undefined) {
    options = {};
    rules[ruleId] = { options };
  } else if (typeof setting === "string") {
    options = {};
    rules[ruleId] = [setting, options];
  } else if (Array.isArray(setting)) {
    options = (setting[1] ??= {}) as Record<string, unknown>;
  } else if (typeof setting === "object" && setting) {
    options = (setting as { options?: Record<string, unknown> }).options ??= {};
  } else {
    return undefined;
  }
  const current = Array.isArray(options[optionName]) ? (options[optionName] as string[]) : [...defaults];
  if (current.includes(name)) return undefined;
  options[optionName] = [...current, name];
  return `${JSON.stringify(config, null, indentOf(target.text))}\n`;
}

function indentOf(text: string | undefined): string | number {
  const m = text && /\n([ \t]+)"/.exec(text);
  return m ? m[1]! : 2;
}

/**
 * The config file to edit for a file: the loopscope.config.json that applies, or a new one beside
 * the nearest package.json (else in the workspace root). A `"loopscope"` key in package.json is
 * not rewritten (undefined: the action is not offered).
 */
export function configTargetFor(
  fileName: string,
  appliedConfig: string | undefined,
  workspaceRoot: string | undefined,
  openText: (path: string) => string | undefined,
): ConfigTarget | undefined {
  if (appliedConfig) {
    if (!appliedConfig.endsWith("loopscope.config.json")) return undefined;
    try {
      return { path: appliedConfig, text: openText(appliedConfig) ?? readFileSync(appliedConfig, "utf8") };
    } catch {
      return undefined;
    }
  }
  for (let dir = dirname(fileName); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return { path: join(dir, "loopscope.config.json") };
    if (dirname(dir) === dir) break;
  }
  return workspaceRoot ? { path: join(workspaceRoot, "loopscope.config.json") } : undefined;
}
