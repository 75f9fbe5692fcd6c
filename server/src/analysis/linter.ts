// The engine: file → project → syntax tree → rules (two phases, one batched type query per
// file) → suppressions → findings. Shared by the CLI and the language server; knows neither.
// This file is the door and the order of the steps; the steps live in engine/: the rules' two
// phases (rule-phases.ts), bulk linting (bulk-lint.ts), the per-snapshot caches
// (snapshot-caches.ts), the shared call graphs (project-call-graphs.ts), skipped files (file-skips.ts).
import { existsSync } from "node:fs";
import { ConfigResolver, type ResolvedConfig, type SettingsOverride } from "../config/config";
import { allRules } from "../rules/registry";
import type { AnalysisApart, FactsCollectorFactory, FileAnalysis, Rule } from "../rules/rule";
import { AsyncContext } from "./async-context";
import { FunctionFactsOnDemand, type FileFacts } from "./call-graph";
import { lintInOrder, type BulkHost } from "./engine/bulk-lint";
import { binaryResult, diagnosticText, looksBinary, sizeSkipReason, textOverLimit, tooSlowResult } from "./engine/file-skips";
import type { LinterOptions, LintFileOptions } from "./engine/lint-options";
import { ProjectCallGraphs } from "./engine/project-call-graphs";
import { FunctionReuse } from "./engine/function-reuse";
import { UnitCarry } from "./engine/unit-carry";
import { runPhaseOne, runPhaseTwo, type PhaseHost, type StartedFile } from "./engine/rule-phases";
import { SnapshotCaches } from "./engine/snapshot-caches";
import type { FileProblem, FileResult } from "./findings";
import { checkLintBudget, LintTooSlow, rulesOutOfTime, withinLintBudget } from "./lint-budget";
import { collectModuleBindings } from "./module-bindings";
import { PackageDependencies } from "./package-dependencies";
import { InstalledPackages } from "./package-emitters";
import { PhaseTimes } from "./phase-times";
import { runtimeSyntaxErrors, sourceGoal } from "./runtime-syntax";
import { spanRange } from "./positions";
import { buildNodesIteratively, builtNodeCount, FileQueries, TsService, type LoadStats, type Project, type SourceFile } from "./typescript";
import { visitNodes } from "./visit-nodes";

export type { LinterOptions, LintFileOptions } from "./engine/lint-options";

export class Linter {
  readonly rules: readonly Rule<object>[];
  private service: TsService | undefined;
  private readonly config: ConfigResolver;
  private readonly packageDependencies = new PackageDependencies();
  private readonly installedPackages = new InstalledPackages();
  private readonly snapshots = new SnapshotCaches(
    () => this.ts,
    (project, fileName) => {
      const sourceFile = project.program.getSourceFile(fileName);
      return sourceFile && this.analysisOf(project, fileName, sourceFile);
    },
  );
  private readonly callGraphs = new ProjectCallGraphs(
    () => this.currentProject,
    (fileName, collect) => this.analyzeOtherFile(fileName, collect),
    (fileNames, collect) => this.analyzeOtherFiles(fileNames, collect),
  );
  private readonly crashedRulesLogged = new Set<string>();
  /** Function-scoped rules' findings by function, reused after an edit of another function (engine/function-reuse.ts). */
  private readonly functionReuse = new FunctionReuse();
  /** Collectors' per-function results, carried over an edit of another function (engine/unit-carry.ts). */
  private readonly unitCarry = new UnitCarry(
    () => this.ts.snapshotGeneration,
    generation => this.ts.changedSince(generation),
  );
  /** Unsaved texts over their file's size limit, kept from the compiler (see `setOverlay`). */
  private readonly oversized = new Map<string, string>();
  private readonly log: (line: string) => void;
  /** The project of the file being linted: cross-file rules analyse its other files. */
  private currentProject: Project | undefined;
  /** The file the editor is linting now (its analyses record per-function results, unit-carry.ts). */
  private editorFile: string | undefined;
  private readonly times: PhaseTimes | undefined;
  private readonly phaseHost: PhaseHost;
  /** Inside `lintFiles`: a file analysed apart for a summary may compute its facts per function as asked (see AnalysisApart). */
  private bulk = false;
  /** Such facts, some functions' still to compute: computed in full before their snapshot changes. */
  private readonly factsOnDemand: FunctionFactsOnDemand[] = [];

