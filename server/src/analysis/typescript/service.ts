// One TypeScript 7 API process (`tsc --api`, the native compiler) and its current snapshot.
// Files are opened as the editor or CLI asks for them; the compiler picks each file's project
// (nearest tsconfig/jsconfig, or an inferred project with default options), as tsserver does.
// Unsaved editor text and translated tsconfig files are served through the API's fs callbacks.
import { basename } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import type { API, Project, Snapshot } from "typescript/unstable/sync";
import { CompilerFailure } from "./compiler-failure";
import { compilerCanOpen, wellFormed } from "./compiler-input";
import { CompilerProcess } from "./compiler-process";
import { Deadline } from "./deadline";
import { RequestPipeline } from "./pipeline";
import { translateTsconfig } from "./tsconfig-translate";
import { ExtendsCycleGuard } from "./tsconfig-extends";

export type { Project };
export { compilerEnv } from "./compiler-process";

export interface TsServiceOptions {
  cwd: string;
  log: (line: string) => void;
  /**
   * Unsaved editor buffers may name files that are not on disk (default true). Without them
   * (the CLI) the compiler does not ask us about every file it probes for.
   */
  editorBuffers?: boolean;
  /**
   * The compiler's garbage-collection target (Go's GOGC; its default is 100). A short bulk run
   * (the CLI) sets 400: on the main lint-speed corpus that removes about a tenth of the run time for about 90 MiB
   * more memory. A long-lived editor process keeps the default, so its heap stays small. Values
   * the user set in GOGC or GOMEMLIMIT win.
   */
  gcPercent?: number;
  /** The compiler died between requests (it is restarted on next use). */
  onCompilerExit?: (detail: string) => void;
  /** Called before each snapshot update, while the current snapshot still answers. */
  beforeSnapshotChange?: () => void;
  /** Under a budget (`withBudget`), loading projects may take this long instead (default 120 s). */
  projectLoadMs?: number;
}

/** What the compiler was asked to load, for timing logs, benchmarks and tests. */
export interface LoadStats {
  /** Configured projects opened (tsconfig/jsconfig files). */
  projectsOpened: number;
  /** Files opened one by one, each then placed in the project the compiler picks for it. */
  filesOpened: number;
  /** Snapshot updates that loaded projects or files, and their time. */
  loads: number;
  loadMs: number;
}

/** How long a compiler that seems broken gets to answer a ping. */
const pingMs = 5_000;
const maxRestartsPerWindow = 5;
/**
 * The compiler's share of a file's budget: the rest is kept for starting a new compiler when this
 * one is stopped, and for answering, so that the answer comes within the budget.
 */
export function compilerDeadlineMs(budgetMs: number): number {
  return budgetMs - Math.min(500, budgetMs / 15);
}
/**
 * After a reload that used up the file's time, the compiler's deadline is this far away: the
 * requests that end the load (its projects, the file's project) are not killed, and the rules,
 * which stop when the compiler has less than their margin left, see the time is up.
 */
const reloadGraceMs = 1_000;
const restartWindowMs = 60_000;

/**
 * Unsaved texts longer than this (UTF-16 units) are never part of a project load (see
 * `update`): the compiler can take seconds on one (1.2 MB of same-named functions: 4.5 s).
 */
export const bigTextChars = 256 * 1024;

const isConfigName = (fileName: string) => /^[tj]sconfig.*\.json$/.test(basename(fileName));

