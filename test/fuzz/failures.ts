// What the harness reports. A failure's kind (plus the request for "stuck") is its signature:
// shrinking keeps an input only while replaying it fails with the same signature.
export type FailureKind =
  | "stuck" // no answer within the deadline (the request is named)
  | "error-answer" // a request answered with an error instead of a result
  | "server-exit" // the server process ended during the session
  | "compiler-exit" // a compiler process under the server ended during the session
  | "orphan" // a compiler process outlived its server by more than 2 s
  | "push-missing" // push mode: no diagnostics were published for a version, though the server answers
  | "silent-empty" // [] where findings were due, with nothing saying the file could not be checked
  | "silent-partial" // the server logged that checking failed in part (a rule threw), no diagnostic says so
  | "diagnostic-range" // a diagnostic's range is not inside the document (LSP lines: CR, LF, CRLF)
  | "edit-range" // a code action's edit range is not inside the document
  | "edit-overlap" // two edits of one action overlap
  | "edit-version" // a versioned edit names another version of the document
  | "fix-parse" // a fix applied to code that parsed gives code that does not
  | "too-many-actions"; // one code-action request answered with more actions than anyone can read

export interface Failure {
  kind: FailureKind;
  /** The request or event it was seen on, e.g. "textDocument/diagnostic v7". */
  op: string;
  message: string;
}

export const signature = (f: Pick<Failure, "kind" | "op">) => (f.kind === "stuck" ? `stuck:${f.op.split(" ")[0]}` : f.kind);

export class FailureError extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.kind} on ${failure.op}: ${failure.message}`);
  }
}
