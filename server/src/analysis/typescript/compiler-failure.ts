// The compiler process could not finish a file: it took longer than the file's budget (and was
// killed), or it died or stopped answering. The service has already started a new one with the
// editor's texts by the time this is thrown; callers report it on the file and lint again.

export type CompilerFailureKind = "too-slow" | "crashed";

export class CompilerFailure extends Error {
  constructor(readonly kind: CompilerFailureKind, message: string, readonly fileName?: string) {
    super(message);
    this.name = "CompilerFailure";
  }
}
