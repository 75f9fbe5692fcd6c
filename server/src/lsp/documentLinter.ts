// The server's use of the Linter: editor text as overlays, one cached result per open document
// version (code actions reuse it), and the analysis' problems logged once instead of per keystroke.
//
// Every lint gives a result that says what happened: findings, or why the file was not checked
// (too large, too slow, the compiler crashed, an error). When the compiler could not finish a
// file (see CompilerFailure), a new compiler is already running: the user is told once, the
// other documents are linted again, and this file's text is not tried again until it changes
// (a file that kills the compiler would otherwise kill every new one).
import { basename, dirname } from "node:path";
import type { FileProblem, FileResult } from "../analysis/findings";
import { Linter, type LinterOptions } from "../analysis/linter";
import { CompilerFailure } from "../analysis/typescript";
import type { SettingsOverride } from "../config/config";
import type { ServerState } from "../../../protocol/src/languageServer";
import { lintNameOf, resultForDocument, type LintName } from "./documentNames";

export interface LintedDocument {
  version: number;
  key: string;
  result: FileResult;
}

export interface DocumentLinterEvents {
  log: (line: string) => void;
  status: (state: ServerState, detail?: string) => void;
  /** A new compiler replaced one that crashed, hung or ran over a file's budget (once per restart). */
  compilerRestarted: (message: string) => void;
  /** A document was linted with every rule off (by default, the project's config or the settings). */
  noRuleOn?: (fileName: string, configFile: string | undefined) => void;
}

/** A lint that ran this long in the editor is abandoned (the compiler is restarted); see `start`. */
export const defaultLintBudgetMs = 15_000;

export class DocumentLinter {
  private linter: Linter | undefined;
  private budgetMs = defaultLintBudgetMs;
  private readonly results = new Map<string, LintedDocument>();
  private readonly logged = new Set<string>();
  private readonly names = new Map<string, LintName>();
  /** Per lint name: the text the compiler could not finish, and what the result said. */
  private readonly failedTexts = new Map<string, { text: string | undefined; problem: FileProblem }>();
  /** Projects already described in the log (by tsconfig path, or "inferred:<folder>"). */
  private readonly describedProjects = new Set<string>();
  private busy = 0;

  constructor(private readonly events: DocumentLinterEvents) {}