export class TsService {
  private process!: CompilerProcess;
  /** Lets bulk linting queue requests ahead (see pipeline.ts). */
  pipeline!: RequestPipeline;
  private readonly deadline = new Deadline();
  /** Set when the compiler died on its own: the next use starts a new one. */
  private died: string | undefined;
  private snapshot: Snapshot | undefined;
  private readonly overlay = new Map<string, string>();
  private readonly open = new Set<string>();
  private readonly openConfigs = new Set<string>();
  /** Open files whose project is inferred (no tsconfig/jsconfig). */
  private readonly inferred = new Set<string>();
  /** The configured project each other open file was opened into. */
  private readonly configOf = new Map<string, string>();
  private readonly pendingProjects = new Set<string>();
  private readonly pendingChanged = new Set<string>();
  private readonly pendingCreated = new Set<string>();
  private readonly translatedConfigs = new Map<string, string | null>();
  /** Config files with circular `extends` are served without them (the compiler would deadlock). */
  private readonly extendsCycles = new ExtendsCycleGuard();
  /** A project load is running: big unsaved texts are served empty meanwhile (see `update`). */
  private loading = false;
  /** Big unsaved texts served empty during a load, to be sent as edits right after it. */
  private readonly deferredTexts = new Set<string>();
  /** Sending the deferred texts: opening files then is the file's time, not a load. */
  private sendingDeferred = false;
  /** Each file's configured project when it was last asked (see `projectFor`). */
  private readonly defaultProjects = new Map<string, { generation: number; configFileName: string }>();
  /** Bumped whenever the snapshot changes; caches keyed by it are dropped. */
  private generation = 0;
  /**
   * The files each of the last snapshot updates changed, when they only changed the text of
   * files (editor keystrokes, saves): project-wide summaries then redo those files' part only
   * (see `changedSince`). Any other update (a load, a restart, a new file) starts it again.
   */
  private changeLog: { generation: number; files: readonly string[] }[] = [];
  private changeLogStart = 0;
  /**
   * Every file and project any compiler of ours opened. Opening one of them again (after a
   * restart, or an inferred project's file re-opened for its edit) is the file's time: see `update`.
   */
  private readonly openedBefore = new Set<string>();
  /** Compilers started after the first (tests, logs). */
  restarts = 0;
  readonly stats: LoadStats = { projectsOpened: 0, filesOpened: 0, loads: 0, loadMs: 0 };
  private recentRestarts: number[] = [];

  constructor(private readonly options: TsServiceOptions) {
    this.spawn();
  }

  get snapshotGeneration(): number {
    return this.generation;
  }

  /**
   * The files whose text changed between snapshot `generation` and the current one, when that
   * is all that changed; undefined when something else may have changed too (files or projects
   * opened or closed, a file created, a config changed, a new compiler) or it is too long ago.
   */
  changedSince(generation: number): ReadonlySet<string> | undefined {
    if (generation < this.changeLogStart || generation > this.generation) return undefined;
    const files = new Set<string>();
    for (const entry of this.changeLog) if (entry.generation > generation) for (const f of entry.files) files.add(f);
    return files;
  }

  private logChange(params: Parameters<API["updateSnapshot"]>[0]): void {
    const changes = params?.fileChanges;
    const changed = changes && "changed" in changes ? (changes.changed ?? []).map(String) : [];
    // Opening a file the compiler has (the editor opens what the user looks at) changes no text,
    // and a file it did not have lands in a project of its own: counted as changed, it is re-read.
    const opened = (params?.openFiles ?? []).map(String);
    const onlyEdits =
      (!changes || ("changed" in changes && !changes.created?.length && !changes.deleted?.length)) &&
      !params?.openProjects?.length &&
      !params?.closeFiles?.length &&
      !params?.closeProjects?.length &&
      !changed.some(c => c.endsWith(".json"));
    if (!onlyEdits) {
      this.changeLog = [];
      this.changeLogStart = this.generation;
      return;
    }
    this.changeLog.push({ generation: this.generation, files: [...changed, ...opened] });
    if (this.changeLog.length > 64) this.changeLogStart = this.changeLog.shift()!.generation;
  }

  /** The compiler's process id (tests, diagnostics). */
  get compilerPid(): number | undefined {
    return this.process.pid;
  }

  /** The compiler's own CPU profiler (Go pprof files; benchmarks). */
  get compilerProfiler(): { startCPUProfile(dir: string): void; stopCPUProfile(): string; saveHeapProfile(dir: string): string } {
    return this.api.internal;
  }

  private get api(): API {
    return this.process.api;
  }

  /** Sets (or with undefined, drops) the unsaved text of a file. */
  setOverlay(fileName: string, text: string | undefined): void {
    const had = this.overlay.has(fileName);
    if (text === undefined) this.overlay.delete(fileName);
    else this.overlay.set(fileName, wellFormed(text));
    // An editor buffer for a file that is not on disk yet (untitled, new) is a created file.
    if (!had && text !== undefined && !this.open.has(fileName) && !existsSync(fileName)) this.pendingCreated.add(fileName);
    else this.pendingChanged.add(fileName);
  }

