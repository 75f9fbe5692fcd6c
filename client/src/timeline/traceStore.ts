// The trace files of runs started from VS Code: written to the extension's storage folder, named
// after what ran and when, the oldest removed beyond a limit. The panel's saved state names the
// file it shows; after a reload only files listed here (recorded, opened or saved by the user) are
// read back, never a path that merely appears in webview state. No vscode import.

import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const KEEP = 20;

export class TraceStore {
  private readonly known: Set<string>;

  constructor(
    readonly dir: string,
    known: Iterable<string> = [],
    private readonly keep = KEEP,
  ) {
    this.known = new Set([...known].map(p => resolve(p)));
  }

  /** A new file name for a run of `label` started at `date`. */
  pathFor(label: string, date = new Date()): string {
    const stamp = date
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "")
      .replace("T", "-");
    const safe =
      label
        .replace(/[^A-Za-z0-9._-]+/g, "_")
        .replace(/^_+|_+$/g, "")
        .slice(0, 60) || "run";
    mkdirSync(this.dir, { recursive: true });
    return join(this.dir, `${safe}-${stamp}.trace.json`);
  }

  /** Remembers a trace file the user recorded, opened or saved. */
  remember(path: string): void {
    this.known.add(resolve(path));
  }

  /** Whether a path from a restored panel may be read back. */
  mayRestore(path: string): boolean {
    const full = resolve(path);
    return this.known.has(full) || (full.startsWith(resolve(this.dir) + "/") && full.endsWith(".trace.json"));
  }

  /** The remembered paths that still exist (to persist), newest last. */
  knownPaths(limit = 50): string[] {
    return [...this.known]
      .filter(p => {
        try {
          return statSync(p).isFile();
        } catch {
          return false;
        }
      })
      .slice(-limit);
  }

  /** Removes the oldest recorded traces beyond the limit. */
  prune(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter(n => n.endsWith(".trace.json"));
    } catch {
      return;
    }
    const files = names.map(n => ({ path: join(this.dir, n), mtime: statSync(join(this.dir, n)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
    for (const f of files.slice(this.keep)) {
      rmSync(f.path, { force: true });
      this.known.delete(resolve(f.path));
    }
  }
}
