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
  /**
   * For rows by a read's name: the awaited `find...` method of an object (an ORM's or data layer's
   * read of many records, `this.findAll(...)`, `db.find(...)`), whose I/O the summaries cannot see.
   */
  finder?: true;
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
 * Which collections count as input-sized. `evidently-large` (the default): only sources whose
 * size is set by users' data, never by the world the program runs in: a request's body, the
 * command line, a stream, an archive's entries, a directory tree, the rows of a database query.
 * `not-provably-small`: also what a service returns (an HTTP or network response, a Redis read) and
 * what a call named for a read returns (`findAll()`): on code no rule was tuned on, those were
 * mostly lists small by nature (one zone's name servers, a device's sessions, an app's
 * subscriptions, a deployment's processes), right 3 times in 10 (sessions 9 and 10), against 9 in
 * 10 for the kinds above.
 */
export type CollectionPolicy = "evidently-large" | "not-provably-small";

/**
 * Rows fetched at run time whose size the world may set: a service's response, a Redis read, a
 * read-named call whose I/O the summaries cannot see. Only a database query's rows are as many as
 * users made.
 */
export function isFetchedFromService(source: CollectionSource): boolean {
  // Rows an ORM's `find...` read returns (`finder`) stay here too: the session-36 recall round took
  // them as a database query's rows by default (3 true findings back on the 102 tuning code bases
  // with labels of the rule), but over every installed tuning code base they were right 3 times in
  // 4 (a storage layer's `update(data, where)` whose every caller matches one record by its key),
  // under the 9 in 10 a default needs.
  return source.kind === "rows" && !(source.by === "io" && source.io === "database");
}

/**
 * Whether the evidence is of a kind reported without `weakSources`: anything but a list the caller
 * passes in (a parameter, `arguments`: 3 of 5 true) and rows from a read-named call reached
 * through the callers or a callee (3 of 8). Under the `evidently-large` policy, rows fetched from a
 * service or by a read's name are not reported either (`isFetchedFromService`).
 */
export function isStrongSource(source: CollectionSource, policy: CollectionPolicy = "not-provably-small"): boolean {
  if (source.kind === "caller") return false;
  if (policy === "evidently-large" && isFetchedFromService(source)) return false;
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
    source.kind === "rows"
      ? `rows-${source.by === "io" ? `io-${source.io ?? "?"}` : `${source.finder ? "find" : "name"}${source.io ? `-${source.io}` : ""}`}`
      : source.listing
        ? `listing-${source.listing}`
        : source.kind;
  return [kind, source.unread, source.through, source.returned ? "returned" : undefined].filter(Boolean).join("-");
}

/** The evidence in words, for a finding's related location: "rows fetched at run time (by the read's name)". */
export function evidenceText(source: CollectionSource): string {
  const detail =
    source.kind === "rows"
      ? source.by === "io"
        ? " (a database, HTTP or network call)"
        : source.finder
          ? " (by the name of an ORM's read of many records)"
          : " (by the read's name)"
      : source.unread === "no-callers"
        ? " (nothing in the project calls the function)"
        : source.unread === "too-many-callers"
          ? " (too many files name the function to read its callers)"
          : "";
  return `${sourceText[source.kind]}${detail}${source.through ? ", passed in by a caller" : ""}${source.returned ? ", read by a project function it calls" : ""}`;
}

/** Where the items come from, for a finding's message: "the rows of a database query (`db.query()`)". */
export function evidenceShort(source: CollectionSource, label: string): string {
  const what =
    source.kind === "rows"
      ? source.by === "io"
        ? (rowsText[source.io ?? ""] ?? "rows fetched at run time")
        : source.finder
          ? "the records a find call read"
          : "records a read-named call fetched"
      : source.kind === "listing"
        ? "a directory tree's listing"
        : sourceText[source.kind];
  return `${what} (\`${label}\`)${source.through ? ", passed in by a caller" : ""}`;
}

const rowsText: Record<string, string> = {
  database: "the rows of a database query",
  http: "an HTTP response",
  network: "a network call's response",
  dns: "a network call's response",
  command: "a read from a key-value store",
};

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
  /** Which sources count (the rule's `collections` option); `not-provably-small` when not given. */
  policy?: CollectionPolicy;
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
