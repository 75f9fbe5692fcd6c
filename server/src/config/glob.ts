// The config's `ignore` globs, matched by picomatch with .gitignore's conventions on top:
// patterns are relative to the config file's folder; one without a `/` (a trailing one aside)
// matches at any depth; a trailing `/` or a matching folder covers everything beneath it;
// `!pattern` re-includes what an earlier pattern ignored (the last matching pattern wins).
// Braces (`*.{js,ts}`), classes (`[abc]`, `[[:digit:]]`) and extglobs come from picomatch.
import picomatch from "picomatch";

export type PathMatcher = (relativePath: string) => boolean;

export interface GlobOptions {
  /** Windows: `\` separates folders in the paths tested and case does not matter. Default: this platform's. */
  windows?: boolean;
}

/** Whether a path relative to the config's folder is ignored by `globs`, in their order. */
export function ignoreMatcher(globs: readonly string[], options: GlobOptions = {}): PathMatcher {
  const windows = options.windows ?? process.platform === "win32";
  const compiled = globs
    .filter(g => g.trim() !== "")
    .map(glob => {
      const negated = glob.startsWith("!");
      return { negated, test: compile(negated ? glob.slice(1) : glob, windows) };
    });
  return relativePath => {
    const path = windows ? relativePath.replace(/\\/g, "/") : relativePath;
    // The path and every folder above it: `dist` ignores `dist/a.ts`.
    const candidates = ancestorsAndSelf(path.replace(/^\.\//, ""));
    let ignored = false;
    for (const { negated, test } of compiled) {
      if (candidates.some(candidate => test(candidate))) ignored = !negated;
    }
    return ignored;
  };
}

function compile(glob: string, windows: boolean): (path: string) => boolean {
  let pattern = glob.replace(/^\.\//, "");
  const folderOnly = pattern.endsWith("/");
  if (folderOnly) pattern = pattern.slice(0, -1);
  // As in .gitignore: a `/` at the start or in the middle ties the pattern to the config's folder.
  const anchored = pattern.includes("/");
  pattern = pattern.replace(/^\//, "");
  if (folderOnly) pattern = `${pattern}/**`;
  if (!anchored && !pattern.startsWith("**/")) pattern = `**/${pattern}`;
  // dot: `*` matches `.eslintrc.js` as the old matcher did; the path is already `/`-separated.
  const isMatch = picomatch(pattern, { dot: true, nocase: windows, windows: false });
  return path => isMatch(path);
}

function ancestorsAndSelf(path: string): string[] {
  const parts = path.split("/").filter(p => p !== "");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}