  constructor(private readonly options: LinterOptions = {}) {
    this.rules = [...allRules, ...(options.extraRules ?? [])];
    this.config = new ConfigResolver(
      this.rules.map(r => ({
        id: r.meta.id,
        defaultSeverity: r.meta.enabledByDefault === false ? "off" : r.meta.defaultSeverity,
        defaultOptions: r.defaultOptions as Record<string, unknown>,
        validateOptions: o => r.validateOptions(o),
      })),
    );
    this.log = options.log ?? (() => {});
    this.times = options.timePhases ? new PhaseTimes() : undefined;
    this.phaseHost = {
      rules: this.rules,
      phase: (name, work) => this.phase(name, work),
      guard: (rule, problems, run) => this.guard(rule, problems, run),
      callGraphFor: (id, collect) => this.callGraphs.graphFor(id, collect),
      reuse: {
        store: this.functionReuse,
        generation: () => this.ts.snapshotGeneration,
        changedSince: generation => this.ts.changedSince(generation),
      },
    };
  }

  /** Time spent per phase and rule so far, in ms (only with `timePhases`; see phase-times.ts). */
  get timeByPhase(): ReadonlyMap<string, number> {
    return this.times?.totals ?? new Map();
  }

  private phase<T>(name: string, work: () => T): T {
    return this.times ? this.times.run(name, work) : work();
  }

  private get ts(): TsService {
    this.service ??= new TsService({
      cwd: this.options.cwd ?? process.cwd(),
      log: this.log,
      editorBuffers: this.options.editorBuffers ?? true,
      gcPercent: this.options.compilerGcPercent,
      ...(this.options.onCompilerExit ? { onCompilerExit: this.options.onCompilerExit } : {}),
      beforeSnapshotChange: () => this.settleFactsOnDemand(),
    });
    return this.service;
  }

  resolveConfig(fileName: string, settings?: SettingsOverride): ResolvedConfig {
    return this.config.resolve(fileName, settings);
  }

  /** Unsaved editor text for a file; undefined returns the file to its saved content. */
  setOverlay(fileName: string, text: string | undefined): void {
    // Text over the size limit is never linted, and the compiler would parse it anyway whenever
    // it updates (for any file, outside that file's budget): it keeps the saved file instead.
    if (text !== undefined && textOverLimit(text, this.config.resolve(fileName).maxFileSizeBytes)) {
      this.oversized.set(fileName, text);
      this.ts.setOverlay(fileName, undefined);
    } else {
      this.oversized.delete(fileName);
      this.ts.setOverlay(fileName, text);
    }
    this.callGraphs.invalidate([fileName]);
  }

  /** The unsaved text of a file (undefined: the file on disk). */
  overlayText(fileName: string): string | undefined {
    return this.oversized.get(fileName) ?? this.ts.overlayText(fileName);
  }

  /** A file changed, appeared or disappeared on disk. */
  fileChanged(fileName: string): void {
    if (/(^|\/)(loopscope\.config|package)\.json$/.test(fileName)) this.config.clear();
    if (/(^|\/)package\.json$/.test(fileName)) {
      this.packageDependencies.clear();
      this.installedPackages.clear();
    }
    this.ts.fileChanged(fileName);
    this.snapshots.projectTexts.changed(fileName);
    this.callGraphs.invalidate([fileName]);
  }

  /** Opens a tsconfig's project (for `lint --project`). */
  openProject(configPath: string): void {
    this.ts.configuredProject(configPath);
  }

  /** Opens many files in one snapshot update (much faster than one by one). */
  openFiles(fileNames: readonly string[], settings?: SettingsOverride): void {
    this.ts.sync(this.loadable(fileNames, settings));
  }

