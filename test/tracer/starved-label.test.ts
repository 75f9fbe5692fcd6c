// The recorder's label for a block its thread spent waiting for a CPU (issue 13, 1.9): a block
// with no stack is "the process got no CPU" when the process got none (the watchdog's own
// lateness) or its thread waited for a CPU (the watchdog's `starved` with `forTid`) for most of
// it, or so long that without the wait there would have been no block; a block with a stack, or
// whose thread mostly ran, stays the program's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TraceBuilder } from "../../tracer/src/recorder/trace-builder";
import { SourceMapper } from "../../tracer/src/recorder/source-maps";
import type { BlockArgs } from "../../protocol/src/trace";
import type { HelloMessage, WireEvent } from "../../protocol/src/tracer-wire";
import { blocksOf } from "./helpers";

const ORIGIN = 1e9;
const hello = (tid: number, role: HelloMessage["role"]): HelloMessage => ({
  t: "hello",
  v: 1,
  token: "x",
  pid: 100,
  ppid: 1,
  tid,
  role,
  argv: ["node", "server.js"],
  execPath: "node",
  nodeVersion: "v20.0.0",
  ts: ORIGIN,
  blockThresholdMs: 50,
});
const run = { version: "test", command: ["node", "server.js"], cwd: "/app", startedAtEpochMs: 0, durationMs: 0, exitCode: 0, signal: null };
const ms = (n: number) => ORIGIN + n * 1e3;

function build(blocks: Array<{ at: number; dur: number }>, watchdog: Array<Record<string, unknown>>) {
  const builder = new TraceBuilder(ORIGIN, 50);
  const main = builder.open("100:0:0", hello(0, "main"));
  const dog = builder.open("100:1:0", hello(1, "watchdog"));
  let seq = 0;
  for (const b of blocks) builder.add(main, { t: "block", seq: seq++, ts: ms(b.at), dur: b.dur * 1e3 } as WireEvent);
  for (const e of watchdog) builder.add(dog, { seq: seq++, ...e } as WireEvent);
  builder.close(main);
  builder.close(dog);
  const { trace, summary } = builder.build(run, ms(10_000), new SourceMapper());
  return { blocks: blocksOf(trace).sort((a, b) => a.ts - b.ts), summary };
}
const args = (e: { args?: unknown }) => e.args as BlockArgs;

test("a stackless block its main thread spent waiting for a CPU says the process got no CPU; one it mostly ran does not", () => {
  const { blocks } = build(
    [
      { at: 1000, dur: 300 }, // waited 290 of 300 ms: starved
      { at: 2000, dur: 90 }, // waited 45 of 90: without the wait, 45 ms, under the threshold: starved
      { at: 3000, dur: 300 }, // waited 100 of 300: 200 ms of it the thread ran or slept: not starved
      { at: 4000, dur: 300 }, // the same wait, but a worker's (forTid 2): not this thread's
    ],
    [
      { t: "starved", ts: ms(1000), dur: 300e3, forTid: 0, waited: 290e3 },
      { t: "starved", ts: ms(2000), dur: 90e3, forTid: 0, waited: 45e3 },
      { t: "starved", ts: ms(3000), dur: 300e3, forTid: 0, waited: 100e3 },
      { t: "starved", ts: ms(4000), dur: 300e3, forTid: 2, waited: 290e3 },
    ],
  );
  assert.deepEqual(
    blocks.map(b => [args(b).noCpu ?? false, args(b).noCpuMs]),
    [
      [true, 290],
      [true, undefined],
      [false, 100],
      [false, undefined],
    ],
    JSON.stringify(blocks.map(b => b.name)),
  );
  assert.match(blocks[0]!.name, /the process got no CPU/);
  assert.doesNotMatch(blocks[2]!.name, /no CPU/);
});

test("a block with a stack stays the program's even when its thread also waited for a CPU", () => {
  const { blocks } = build(
    [{ at: 1000, dur: 300 }],
    [
      { t: "starved", ts: ms(1000), dur: 300e3, forTid: 0, waited: 200e3 },
      { t: "sample", ts: ms(1200), forTid: 0, since: ms(1000), stack: [{ fn: "work", file: "/app/server.js", line: 7, col: 3 }] },
    ],
  );
  assert.equal(args(blocks[0]!).noCpu, undefined);
  assert.equal(args(blocks[0]!).source?.line, 7);
  assert.equal(args(blocks[0]!).noCpuMs, 200);
});

test("a stackless block its thread ran for the threshold or longer is the program's, however long it also waited; the whole process without CPU for most of it is the machine's", () => {
  const { blocks } = build(
    [
      { at: 1000, dur: 300 }, // the thread waited 200 of 300 ms, ran 100 (threshold 50): a block of the program
      { at: 2000, dur: 300 }, // no thread of the process ran for 200 of 300 ms: unknown what ran, most of it no CPU
    ],
    [
      { t: "starved", ts: ms(1000), dur: 300e3, forTid: 0, waited: 200e3 },
      { t: "starved", ts: ms(2000), dur: 200e3 },
    ],
  );
  assert.deepEqual(
    blocks.map(b => [args(b).noCpu ?? false, args(b).noCpuMs]),
    [
      [false, 200],
      [true, 200],
    ],
    JSON.stringify(blocks.map(b => b.name)),
  );
  assert.doesNotMatch(blocks[0]!.name, /no CPU/);
});
