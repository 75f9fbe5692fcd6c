// The engine: file → project → syntax tree → rules (two phases, one batched type query per
// file) → suppressions → findings. Shared by the CLI and the language server; knows neither.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { ConfigResolver, type ResolvedConfig, type SettingsOverride } from "../config/config";
import { allRules } from "../rules/registry";
import { formatMessage, type FactsCollectorFactory, type FileAnalysis, type Rule, type RuleInstance } from "../rules/rule";
import { AsyncContext } from "./async-context";
import { CallGraph, type DeclarationLocator, type FileFacts } from "./call-graph";
import { keysWithSignatures, signatureAtIndex } from "./declaration-signatures";
import type { FileProblem, FileResult, Finding } from "./findings";
import { fixesInFileEol } from "./edits";
import { checkLintBudget, LintTooSlow, rulesOutOfTime, withinLintBudget } from "./lint-budget";
import { collectModuleBindings } from "./module-bindings";
import { PhaseTimes } from "./phase-times";
import { PackageDependencies } from "./package-dependencies";
import { ProjectTexts, SnapshotProjectFiles, type EarlierFiles } from "./project-files";
import { rangeOf, spanRange } from "./positions";
import { applySuppressions } from "./suppressions";
import { buildNodesIteratively, FileQueries, SnapshotCache, TsService, type LoadStats, type Project, type SourceFile } from "./typescript";
import { visitNodes } from "./visit-nodes";

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

interface RunningRule {
  rule: Rule<object>;
  instance: RuleInstance;
  severity: Finding["severity"];
}

/** A call graph's collector run over the linted file in its own pass (see `start`). */
interface InPassCollector {
  graph: CallGraph;
  collector: ReturnType<FactsCollectorFactory>;
  failed?: boolean;
}

/** A file between phase 1 and its batch (see `lintFiles`). */
interface StartedFile {
  result: FileResult;
  project: Project;
  sourceFile: SourceFile;
  analysis: FileAnalysis;
  running: RunningRule[];
  findings: Finding[];
  collectors: InPassCollector[];
}