  hasOverlay(fileName: string): boolean {
    return this.overlay.has(fileName);
  }

  /** The unsaved text of a file, as the compiler sees it. */
  overlayText(fileName: string): string | undefined {
    return this.overlay.get(fileName);
  }

  /** The file changed on disk (watcher or save). */
  fileChanged(fileName: string): void {
    if (isConfigName(fileName)) this.translatedConfigs.delete(fileName);
    if (fileName.endsWith(".json")) this.extendsCycles.forget();
    this.pendingChanged.add(fileName);
  }

  /** When the last snapshot update that loaded projects or files ended (performance.now()). */
  loadEndedAt = -Infinity;

  /** Time left of the running `withBudget` before the compiler is killed (Infinity without one). */
  get budgetLeftMs(): number {
    return this.deadline.remainingMs;
  }

  /**
   * Runs `work` (the compiler requests for one file) with a deadline: past `budgetMs` (not
   * counting project loads) the compiler is killed. Whenever the compiler cannot go on (killed,
   * crashed, hung, out of step), a new one is started with the same editor texts and a
   * CompilerFailure is thrown; other errors pass through unchanged.
   */
  withBudget<T>(fileName: string, budgetMs: number | undefined, work: () => T): T {
    // Starting a new compiler (the last one died or was stopped) is the file's time too.
    const begun = performance.now();
    this.ensureRunning();
    const pid = this.process.pid;
    if (budgetMs !== undefined && pid !== undefined)
      this.deadline.arm(pid, Math.max(1, Math.round(compilerDeadlineMs(budgetMs) - (performance.now() - begun))));
    let failed = false;
    let error: unknown;
    let result: T | undefined;
    try {
      result = work();
    } catch (e) {
      failed = true;
      error = e;
    }
    const fired = this.deadline.fired;
    this.deadline.disarm();
    if (!failed) {
      // Killed just after it answered: the answer stands, the next use starts a new compiler.
      if (fired) this.died = "was stopped at its deadline";
      return result as T;
    }
    if (error instanceof CompilerFailure) throw error;
    if (fired) {
      this.restart(`took longer than ${budgetMs} ms on ${fileName} and was stopped`);
      throw new CompilerFailure("too-slow", `the TypeScript compiler took longer than ${seconds(budgetMs!)} on this file and was stopped`);
    }
    const broken = this.brokenBecause(error);
    if (broken === undefined) throw error;
    this.restart(broken);
    throw new CompilerFailure("crashed", `the TypeScript compiler ${broken}`);
  }

  /**
   * Opens the files that are not open yet and applies pending changes.
   * Measured behaviour of the API (typescript@7.0.2): a file opened with `openFiles` keeps the
   * text it had when opened, whatever `fileChanges` says, unless its tsconfig is also opened as a
   * project (then changes are read through the fs callbacks); a file in an inferred project must
   * be closed and opened again. So every configured project we meet is opened, and changed
   * files of inferred projects are re-opened.
   */
  sync(fileNames: readonly string[] = []): void {
    this.ensureRunning();
    const projects = [...this.pendingProjects];
    try {
      this.syncOnce(fileNames);
    } catch (error) {
      if (this.deadline.fired || this.brokenBecause(error) !== undefined) throw error;
      // The compiler refused the update: its projects and our bookkeeping disagree. A new
      // compiler knows nothing yet, so the same request cannot disagree with it.
      this.restart(`refused a snapshot update (${firstLine(error)})`);
      for (const c of projects) {
        this.openConfigs.add(c);
        this.pendingProjects.add(c);
      }
      this.syncOnce(fileNames);
    }
  }

