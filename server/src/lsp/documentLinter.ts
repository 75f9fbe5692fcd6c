// The server's use of the Linter: editor text as overlays, one cached result per open document
// version (code actions reuse it), and the analysis' problems logged once instead of per keystroke.
import { basename, dirname } from "node:path";
import type { FileProblem, FileResult } from "../analysis/findings";
import { Linter, type LinterOptions } from "../analysis/linter";
import type { SettingsOverride } from "../config/config";
import type { ServerState } from "../../../protocol/src/languageServer";

export interface LintedDocument { version: number; key: string; result: FileResult }

export class DocumentLinter {
  private linter: Linter | undefined;
  private readonly results = new Map<string, LintedDocument>();
  private readonly logged = new Set<string>();
  /** Projects already described in the log (by tsconfig path, or "inferred:<folder>"). */
  private readonly describedProjects = new Set<string>();
  private busy = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly status: (state: ServerState, detail?: string) => void,
  ) {}

  start(options: { cwd?: string; extraRules?: LinterOptions["extraRules"] } = {}): void {
    this.linter = new Linter({ log: this.log, ...options });
  }

  /** A file changed on disk (not through the editor). */
  fileChanged(fileName: string): void {
    this.linter?.fileChanged(fileName);
  }

  /** The editor's text for an open file (or undefined when it closed: the file on disk counts again). */
  setText(fileName: string, text: string | undefined): void {
    this.linter?.setOverlay(fileName, text);
  }

  forget(uri: string): void {
    this.results.delete(uri);
  }

  /** The result for exactly this version and settings key, if it was computed. */
  cached(uri: string, version: number, key: string): LintedDocument | undefined {
    const hit = this.results.get(uri);
    return hit && hit.version === version && hit.key === key ? hit : undefined;
  }

  /**
   * Lints the file as its overlay says. Undefined when cancelled or when the analysis itself
   * failed (logged; the server keeps running and the next edit tries again).
   */
  lint(uri: string, fileName: string, version: number, key: string, settings: SettingsOverride, isCancelled: () => boolean): FileResult | undefined {
    const result = this.run(fileName, settings, isCancelled);
    if (result) this.results.set(uri, { version, key, result });
    return result;
  }

  /** Lints `text` as if it were the file's content, then puts the editor's text back (fix-all passes). */
  lintText(fileName: string, text: string, restore: string | undefined, settings: SettingsOverride): FileResult | undefined {
    this.linter?.setOverlay(fileName, text);
    try {
      return this.run(fileName, settings, () => false);
    } finally {
      this.linter?.setOverlay(fileName, restore);
    }
  }

  close(): void {
    this.linter?.close();
    this.linter = undefined;
  }

  private run(fileName: string, settings: SettingsOverride, isCancelled: () => boolean): FileResult | undefined {
    if (!this.linter) return undefined;
    if (this.busy++ === 0) this.status("linting");
    let failed: string | undefined;
    try {
      const started = performance.now();
      const result = this.linter.lintFile(fileName, { settings, isCancelled });
      if (result) for (const problem of result.problems) this.report(fileName, problem);
      if (result) this.describeProjectOnce(fileName, performance.now() - started);
      return result;
    } catch (error) {
      failed = `Linting ${fileName} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
      this.logOnce(failed, failed);
      return undefined;
    } finally {
      if (--this.busy === 0) this.status(failed ? "error" : "ready", failed?.split("\n")[0]);
    }
  }

  private report(fileName: string, problem: FileProblem): void {
    switch (problem.kind) {
      case "rule-crashed":
        // The Linter logs each crashing rule once itself (with the stack); the other rules' results are in.
        break;
      case "skipped":
        this.logOnce(`skipped:${fileName}:${problem.message}`, `Skipped ${fileName}: ${problem.message}`);
        break;
      case "syntax":
        // The editor's TypeScript support already shows syntax errors; the rest of the file was still linted.
        break;
    }
  }

  /**
   * One log line per project, at its first lint: which tsconfig, how many files, and how long the
   * first lint took (opening the project is most of it). The tsconfig's TypeScript 7 option
   * translations are logged when the compiler reads it, just before.
   */
  private describeProjectOnce(fileName: string, ms: number): void {
    const project = this.linter?.projectSummary(fileName);
    if (!project) return;
    const key = project.configFileName ?? `inferred:${dirname(fileName)}`;
    if (this.describedProjects.has(key)) return;
    this.describedProjects.add(key);
    const which = project.configFileName ? `Project ${project.configFileName}` : `No tsconfig.json/jsconfig.json for ${fileName}: default compiler options`;
    this.log(`${which}: ${project.rootFiles} files (${project.programFiles} with libraries and dependencies); first lint (${basename(fileName)}) took ${Math.round(ms)} ms`);
  }

  private logOnce(key: string, line: string): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.log(line);
  }
}
