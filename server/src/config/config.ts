// Configuration, resolved the same way by the CLI and the language server (DESIGN section 3):
// rule defaults < the nearest `loopscope.config.json` (or `"loopscope"` in package.json) <
// overrides (CLI `--rule`, VS Code settings `loopscope.rules.<id>`, per resource).
import { existsSync } from "node:fs";
import { readSmallTextFile } from "./read-small-file";
import { dirname, join, relative } from "node:path";
import type { SeveritySetting } from "../analysis/findings";
import { ignoreMatcher, type PathMatcher } from "./glob";

export interface RuleSetting {
  severity?: SeveritySetting;
  options?: Record<string, unknown>;
}

/** Overrides from the CLI or the editor. */
export interface SettingsOverride {
  rules?: Record<string, RuleSetting>;
}

export interface RuleDefaults {
  id: string;
  defaultSeverity: SeveritySetting;
  defaultOptions: Record<string, unknown>;
  /** Returns problems with the given options (unknown keys, wrong types), or an empty list. */
  validateOptions(options: Record<string, unknown>): string[];
}

export interface ResolvedRule {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  rules: Map<string, ResolvedRule>;
  /** The config file that applied, if any. */
  configFile?: string;
  /** Whether the file is excluded by the config's `ignore` globs. */
  ignored: boolean;
  /** Files larger than this are skipped with a note (generated bundles, fixtures). */
  maxFileSizeBytes: number;
  /** Problems in the configuration; the CLI exits with 2 on them, the server logs them. */
  errors: string[];
}

interface ConfigFile {
  path: string;
  dir: string;
  rules: Record<string, RuleSetting>;
  ignore: PathMatcher;
  maxFileSizeBytes?: number;
  errors: string[];
}

export const severityNames = ["off", "info", "warning", "error"] as const;
const severities = new Set<string>(severityNames);
export const defaultMaxFileSizeBytes = 2 * 1024 * 1024;

/** The key of `ConfigResolver.rulesFor`'s entries made without an override. */
const noOverride: SettingsOverride = {};

export class ConfigResolver {
  /** Directory → the config file that applies there (null: none up to the root). */
  private readonly byDir = new Map<string, ConfigFile | null>();
  /** The rules' settings by override and config file (see `rulesFor`). */
  private resolved = new WeakMap<SettingsOverride, Map<ConfigFile | null, { rules: ReadonlyMap<string, ResolvedRule>; errors: readonly string[] }>>();

  constructor(private readonly rules: readonly RuleDefaults[]) {}

  /** Forget cached config files (a config file changed). */
  clear(): void {
    this.byDir.clear();
    this.resolved = new WeakMap();
  }

  resolve(fileName: string, override?: SettingsOverride): ResolvedConfig {
    const file = this.configFor(dirname(fileName));
    const { rules, errors } = this.rulesFor(file, override);
    const ignored = !!file && file.ignore(relative(file.dir, fileName));
    return {
      rules: new Map(rules),
      ignored,
      errors: [...errors],
      maxFileSizeBytes: file?.maxFileSizeBytes ?? defaultMaxFileSizeBytes,
      ...(file ? { configFile: file.path } : {}),
    };
  }

  /**
   * The rules' settings under one config file and override, worked out once per pair: a bulk run
   * resolves every file's config, and all of them share a few config files and one override.
   * The override is keyed by identity (callers make a new one when settings change, never edit
   * one); `clear` forgets config files, and with them their entries.
   */
  private rulesFor(
    file: ConfigFile | undefined,
    override: SettingsOverride | undefined,
  ): { rules: ReadonlyMap<string, ResolvedRule>; errors: readonly string[] } {
    let byFile = this.resolved.get(override ?? noOverride);
    if (!byFile) this.resolved.set(override ?? noOverride, (byFile = new Map()));
    let known = byFile.get(file ?? null);
    if (!known) byFile.set(file ?? null, (known = this.rulesUnder(file, override)));
    return known;
  }

  private rulesUnder(file: ConfigFile | undefined, override: SettingsOverride | undefined): { rules: Map<string, ResolvedRule>; errors: string[] } {
    const errors = file ? [...file.errors] : [];
    const rules = new Map<string, ResolvedRule>();
    for (const rule of this.rules) {
      let severity = rule.defaultSeverity;
      let options = { ...rule.defaultOptions };
      for (const [source, layer] of [
        [file?.path ?? "", file?.rules[rule.id]],
        ["settings", override?.rules?.[rule.id]],
      ] as const) {
        if (!layer) continue;
        if (layer.severity !== undefined) severity = layer.severity;
        if (layer.options) {
          const problems = rule.validateOptions(layer.options);
          if (problems.length) errors.push(...problems.map(p => `${source ? `${source}: ` : ""}${rule.id}: ${p}`));
          else options = { ...options, ...layer.options };
        }
      }
      rules.set(rule.id, { severity, options });
    }
    for (const id of Object.keys(override?.rules ?? {})) {
      if (!rules.has(id)) errors.push(`unknown rule '${id}' (known: ${this.rules.map(r => r.id).join(", ")})`);
    }
    return { rules, errors };
  }

