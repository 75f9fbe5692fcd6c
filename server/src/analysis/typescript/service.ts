// One TypeScript 7 API process (`tsc --api`, the native compiler) and its current snapshot.
// Files are opened as the editor or CLI asks for them; the compiler picks each file's project
// (nearest tsconfig/jsconfig, or an inferred project with default options), as tsserver does.
// Unsaved editor text and translated tsconfig files are served through the API's fs callbacks.
import { basename } from "node:path";
import { totalmem } from "node:os";
import { existsSync, readFileSync } from "node:fs";
import { API, type Project, type Snapshot } from "typescript/unstable/sync";
import { RequestPipeline } from "./pipeline";
import { translateTsconfig } from "./tsconfig-translate";
import { ExtendsCycleGuard } from "./tsconfig-extends";

export type { Project };

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
   * (the CLI) sets 400: on viem that removes about a tenth of the run time for about 90 MiB
   * more memory. A long-lived editor process keeps the default, so its heap stays small. Values
   * the user set in GOGC or GOMEMLIMIT win.
   */
  gcPercent?: number;
}

export class TsService {
  private readonly api: API;
  /** Lets bulk linting queue requests ahead (see pipeline.ts). */
  readonly pipeline: RequestPipeline;
  private snapshot: Snapshot | undefined;
  private readonly overlay = new Map<string, string>();
  private readonly open = new Set<string>();
  private readonly openConfigs = new Set<string>();
  /** Open files whose project is inferred (no tsconfig/jsconfig). */
  private readonly inferred = new Set<string>();
  private readonly pendingProjects = new Set<string>();
  private readonly pendingChanged = new Set<string>();
  private readonly pendingCreated = new Set<string>();
  private readonly translatedConfigs = new Map<string, string | null>();
  /** Config files with circular `extends` are served without them (the compiler would deadlock). */
  private readonly extendsCycles = new ExtendsCycleGuard();
  /** Bumped whenever the snapshot changes; caches keyed by it are dropped. */
  private generation = 0;

  constructor(private readonly options: TsServiceOptions) {
    this.api = withCompilerEnv(compilerEnv(options.gcPercent, process.env), () => new API({
      cwd: options.cwd,
      fs: {
        readFile: fileName => this.readFile(fileName),
        ...(options.editorBuffers === false ? {} : { fileExists: (fileName: string) => (this.overlay.has(fileName) ? true : undefined) }),
      },
    }));
    this.pipeline = new RequestPipeline(this.api);
  }

  get snapshotGeneration(): number { return this.generation; }

  /** Sets (or with undefined, drops) the unsaved text of a file. */
  setOverlay(fileName: string, text: string | undefined): void {
    const had = this.overlay.has(fileName);
    if (text === undefined) this.overlay.delete(fileName);
    else this.overlay.set(fileName, text);
    // An editor buffer for a file that is not on disk yet (untitled, new) is a created file.
    if (!had && text !== undefined && !this.open.has(fileName) && !existsSync(fileName)) this.pendingCreated.add(fileName);
    else this.pendingChanged.add(fileName);
  }

  hasOverlay(fileName: string): boolean { return this.overlay.has(fileName); }

