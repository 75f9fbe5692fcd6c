// How to run a file with Node: JavaScript directly; TypeScript with the project's tsx when it has
// one, else with Node's own type stripping where the Node version has it. No vscode import.

import { existsSync } from "node:fs";
import { dirname, extname, join } from "node:path";

export type RunTarget = { ok: true; command: string; args: string[] } | { ok: false; reason: string };

const javascript = new Set([".js", ".mjs", ".cjs"]);
const typescript = new Set([".ts", ".mts", ".cts"]);

/** The folder of the nearest node_modules/tsx above `file`, if any. */
export function findTsx(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "tsx", "package.json");
    if (existsSync(candidate)) return dirname(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Node versions that run .ts files without a flag (type stripping on by default: 22.18+, 23.6+). */
export function stripsTypesByDefault(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}

export function runTarget(file: string, node: string, nodeVersion: string | undefined, tsxDir: string | undefined): RunTarget {
  const ext = extname(file).toLowerCase();
  if (javascript.has(ext)) return { ok: true, command: node, args: [file] };
  if (typescript.has(ext)) {
    if (tsxDir) return { ok: true, command: node, args: ["--import", "tsx", file] };
    if (nodeVersion && stripsTypesByDefault(nodeVersion)) return { ok: true, command: node, args: [file] };
    return {
      ok: false,
      reason: `Node ${nodeVersion ?? "(unknown version)"} cannot run ${ext} files by itself. Add tsx to the project (npm i -D tsx), use Node 22.18 or later, or run an npm script that builds the program.`,
    };
  }
  return { ok: false, reason: `${ext || "This file"} is not a JavaScript or TypeScript file Node can run.` };
}
