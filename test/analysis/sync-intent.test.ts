// What counts as a comment saying that synchronous code is deliberate (blocking-call-in-async's
// "deliberately synchronous, with a reason" exemption).
import { test } from "node:test";
import assert from "node:assert/strict";
import { saysDeliberatelySync } from "../../server/src/analysis/sync-intent";

test("a sync word and a reason: deliberate", () => {
  for (const comment of [
    "// readFileSync on purpose: the file must be read before the first request",
    "// synchronous because the rename must be atomic",
    "// blocking is fine here: runs once at start-up",
    "// Atomics.wait so that the worker sleeps without a timer",
  ])
    assert.equal(saysDeliberatelySync(comment), true, comment);
});

test("'async' is not a sync word, in any case, though it ends in 'sync'", () => {
  for (const comment of ["// async because the caller awaits it", "// Async on purpose: callers must await it", "// ASYNC since it reads the network"])
    assert.equal(saysDeliberatelySync(comment), false, comment);
});

test("no reason, or an admitted problem: not deliberate", () => {
  assert.equal(saysDeliberatelySync("// readFileSync here"), false);
  assert.equal(saysDeliberatelySync("// TODO: sync because of legacy callers, make it async"), false);
});
