// The main thread's CPU time and state, read by the watchdog thread, to tell a blocked loop from a
// starved one. A loop that has not turned for the block threshold is either busy or sleeping in a
// synchronous call (the program's doing), or runnable and waiting for a CPU that other threads or
// processes have (the machine's doing). Linux tells them apart: /proc/<pid>/task/<tid>/schedstat
// starts with the ns the thread ran (brought up to date by the read, also while it runs: two
// reads 2 ms apart of a busy thread differ by 2.0 ms), and .../stat's state says whether it is runnable ("R") or sleeping. (schedstat's second
// field, the run-queue wait, is only added when the thread gets the CPU back: of no use while it
// waits.) The main thread's tid is the pid.
//
// The files are opened once, when the watchdog thread starts (before it tells the main thread it
// holds its fds, see watchdog.ts), and re-read from offset 0 (pread regenerates procfs files), so
// nothing opens an fd later, which could be a standard fd the program closed (see rss.ts).
// Elsewhere, or when a file is missing: undefined, and the watchdog samples as before.

import * as fs from "node:fs";
import { attempt } from "../safe";

export interface ThreadTimesReader {
  /** µs the main thread has run, or undefined. */
  cpuUs(): number | undefined;
  /** The main thread is running or waiting for a CPU (not sleeping, not stopped), or undefined. */
  runnable(): boolean | undefined;
}

const BYTES = 1024;

export function mainThreadTimesReader(): ThreadTimesReader | undefined {
  if (process.platform !== "linux") return undefined;
  const dir = `/proc/self/task/${process.pid}`;
  const fds: number[] = [];
  const close = () => {
    for (const fd of fds) attempt(() => fs.closeSync(fd), undefined);
    return undefined;
  };
  for (const name of ["schedstat", "stat"]) {
    const fd = attempt(() => fs.openSync(`${dir}/${name}`, "r"), -1);
    if (fd < 0) return close();
    fds.push(fd);
    // A standard fd the program had already closed: give the number back rather than hold it.
    if (fd <= 2) return close();
  }
  const [schedstat, stat] = fds as [number, number];
  const buf = Buffer.alloc(BYTES);
  const text = (fd: number) => buf.toString("latin1", 0, fs.readSync(fd, buf, 0, BYTES, 0));
  const reader: ThreadTimesReader = {
    cpuUs: () =>
      attempt(() => {
        const ns = Number(text(schedstat).split(" ")[0]);
        return Number.isFinite(ns) ? ns / 1e3 : undefined;
      }, undefined),
    runnable: () =>
      attempt(() => {
        // "<pid> (<comm>) <state> ...": the name may hold spaces and parentheses.
        const s = text(stat);
        const state = s[s.lastIndexOf(")") + 2];
        return state ? state === "R" : undefined;
      }, undefined),
  };
  return reader.cpuUs() !== undefined && reader.runnable() !== undefined ? reader : close();
}