  /** The file changed on disk (watcher or save). */
  fileChanged(fileName: string): void {
    if (basename(fileName).match(/^[tj]sconfig.*\.json$/)) this.translatedConfigs.delete(fileName);
    if (fileName.endsWith(".json")) this.extendsCycles.forget();
    this.pendingChanged.add(fileName);
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
    const toOpen = fileNames.filter(f => !this.open.has(f));
    if (!toOpen.length && !this.pendingChanged.size && !this.pendingCreated.size && !this.pendingProjects.size && this.snapshot) return;
    const changedAll = [...this.pendingChanged, ...this.pendingCreated];
    const created = [...this.pendingCreated];
    const changed = [...this.pendingChanged].filter(f => !this.pendingCreated.has(f));
    this.pendingChanged.clear();
    this.pendingCreated.clear();
    const reopen = changedAll.filter(f => this.inferred.has(f));
    if (reopen.length) {
      this.update({ closeFiles: reopen });
      for (const f of reopen) { this.open.delete(f); this.inferred.delete(f); }
      toOpen.push(...reopen.filter(f => !toOpen.includes(f)));
    }
    const projects = [...this.pendingProjects];
    this.pendingProjects.clear();
    this.update({
      ...(toOpen.length ? { openFiles: toOpen } : {}),
      ...(projects.length ? { openProjects: projects } : {}),
      ...(changed.length || created.length ? { fileChanges: { changed, created } } : {}),
    });
    for (const f of toOpen) this.open.add(f);
    // Open the configured projects of newly opened files, so their later edits are seen.
    const newConfigs = new Set<string>();
    for (const f of toOpen) {
      const config = this.snapshot?.getDefaultProjectForFile(f)?.configFileName;
      if (!config || config.startsWith("/dev/null/")) this.inferred.add(f);
      else if (!this.openConfigs.has(config)) newConfigs.add(config);
    }
    if (newConfigs.size) {
      for (const c of newConfigs) this.openConfigs.add(c);
      this.update({ openProjects: [...newConfigs] });
    }
  }

  private update(params: Parameters<API["updateSnapshot"]>[0]): void {
    const previous = this.snapshot;
    this.pipeline.clear();
    this.snapshot = this.api.updateSnapshot(params);
    this.generation++;
    previous?.dispose();
  }

  /** The project of a tsconfig/jsconfig (opened on first use). */
  configuredProject(configPath: string): Project | undefined {
    if (!this.openConfigs.has(configPath)) {
      this.openConfigs.add(configPath);
      this.pendingProjects.add(configPath);
    }
    this.sync();
    return this.snapshot?.getProject(configPath);
  }

  /** The project the compiler chose for the file (opens it first if needed). */
  projectFor(fileName: string): Project | undefined {
    this.sync([fileName]);
    return this.snapshot?.getDefaultProjectForFile(fileName);
  }

  /** The files a tsconfig/jsconfig includes; throws with the compiler's message when unreadable. */
  configFileNames(configPath: string): string[] {
    return [...this.api.parseConfigFile(configPath).fileNames];
  }

  /** The configuration error found in a tsconfig before the compiler read it (circular `extends`). */
  configError(configFileName: string): string | undefined {
    return this.extendsCycles.errors.get(configFileName);
  }

  close(): void {
    try {
      this.snapshot?.dispose();
    } finally {
      this.api.close();
    }
  }

  private readFile(fileName: string): string | undefined {
    const text = this.overlay.get(fileName);
    if (text !== undefined) return text;
    if (!/^[tj]sconfig.*\.json$/.test(basename(fileName))) return this.extendsCycles.serve(fileName, undefined);
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
    return this.extendsCycles.serve(fileName, translated ?? undefined);
  }
}

/**
 * The variables to add to the compiler's environment for a GC target. With a higher target a
 * soft memory limit (half the machine's memory) keeps a huge project from growing unchecked.
 */
export function compilerEnv(gcPercent: number | undefined, env: NodeJS.ProcessEnv, memory = totalmem()): Record<string, string> {
  if (gcPercent === undefined || env.GOGC !== undefined) return {};
  const extra: Record<string, string> = { GOGC: String(gcPercent) };
  if (env.GOMEMLIMIT === undefined) extra.GOMEMLIMIT = `${Math.max(1, Math.floor(memory / 2 / 2 ** 20))}MiB`;
  return extra;
}

/** The API spawns the compiler in its constructor with our environment: set the variables just for that. */
function withCompilerEnv<T>(extra: Record<string, string>, spawn: () => T): T {
  const saved = Object.keys(extra).map(k => [k, process.env[k]] as const);
  Object.assign(process.env, extra);
  try {
    return spawn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
