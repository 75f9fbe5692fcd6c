// Loopscope lints its own code with the built CLI: zero findings, or a reasoned suppression each
// (a `loopscope-ignore-next-line <rule> -- <reason>` comment, or a comment saying why a blocking
// call is deliberate). Test code is left out: its fixtures and corpus hold mistakes on purpose,
// and suppression comments inside its strings (rule tests' inputs) read as unused suppressions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureBuilt, repoRoot } from "./helpers/built";
import { runCli } from "./cli/run-cli";
import { blockingOnFlag } from "./helpers/blocking-on";

/** What ships (the five source folders) and what we run (build, packaging and benchmark scripts). */
const ownSources = ["server/src", "client/src", "tracer/src", "webview/src", "timeline-model/src", "protocol/src", "scripts", "bench"];

test("loopscope lint finds nothing in Loopscope's own sources", { timeout: 360_000 }, async () => {
  const cli = ensureBuilt("cli");
  // missing-timeout (on by default again since session 29, named in case it goes off) and
  // blocking-call-in-async (off by default since session 16), which our own code has been held to
  // since the first version.
  const run = await runCli(cli, ["lint", ...blockingOnFlag, "--rule", "missing-timeout=warning", ...ownSources], { cwd: repoRoot, timeoutMs: 300_000 });
  assert.equal(run.stdout, "", `findings in our own code (fix them, or suppress each with its reason):\n${run.stdout}`);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /loopscope(?: lint)?: /, "nothing said on stderr (skipped files, config problems)");
});