  private syncOnce(fileNames: readonly string[]): void {
    const toOpen = fileNames.filter(f => !this.open.has(f) && compilerCanOpen(f));
    if (!toOpen.length && !this.pendingChanged.size && !this.pendingCreated.size && !this.pendingProjects.size && this.snapshot) return;
    const changedAll = [...this.pendingChanged, ...this.pendingCreated];
    const created = [...this.pendingCreated];
    const changed = [...this.pendingChanged].filter(f => !this.pendingCreated.has(f));
    this.pendingChanged.clear();
    this.pendingCreated.clear();
    // A config that appeared or changed may now own files of inferred projects.
    const reopen = changedAll.some(isConfigName) ? [...this.inferred] : changedAll.filter(f => this.inferred.has(f));
    if (reopen.length) {
      this.update({ closeFiles: reopen });
      for (const f of reopen) {
        this.open.delete(f);
        this.inferred.delete(f);
      }
      toOpen.push(...reopen.filter(f => !toOpen.includes(f)));
    }
    const projects = [...this.pendingProjects];
    this.pendingProjects.clear();
    this.update({
      ...(toOpen.length ? { openFiles: toOpen } : {}),
      ...(projects.length ? { openProjects: projects } : {}),
      ...(changed.length || created.length ? { fileChanges: { changed, created } } : {}),
    });
    this.opened(toOpen);
    if (changed.length || created.length) this.closeVanishedProjects();
    this.sendDeferredTexts();
  }

  /**
   * The big texts a load was served empty, sent as edits: the compiler's time on them counts
   * for the file's budget (a file the compiler cannot finish is then stopped and reported as too
   * slow), where a load has its own, much longer limit and the editor would wait for it.
   */
  private sendDeferredTexts(): void {
    if (!this.deferredTexts.size || this.sendingDeferred) return;
    for (const f of this.deferredTexts) this.pendingChanged.add(f);
    this.deferredTexts.clear();
    this.sendingDeferred = true;
    try {
      this.syncOnce([]);
    } finally {
      this.sendingDeferred = false;
    }
  }

  /** Files just opened: their configured projects are opened too, so that their later edits are seen. */
  private opened(fileNames: readonly string[]): void {
    const newConfigs = new Set<string>();
    for (const f of fileNames) {
      this.open.add(f);
      const config = this.snapshot?.getDefaultProjectForFile(f)?.configFileName;
      if (!config || config.startsWith("/dev/null/")) {
        this.inferred.add(f);
        continue;
      }
      this.configOf.set(f, config);
      if (!this.openConfigs.has(config)) newConfigs.add(config);
    }
    if (newConfigs.size) {
      for (const c of newConfigs) this.openConfigs.add(c);
      this.update({ openProjects: [...newConfigs] });
    }
  }

  /**
   * A configured project whose config is gone (deleted, its folder removed) leaves the snapshot,
   * but the compiler still counts our open of it and then fails every later update ("project
   * not found for update"), also after the config comes back. So we close it and re-open its
   * open files, which land in another project or an inferred one.
   */
  private closeVanishedProjects(): void {
    const vanished = [...this.openConfigs].filter(c => !this.snapshot?.getProject(c));
    if (!vanished.length) return;
    const homeless = [...this.configOf].filter(([, c]) => vanished.includes(c)).map(([f]) => f);
    for (const c of vanished) this.openConfigs.delete(c);
    for (const f of homeless) {
      this.open.delete(f);
      this.configOf.delete(f);
    }
    this.update({ closeProjects: vanished, ...(homeless.length ? { closeFiles: homeless } : {}) });
    if (homeless.length) {
      this.update({ openFiles: homeless });
      this.opened(homeless);
    }
  }

