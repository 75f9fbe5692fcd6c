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
    stamp();
    heartbeat[0] = 2;
    const first = beatTimesOf(heartbeat, 2)!;
    assert.ok(first && first.cpuUs > 0 && first.waitUs >= 0, JSON.stringify(first));
    // 30 ms of this process's CPU (a busy machine stretches the wall time, not this): the main
    // thread does most of it (the compiler threads optimising the loop, the rest).
    const before = process.cpuUsage();
    let x = 0;
    for (let used = 0; used < 30_000; ) {
      for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
      const d = process.cpuUsage(before);
      used = d.user + d.system;
    }
    stamp();
    heartbeat[0] = 3;
    const second = beatTimesOf(heartbeat, 3)!;
    assert.ok(second.cpuUs - first.cpuUs >= 10_000, `30 ms of the process's CPU, ${second.cpuUs - first.cpuUs} µs of the main thread's`);
    assert.ok(second.waitUs >= first.waitUs, "the run-queue wait only grows");
    assert.equal(beatTimesOf(heartbeat, 2), undefined, "the times stored belong to the newer beat");
  } finally {
    closeSync(fd);
  }
  assert.equal(beatTimesStamper(new SharedArrayBuffer(32)), undefined, "no room for the times: no stamping");
});
