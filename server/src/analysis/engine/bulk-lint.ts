// Many files in a row (the CLI): while the compiler answers one file's type questions, the next
// files are fetched and walked. The compiler's work overlaps ours through the request pipeline
// (typescript/pipeline.ts). Same results as linting each file on its own. Files are linted with
// the files they import first (dependency-order.ts), and their results handed out in the given order.
import type { SettingsOverride } from "../../config/config";
import type { FileResult } from "../findings";
import type { TsService } from "../typescript";
import type { LintFileOptions } from "./lint-options";
import type { StartedFile } from "./rule-phases";
import { dependencyOrder } from "./dependency-order";

/** What the bulk loop needs from the engine (see Linter). */
export interface BulkHost {
  readonly ts: TsService;
  /** The files the compiler may read (existing, within their size limit). */
  loadable(fileNames: readonly string[], settings: SettingsOverride | undefined): string[];
  /** Everything up to the batch; a FileResult when the file ends there (skipped). */
  start(fileName: string, options: LintFileOptions): StartedFile | FileResult | undefined;
  /** The batch, phase 2 and suppressions (undefined: cancelled). */
  finish(started: StartedFile, options: LintFileOptions): FileResult | undefined;
  lintFile(fileName: string, options: LintFileOptions): FileResult | undefined;
  /** One file's failure becomes its own problem (see Linter.isolated). */
  isolated<T extends StartedFile | FileResult | undefined>(fileName: string, run: () => T): T | FileResult;
  /** A file's text for the lint order, or undefined (then it goes where it is). */
  textForOrder(fileName: string): string | undefined;
}

/** Files walked ahead of their decisions: enough to keep the compiler busy, few enough to bound memory. */
const window = 32;
/** Syntax trees requested ahead of the walk. */
const ahead = 2;

/** See Linter.lintFiles. */
export function lintInOrder(
  host: BulkHost,
  fileNames: readonly string[],
  options: LintFileOptions,
  onResult: (result: FileResult, index: number) => void,
): void {
  const { ts } = host;
  const pipeline = ts.pipeline;
  const loadable = new Set(options.project ? fileNames : host.loadable(fileNames, options.settings));
  // The k-th file linted is fileNames[order[k]]; results wait in `done` until those before them are out.
  const order = dependencyOrder(fileNames, f => (loadable.has(f) ? host.textForOrder(f) : undefined));
  // (null: a file with no result, which must not hold back the ones after it.)
  const done = new Map<number, FileResult | null>();
  let nextOut = 0;
  const deliver = (result: FileResult | null, index: number) => {
    done.set(index, result);
    while (done.has(nextOut)) {
      const r = done.get(nextOut)!;
      done.delete(nextOut);
      if (r) onResult(r, nextOut);
      nextOut++;
    }
  };
  const prefetchTree = (k: number) => {
    const fileName = k < order.length ? fileNames[order[k]!] : undefined;
    // Asking for a file's project opens it: not for files `start` skips unread (too big, gone).
    if (fileName === undefined || !pipeline.enabled || !loadable.has(fileName)) return;
    const project = options.project ? ts.configuredProject(options.project) : ts.projectFor(fileName);
    if (project) pipeline.prefetch(() => project.program.getSourceFile(fileName));
  };
  const pending: { index: number; started: StartedFile }[] = [];
  const cancelled = Symbol("cancelled");
  const settle = () => {
    const { index, started } = pending.shift()!;
    const result = host.isolated(started.result.fileName, () => host.finish(started, options));
    if (!result) throw cancelled;
    deliver(result, index);
  };
  // Open everything first: opening a file later would replace the snapshot under the files in flight.
  if (options.project) ts.configuredProject(options.project);
  else ts.sync([...loadable]);
  let generation = ts.snapshotGeneration;
  try {
    for (let k = 0; k < ahead; k++) prefetchTree(k);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      prefetchTree(k + ahead);
      const started = host.isolated(fileNames[i]!, () => host.start(fileNames[i]!, options));
      if (options.isCancelled?.()) return;
      if (ts.snapshotGeneration !== generation) {
        // The snapshot changed anyway (a file the compiler had not opened): lint the files in flight again.
        generation = ts.snapshotGeneration;
        for (const p of pending.splice(0)) {
          const result = host.isolated(fileNames[p.index]!, () => host.lintFile(fileNames[p.index]!, options));
          if (!result) return;
          deliver(result, p.index);
        }
      }
      if (!started || !("running" in started)) {
        // The files in flight first (they were linted before it).
        while (pending.length) settle();
        deliver(started ?? null, i);
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
