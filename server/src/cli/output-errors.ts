// Output that cannot be written: a reader that closed the pipe (`loopscope lint | head -c 10`)
// or a full device (`> /dev/full`). Node reports these as 'error' events on the stream, which
// crash with a stack when nobody listens. Other command-line tools end quietly on a closed pipe
// (SIGPIPE, exit status 141) and say "write error" in one line otherwise; so do we.

/** The exit status of a process ended by SIGPIPE (128 + 13), what a shell shows for `yes | head`. */
export const closedPipeExitCode = 141;

export function endQuietlyOnOutputErrors(proc: NodeJS.Process = process): void {
  proc.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") proc.exit(closedPipeExitCode);
    try {
      proc.stderr.write(`loopscope: cannot write the output: ${error.code ?? error.message}\n`);
    } catch {
      // stderr is gone too: nothing left to say it on.
    }
    proc.exit(2);
  });
  // Nowhere left to report a failing stderr: ignore it rather than crash.
  proc.stderr.on("error", () => {});
}