  /**
   * Lints one file. Throws a CompilerFailure when the compiler could not finish it (too slow,
   * crashed, hung); a new compiler is then already running.
   */
  lintFile(fileName: string, options: LintFileOptions = {}): FileResult | undefined {
    const budgetMs = options.budgetMs;
    // From here: starting a compiler that died is the file's time too (see TsService.withBudget).
    const started = performance.now();
    return this.ts.withBudget(fileName, budgetMs, () => {
      const lint = () => {
        const started = this.start(fileName, options, true);
        return started && "running" in started ? this.finish(started, options) : started;
      };
      try {
        if (budgetMs === undefined) return lint();
        const expired = () =>
          rulesOutOfTime({ budgetMs, started, now: performance.now(), compilerLeftMs: this.ts.budgetLeftMs, loadEndedAt: this.ts.loadEndedAt });
        return withinLintBudget(budgetMs, expired, lint);
      } catch (error) {
        if (error instanceof LintTooSlow) return tooSlowResult(fileName, error);
        throw error;
      } finally {
        // Nothing may stay queued once we return: see "The event loop" in typescript/pipeline.ts.
        this.ts.pipeline.drain();
      }
    });
  }

  /**
   * Lints many files, in order, overlapping the compiler's work with ours (engine/bulk-lint.ts).
   * Same results as `lintFile` on each file. When `isCancelled` turns true it stops; the results
   * already given stand.
   */
  lintFiles(fileNames: readonly string[], options: LintFileOptions, onResult: (result: FileResult, index: number) => void): void {
    const host: BulkHost = {
      ts: this.ts,
      loadable: (names, settings) => this.loadable(names, settings),
      start: (fileName, fileOptions) => this.start(fileName, fileOptions, false),
      finish: (started, fileOptions) => this.finish(started, fileOptions),
      lintFile: (fileName, fileOptions) => this.lintFile(fileName, fileOptions),
      isolated: (fileName, run) => this.isolated(fileName, run),
      // Only for the order: a file over a megabyte (generated) goes where it is. Read through the
      // project's texts, which the summaries read every file of again (blocking-methods.ts).
      textForOrder: fileName => {
        const text = this.snapshots.projectTexts.fromDisk(fileName);
        return text === undefined || textOverLimit(text, 1024 * 1024) ? undefined : text;
      },
    };
    this.bulk = true;
    try {
      lintInOrder(host, fileNames, options, onResult);
    } finally {
      this.bulk = false;
    }
  }

  /**
   * The facts computed per function as asked, completed while their snapshot still answers: the
   * graph keeps them across snapshots, as it keeps facts computed in full.
   */
  private settleFactsOnDemand(): void {
    for (const functions of this.factsOnDemand.splice(0)) {
      try {
        if (functions.pending) functions.computeAll();
      } catch {
        // A compiler that failed: the functions left are asked in vain later, and the rule asking says so.
      }
    }
  }

  /** What the compiler loaded so far (timing logs, benchmarks, tests). */
  get loadStats(): LoadStats {
    return { ...(this.service?.stats ?? { projectsOpened: 0, filesOpened: 0, loads: 0, loadMs: 0 }) };
  }

  /** Requests to the compiler per API method so far (timing logs, benchmarks). */
  get requestsByMethod(): ReadonlyMap<string, number> {
    return this.service?.pipeline.requestsByMethod ?? new Map();
  }

  /** Nodes asked about in the symbol and type batches, per API method so far (benchmarks: each is checker work on a new snapshot). */
  get locationsByMethod(): ReadonlyMap<string, number> {
    return this.service?.pipeline.locationsByMethod ?? new Map();
  }

  /** Bytes sent and received and the time waited for answers, per API method so far (benchmarks). */
  get trafficByMethod(): ReadonlyMap<string, { readonly sent: number; readonly received: number; readonly waitMs: number }> {
    return this.service?.pipeline.trafficByMethod ?? new Map();
  }

  /** Snapshot updates whose answers' root-file lists were all those of the last answer, not decoded again (benchmarks). */
  get rootFileListsReused(): number {
    return this.service?.pipeline.rootFileLists.reused ?? 0;
  }

  /** Requests made one at a time (the caller waiting for each), per API method so far (tests, timing logs, benchmarks). */
  get oneByOneRequests(): ReadonlyMap<string, number> {
    return this.service?.pipeline.oneByOne ?? new Map();
  }

  /** With LOOPSCOPE_REQUEST_SITES=1: requests made one at a time, by method and where they were made (timing logs). */
  get requestSites(): ReadonlyMap<string, number> | undefined {
    return this.service?.pipeline.requestSites;
  }

  /** Functions whose findings of a function-scoped rule were reused after an edit, so far (tests, benchmarks). */
  get reusedFunctions(): number {
    return this.functionReuse.reusedUnits;
  }

