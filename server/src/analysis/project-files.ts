// The project's other files, for the rare questions one file cannot answer alone ("who calls
// this exported function?"). Whole files are only loaded when their text mentions the name
// asked about; the texts come from the editor's buffers or the disk, cached until they change.
// In the editor every keystroke makes a new snapshot: what was found by reading every file's
// text (which files mention a name, facts made of one part per file) is carried over from the
// last snapshot, and only the files that changed since are read again.
import { readFileSync } from "node:fs";
import type { FileAnalysis } from "../rules/rule";
import { identifierPattern } from "./syntax";

export interface ProjectFiles {
  /** Files whose text contains `word` as a whole identifier, in the project's file order. */
  filesMentioning(word: string): readonly string[];
  /**
   * The same when at most `limit` files mention it, else undefined: for questions that give up
   * on a common name, which then need not read every file (the first files over the limit tell).
   */
  filesMentioningAtMost(word: string, limit: number): readonly string[] | undefined;
  /** The analysis view of one of the project's files (syntax; symbols only through late questions). */
  analysisOf(fileName: string): FileAnalysis | undefined;
  /**
   * A fact combined from one part per file, each computed from that file's text alone (`part`
   * must depend on nothing else): computed once per snapshot under `key`, and after an edit only
   * the edited files' parts are computed again.
   */
  derived<P, T>(key: string, part: (fileName: string, text: string) => P, combine: (parts: Iterable<P>) => T): T;
}

/** Disk texts of project files, kept across snapshots until the engine hears the file changed. */
export class ProjectTexts {
  private readonly disk = new Map<string, string | null>();

  changed(fileName: string): void {
    this.disk.delete(fileName);
  }

  clear(): void {
    this.disk.clear();
  }

  fromDisk(fileName: string): string | undefined {
    let text = this.disk.get(fileName);
    if (text === undefined) {
      try {
        text = readFileSync(fileName, "utf8");
      } catch {
        text = null;
      }
      this.disk.set(fileName, text);
    }
    return text ?? undefined;
  }
}

/** What a snapshot's files carry over to the next snapshot (see `SnapshotProjectFiles`). */
export interface EarlierFiles {
  files: SnapshotProjectFiles;
  /** The files whose text changed since then (nothing else did). */
  changed: ReadonlySet<string>;
}

/** One project in one snapshot (the engine makes a new one when the snapshot changes). */
export class SnapshotProjectFiles implements ProjectFiles {
  private readonly mentions = new Map<string, readonly string[]>();
  /** Words more files mention than this many (found by `filesMentioningAtMost`, which stopped there). */
  private readonly mentionedByMore = new Map<string, number>();
  private readonly analyses = new Map<string, FileAnalysis | undefined>();
  private readonly parts = new Map<string, Map<string, unknown>>();
  private readonly facts = new Map<string, unknown>();
  /** The last snapshot's files, when the project's files are the same and only `changed` changed. */
  private earlier: EarlierFiles | undefined;

  constructor(
    /** The engine's project object these files belong to. */
    readonly project: unknown,
    private readonly fileNames: readonly string[],
    /** The text of a file: the editor's buffer when it has one, else the disk. */
    private readonly textOf: (fileName: string) => string | undefined,
    private readonly analyze: (fileName: string) => FileAnalysis | undefined,
    earlier?: EarlierFiles,
  ) {
    this.earlier = earlier && sameList(earlier.files.fileNames, fileNames) ? earlier : undefined;
  }

  /** Whether the file's text contains `word` as a whole identifier. */
  private mentionTest(word: string): (fileName: string) => boolean {
    const whole = new RegExp(`(^|[^\\w$])${identifierPattern(word)}($|[^\\w$])`);
    return f => {
      const text = this.textOf(f);
      return !!text && text.includes(word) && whole.test(text);
    };
  }

  filesMentioningAtMost(word: string, limit: number): readonly string[] | undefined {
    // A list known (or carried from the last snapshot, cheap to complete) decides; so does a count over the limit.
    if (this.mentions.has(word) || this.earlier?.files.mentions.has(word)) {
      const files = this.filesMentioning(word);
      return files.length > limit ? undefined : files;
    }
    if ((this.mentionedByMore.get(word) ?? -1) >= limit) return undefined;
    const mentions = this.mentionTest(word);
    const files: string[] = [];
    for (const f of this.fileNames) {
      if (!mentions(f)) continue;
      if (files.length === limit) {
        this.mentionedByMore.set(word, Math.max(limit, this.mentionedByMore.get(word) ?? -1));
        return undefined;
      }
      files.push(f);
    }
    // Every file read: the whole list.
    this.mentions.set(word, files);
    return files;
  }

  filesMentioning(word: string): readonly string[] {
    let files = this.mentions.get(word);
    if (!files) {
      const mentions = this.mentionTest(word);
      const before = this.earlier?.files.mentions.get(word);
      if (before && this.earlier) {
        const { changed } = this.earlier;
        const had = new Set(before);
        // An edit that leaves every edited file's answer as it was (a keystroke, mostly) leaves the
        // list too: no pass over the project's files (3,000 in a large project, every keystroke, per word).
        files = [...changed].every(f => had.has(f) === mentions(f)) ? before : this.fileNames.filter(f => (changed.has(f) ? mentions(f) : had.has(f)));
      } else files = this.fileNames.filter(mentions);
      this.mentions.set(word, files);
    }
    return files;
  }

  derived<P, T>(key: string, part: (fileName: string, text: string) => P, combine: (parts: Iterable<P>) => T): T {
    if (!this.facts.has(key)) {
      const before = this.earlier?.files.parts.get(key) as Map<string, P> | undefined;
      let parts: Map<string, P>;
      if (before && this.earlier) {
        const again = new Map<string, P | undefined>();
        for (const f of this.earlier.changed) {
          if (!before.has(f) && !this.fileNames.includes(f)) continue;
          const text = this.textOf(f);
          again.set(f, text ? part(f, text) : undefined);
        }
        // An edit that leaves every part as it was (a keystroke in a function body, mostly) leaves the fact too.
        if (
          this.earlier.files.facts.has(key) &&
          [...again].every(([f, p]) => (p === undefined ? !before.has(f) : before.has(f) && samePart(before.get(f), p)))
        ) {
          this.parts.set(key, before);
          this.facts.set(key, this.earlier.files.facts.get(key));
          return this.facts.get(key) as T;
        }
        parts = new Map(before);
        for (const [f, p] of again) {
          if (p === undefined) parts.delete(f);
          else parts.set(f, p);
        }
      } else {
        parts = new Map();
        for (const f of this.fileNames) {
          const text = this.textOf(f);
          if (text) parts.set(f, part(f, text));
        }
      }
      this.parts.set(key, parts);
      this.facts.set(key, combine(parts.values()));
    }
    return this.facts.get(key) as T;
  }

  /**
   * Kept for the next snapshot (its summaries): its syntax trees are not needed any more, nor
   * the snapshot before it (each snapshot's summaries would otherwise keep all earlier ones).
   */
  releaseTrees(): void {
    this.analyses.clear();
    this.earlier = undefined;
  }

  analysisOf(fileName: string): FileAnalysis | undefined {
    if (!this.analyses.has(fileName)) this.analyses.set(fileName, this.analyze(fileName));
    return this.analyses.get(fileName);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two parts of a derived fact are equal: primitives, and arrays of them (others are never the same). */
function samePart(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => samePart(x, b[i]));
}