  private update(params: Parameters<API["updateSnapshot"]>[0]): void {
    if (this.snapshot) this.options.beforeSnapshotChange?.();
    const previous = this.snapshot;
    this.pipeline.clear();
    // Loading projects is not the file's time; applying an edit is. Loading again what a compiler
    // of ours loaded before is, too: it follows a restart (often this file's own doing) or an edit
    // of an inferred project's file, and the editor waits for it like for the check. It still
    // runs to the end (a compiler killed while loading would load again next time), but the
    // file's time keeps running (`Deadline.suspend`'s `charged`), and the rules get no extra time.
    const changes =
      params?.fileChanges && "changed" in params.fileChanges ? [...(params.fileChanges.changed ?? []), ...(params.fileChanges.created ?? [])] : [];
    const loads = !this.sendingDeferred && !!(params?.openFiles?.length || params?.openProjects?.length || changes.some(c => isConfigName(String(c))));
    const opening = [...(params?.openFiles ?? []), ...(params?.openProjects ?? [])].map(String);
    const reload = loads && opening.length > 0 && opening.every(name => this.openedBefore.has(name)) && !changes.some(c => isConfigName(String(c)));
    for (const name of opening) this.openedBefore.add(name);
    const run = () => {
      this.loading = loads;
      try {
        return this.api.updateSnapshot(params);
      } finally {
        this.loading = false;
      }
    };
    const started = performance.now();
    const loadMs = this.options.projectLoadMs ?? 120_000;
    this.snapshot = reload ? this.deadline.suspend(loadMs, run, undefined, { graceMs: reloadGraceMs }) : loads ? this.deadline.suspend(loadMs, run) : run();
    if (loads) {
      if (!reload) this.loadEndedAt = performance.now();
      this.stats.loads++;
      this.stats.loadMs += performance.now() - started;
      this.stats.filesOpened += params?.openFiles?.length ?? 0;
      this.stats.projectsOpened += params?.openProjects?.length ?? 0;
    }
    this.generation++;
    this.logChange(params);
    if (previous) this.release(previous);
  }

  /**
   * Tells the compiler an old snapshot may go. Nobody waits for that (it took about 4 ms of the
   * compiler's time per keystroke on a big file): the request is written when the lint starts
   * walking the file (`RequestPipeline.sendLater`), so the compiler frees the old snapshot while
   * we walk, and it always precedes the next snapshot update (`RequestPipeline.clear`). The API's client allows
   * this order: a snapshot disposed after the next `updateSnapshot` keeps what that update carried
   * over (`retainForSnapshot` runs first) and drops only its own cache entries. Its failure is logged,
   * never thrown into a lint: the next request finds a broken compiler the usual way.
   */
  private release(snapshot: Snapshot): void {
    const failed = (message: string) => this.options.log(`The TypeScript compiler did not release an old snapshot: ${message.split("\n")[0]}`);
    if (this.pipeline.sendLater(() => snapshot.dispose(), failed)) return;
    try {
      snapshot.dispose();
    } catch (error) {
      failed(firstLine(error));
    }
  }

  /** The project of a tsconfig/jsconfig (opened on first use). */
  configuredProject(configPath: string): Project | undefined {
    this.ensureRunning();
    if (!this.openConfigs.has(configPath)) {
      this.openConfigs.add(configPath);
      this.pendingProjects.add(configPath);
    }
    this.sync();
    return this.snapshot?.getProject(configPath);
  }

  /** The project the compiler chose for the file (opens it first if needed). */
  projectFor(fileName: string): Project | undefined {
    // Never opened: the compiler would not know how to parse it (see compiler-input.ts).
    if (!compilerCanOpen(fileName)) return undefined;
    this.sync([fileName]);
    // Which configured project a file belongs to changes only when files, projects or configs
    // do, never when texts do: after a keystroke the snapshot's own list answers, without a request.
    const known = this.defaultProjects.get(fileName);
    if (known && this.changedSince(known.generation)) {
      const project = this.snapshot?.getProject(known.configFileName);
      if (project) return project;
    }
    const project = this.snapshot?.getDefaultProjectForFile(fileName);
    // Inferred projects are not kept: their files are closed and opened again on every edit.
    if (project && !project.configFileName.startsWith("/dev/null/"))
      this.defaultProjects.set(fileName, { generation: this.generation, configFileName: project.configFileName });
    else this.defaultProjects.delete(fileName);
    return project;
  }

  /** The files a tsconfig/jsconfig includes; throws with the compiler's message when unreadable. */
  configFileNames(configPath: string): string[] {
    this.ensureRunning();
    return [...this.api.parseConfigFile(configPath).fileNames];
  }

  /** The configuration error found in a tsconfig before the compiler read it (circular `extends`). */
  configError(configFileName: string): string | undefined {
    return this.extendsCycles.errors.get(configFileName);
  }

