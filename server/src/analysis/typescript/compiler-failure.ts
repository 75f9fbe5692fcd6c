// The compiler process could not finish a file: it took longer than the file's budget (and was
// killed), or it died or stopped answering. Unless it died too often lately (`restarted` false),
// the service has already started a new one with the editor's texts by the time this is thrown;
// callers report it on the file and lint the other files again.

export type CompilerFailureKind = "too-slow" | "crashed";

export class CompilerFailure extends Error {
  constructor(
    readonly kind: CompilerFailureKind,
    message: string,
    readonly restarted = true,
  ) {
    super(message);
    this.name = "CompilerFailure";
  }
}
