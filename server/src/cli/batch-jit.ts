// The CLI lints a project once and exits, so V8's optimizing compiler (TurboFan, on background
// threads) is a cost paid per run, not an investment: the engine's per-file pass and the rules'
// visitors were inlined into very large optimized functions, compiled again after each
// deoptimization, which took 2.2-2.9 s of CPU on TypeORM and 1.2 s on viem besides a main thread of
// 4-4.5 s and 1.8 s. A smaller cumulative inlining budget left the main thread's time unchanged and
// cut the compiler threads' by a third (whole run: -5 to -9% CPU, interleaved rounds, session 14).
// The language server lives long enough to repay larger optimized code, and keeps V8's default.
import { setFlagsFromString } from "node:v8";

export const batchInliningBudget = "--max-inlined-bytecode-size-cumulative=300";

/** Before the lint's hot code is first optimized (flags are read per optimization job). */
export function tuneJitForOneBatch(): void {
  try {
    setFlagsFromString(batchInliningBudget);
  } catch {
    // A runtime without the flag still lints, at V8's default.
  }
}