  /** Ends the compiler. Its snapshot is not released first: that is a request, and a hung compiler would never answer it. */
  close(): void {
    this.deadline.dispose();
    this.snapshot = undefined;
    this.process.kill();
  }

  private spawn(): void {
    const current = new CompilerProcess({
      cwd: this.options.cwd,
      gcPercent: this.options.gcPercent,
      fs: {
        readFile: fileName => this.readFile(fileName),
        ...(this.options.editorBuffers === false ? {} : { fileExists: (fileName: string) => (this.overlay.has(fileName) ? true : undefined) }),
      },
      onExit: detail => {
        if (this.process !== current) return;
        this.died = detail;
        this.options.log(`The TypeScript compiler ${detail}; a new one starts on the next request.`);
        this.options.onCompilerExit?.(detail);
      },
    });
    this.process = current;
    this.pipeline = new RequestPipeline(current.api, this.options.log);
  }

  /** A new compiler with the same editor texts; it opens files and projects again as they are asked for. */
  restart(reason: string): void {
    this.options.log(`The TypeScript compiler ${reason}; starting a new one.`);
    this.process.kill();
    this.snapshot = undefined;
    for (const set of [this.open, this.openConfigs, this.inferred, this.pendingProjects, this.pendingChanged, this.pendingCreated, this.deferredTexts])
      set.clear();
    this.loading = false;
    this.configOf.clear();
    this.translatedConfigs.clear();
    this.generation++;
    this.changeLog = [];
    this.changeLogStart = this.generation;
    // A compiler that dies as soon as it starts must not be restarted in a tight loop.
    const now = Date.now();
    this.recentRestarts = this.recentRestarts.filter(at => now - at < restartWindowMs);
    if (this.recentRestarts.length >= maxRestartsPerWindow) {
      this.died = `stopped ${maxRestartsPerWindow + 1} times within ${restartWindowMs / 1000} s`;
      throw new CompilerFailure("crashed", `the TypeScript compiler ${this.died} (last: ${reason}); Loopscope waits a minute before starting another`, false);
    }
    this.recentRestarts.push(now);
    this.died = undefined;
    this.restarts++;
    this.spawn();
    if (this.deadline.armed && this.process.pid !== undefined) this.deadline.retarget(this.process.pid);
  }

  private ensureRunning(): void {
    if (this.died) this.restart(this.died);
  }

  /**
   * Why the compiler cannot go on after `error`, or undefined when it can (the error was the
   * compiler's answer to one request): it died, or it does not answer a ping in time, or its
   * answers are out of step with our requests.
   */
  private brokenBecause(error: unknown): string | undefined {
    if (this.died) return this.died;
    if (this.process.exitDetail) return this.process.exitDetail;
    const client = (this.api as unknown as { client?: { echo?(payload: string): string } }).client;
    if (typeof client?.echo !== "function") return undefined;
    let answer: string | undefined;
    try {
      answer = this.deadline.suspend(pingMs, () => client.echo!("ping"), this.process.pid);
    } catch {
      // Below.
    }
    if (answer === "ping") return undefined;
    if (this.deadline.fired) return `stopped answering (${firstLine(error)})`;
    return `stopped (${firstLine(error)})`;
  }

  private readFile(fileName: string): string | undefined {
    const text = this.overlay.get(fileName);
    if (text !== undefined && this.loading && text.length > bigTextChars) {
      this.deferredTexts.add(fileName);
      return "";
    }
    if (text !== undefined) return text;
    if (!isConfigName(fileName)) return this.extendsCycles.serve(fileName, undefined);
    let translated = this.translatedConfigs.get(fileName);
    if (translated === undefined) {
      translated = null;
      try {
        const result = translateTsconfig(readFileSync(fileName, "utf8"));
        if (result) {
          translated = result.text;
          for (const note of result.notes) this.options.log(`${fileName}: ${note}`);
        }
      } catch {
        // Unreadable: the compiler reads it itself and reports what is wrong.
      }
      this.translatedConfigs.set(fileName, translated);
    }
    const served = this.extendsCycles.serve(fileName, translated ?? undefined);
    return served === undefined ? undefined : wellFormed(served);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