export class Linter {
  readonly rules: readonly Rule<object>[];
  private service: TsService | undefined;
  private readonly config: ConfigResolver;
  private readonly packageDependencies = new PackageDependencies();
  private readonly caches = new Map<string, SnapshotCache>();
  private readonly externalPaths = new Map<string, boolean>();
  private cacheGeneration = -1;
  private readonly callGraphs = new Map<string, CallGraph>();
  private readonly projectTexts = new ProjectTexts();
  private readonly projectFiles = new Map<string, SnapshotProjectFiles>();
  /**
   * The project-wide summaries of the last snapshot that had any (syntax errors, what the
   * project's texts say): a snapshot that only changed some files' texts starts from them.
   */
  private earlier:
    | { generation: number; diagnostics: Map<string, NonNullable<SnapshotCache["carried"]>>; projectFiles: Map<string, SnapshotProjectFiles> }
    | undefined;
  private readonly crashedRulesLogged = new Set<string>();
  /** Unsaved texts over their file's size limit, kept from the compiler (see `setOverlay`). */
  private readonly oversized = new Map<string, string>();
  private readonly log: (line: string) => void;
  private currentProject: Project | undefined;
  private readonly times: PhaseTimes | undefined;

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
    if (text !== undefined && this.overSizeLimit(fileName, text)) {
      this.oversized.set(fileName, text);
      this.ts.setOverlay(fileName, undefined);
    } else {
      this.oversized.delete(fileName);
      this.ts.setOverlay(fileName, text);
    }
    this.invalidate([fileName]);
  }

  /** The unsaved text of a file (undefined: the file on disk). */
  overlayText(fileName: string): string | undefined {
    return this.oversized.get(fileName) ?? this.ts.overlayText(fileName);
  }

  /** A file changed, appeared or disappeared on disk. */
  fileChanged(fileName: string): void {
    if (/(^|\/)(loopscope\.config|package)\.json$/.test(fileName)) this.config.clear();
    if (/(^|\/)package\.json$/.test(fileName)) this.packageDependencies.clear();
    this.ts.fileChanged(fileName);
    this.projectTexts.changed(fileName);
    this.invalidate([fileName]);
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
        if (error instanceof LintTooSlow) return tooSlow(fileName, error);
        throw error;
      } finally {
        // Nothing may stay queued once we return: see "The event loop" in typescript/pipeline.ts.
        this.ts.pipeline.drain();
      }
    });
  }

  /** What the compiler loaded so far (timing logs, benchmarks, tests). */
  get loadStats(): LoadStats {
    return { ...(this.service?.stats ?? { projectsOpened: 0, filesOpened: 0, loads: 0, loadMs: 0 }) };
  }

  /** Requests to the compiler per API method so far (timing logs, benchmarks). */
  get requestsByMethod(): ReadonlyMap<string, number> {
    return this.service?.pipeline.requestsByMethod ?? new Map();
  }

  /** The compiler's process id (tests). */
  get compilerPid(): number | undefined {
    return this.service?.compilerPid;
  }

  /**
   * Lints many files, in order, overlapping the compiler's work with ours: while the compiler
   * answers one file's type questions, the next files are fetched and walked (see
   * typescript/pipeline.ts). Same results as `lintFile` on each file. When `isCancelled` turns
   * true it stops; the results already given stand.
   */
  lintFiles(fileNames: readonly string[], options: LintFileOptions, onResult: (result: FileResult, index: number) => void): void {
    /** Files walked ahead of their decisions: enough to keep the compiler busy, few enough to bound memory. */
    const window = 32;
    /** Syntax trees requested ahead of the walk. */
    const ahead = 2;
    const pipeline = this.ts.pipeline;
    const loadable = new Set(options.project ? fileNames : this.loadable(fileNames, options.settings));
    const prefetchTree = (i: number) => {
      const fileName = fileNames[i];
      // Asking for a file's project opens it: not for files `start` skips unread (too big, gone).
      if (fileName === undefined || !pipeline.enabled || !loadable.has(fileName)) return;
      const project = options.project ? this.ts.configuredProject(options.project) : this.ts.projectFor(fileName);
      if (project) pipeline.prefetch(() => project.program.getSourceFile(fileName));
    };
    const pending: { index: number; started: StartedFile }[] = [];
    const cancelled = Symbol("cancelled");
    const settle = () => {
      const { index, started } = pending.shift()!;
      const result = this.isolated(started.result.fileName, () => this.finish(started, options));
      if (!result) throw cancelled;
      onResult(result, index);
    };
    // Open everything first: opening a file later would replace the snapshot under the files in flight.
    if (options.project) this.ts.configuredProject(options.project);
    else this.ts.sync([...loadable]);
    let generation = this.ts.snapshotGeneration;
    try {
      for (let i = 0; i < ahead; i++) prefetchTree(i);
      for (let i = 0; i < fileNames.length; i++) {
        prefetchTree(i + ahead);
        const started = this.isolated(fileNames[i]!, () => this.start(fileNames[i]!, options, false));
        if (options.isCancelled?.()) return;
        if (this.ts.snapshotGeneration !== generation) {
          // The snapshot changed anyway (a file the compiler had not opened): lint the files in flight again.
          generation = this.ts.snapshotGeneration;
          for (const p of pending.splice(0)) {
            const result = this.isolated(fileNames[p.index]!, () => this.lintFile(fileNames[p.index]!, options));
            if (!result) return;
            onResult(result, p.index);
          }
        }
        if (!started || !("running" in started)) {
          // Results go out in order: the files before this one first.
          while (pending.length) settle();
          if (started) onResult(started, i);
          continue;
        }
        started.analysis.queries.prefetch(pipeline);
        pending.push({ index: i, started });
        while (pending.length > window) settle();
      }
      while (pending.length) settle();
    } catch (error) {
      if (error !== cancelled) throw error;
    } finally {
      pipeline.clear();
    }
  }

  /**
   * One file's work in a bulk run: a failure of the analysis itself (not of one rule, see `guard`)
   * becomes that file's problem, so the other files' results stand. Logged once per message.
   */
  private isolated<T extends StartedFile | FileResult | undefined>(fileName: string, run: () => T): T | FileResult {
    try {
      return run();
    } catch (error) {
      if (error instanceof LintTooSlow) return tooSlow(fileName, error);
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

  /** Everything up to the batch: checks, project, syntax tree, rules created, phase 1 walked. */
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
    const diagnostics = this.phase("syntax errors", () => this.snapshotCache(project).projectDiagnostics());
    for (const d of diagnostics.config) {
      result.problems.push({ kind: "config", message: `${d.fileName ?? project.configFileName}: ${diagnosticText(d)}` });
    }
    const configError = this.ts.configError(project.configFileName);
    if (configError) result.problems.push({ kind: "config", message: `${project.configFileName}: ${configError}` });
    const syntaxErrors = diagnostics.syntaxOf(fileName);
    // A binary file always has syntax errors (NUL is not a valid character): only then look.
    if (syntaxErrors.length && !this.ts.hasOverlay(fileName) && readHead(fileName).includes(0)) {
      return { fileName, findings: [], problems: [{ kind: "skipped", reason: "binary", message: "skipped: binary file (it contains NUL bytes)" }] };
    }
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
    const analysis = this.phase("file analysis", () => this.analysisOf(project, fileName, sourceFile, interactive));
    const findings: Finding[] = [];
    const running: RunningRule[] = [];
    // In the editor, the graphs whose facts of this file an edit dropped get them from this
    // file's own pass and batch: a rule asking for them would otherwise start a second analysis
    // of the file (its own walk and round trips) per graph, on every keystroke.
    const collectors: InPassCollector[] = [];
    const collectInPass = (graph: CallGraph, collect: FactsCollectorFactory) => {
      if (!interactive || !graph.wantsAgain(fileName) || collectors.some(c => c.graph === graph)) return;
      try {
        collectors.push({ graph, collector: collect(analysis) });
      } catch {
        // Computed on demand instead.
      }
    };
    for (const rule of this.rules) {
      const setting = config.rules.get(rule.meta.id);
      if (!setting || setting.severity === "off") continue;
      const severity = setting.severity;
      const instance = this.guard(rule, result.problems, () =>
        this.phase(`${rule.meta.id}: create`, () =>
          rule.create({
            ...analysis,
            options: setting.options as object,
            callGraph: (collect, summary) => {
              const graph = this.callGraphFor(summary ? `summary:${summary}` : `${rule.meta.id}:${JSON.stringify(setting.options)}`, collect);
              collectInPass(graph, collect);
              return graph;
            },
            // Phase 2 is the rules' own loops: each finding is a place to see that time is up.
            report: r => {
              checkLintBudget();
              findings.push({
                ruleId: rule.meta.id,
                messageId: r.messageId,
                severity: r.severity ?? severity,
                fileName,
                message: formatMessage(rule.meta.messages[r.messageId] ?? r.messageId, r.data),
                range: rangeOf(sourceFile, r.node),
                related: r.related ?? [],
                fixes: r.fixes?.length ? fixesInFileEol(r.fixes, name => (name === fileName ? sourceFile : project.program.getSourceFile(name))?.text) : [],
                ...(r.subject ? { subject: r.subject } : {}),
                ...(r.basis ? { basis: r.basis } : {}),
              });
            },
          }),
        ),
      );
      if (instance) running.push({ rule, instance, severity });
    }

    // Phase 1: one pass for every rule, over the node kinds they visit.
    const visitors = running.filter(r => r.instance.visit);
    this.phase("visit", () =>
      visitNodes(sourceFile, [...visitors.map(r => r.instance), ...collectors.map(c => c.collector)], (node, i) => {
        if (i >= visitors.length) {
          const c = collectors[i - visitors.length]!;
          try {
            c.collector.visit(node);
            return true;
          } catch (error) {
            if (error instanceof LintTooSlow) throw error;
            c.failed = true; // computed on demand instead
            return false;
          }
        }
        const r = visitors[i]!;
        if (
          this.guard(r.rule, result.problems, () => {
            r.instance.visit!(node);
            return true;
          }) === undefined
        ) {
          running.splice(running.indexOf(r), 1);
          return false;
        }
        return true;
      }),
    );
    return { result, project, sourceFile, analysis, running, findings, collectors };
  }

  /** The batch, phase 2 and suppressions. */
  private finish(started: StartedFile, options: LintFileOptions): FileResult | undefined {
    const { result, project, sourceFile, analysis, running, findings, collectors } = started;
    const fileName = result.fileName;
    if (options.isCancelled?.()) return undefined;
    // Cross-file rules analyse other files of the file's own project.
    this.currentProject = project;
    // The batch: every rule's questions in one round trip per kind.
    // Import aliases are asked together through the pipeline (see FileQueries.resolve).
    this.phase("type batches", () => analysis.queries.resolve(this.ts.pipeline));
    if (options.isCancelled?.()) return undefined;
    for (const c of collectors) {
      if (c.failed) continue;
      try {
        c.graph.offer(c.collector.finish().facts);
      } catch (error) {
        if (error instanceof LintTooSlow) throw error;
        // Computed on demand instead.
      }
    }
    // Phase 2.
    for (const r of running) {
      checkLintBudget(true);
      this.guard(r.rule, result.problems, () => {
        this.phase(`${r.rule.meta.id}: decide`, () => r.instance.decide());
        return true;
      });
    }

    const active = new Set(running.map(r => r.rule.meta.id));
    result.findings = this.phase("suppressions", () =>
      applySuppressions(fileName, sourceFile.text, findings, active, options.reportUnusedSuppressions ?? true).sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      ),
    );
    return result;
  }

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

  /** What rules and collectors see of one file. */
  private analysisOf(project: Project, fileName: string, sourceFile: SourceFile, interactive = false): FileAnalysis {
    return {
      fileName,
      sourceFile,
      interactive,
      queries: new FileQueries(sourceFile, this.snapshotCache(project)),
      asyncContext: new AsyncContext(sourceFile),
      bindings: collectModuleBindings(sourceFile),
      dependencies: this.packageDependencies.of(fileName),
      packageDir: this.packageDependencies.dirOf(fileName),
      isPackageEntry: this.packageDependencies.isEntry(fileName),
      project: this.projectFilesOf(project),
    };
  }

  /** Computes call-graph facts for a file of the current project (for cross-file rules). */
  private analyzeOtherFile(fileName: string, collect: FactsCollectorFactory): FileFacts | undefined {
    const project = this.currentProject;
    const sourceFile = project?.program.getSourceFile(fileName);
    if (!project || !sourceFile) return undefined;
    const analysis = this.analysisOf(project, fileName, sourceFile);
    const collector = collect(analysis);
    visitNodes(sourceFile, [collector], node => {
      collector.visit(node);
      return true;
    });
    analysis.queries.resolve(this.ts.pipeline);
    return collector.finish().facts;
  }

  /** The project's other files, for this snapshot (see project-files.ts). */
  private projectFilesOf(project: Project): SnapshotProjectFiles {
    this.snapshotCache(project); // drops the per-snapshot caches when the snapshot changed
    let files = this.projectFiles.get(project.id);
    if (!files || files.project !== project) {
      files = new SnapshotProjectFiles(
        project,
        project.rootFiles ?? [],
        fileName => (this.ts.hasOverlay(fileName) ? project.program.getSourceFile(fileName)?.text : this.projectTexts.fromDisk(fileName)),
        fileName => {
          const sourceFile = project.program.getSourceFile(fileName);
          return sourceFile && this.analysisOf(project, fileName, sourceFile);
        },
        this.carriedFiles(project),
      );
      this.projectFiles.set(project.id, files);
    }
    return files;
  }

  private carriedFiles(project: Project): EarlierFiles | undefined {
    const changed = this.changedSinceEarlier();
    const files = changed && this.earlier?.projectFiles.get(project.id);
    return files ? { files, changed } : undefined;
  }

  private callGraphFor(id: string, collect: FactsCollectorFactory): CallGraph {
    let graph = this.callGraphs.get(id);
    if (!graph) {
      graph = new CallGraph(fileName => this.analyzeOtherFile(fileName, collect), this.declarationLocator);
      this.callGraphs.set(id, graph);
    }
    return graph;
  }

  /** Declarations found again after an edit, in the current project's snapshot (see CallGraph.invalidate). */
  private readonly declarationLocator: DeclarationLocator = {
    // Unknown (the callers' facts are then computed again) when anything fails: a snapshot
    // disposed since the last lint, a compiler that is gone.
    signatureOf: key => {
      try {
        const at = key.lastIndexOf(":");
        const sourceFile = this.currentProject?.program.getSourceFile(key.slice(0, at));
        return sourceFile && signatureAtIndex(sourceFile, Number(key.slice(at + 1)));
      } catch {
        return undefined;
      }
    },
    keysOf: (fileName, signatures) => {
      try {
        const sourceFile = this.currentProject?.program.getSourceFile(fileName);
        return sourceFile ? keysWithSignatures(fileName, sourceFile, signatures) : new Map();
      } catch {
        return new Map();
      }
    },
  };

  private invalidate(fileNames: string[]): void {
    for (const graph of this.callGraphs.values()) graph.invalidate(fileNames);
  }

  private snapshotCache(project: Project): SnapshotCache {
    if (this.cacheGeneration !== this.ts.snapshotGeneration) {
      if (this.caches.size || this.projectFiles.size) {
        // Kept for the next snapshots while only file texts change (an edit: see `carriedFrom`).
        for (const files of this.projectFiles.values()) files.releaseTrees();
        this.earlier = {
          generation: this.cacheGeneration,
          diagnostics: new Map([...this.caches].flatMap(([id, cache]) => (cache.carried ? [[id, cache.carried] as const] : []))),
          projectFiles: new Map(this.projectFiles),
        };
      }
      this.caches.clear();
      this.projectFiles.clear();
      this.cacheGeneration = this.ts.snapshotGeneration;
    }
    let cache = this.caches.get(project.id);
    if (!cache || cache.project !== project) {
      const changed = this.changedSinceEarlier();
      const diagnostics = changed && this.earlier?.diagnostics.get(project.id);
      cache = new SnapshotCache(project, this.externalPaths, diagnostics ? { diagnostics, changed } : undefined);
      this.caches.set(project.id, cache);
    }
    return cache;
  }

  /** The files changed since the earlier snapshot's summaries, when only file texts changed since. */
  private changedSinceEarlier(): ReadonlySet<string> | undefined {
    return this.earlier && this.ts.changedSince(this.earlier.generation);
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

  private overSizeLimit(fileName: string, text: string): boolean {
    const limit = this.config.resolve(fileName).maxFileSizeBytes;
    // At most 3 UTF-8 bytes per UTF-16 unit: only a text that might be over the limit is measured.
    return text.length * 3 > limit && Buffer.byteLength(text) > limit;
  }

  /** The same limit for unsaved editor text as for files on disk. */
  private sizeSkipReason(fileName: string, config: ResolvedConfig): Pick<FileProblem, "reason" | "message"> | undefined {
    const overlay = this.overlayText(fileName);
    let size: number;
    try {
      // At most 3 UTF-8 bytes per UTF-16 unit: only a text that might be over the limit is measured.
      size = overlay === undefined ? statSync(fileName).size : overlay.length * 3 > config.maxFileSizeBytes ? Buffer.byteLength(overlay) : 0;
    } catch (error) {
      return { reason: "unreadable", message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
    if (size > config.maxFileSizeBytes) {
      return {
        reason: "too-large",
        message: `skipped: ${(size / 1048576).toFixed(1)} MB is over the ${(config.maxFileSizeBytes / 1048576).toFixed(1)} MB limit for one file (generated code?); raise "maxFileSizeBytes" in loopscope.config.json to lint it`,
      };
    }
    return undefined;
  }
}

function tooSlow(fileName: string, error: LintTooSlow): FileResult {
  return {
    fileName,
    findings: [],
    problems: [{ kind: "skipped", reason: "too-slow", message: `skipped: too slow (${error.message}); Loopscope checks this file again when it changes` }],
  };
}

function readHead(fileName: string): Uint8Array {
  const buffer = new Uint8Array(8000);
  let fd: number | undefined;
  try {
    fd = openSync(fileName, "r");
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } catch {
    return new Uint8Array();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function diagnosticText(d: { text?: string; messageText?: unknown }): string {
  if (typeof d.text === "string") return d.text;
  const m = d.messageText;
  if (typeof m === "string") return m;
  if (m && typeof m === "object" && "messageText" in m) return String((m as { messageText: unknown }).messageText);
  return "unknown error";
}
