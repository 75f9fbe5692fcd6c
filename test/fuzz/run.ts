// A fuzz run: sessions one after another (each with its own seed derived from the run's) until
// the time is up. Shared by `npm test` (fixed seed, ~60 s) and `npm run fuzz` (longer, shrinks).
import { signature, type Failure } from "./failures";
import type { MutationKind } from "./mutations";
import { sessionSeed } from "./prng";
import { committedSeeds } from "./seeds";
import { runSession, type SessionOutcome } from "./session";
import { makeWorkspace, type Workspace } from "./workspace";

export interface RunOptions {
  seed: number;
  durationMs: number;
  kinds: readonly MutationKind[];
  deadlineMs: number;
  stepsPerSession?: number;
  log?: (line: string) => void;
  /** Called for each failing session as it ends (the CLI shrinks and writes repros). */
  onFailure?: (session: SessionOutcome, failure: Failure, workspace: Workspace) => Promise<void>;
}

export interface RunSummary {
  seed: number;
  sessions: number;
  requests: number;
  fixesApplied: number;
  mutated: Partial<Record<MutationKind, number>>;
  failures: { session: SessionOutcome; failure: Failure }[];
  bySignature: Record<string, number>;
  elapsedMs: number;
}

export async function runFuzz(options: RunOptions): Promise<RunSummary> {
  const started = Date.now();
  // Time spent shrinking (onFailure) does not count as fuzzing time.
  let until = started + options.durationMs;
  const workspace = makeWorkspace(options.deadlineMs);
  const seeds = committedSeeds();
  const summary: RunSummary = { seed: options.seed, sessions: 0, requests: 0, fixesApplied: 0, mutated: {}, failures: [], bySignature: {}, elapsedMs: 0 };
  try {
    for (let index = 0; Date.now() < until; index++) {
      const session = await runSession({
        seed: sessionSeed(options.seed, index),
        kinds: options.kinds,
        deadlineMs: options.deadlineMs,
        maxSteps: options.stepsPerSession ?? 25,
        until,
        seeds,
        workspace,
      });
      summary.sessions++;
      summary.requests += session.requests;
      summary.fixesApplied += session.fixesApplied;
      for (const [kind, n] of Object.entries(session.mutated)) summary.mutated[kind as MutationKind] = (summary.mutated[kind as MutationKind] ?? 0) + n;
      for (const failure of session.failures) {
        summary.failures.push({ session, failure });
        summary.bySignature[signature(failure)] = (summary.bySignature[signature(failure)] ?? 0) + 1;
        options.log?.(
          `fuzz: session ${index} (seed ${session.seed}, ${session.mode}, ${session.seedName}, after ${session.trace
            .filter(s => s.op === "change")
            .map(s => (s as { why: string }).why)
            .slice(-3)
            .join(" / ")}): ${failure.kind} on ${failure.op}: ${failure.message}`,
        );
        const shrinkStarted = Date.now();
        await options.onFailure?.(session, failure, workspace);
        until += Date.now() - shrinkStarted;
      }
    }
  } finally {
    workspace.dispose();
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

export function formatSummary(s: RunSummary): string {
  const kinds = Object.entries(s.mutated)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  const found =
    Object.entries(s.bySignature)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "nothing";
  return `fuzz seed ${s.seed}: ${s.sessions} sessions, ${s.requests} requests, ${s.fixesApplied} fixes applied in ${(s.elapsedMs / 1000).toFixed(0)} s; mutations: ${kinds}; found: ${found}`;
}
