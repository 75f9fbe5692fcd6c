// `npm test`'s fuzz run: a fixed seed for about 25 s over the mutation kinds that pass today
// (kinds.ts); the kinds that still find known defects are listed as skipped with the reason.
// LOOPSCOPE_FUZZ_SECONDS / LOOPSCOPE_FUZZ_SEED change the run; `npm run fuzz` runs longer and shrinks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureServerBuilt, repoRoot } from "../lsp/lspClient";
import { enabledInNpmTest, knownDefects } from "./kinds";
import { writeRepro } from "./repro";
import { formatSummary, runFuzz } from "./run";

const seconds = Number(process.env.LOOPSCOPE_FUZZ_SECONDS ?? 25);
const seed = Number(process.env.LOOPSCOPE_FUZZ_SEED ?? 16);
// Generous: the machine running the tests may be busy; a wedged server never answers at all.
const deadlineMs = 30_000;

test(`fuzz seed ${seed} for ${seconds} s: ${enabledInNpmTest.join(", ")}`, { timeout: seconds * 1000 + 4 * deadlineMs + 60_000 }, async t => {
  ensureServerBuilt();
  const summary = await runFuzz({ seed, durationMs: seconds * 1000, kinds: enabledInNpmTest, deadlineMs, log: line => t.diagnostic(line) });
  t.diagnostic(formatSummary(summary));
  const repros = summary.failures.map(({ session, failure }) =>
    writeRepro(join(repoRoot, "test/.tmp/fuzz-repros"), {
      failure,
      original: failure,
      mode: session.mode,
      runSeed: seed,
      sessionSeed: session.seed,
      reproduced: false,
      replays: 0,
      steps: session.trace,
    }),
  );
  assert.deepEqual(
    summary.failures.map(f => `${f.failure.kind} on ${f.failure.op}: ${f.failure.message}`),
    [],
    `the fuzz run found defects; recorded sessions: ${repros.join(", ")}; shrink with: npm run fuzz -- --seed ${seed} --kinds npm-test --minutes ${Math.ceil(seconds / 60)}`,
  );
  assert.ok(summary.sessions >= 1 && summary.requests >= 10, `the run did too little to mean anything: ${formatSummary(summary)}`);
});

for (const [kind, reason] of Object.entries(knownDefects)) {
  test(`fuzz kind ${kind}`, { skip: `${reason}; run it with: npm run fuzz -- --kinds ${kind}` }, () => {});
}
