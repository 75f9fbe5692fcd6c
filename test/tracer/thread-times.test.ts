// The main thread's CPU time and run-queue wait stamped with each heartbeat (thread-cpu.ts), which
// the watchdog reads to tell a block from a starved loop exactly (issue 13, 1.9).
import { test } from "node:test";
import assert from "node:assert/strict";
import { openSync, closeSync } from "node:fs";
import { BEAT_TIMES_BYTES, beatTimesReader, beatTimesStamper, parseSchedstat, shareTimesFd } from "../../tracer/src/sources/thread-cpu";

const bytes = (s: string) => Buffer.from(s, "latin1");

test("schedstat's run and wait times are parsed from its bytes; anything else is not", () => {
  const line = bytes("123456789 2000 17\n");
  assert.deepEqual(parseSchedstat(line, line.length), { cpuUs: 123456.789, waitUs: 2 });
  for (const bad of ["", "12", "12 ", "abc 1 2\n", "1 x 2\n", " 1 2 3\n"]) {
    assert.equal(parseSchedstat(bytes(bad), bad.length), undefined, JSON.stringify(bad));
  }
});

test("the main thread's beat carries its times through the watchdog's fd; a beat written after them, or no fd, gives none", t => {
  if (process.platform !== "linux") return t.skip("Linux only: the times come from /proc");
  const sab = new SharedArrayBuffer(BEAT_TIMES_BYTES);
  const heartbeat = new Float64Array(sab, 0, 2);
  const stamp = beatTimesStamper(sab)!;
  const beatTimesOf = (hb: Float64Array, beat: number) => beatTimesReader(hb)!(beat);
  stamp();
  heartbeat[0] = 1;
  assert.equal(beatTimesOf(heartbeat, 1), undefined, "no fd shared yet: no times");

  const fd = openSync(`/proc/self/task/${process.pid}/schedstat`, "r");
  try {
    shareTimesFd(sab, fd);
    const wallStart = performance.now();
    stamp();
    heartbeat[0] = 2;
    const first = beatTimesOf(heartbeat, 2)!;
    assert.ok(first && first.cpuUs > 0 && first.waitUs >= 0, JSON.stringify(first));
    // Spin until the stamped main-thread CPU has grown by 30 ms, with a bound on the process's CPU
    // rather than on wall time: on a busy machine the GC and compiler threads can take most of the
    // process's first milliseconds (CI saw 9 of 30 ms on the main thread), so a fixed 30 ms of
    // process CPU is not a fixed share of the main thread's. A stamp that does not follow the
    // thread never reaches 30 ms and fails once the process has used 2 s.
    const before = process.cpuUsage();
    let x = 0;
    let second = first;
    let processUs = 0;
    for (let beat = 3; second.cpuUs - first.cpuUs < 30_000 && processUs < 2_000_000; beat++) {
      for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
      stamp();
      heartbeat[0] = beat;
      second = beatTimesOf(heartbeat, beat)!;
      const d = process.cpuUsage(before);
      processUs = d.user + d.system;
    }
    const wallUs = (performance.now() - wallStart) * 1000;
    assert.ok(x > 0);
    assert.ok(second.cpuUs - first.cpuUs >= 30_000, `${processUs} µs of the process's CPU, ${second.cpuUs - first.cpuUs} µs of the main thread's`);
    // One thread runs at most as long as the wall clock (the process's own count, from getrusage,
    // lags the scheduler's: CI saw 10 ms of the thread's beside 8.7 ms of the process's), give or
    // take a scheduler tick: schedstat's runtime of a running thread is brought up to date at the
    // tick, so the first stamp may lag by one (a loaded machine saw 10.2 ms in 6.8 ms of wall).
    assert.ok(second.cpuUs - first.cpuUs <= wallUs + 10_000, `${second.cpuUs - first.cpuUs} µs of the main thread's CPU in ${wallUs} µs of wall time`);
    assert.ok(second.waitUs >= first.waitUs, "the run-queue wait only grows");
    assert.equal(beatTimesOf(heartbeat, 2), undefined, "the times stored belong to the newer beat");
  } finally {
    closeSync(fd);
  }
  assert.equal(beatTimesStamper(new SharedArrayBuffer(32)), undefined, "no room for the times: no stamping");
});
