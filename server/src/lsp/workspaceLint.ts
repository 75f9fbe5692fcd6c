// "Lint Workspace": every TypeScript/JavaScript file under the workspace folders, linted one at a
// time with a turn of the event loop between files (the server keeps answering the editor), each
// result handed to `publish` as it comes. Files are found as the CLI finds them (stat only, no
// node_modules, no symlinked folders). Files are told apart by their real paths: two workspace
// folders may reach the same files (one through a symlink), and the editor may have a file open by
// another path than the folder's.
import type { FileResult } from "../analysis/findings";
import type { LintWorkspaceResult } from "../../../protocol/src/languageServer";
import { collectFiles } from "../cli/collect-files";
import { realPathOf } from "../config/real-path";

/** More files than this are not linted (a huge monorepo would take minutes and its diagnostics flood the editor). */
export const maxWorkspaceFiles = 5000;

export interface WorkspaceLintDeps {
  roots: readonly string[];
  /** Open documents have their own diagnostics (their file names, by whatever path they were opened). */
  openFiles: readonly string[];
  lint(fileName: string): FileResult | undefined;
  publish(fileName: string, result: FileResult): void;
  progress(done: number, total: number, fileName: string): void;
  isCancelled(): boolean;
}

export async function lintWorkspace(deps: WorkspaceLintDeps): Promise<LintWorkspaceResult> {
  // Real path -> the name the file is linted and published under (the first folder's that reaches it).
  const found = new Map<string, string>();
  // Deliberately synchronous: one stat walk per command, and each lint after it holds the thread as long.
  for (const root of deps.roots) {
    for (const file of collectFiles([root], root).files) {
      const real = realPathOf(file);
      if (!/\.d\.[cm]?ts$/.test(file) && !found.has(real)) found.set(real, file);
    }
  }
  for (const open of deps.openFiles) found.delete(realPathOf(open));
  const all = [...found.values()].sort();
  const files = all.slice(0, maxWorkspaceFiles);
  const out: LintWorkspaceResult = { files: 0, findings: 0, problems: 0, cancelled: false, truncated: all.length > files.length };
  for (const [i, file] of files.entries()) {
    if (deps.isCancelled()) {
      out.cancelled = true;
      break;
    }
    deps.progress(i, files.length, file);
    const result = deps.lint(file);
    if (result) {
      // A file the user's config ignores was not meant to be checked: neither linted nor "not fully
      // checked". Its (empty) result is still published: it clears what an earlier lint published.
      if (!result.problems.some(p => p.kind === "skipped" && p.reason === "ignored")) {
        out.files++;
        out.findings += result.findings.length;
        if (result.problems.some(p => p.kind !== "config")) out.problems++;
      }
      deps.publish(file, result);
    }
    await new Promise(resolve => setImmediate(resolve));
  }
  return out;
}