  private configFor(dir: string): ConfigFile | undefined {
    const seen: string[] = [];
    let found: ConfigFile | null | undefined;
    for (let d = dir; ; d = dirname(d)) {
      found = this.byDir.get(d);
      if (found !== undefined) break;
      seen.push(d);
      found = this.readConfigIn(d);
      if (found) break;
      if (dirname(d) === d) {
        found = null;
        break;
      }
    }
    for (const d of seen) this.byDir.set(d, found);
    return found ?? undefined;
  }

  private readConfigIn(dir: string): ConfigFile | undefined {
    const own = join(dir, "loopscope.config.json");
    if (existsSync(own)) return this.parse(own, dir, text => JSON.parse(text));
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readSmallTextFile(pkg)) as Record<string, unknown>;
        if (json && typeof json === "object" && "loopscope" in json) return this.parse(pkg, dir, () => json.loopscope);
      } catch {
        // A broken package.json is not ours to report; it simply holds no Loopscope config.
      }
    }
    return undefined;
  }

  private parse(path: string, dir: string, read: (text: string) => unknown): ConfigFile {
    const result: ConfigFile = { path, dir, rules: {}, ignore: () => false, errors: [] };
    let text: string;
    try {
      text = readSmallTextFile(path);
    } catch (error) {
      result.errors.push(`${path}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return result;
    }
    let raw: unknown;
    try {
      raw = read(text);
    } catch (error) {
      result.errors.push(`${path}: not valid JSON (${(error as Error).message})`);
      return result;
    }
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      result.errors.push(`${path}: the configuration must be an object`);
      return result;
    }
    const config = raw as Record<string, unknown>;
    for (const key of Object.keys(config)) {
      if (!["rules", "ignore", "maxFileSizeBytes", "$schema"].includes(key))
        result.errors.push(`${path}: unknown key '${key}' (known: rules, ignore, maxFileSizeBytes)`);
    }
    if (config.ignore !== undefined) {
      if (!Array.isArray(config.ignore) || !config.ignore.every(g => typeof g === "string"))
        result.errors.push(`${path}: 'ignore' must be an array of glob strings`);
      else result.ignore = ignoreMatcher(config.ignore as string[]);
    }
    if (config.maxFileSizeBytes !== undefined) {
      if (typeof config.maxFileSizeBytes !== "number" || !(config.maxFileSizeBytes > 0))
        result.errors.push(`${path}: 'maxFileSizeBytes' must be a positive number`);
      else result.maxFileSizeBytes = config.maxFileSizeBytes;
    }
    if (config.rules !== undefined) {
      if (!config.rules || typeof config.rules !== "object" || Array.isArray(config.rules)) {
        result.errors.push(`${path}: 'rules' must be an object of rule id → severity or [severity, options]`);
      } else {
        for (const [id, value] of Object.entries(config.rules as Record<string, unknown>)) {
          const parsed = parseRuleSetting(value);
          if (typeof parsed === "string") result.errors.push(`${path}: rules.${id}: ${parsed}`);
          else if (!this.rules.some(r => r.id === id)) result.errors.push(`${path}: unknown rule '${id}' (known: ${this.rules.map(r => r.id).join(", ")})`);
          else result.rules[id] = parsed;
        }
      }
    }
    return result;
  }
}

/** `"warning"`, `["error", {…}]` or `{ severity, options }` → RuleSetting, or an error text. */
export function parseRuleSetting(value: unknown): RuleSetting | string {
  if (typeof value === "string")
    return severities.has(value) ? { severity: value as SeveritySetting } : `'${value}' is not a severity (off, info, warning, error)`;
  if (Array.isArray(value)) {
    const [severity, options] = value;
    if (typeof severity !== "string" || !severities.has(severity)) return `'${String(severity)}' is not a severity (off, info, warning, error)`;
    if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))) return "options must be an object";
    return { severity: severity as SeveritySetting, ...(options ? { options: options as Record<string, unknown> } : {}) };
  }
  if (value && typeof value === "object") {
    const v = value as { severity?: unknown; options?: unknown };
    if (v.severity !== undefined && (typeof v.severity !== "string" || !severities.has(v.severity)))
      return `'${String(v.severity)}' is not a severity (off, info, warning, error)`;
    if (v.options !== undefined && (typeof v.options !== "object" || v.options === null || Array.isArray(v.options))) return "options must be an object";
    return { ...(v.severity ? { severity: v.severity as SeveritySetting } : {}), ...(v.options ? { options: v.options as Record<string, unknown> } : {}) };
  }
  return "expected a severity, [severity, options] or { severity, options }";
}
