// "Lint Workspace": every TypeScript/JavaScript file under the workspace folders, linted one at a
// time with a turn of the event loop between files (the server keeps answering the editor), each
// result handed to `publish` as it comes. Files are found as the CLI finds them (stat only, no
// node_modules, no symlinked folders).
import type { FileResult } from "../analysis/findings";
import type { LintWorkspaceResult } from "../../../protocol/src/languageServer";
import { collectFiles } from "../cli/collect-files";

/** More files than this are not linted (a huge monorepo would take minutes and its diagnostics flood the editor). */
export const maxWorkspaceFiles = 5000;

export interface WorkspaceLintDeps {
  roots: readonly string[];
  /** Open documents have their own diagnostics. */
  isOpen(fileName: string): boolean;
  lint(fileName: string): FileResult | undefined;
  publish(fileName: string, result: FileResult): void;
  progress(done: number, total: number, fileName: string): void;
  isCancelled(): boolean;
}

export async function lintWorkspace(deps: WorkspaceLintDeps): Promise<LintWorkspaceResult> {
  const found = new Set<string>();
  // Deliberately synchronous: one stat walk per command, and each lint after it holds the thread as long.
  for (const root of deps.roots) for (const file of collectFiles([root], root).files) if (!/\.d\.[cm]?ts$/.test(file)) found.add(file);
  const all = [...found].filter(file => !deps.isOpen(file)).sort();
  const files = all.slice(0, maxWorkspaceFiles);
  const out: LintWorkspaceResult = { files: 0, findings: 0, problems: 0, cancelled: false, truncated: all.length > files.length };
  for (const [i, file] of files.entries()) {
    if (deps.isCancelled()) { out.cancelled = true; break; }
    deps.progress(i, files.length, file);
    const result = deps.lint(file);
    if (result) {
      out.files++;
      out.findings += result.findings.length;
      if (result.problems.some(p => p.kind !== "config")) out.problems++;
      deps.publish(file, result);
    }
    await new Promise(resolve => setImmediate(resolve));
  }
  return out;
}
