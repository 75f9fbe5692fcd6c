// What the engine's callers (the CLI, the language server, tests) choose: per engine and per file.
import type { Rule } from "../../rules/rule";
import type { SettingsOverride } from "../../config/config";

export interface LinterOptions {
  log?: (line: string) => void;
  /** Working directory of the compiler process (relative paths in tsconfig files resolve per file anyway). */
  cwd?: string;
  /** Unsaved editor text may name files not on disk (default true; the CLI has none). */
  editorBuffers?: boolean;
  /** The compiler's garbage-collection target (see TsServiceOptions.gcPercent; the CLI sets 400). */
  compilerGcPercent?: number;
  /** Rules besides the built-in ones (plugins, tests). */
  extraRules?: readonly Rule<object>[];
  /** The compiler died between requests (it is restarted on next use; see TsService). */
  onCompilerExit?: (detail: string) => void;
  /** Sum the time spent per phase and rule (`timeByPhase`; timing logs, benchmarks). */
  timePhases?: boolean;
}

export interface LintFileOptions {
  settings?: SettingsOverride;
  /** Lint with this tsconfig's project instead of the file's nearest one. */
  project?: string;
  /** Polled between phases; when it returns true the result is dropped (undefined). */
  isCancelled?: () => boolean;
  /** Report `loopscope-ignore` comments that hide nothing (default true). */
  reportUnusedSuppressions?: boolean;
  /**
   * The time for this file. The compiler's share (project loads not counted): when it is still
   * working at the end, it is killed and restarted, and lintFile throws a CompilerFailure
   * ("too-slow"). Our own code (the rules) stops first when it runs out of it (see
   * `rulesOutOfTime`), and the result says "skipped: too slow".
   */
  budgetMs?: number;
}
