// The live run's events file (liveEventLog.ts) under Node: events appended batch by batch, across
// many flushes, come back by index and in chunks exactly as they went in (the in-memory store's
// answers), and the file is all the log holds of them; disposing removes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { LiveEventLog, STRIDE } from "../../client/src/timeline/liveEventLog";
import { MemoryEventStore } from "../../timeline-model/src/live-trace";
import { validateTrace, type AnyTraceEvent } from "../../protocol/src/trace-validate";
import { generateTrace } from "../webview/trace-generator";

const check = validateTrace(generateTrace({ durationSec: 6, requestsPerSec: 400 }));
assert.ok(check.ok);
const events = check.events as AnyTraceEvent[];

test("events come back from the file by index and in chunks as they went in", () => {
  const log = new LiveEventLog();
  const memory = new MemoryEventStore();
  try {
    // Uneven batches, and lookups between them (some of the events still waiting to be written).
    for (let i = 0, size = 1; i < events.length; i += size, size = (size * 7) % 301 || 1) {
      const batch = events.slice(i, i + size);
      log.append(batch);
      memory.append(batch);
      const probe = [0, log.count - 1, Math.floor(log.count / 2), log.count - STRIDE, log.count];
      assert.deepEqual(log.at(probe), memory.at(probe));
    }
    assert.equal(log.count, events.length);
    const every = events.map((_, i) => i);
    assert.deepEqual(
      log.at(every),
      events.map(e => JSON.parse(JSON.stringify(e))),
    );
    assert.deepEqual(log.at([-1, 1.5, events.length, NaN]), [null, null, null, null]);
    const chunks = [...log.chunks(1000)];
    assert.ok(chunks.length >= Math.floor(events.length / 1000), `chunks of about 1,000: ${chunks.length}`);
    assert.deepEqual(chunks.flat(), log.at(every));
    assert.ok(statSync(log.path).size > 100_000, "the events are in the file");
  } finally {
    log.dispose();
  }
  assert.equal(existsSync(log.dir), false, "disposing removes the events file and its dir");
});
