// The project's other files, for the rare questions one file cannot answer alone ("who calls
// this exported function?"). Whole files are only loaded when their text mentions the name
// asked about; the texts come from the editor's buffers or the disk, cached until they change.
import { readFileSync } from "node:fs";
import type { FileAnalysis } from "../rules/rule";

export interface ProjectFiles {
  /** Files whose text contains `word` as a whole identifier, in the project's file order. */
  filesMentioning(word: string): readonly string[];
  /** The analysis view of one of the project's files (syntax; symbols only through late questions). */
  analysisOf(fileName: string): FileAnalysis | undefined;
  /** A fact derived from the project's texts, computed once per snapshot under `key`. */
  derived<T>(key: string, compute: (texts: Iterable<[fileName: string, text: string]>) => T): T;
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

/** One project in one snapshot (the engine makes a new one when the snapshot changes). */
export class SnapshotProjectFiles implements ProjectFiles {
  private readonly mentions = new Map<string, readonly string[]>();
  private readonly analyses = new Map<string, FileAnalysis | undefined>();
  private readonly facts = new Map<string, unknown>();

  constructor(
    /** The engine's project object these files belong to. */
    readonly project: unknown,
    private readonly fileNames: readonly string[],
    /** The text of a file: the editor's buffer when it has one, else the disk. */
    private readonly textOf: (fileName: string) => string | undefined,
    private readonly analyze: (fileName: string) => FileAnalysis | undefined,
  ) {}

  filesMentioning(word: string): readonly string[] {
    let files = this.mentions.get(word);
    if (!files) {
      const whole = new RegExp(`(^|[^\\w$])${word.replace(/\$/g, "\\$")}($|[^\\w$])`);
      files = this.fileNames.filter(f => {
        const text = this.textOf(f);
        return !!text && text.includes(word) && whole.test(text);
      });
      this.mentions.set(word, files);
    }
    return files;
  }

  derived<T>(key: string, compute: (texts: Iterable<[fileName: string, text: string]>) => T): T {
    if (!this.facts.has(key)) this.facts.set(key, compute(this.texts()));
    return this.facts.get(key) as T;
  }

  private *texts(): Iterable<[string, string]> {
    for (const f of this.fileNames) {
      const text = this.textOf(f);
      if (text) yield [f, text];
    }
  }

  analysisOf(fileName: string): FileAnalysis | undefined {
    if (!this.analyses.has(fileName)) this.analyses.set(fileName, this.analyze(fileName));
    return this.analyses.get(fileName);
  }
}