  /** Functions whose collector results were carried over an edit of another function, so far (tests, benchmarks). */
  get carriedFunctions(): number {
    return this.unitCarry.carriedUnits;
  }

  /** The compiler's own CPU profiler (benchmarks: `bench/keystroke-phases.ts --compiler-profile`). */
  get compilerProfiler(): { startCPUProfile(dir: string): void; stopCPUProfile(): string; saveHeapProfile(dir: string): string } {
    return this.ts.compilerProfiler;
  }

  /** The compiler's process id (tests). */
  get compilerPid(): number | undefined {
    return this.service?.compilerPid;
  }

  /**
   * Files analysed on their own for a summary a rule asked about (not in their own lint's pass),
   * per collector: each costs a walk and unpipelined round trips (timing logs, tests, benchmarks).
   */
  readonly otherFileAnalyses = new Map<string, number>();

  /** Answers `lintFiles` got from requests it queued ahead (0 when the pipeline is off), for tests and benchmarks. */
  get prefetchedAnswers(): number {
    return this.service?.pipeline.hits ?? 0;
  }

  /** The files a tsconfig/jsconfig includes (throws with a readable message when it can't be read). */
  projectFileNames(configPath: string): string[] {
    return this.ts.configFileNames(configPath);
  }

  /** The project the compiler chose for a file: its tsconfig (none for an inferred project) and file counts. */
  projectSummary(fileName: string): { configFileName: string | undefined; rootFiles: number; programFiles: number } | undefined {
    const project = this.ts.projectFor(fileName);
    if (!project) return undefined;
    // Inferred projects (no tsconfig/jsconfig) get a made-up name, not a file on disk.
    const config = /\.json$/i.test(project.configFileName) && existsSync(project.configFileName) ? project.configFileName : undefined;
    return { configFileName: config, rootFiles: project.rootFiles.length, programFiles: project.program.getSourceFileNames().length };
  }

  /** The compiler's own errors for a file (syntax and types), e.g. to check that fixed code compiles. */
  compilerErrors(fileName: string): string[] {
    const program = this.ts.projectFor(fileName)?.program;
    if (!program) return [`${fileName}: not loaded`];
    return [...program.getSyntacticDiagnostics(fileName), ...program.getSemanticDiagnostics(fileName)].map(d => diagnosticText(d));
  }

  close(): void {
    this.service?.close();
    this.service = undefined;
  }

  /**
   * One file's work in a bulk run: a failure of the analysis itself (not of one rule, see `guard`)
   * becomes that file's problem, so the other files' results stand. Logged once per message.
   */
  private isolated<T extends StartedFile | FileResult | undefined>(fileName: string, run: () => T): T | FileResult {
    try {
      return run();
    } catch (error) {
      if (error instanceof LintTooSlow) return tooSlowResult(fileName, error);
      const message = (error as Error)?.message ?? String(error);
      if (!this.crashedRulesLogged.has(`failed:${message}`)) {
        this.crashedRulesLogged.add(`failed:${message}`);
        this.log(`checking ${fileName} failed (further failures with this message are not logged): ${(error as Error)?.stack ?? message}`);
      }
      return { fileName, findings: [], problems: [{ kind: "failed", message: `could not be checked: ${message}` }] };
    }
  }

  /**
   * The files the compiler may read: those that exist and are within their size limit (a file
   * over it is skipped by `start` without the compiler ever reading it).
   */
  private loadable(fileNames: readonly string[], settings: SettingsOverride | undefined): string[] {
    return fileNames.filter(f => existsSync(f) && !this.sizeSkipReason(f, this.config.resolve(f, settings)));
  }

