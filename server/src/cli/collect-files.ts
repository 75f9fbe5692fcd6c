// Turns the paths given on the command line into the files to lint. No source file is read here:
// types are checked with stat, so a FIFO or a device never blocks or floods the run. The only
// files read are .gitignore files (through readSmallTextFile: type and size checked first), so
// that build output and other files git ignores (dist/) are not linted when a folder is walked.
import { existsSync, readdirSync, statSync, type Dirent, type Stats } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { fileTypeOf, readSmallTextFile } from "../config/read-small-file";

const sourceFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const declarationFile = /\.d\.[cm]?ts$/;
/** Folders nobody means to lint: dependencies, VCS data, build output caches. */
const skippedDirs = new Set(["node_modules", ".git", ".hg", ".svn"]);

export const sourceExtensions = ".ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs";

/** A path that was named or found but is not linted, and why (a sentence for the user). */
export interface SkippedPath {
  path: string;
  reason: string;
}

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
    if (stat.isDirectory()) walkDir(full, out, gitignoresAbove(full));
    else if (!stat.isFile()) out.skipped.push({ path: full, reason: `not a regular file (${fileTypeOf(stat)})` });
    // Named explicitly: any source extension, declaration files too.
    else if (sourceFile.test(full)) out.found.add(full);
    else out.skipped.push({ path: full, reason: `not a TypeScript or JavaScript file (${sourceExtensions})` });
  }
  return { files: [...out.found].sort(), missing: out.missing, skipped: out.skipped, linkedFolders: out.linkedFolders };
}

/** The rules of one .gitignore file, for the paths beneath its folder. */
interface GitIgnore {
  dir: string;
  rules: Ignore;
}

function walkDir(dir: string, out: CollectedFiles & { found: Set<string> }, above: readonly GitIgnore[]): void {
  const stack: { dir: string; ignores: readonly GitIgnore[] }[] = [{ dir, ignores: above }];
  while (stack.length) {
    const { dir: d, ignores: inherited } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be linted
    }
    const own = entries.some(e => e.name === ".gitignore" && e.isFile()) ? readGitIgnore(d) : undefined;
    const ignores = own ? [...inherited, own] : inherited;
    for (const e of entries) {
      const path = join(d, e.name);
      if (isGitIgnored(path, e.isDirectory(), ignores)) continue;
      if (e.isDirectory()) {
        if (!skippedDirs.has(e.name) && !e.name.startsWith(".")) stack.push({ dir: path, ignores });
        continue;
      }
      const isSource = sourceFile.test(e.name) && !declarationFile.test(e.name);
      if (e.isFile()) {
        if (isSource) out.found.add(path);
      } else if (e.isSymbolicLink()) {
        let target: Stats | undefined;
        try {
          target = statSync(path);
        } catch {
          /* broken link */
        }
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

/**
 * The .gitignore files that apply inside a folder named on the command line: those of its parent
 * folders up to the repository's top (the folder with `.git`). Outside a repository, none. A
 * folder that these ignore is still walked (it was named), so they are dropped then.
 */
function gitignoresAbove(dir: string): GitIgnore[] {
  const parents: string[] = [];
  let top: string | undefined;
  for (let d = dir; ; d = dirname(d)) {
    if (d !== dir) parents.push(d);
    if (existsSync(join(d, ".git"))) {
      top = d;
      break;
    }
    if (dirname(d) === d) break;
  }
  if (top === undefined) return [];
  const ignores = parents
    .reverse()
    .map(d => (existsSync(join(d, ".gitignore")) ? readGitIgnore(d) : undefined))
    .filter((g): g is GitIgnore => !!g);
  return isGitIgnored(dir, true, ignores) ? [] : ignores;
}

function readGitIgnore(dir: string): GitIgnore | undefined {
  try {
    return { dir, rules: ignore().add(readSmallTextFile(join(dir, ".gitignore"))) };
  } catch {
    return undefined; // unreadable or not a regular file: git would not use it either
  }
}

/** As git decides: the deepest .gitignore with a matching rule wins, `!` re-includes. */
function isGitIgnored(path: string, isDir: boolean, ignores: readonly GitIgnore[]): boolean {
  let ignored = false;
  for (const { dir, rules } of ignores) {
    const rel = relative(dir, path).split(sep).join("/");
    if (!rel || rel.startsWith("../")) continue;
    const result = rules.test(isDir ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
