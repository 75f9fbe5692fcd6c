// Files shipped next to the bundles (package root): rule docs and package.json. Found relative
// to this code, so it works from dist/ (installed or in the repo) and from sources under tsx.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

let root: string | null | undefined;

export function packageRoot(): string | undefined {
  if (root === undefined) {
    root = null;
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "docs", "rules"))) {
        root = dir;
        break;
      }
      dir = dirname(dir);
    }
  }
  return root ?? undefined;
}

/** A URI editors and SARIF viewers can open offline: docs/rules/<id>.md of this installation. */
export function ruleDocUri(ruleId: string): string | undefined {
  const r = packageRoot();
  return r ? pathToFileURL(join(r, "docs", "rules", `${ruleId}.md`)).href : undefined;
}

export function loopscopeVersion(): string {
  const r = packageRoot();
  try {
    return r ? (JSON.parse(readFileSync(join(r, "package.json"), "utf8")) as { version: string }).version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