  start(options: { cwd?: string; extraRules?: LinterOptions["extraRules"]; budgetMs?: number } = {}): void {
    if (options.budgetMs !== undefined) this.budgetMs = options.budgetMs;
    this.linter = new Linter({
      log: this.events.log,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.extraRules ? { extraRules: options.extraRules } : {}),
      onCompilerExit: detail => this.events.compilerRestarted(`the TypeScript compiler ${detail}; a new one was started`),
    });
  }

  /** The config file that applies to a file (loopscope.config.json or package.json), if any. */
  configFileFor(fileName: string): string | undefined {
    return this.linter?.resolveConfig(fileName).configFile;
  }

  /** A file changed on disk (not through the editor). */
  fileChanged(fileName: string): void {
    this.linter?.fileChanged(fileName);
  }

  /** The editor's text for an open file (or undefined when it closed: the file on disk counts again). */
  setText(fileName: string, text: string | undefined, languageId?: string): void {
    const name = text === undefined ? this.names.get(fileName) : lintNameOf(fileName, languageId);
    if (text === undefined) {
      this.names.delete(fileName);
      if (name?.kind === "file") this.failedTexts.delete(name.name);
    } else if (name) this.names.set(fileName, name);
    if (name?.kind === "file") this.linter?.setOverlay(name.name, text);
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
   * Lints the file as its overlay says. Undefined only when cancelled (or before `start`); a
   * failure is a result whose problem says so.
   */
  lint(uri: string, fileName: string, version: number, key: string, settings: SettingsOverride, isCancelled: () => boolean): FileResult | undefined {
    const result = this.run(fileName, settings, isCancelled);
    if (result) this.results.set(uri, { version, key, result });
    return result;
  }

  /** Lints `text` as if it were the file's content, then puts the editor's text back (fix-all passes). */
  lintText(fileName: string, text: string, restore: string | undefined, settings: SettingsOverride): FileResult | undefined {
    const name = this.nameOf(fileName);
    if (name.kind !== "file") return undefined;
    this.linter?.setOverlay(name.name, text);
    try {
      return this.run(fileName, settings, () => false);
    } finally {
      this.linter?.setOverlay(name.name, restore);
    }
  }

  /** Lints a file that is not open (as on disk), for "Lint Workspace". */
  lintSaved(fileName: string, settings: SettingsOverride, isCancelled: () => boolean): FileResult | undefined {
    return this.run(fileName, settings, isCancelled);
  }

  /**
   * `lintText` for the fix-all passes of one request (`fixAllInText`; one request may compute
   * several "fix all" actions). Each pass has the usual budget, and no pass starts once the
   * passes took half of it: the request is answered within 1.5 budgets, with the passes that fit
   * (the fixes applied so far stand on their own). Undefined: no more passes.
   */
  relinter(fileName: string, restore: () => string | undefined, settings: SettingsOverride): (text: string) => FileResult | undefined {
    let spent = 0;
    return text => {
      if (spent >= this.budgetMs / 2) return undefined;
      const started = performance.now();
      try {
        return this.lintText(fileName, text, restore(), settings);
      } finally {
        spent += performance.now() - started;
      }
    };
  }

  close(): void {
    this.linter?.close();
    this.linter = undefined;
  }

  /** The compiler's process id (tests). */
  get compilerPid(): number | undefined {
    return this.linter?.compilerPid;
  }

  private nameOf(fileName: string): LintName {
    return this.names.get(fileName) ?? lintNameOf(fileName, undefined);
  }

  private run(fileName: string, settings: SettingsOverride, isCancelled: () => boolean): FileResult | undefined {
    if (!this.linter) return undefined;
    const name = this.nameOf(fileName);
    if (name.kind === "other")
      return { fileName, findings: [], problems: [{ kind: "skipped", reason: "ignored", message: "not a JavaScript or TypeScript document" }] };
    if (name.kind === "unlintable") return notChecked(fileName, "not-loaded", name.message);
    const lintName = name.name;
    const text = this.linter.overlayText(lintName);
    const failed = this.failedTexts.get(lintName);
    if (failed && failed.text === text) return { fileName, findings: [], problems: [failed.problem] };
    this.failedTexts.delete(lintName);
    if (this.busy++ === 0) this.events.status("linting");
    let error: string | undefined;
    try {
      const started = performance.now();
      const config = this.linter.resolveConfig(lintName, settings);
      if (![...config.rules.values()].some(rule => rule.severity !== "off")) this.events.noRuleOn?.(fileName, config.configFile);
      const result = this.linter.lintFile(lintName, { settings, isCancelled, budgetMs: this.budgetMs });
      // Out of time in our own code: the same text would take as long again (after every restart
      // of the compiler, say), so it waits for a change like a text the compiler could not finish.
      const tooSlow = result?.problems.find(p => p.kind === "skipped" && p.reason === "too-slow");
      if (tooSlow) this.failedTexts.set(lintName, { text, problem: tooSlow });
      if (result) for (const problem of result.problems) this.report(fileName, problem);
      // Only a file that was checked: asking a skipped one's project would load it just for the log.
      if (result && !result.problems.some(p => p.kind === "skipped")) this.describeProjectOnce(lintName, performance.now() - started);
      return result && resultForDocument(result, lintName, fileName);
    } catch (thrown) {
      if (thrown instanceof CompilerFailure) {
        const result = compilerFailureResult(fileName, thrown);
        this.failedTexts.set(lintName, { text, problem: result.problems[0]! });
        this.events.log(`${fileName}: ${result.problems[0]!.message}`);
        this.events.compilerRestarted(
          `${thrown.message} while checking ${fileName}${thrown.restarted ? "; a new one was started" : ""}, and this file is skipped until it changes`,
        );
        return result;
      }
      error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
      this.logOnce(error, `Linting ${fileName} failed: ${error}`);
      return notChecked(fileName, "failed", `not checked: linting this file failed (${error.split("\n")[0]}); the Loopscope log has the details`);
    } finally {
      if (--this.busy === 0) this.events.status(error ? "error" : "ready", error?.split("\n")[0]);
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
      case "config":
        // A broken project configuration (e.g. circular tsconfig `extends`): said once per message, not per file.
        this.logOnce(`config:${problem.message}`, `Configuration error: ${problem.message}`);
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
    this.events.log(
      `${which}: ${project.rootFiles} files (${project.programFiles} with libraries and dependencies); first lint (${basename(fileName)}) took ${Math.round(ms)} ms`,
    );
  }

  private logOnce(key: string, line: string): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.events.log(line);
  }
}

function notChecked(fileName: string, reason: FileProblem["reason"], message: string): FileResult {
  return { fileName, findings: [], problems: [{ kind: "skipped", reason, message }] };
}

function compilerFailureResult(fileName: string, failure: CompilerFailure): FileResult {
  return failure.kind === "too-slow"
    ? notChecked(fileName, "too-slow", `skipped: too slow (${failure.message}); Loopscope checks this file again when it changes`)
    : notChecked(
        fileName,
        "failed",
        `not checked: ${failure.message} while checking this file${failure.restarted ? "; it was restarted" : ""}, and this file is checked again when it changes`,
      );
}
