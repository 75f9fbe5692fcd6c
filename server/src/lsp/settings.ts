// The editor's `loopscope.*` settings, read per resource (workspace/configuration), turned into
// the SettingsOverride the linter merges over the project's own configuration.
import type { SeveritySetting } from "../analysis/findings";
import type { RuleSetting, SettingsOverride } from "../config/config";

/** What `workspace/configuration` returns for the `loopscope` section (user input: anything may be wrong). */
export interface EditorSettings {
  rules?: Record<string, unknown>;
  defaultTimeoutMs?: unknown;
  extraBlockingApis?: unknown;
}

export interface RuleOptionsShape {
  id: string;
  defaultOptions: Record<string, unknown>;
}

const severities = new Set<string>(["off", "info", "warning", "error"]);
/** Editor settings that become the option of the same name of every rule that has it. */
const settingsAsRuleOptions = ["defaultTimeoutMs", "extraBlockingApis"] as const;

export function toSettingsOverride(raw: unknown, rules: readonly RuleOptionsShape[]): SettingsOverride {
  const settings = (raw && typeof raw === "object" ? raw : {}) as EditorSettings;
  const out: Record<string, RuleSetting> = {};
  const known = new Set(rules.map(r => r.id));
  if (settings.rules && typeof settings.rules === "object") {
    for (const [id, value] of Object.entries(settings.rules)) {
      // "default" (and anything unknown) means: no override, the project's config decides.
      if (typeof value === "string" && severities.has(value) && known.has(id)) out[id] = { severity: value as SeveritySetting };
    }
  }
  for (const name of settingsAsRuleOptions) {
    const value = validOption(name, settings[name]);
    if (value === undefined) continue;
    for (const rule of rules) {
      if (!(name in rule.defaultOptions)) continue;
      const entry = (out[rule.id] ??= {});
      entry.options = { ...entry.options, [name]: value };
    }
  }
  return Object.keys(out).length ? { rules: out } : {};
}

function validOption(name: (typeof settingsAsRuleOptions)[number], value: unknown): unknown {
  switch (name) {
    case "defaultTimeoutMs":
      return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
    case "extraBlockingApis":
      return Array.isArray(value) && value.length && value.every(v => typeof v === "string" && v.trim()) ? value : undefined;
  }
}

/**
 * Settings per document URI, fetched once and kept until the configuration changes.
 * `fetch` asks the editor (workspace/configuration); without that capability the server uses the
 * last `didChangeConfiguration` payload for every document.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<SettingsOverride>>();
  private global: unknown;
  /** Changes whenever settings may have changed: part of pull diagnostics' result ids. */
  generation = 0;

  constructor(
    private readonly fetch: ((uri: string) => Promise<unknown>) | undefined,
    private readonly rules: () => readonly RuleOptionsShape[],
    private readonly log: (line: string) => void,
  ) {}

  get(uri: string): Promise<SettingsOverride> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = (this.fetch ? this.fetch(uri) : Promise.resolve(this.global)).then(
        raw => toSettingsOverride(raw, this.rules()),
        error => {
          this.log(`Could not read settings for ${uri}: ${String(error)}; using the project's configuration.`);
          return {};
        },
      );
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** The configuration changed; `settings` is the pushed `loopscope` section if the client sent one. */
  changed(settings?: unknown): void {
    if (settings !== undefined) this.global = settings;
    this.byUri.clear();
    this.generation++;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
