// The scripts of the workspace's package.json files, as quick pick items. No vscode import.

export interface ScriptChoice {
  /** The folder holding the package.json (npm runs there). */
  dir: string;
  name: string;
  command: string;
  /** Where it comes from, when there is more than one package.json. */
  where?: string;
}

/** Scripts in the order of the packages and then of each package.json; unreadable ones are skipped. */
export function scriptChoices(packages: Array<{ dir: string; label: string; text: string }>): ScriptChoice[] {
  const choices: ScriptChoice[] = [];
  for (const p of packages) {
    let scripts: unknown;
    try {
      scripts = (JSON.parse(p.text) as { scripts?: unknown }).scripts;
    } catch {
      continue;
    }
    if (typeof scripts !== "object" || scripts === null || Array.isArray(scripts)) continue;
    for (const [name, command] of Object.entries(scripts)) {
      if (typeof command !== "string") continue;
      choices.push({ dir: p.dir, name, command, ...(packages.length > 1 ? { where: p.label } : {}) });
    }
  }
  return choices;
}
