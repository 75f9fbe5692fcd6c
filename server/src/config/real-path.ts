// Paths compared by where they lead, not by how they were written: a project, a folder or a file
// reached through a symbolic link (macOS's /tmp is one) is the same as the one at its real path.
import { realpathSync } from "node:fs";

/** The path with every symbolic link resolved; the path itself when it does not exist (any more). */
export function realPathOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** The paths without those that lead to a file an earlier one leads to (the first name is kept). */
export function uniqueByRealPath(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return paths.filter(path => {
    const real = realPathOf(path);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}