  /** Everything up to the batch: checks, project, syntax tree, then the rules' phase 1 (engine/rule-phases.ts). */
  private start(fileName: string, options: LintFileOptions, interactive: boolean): StartedFile | FileResult | undefined {
    const result: FileResult = { fileName, findings: [], problems: [] };
    const config = this.config.resolve(fileName, options.settings);
    if (config.ignored) {
      result.problems.push({ kind: "skipped", reason: "ignored", message: `ignored by ${config.configFile}` });
      return result;
    }
    const skip = this.sizeSkipReason(fileName, config);
    if (skip) {
      result.problems.push({ kind: "skipped", ...skip });
      return result;
    }
    // Kept from the compiler while over the limit, and the limit was raised since.
    const unsent = this.oversized.get(fileName);
    if (unsent !== undefined) this.setOverlay(fileName, unsent);
    const project = options.project ? this.ts.configuredProject(options.project) : this.ts.projectFor(fileName);
    // Loading the project again (after a restart) may have used the file's time.
    checkLintBudget(true);
    const sourceFile = this.phase("syntax trees", () => project?.program.getSourceFile(fileName));
    if (!project || !sourceFile) {
      result.problems.push({
        kind: "skipped",
        reason: "not-loaded",
        message: "the TypeScript compiler did not load this file (not a TypeScript or JavaScript file?)",
      });
      return result;
    }
    this.phase("syntax trees", () => buildNodesIteratively(sourceFile));
    if (options.isCancelled?.()) return undefined;
    const diagnostics = this.phase("syntax errors", () => this.snapshots.cacheOf(project).projectDiagnostics());
    // The walk of the file starts: the old snapshot's release goes to the compiler now, done meanwhile.
    this.ts.pipeline.sendUnawaited();
    for (const d of diagnostics.config) {
      result.problems.push({ kind: "config", message: `${d.fileName ?? project.configFileName}: ${diagnosticText(d)}` });
    }
    const configError = this.ts.configError(project.configFileName);
    if (configError) result.problems.push({ kind: "config", message: `${project.configFileName}: ${configError}` });
    const goal = sourceGoal(fileName, !!sourceFile.externalModuleIndicator, this.packageDependencies.typeOf(fileName));
    const syntaxErrors = runtimeSyntaxErrors(goal, sourceFile.text, diagnostics.syntaxOf(fileName));
    // A binary file always has syntax errors (NUL is not a valid character): only then look.
    if (syntaxErrors.length && !this.ts.hasOverlay(fileName) && looksBinary(fileName)) return binaryResult(fileName);
    for (const d of syntaxErrors) {
      // A big broken file can have tens of thousands.
      checkLintBudget();
      result.problems.push({
        kind: "syntax",
        message: `syntax error: ${diagnosticText(d)} (checked as far as it parses)`,
        range: spanRange(sourceFile, d.pos, d.end),
      });
    }

    this.currentProject = project;
    this.editorFile = interactive ? fileName : undefined;
    const analysis = this.phase("file analysis", () => this.analysisOf(project, fileName, sourceFile, interactive));
    return runPhaseOne(this.phaseHost, { result, project, sourceFile, analysis, config, interactive });
  }

  /** The batch, phase 2 and suppressions (engine/rule-phases.ts). */
  private finish(started: StartedFile, options: LintFileOptions): FileResult | undefined {
    if (options.isCancelled?.()) return undefined;
    // Cross-file rules analyse other files of the file's own project.
    this.currentProject = started.project;
    const result = runPhaseTwo(this.phaseHost, started, this.ts.pipeline, options);
    // What the lint built of the file's tree (benchmarks only: counting reads the whole table).
    if (this.times) this.treeNodesBuilt += builtNodeCount(started.sourceFile);
    return result;
  }

  /** Nodes (and node lists) of the linted files' trees built as objects, so far; counted only with `timePhases` (benchmarks). */
  treeNodesBuilt = 0;

  /** What rules and collectors see of one file. */
  private analysisOf(project: Project, fileName: string, sourceFile: SourceFile, interactive = false, carries = interactive): FileAnalysis {
    return {
      fileName,
      sourceFile,
      interactive,
      queries: new FileQueries(sourceFile, this.snapshots.cacheOf(project)),
      asyncContext: new AsyncContext(sourceFile),
      bindings: collectModuleBindings(sourceFile),
      dependencies: this.packageDependencies.of(fileName),
      packageDir: this.packageDependencies.dirOf(fileName),
      isPackageEntry: this.packageDependencies.isEntry(fileName),
      inCommandLineOnlyPackage: this.packageDependencies.isCommandLineOnly(fileName),
      inClosedPackage: this.packageDependencies.closesDeepImports(fileName),
      packageEntries: this.packageDependencies.entryModules(fileName),
      browserEntries: this.packageDependencies.browserEntries(fileName),
      project: this.snapshots.projectFilesOf(project),
      installedPackages: this.installedPackages,
      // TypeScript only: JavaScript infers a class's fields from what its methods assign.
      ...(carries && /\.(ts|tsx|mts|cts)$/.test(fileName) && !/\.d\.[cm]?ts$/.test(fileName)
        ? { unitCarry: this.unitCarry.forFile(fileName, sourceFile) }
        : {}),
    };
  }

