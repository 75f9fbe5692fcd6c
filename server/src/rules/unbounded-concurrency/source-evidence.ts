// The evidence that a fan-out's collection is as long as input (a caller's list, rows, a listing,
// a request body...), how strong each kind proved on real code, and how a finding words it.
import type { CallExpression, Node } from "../../analysis/typescript";
import type { ProjectFiles } from "../../analysis/project-files";

export type SourceKind = "caller" | "rows" | "listing" | "archive" | "request" | "command-line" | "stream";

export interface CollectionSource {
  kind: SourceKind;
  /** The expression the evidence was found at, for messages. */
  node: Node;
  /** For rows: known by the call's I/O (the summaries) or only by its name. */
  by?: "io" | "name";
  /** For rows known by I/O: the classifier's kind of the call (`database`, `http`, `network`, `command`). */
  io?: string;
  /** For a listing: a tree by the call's name (a glob, `walkDir`) or one folder's read that recurses (`recursive: true`, a walk). */
  listing?: "named" | "recursive";
  /** Found at what the callers of the function pass (its parameter followed to their arguments). */
  through?: "callers";
  /** Found in what a project function returns (`const files = await sourceFiles(root)`, the function's own read). */
  returned?: true;
  /** Found at an argument of a call that a project function's result was followed through (`pending(all, done)`): the caller's own data. */
  argument?: true;
  /** For a caller's list kept as it is: why the callers were not read. */
  unread?: "no-callers" | "too-many-callers" | "no-project";
}

/**
 * Whether the evidence is of a kind that was right at least 9 times in 10 on both halves of the
 * tuning set: a listing, an archive, a request body, the command line, a stream, rows from a call
 * that does database or network I/O, and rows from a read-named call in the same function. A list
 * the caller passes in (a parameter, `arguments`: 3 of 5 true) and rows from a read-named call
 * reached through the callers (3 of 8) are weak: reported only with the `weakSources` option.
 */
export function isStrongSource(source: CollectionSource): boolean {
  if (source.kind === "caller") return false;
  // A read's name is evidence in the function that reads; found in a caller or a callee it was
  // right 3 times in 8 (one query's clauses, one table's columns).
  return !(source.kind === "rows" && source.by === "name" && (source.through || source.returned));
}

/**
 * A short, stable tag for the kind of evidence (Report.basis): the precision benchmark counts
 * precision per tag. `rows-io-http`, `rows-name-callers`, `listing-returned`, `caller-no-callers`.
 */
export function sourceBasis(source: CollectionSource): string {
  const kind =
    source.kind === "rows" ? `rows-${source.by === "io" ? `io-${source.io ?? "?"}` : "name"}` : source.listing ? `listing-${source.listing}` : source.kind;
  return [kind, source.unread, source.through, source.returned ? "returned" : undefined].filter(Boolean).join("-");
}

/** The evidence in words, for a finding's related location: "rows fetched at run time (by the read's name)". */
export function evidenceText(source: CollectionSource): string {
  const detail =
    source.kind === "rows"
      ? source.by === "io"
        ? " (a database, HTTP or network call)"
        : " (by the read's name)"
      : source.unread === "no-callers"
        ? " (nothing in the project calls the function)"
        : source.unread === "too-many-callers"
          ? " (too many files name the function to read its callers)"
          : "";
  return `${sourceText[source.kind]}${detail}${source.through ? ", passed in by a caller" : ""}${source.returned ? ", read by a project function it calls" : ""}`;
}

/** What the source is, for messages: "`ids`, a parameter: as long as its callers make it". */
export const sourceText: Record<SourceKind, string> = {
  caller: "a list the caller passes in",
  rows: "rows or records fetched at run time",
  listing: "a directory listing",
  archive: "the entries of an archive",
  request: "the body of a request",
  "command-line": "the command line",
  stream: "the items of a stream",
};

/** What the caller knows: the I/O kind of a call (the classifier's answer), the module a local name is imported from. */
export interface SourceQuestions {
  callKind(call: Node): string | undefined;
  moduleOf(localName: string): string | undefined;
  /**
   * Phase 2: whether the call's type is known and is not a promise (its result is there when it
   * returns). Undefined: not known, or not asked (phase 1, code followed into other files).
   */
  resolvesAtOnce?(call: CallExpression): boolean;
  /** The project function a call calls, with its body (phase 2; phase 1 prepares the call and answers undefined). */
  functionOf?(call: CallExpression): Node | undefined;
  /**
   * The project's other files, to read what the callers of a function other modules can call
   * pass it (phase 2 only; without it, such a parameter counts as input as it is).
   */
  project?: ProjectFiles;
}
