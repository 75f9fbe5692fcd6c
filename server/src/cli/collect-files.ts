// Turns the paths given on the command line into the files to lint.
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const sourceFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const declarationFile = /\.d\.[cm]?ts$/;
/** Folders nobody means to lint: dependencies, VCS data, build output caches. */
const skippedDirs = new Set(["node_modules", ".git", ".hg", ".svn"]);

export interface CollectedFiles { files: string[]; missing: string[] }

export function collectFiles(paths: readonly string[], cwd: string): CollectedFiles {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const p of paths) {
    const full = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) walkDir(full, files);
    else files.add(full); // named explicitly: linted whatever its extension, so bad input gets a clear message
  }
  return { files: [...files].sort(), missing };
}

function walkDir(dir: string, out: Set<string>): void {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be linted
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skippedDirs.has(e.name) && !e.name.startsWith(".")) stack.push(join(d, e.name));
      } else if (e.isFile() && sourceFile.test(e.name) && !declarationFile.test(e.name)) {
        out.add(join(d, e.name));
      }
    }
  }
}