  /** Computes call-graph facts for a file of the current project (for cross-file rules). */
  private analyzeOtherFile(fileName: string, collect: FactsCollectorFactory): FileFacts | undefined {
    return this.startOtherFile(fileName, collect, false)?.();
  }

  /**
   * Several files' facts: their trees requested together, then each file visited and its questions
   * sent before any file's answers are read (one by one, each file was two round trips).
   */
  private analyzeOtherFiles(fileNames: readonly string[], collect: FactsCollectorFactory): (FileFacts | undefined)[] {
    const project = this.currentProject;
    if (project && this.ts.pipeline.enabled) this.ts.pipeline.prefetchAll(fileNames.map(f => () => project.program.getSourceFile(f)));
    return fileNames.map(f => this.startOtherFile(f, collect, true)).map(finish => finish?.());
  }

  /** Visits another file for its facts; `ahead`: its questions are sent now. The function returned reads the answers and gives the facts. */
  private startOtherFile(fileName: string, collect: FactsCollectorFactory, ahead: boolean): (() => FileFacts) | undefined {
    const project = this.currentProject;
    const sourceFile = project?.program.getSourceFile(fileName);
    if (!project || !sourceFile) return undefined;
    // The editor's file's own facts, asked for by its first lint's call graph (its pass collects
    // them only after an edit dropped them): recorded per function like its pass's, or the first
    // keystroke would analyse every function again.
    const analysis = this.analysisOf(project, fileName, sourceFile, false, fileName === this.editorFile);
    const generation = this.ts.snapshotGeneration;
    const settled = () => {
      // Settled before any snapshot update; a new compiler (a restart) has none of its answers.
      if (this.ts.snapshotGeneration !== generation) throw new Error(`the summary facts of ${fileName} were asked for after its snapshot ended`);
    };
    const apart: AnalysisApart | undefined = this.bulk
      ? {
          resolve: () => {
            settled();
            analysis.queries.resolve(this.ts.pipeline);
          },
          sendAhead: () => {
            settled();
            if (this.ts.pipeline.enabled) analysis.queries.prefetch(this.ts.pipeline);
          },
        }
      : undefined;
    const collector = collect(analysis, apart);
    const kind = collector.constructor.name.replace(/^_+/, "");
    this.otherFileAnalyses.set(kind, (this.otherFileAnalyses.get(kind) ?? 0) + 1);
    visitNodes(sourceFile, [collector], node => {
      collector.visit(node);
      return true;
    });
    if (ahead && this.ts.pipeline.enabled) analysis.queries.prefetch(this.ts.pipeline);
    return () => {
      analysis.queries.resolve(this.ts.pipeline);
      const facts = collector.finish().facts;
      if (facts.functions instanceof FunctionFactsOnDemand) this.factsOnDemand.push(facts.functions);
      return facts;
    };
  }

  /** Runs rule code; a throw becomes a problem on the file and one log line per rule. */
  private guard<T>(rule: Rule<object>, problems: FileProblem[], run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      // Out of time is the file's problem, not the rule's: the whole lint ends.
      if (error instanceof LintTooSlow) throw error;
      const id = rule.meta.id;
      problems.push({ kind: "rule-crashed", ruleId: id, message: `rule ${id} failed on this file: ${(error as Error)?.message ?? String(error)}` });
      if (!this.crashedRulesLogged.has(id)) {
        this.crashedRulesLogged.add(id);
        this.log(`rule ${id} threw (further failures of it are not logged): ${(error as Error)?.stack ?? String(error)}`);
      }
      return undefined;
    }
  }

  /** The same limit for unsaved editor text as for files on disk. */
  private sizeSkipReason(fileName: string, config: ResolvedConfig): Pick<FileProblem, "reason" | "message"> | undefined {
    return sizeSkipReason(fileName, this.overlayText(fileName), config.maxFileSizeBytes);
  }
}
