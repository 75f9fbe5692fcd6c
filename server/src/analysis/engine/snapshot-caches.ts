// What the engine keeps per compiler snapshot: each project's type-question caches
// (`SnapshotCache`) and its other files (`SnapshotProjectFiles`). A snapshot that only changed
// some files' texts (an editor keystroke) starts from the last snapshot's project-wide summaries
// (syntax errors, what the project's texts say) and redoes only those files' part.
import type { FileAnalysis } from "../../rules/rule";
import { ProjectTexts, SnapshotProjectFiles, type EarlierFiles } from "../project-files";
import { DeclarationParents, SnapshotCache, type Project, type TsService } from "../typescript";

type CarriedDiagnostics = NonNullable<SnapshotCache["carried"]>;

export class SnapshotCaches {
  private readonly caches = new Map<string, SnapshotCache>();
  /** Whether a path is library code does not change between snapshots: shared across them. */
  private readonly externalPaths = new Map<string, boolean>();
  private generation = -1;
  private readonly projectFiles = new Map<string, SnapshotProjectFiles>();
  /** Files on disk read for project-wide summaries (dropped when they change on disk). */
  readonly projectTexts = new ProjectTexts();
  /**
   * The project-wide summaries of the last snapshot that had any (syntax errors, what the
   * project's texts say): a snapshot that only changed some files' texts starts from them.
   */
  /**
   * Symbols' parent names by declaration, per project, across snapshots: an edit drops the
   * changed files' entries, any other change all (see `SnapshotCache.parentName`).
   */
  private readonly declarationParents = new Map<string, DeclarationParents>();
  private earlier: { generation: number; diagnostics: Map<string, CarriedDiagnostics>; projectFiles: Map<string, SnapshotProjectFiles> } | undefined;

  constructor(
    private readonly ts: () => TsService,
    /** What rules see of another file of the project (analysed when a summary needs it). */
    private readonly analyze: (project: Project, fileName: string) => FileAnalysis | undefined,
  ) {}

  /** The project's type-question caches for the current snapshot. */
  cacheOf(project: Project): SnapshotCache {
    const ts = this.ts();
    if (this.generation !== ts.snapshotGeneration) {
      if (this.caches.size || this.projectFiles.size) {
        // Kept for the next snapshots while only file texts change (an edit: see `changedSinceEarlier`).
        for (const files of this.projectFiles.values()) files.releaseTrees();
        this.earlier = {
          generation: this.generation,
          diagnostics: new Map([...this.caches].flatMap(([id, cache]) => (cache.carried ? [[id, cache.carried] as const] : []))),
          projectFiles: new Map(this.projectFiles),
        };
      }
      const changed = ts.changedSince(this.generation);
      if (changed) for (const parents of this.declarationParents.values()) parents.forget(changed);
      else this.declarationParents.clear();
      this.caches.clear();
      this.projectFiles.clear();
      this.generation = ts.snapshotGeneration;
    }
    let cache = this.caches.get(project.id);
    if (!cache || cache.project !== project) {
      const changed = this.changedSinceEarlier();
      const diagnostics = changed && this.earlier?.diagnostics.get(project.id);
      let parents = this.declarationParents.get(project.id);
      if (!parents) this.declarationParents.set(project.id, (parents = new DeclarationParents()));
      cache = new SnapshotCache(project, this.externalPaths, diagnostics ? { diagnostics, changed } : undefined, parents);
      this.caches.set(project.id, cache);
    }
    return cache;
  }

  /** The project's other files, for this snapshot (see project-files.ts). */
  projectFilesOf(project: Project): SnapshotProjectFiles {
    this.cacheOf(project); // drops the per-snapshot caches when the snapshot changed
    let files = this.projectFiles.get(project.id);
    if (!files || files.project !== project) {
      const ts = this.ts();
      files = new SnapshotProjectFiles(
        project,
        project.rootFiles ?? [],
        fileName => (ts.hasOverlay(fileName) ? project.program.getSourceFile(fileName)?.text : this.projectTexts.fromDisk(fileName)),
        fileName => this.analyze(project, fileName),
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

  /** The files changed since the earlier snapshot's summaries, when only file texts changed since. */
  private changedSinceEarlier(): ReadonlySet<string> | undefined {
    return this.earlier && this.ts().changedSince(this.earlier.generation);
  }
}
