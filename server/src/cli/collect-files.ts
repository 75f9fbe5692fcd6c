// Turns the paths given on the command line into the files to lint. Nothing here reads a file:
// types are checked with stat, so a FIFO or a device never blocks or floods the run.
import { readdirSync, statSync, type Dirent, type Stats } from "node:fs";
import { join, resolve } from "node:path";
import { fileTypeOf } from "../config/read-small-file";

const sourceFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const declarationFile = /\.d\.[cm]?ts$/;
/** Folders nobody means to lint: dependencies, VCS data, build output caches. */
const skippedDirs = new Set(["node_modules", ".git", ".hg", ".svn"]);

export const sourceExtensions = ".ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs";

/** A path that was named or found but is not linted, and why (a sentence for the user). */
export interface SkippedPath { path: string; reason: string }

export interface CollectedFiles {
  files: string[];
  missing: string[];
  /** Named or found, but not TypeScript/JavaScript source in a regular file. */
  skipped: SkippedPath[];
  /** Symbolic links to folders met inside folders: not followed (they can loop). */
  linkedFolders: string[];
}

export function collectFiles(paths: readonly string[], cwd: string): CollectedFiles {
  const out: CollectedFiles & { found: Set<string> } = { files: [], missing: [], skipped: [], linkedFolders: [], found: new Set() };
  for (const p of paths) {
    const full = resolve(cwd, p);
    let stat: Stats;
    try {
      stat = statSync(full);
    } catch {
      out.missing.push(p);
      continue;
    }
    if (stat.isDirectory()) walkDir(full, out);
    else if (!stat.isFile()) out.skipped.push({ path: full, reason: `not a regular file (${fileTypeOf(stat)})` });
    // Named explicitly: any source extension, declaration files too.
    else if (sourceFile.test(full)) out.found.add(full);
    else out.skipped.push({ path: full, reason: `not a TypeScript or JavaScript file (${sourceExtensions})` });
  }
  return { files: [...out.found].sort(), missing: out.missing, skipped: out.skipped, linkedFolders: out.linkedFolders };
}

function walkDir(dir: string, out: CollectedFiles & { found: Set<string> }): void {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be linted
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) {
        if (!skippedDirs.has(e.name) && !e.name.startsWith(".")) stack.push(path);
        continue;
      }
      const isSource = sourceFile.test(e.name) && !declarationFile.test(e.name);
      if (e.isFile()) {
        if (isSource) out.found.add(path);
      } else if (e.isSymbolicLink()) {
        let target: Stats | undefined;
        try { target = statSync(path); } catch { /* broken link */ }
        if (target?.isDirectory()) {
          if (!skippedDirs.has(e.name) && !e.name.startsWith(".")) out.linkedFolders.push(path);
        } else if (isSource) {
          if (target?.isFile()) out.found.add(path);
          else out.skipped.push({ path, reason: target ? `a symbolic link to ${fileTypeOf(target)}, not a regular file` : "a broken symbolic link" });
        }
      } else if (isSource) {
        // A FIFO, socket or device with a source file's name.
        out.skipped.push({ path, reason: `not a regular file (${fileTypeOf(e)})` });
      }
    }
  }
}
