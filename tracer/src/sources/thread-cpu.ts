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

// Captured when the tracer loads, before the program's code: a program that patches fs (mock-fs,
// memfs) must not see the main thread's reads at its beats (see beatTimesStamper).
const readSync = fs.readSync;

/**
 * Shared memory after the heartbeat's cells (watchdog.ts SHARED_BYTES), main thread only: Float64
 * at BEAT_TIMES_OFFSET the thread's CPU time and, next to it, its run-queue wait (µs, schedstat's
 * first two fields) when it wrote its last beat (NaN: not read); Int32 at TIMES_FD_OFFSET the fd
 * of the schedstat file the watchdog holds (0 until it holds it).
 *
 * Why: a block's CPU time must be known from its start. Read only by the watchdog once the loop
 * is late, it had to be extrapolated from a short window, and a thread that ran most of a block
 * and then waited for a CPU (a busy machine) was taken for a starved one: its block went unsampled
 * and was labelled "the process got no CPU". The main thread reads the file itself when it beats
 * (every tick while its loop is busy, and when it wakes from idle: at most ~100 reads a second,
 * a few µs each, none while it idles), through the watchdog's fd: it opens none of its own.
 */
export const BEAT_TIMES_OFFSET = 32;
export const TIMES_FD_OFFSET = 48;
export const BEAT_TIMES_BYTES = 56;

/** The thread's CPU time and run-queue wait (µs). */
export interface ThreadTimes {
  cpuUs: number;
  waitUs: number;
}

/** schedstat's first two fields ("<run ns> <wait ns> <slices>\n"), parsed from bytes (no allocation at every beat). */
export function parseSchedstat(buf: Uint8Array, length: number): ThreadTimes | undefined {
  const fields = [0, 0];
  let field = 0;
  let digits = 0;
  for (let i = 0; i < length && field < 2; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      fields[field] = fields[field]! * 10 + (c - 48);
      digits++;
    } else if ((c === 32 || c === 10) && digits) {
      field++;
      digits = 0;
    } else return undefined;
  }
  if (field < 2) return undefined;
  return { cpuUs: fields[0]! / 1e3, waitUs: fields[1]! / 1e3 };
}

/**
 * Main thread side: returns the function its beats call before writing the beat, which stores the
 * thread's times at that moment (NaN when the watchdog holds no fd yet or the read fails), or
 * undefined when the shared memory has no room for them.
 */
export function beatTimesStamper(sab: ArrayBufferLike): (() => void) | undefined {
  if (sab.byteLength < BEAT_TIMES_BYTES || !(sab instanceof SharedArrayBuffer)) return undefined;
  const cells = new Float64Array(sab, BEAT_TIMES_OFFSET, 2);
  const fdCell = new Int32Array(sab, TIMES_FD_OFFSET, 1);
  const buf = Buffer.alloc(64);
  return () => {
    const fd = Atomics.load(fdCell, 0);
    const times = fd > 2 ? attempt(() => parseSchedstat(buf, readSync(fd, buf, 0, buf.length, 0)), undefined) : undefined;
    cells[0] = times ? times.cpuUs : NaN;
    cells[1] = times ? times.waitUs : NaN;
  };
}

/**
 * Watchdog side: reads the times the main thread stored with its beat `beat`, or undefined when it
 * stored none or has beaten again meanwhile (the beat is read again after the cells: the thread
 * writes them before the beat). Undefined when the shared memory has no room for them.
 */
export function beatTimesReader(heartbeat: Float64Array): ((beat: number) => ThreadTimes | undefined) | undefined {
  if (heartbeat.buffer.byteLength < BEAT_TIMES_BYTES) return undefined;
  const cells = new Float64Array(heartbeat.buffer, BEAT_TIMES_OFFSET, 2);
  return beat => {
    const cpuUs = cells[0]!;
    const waitUs = cells[1]!;
    if (heartbeat[0] !== beat || !Number.isFinite(cpuUs) || !Number.isFinite(waitUs)) return undefined;
    return { cpuUs, waitUs };
  };
}

/** Watchdog side: tells the main thread which fd to read its times from (see BEAT_TIMES_OFFSET). */
export function shareTimesFd(sab: ArrayBufferLike, fd: number): void {
  if (sab.byteLength >= BEAT_TIMES_BYTES && sab instanceof SharedArrayBuffer) Atomics.store(new Int32Array(sab, TIMES_FD_OFFSET, 1), 0, fd);
}

export interface ThreadTimesReader {
  /** µs the main thread has run, or undefined. */
  cpuUs(): number | undefined;
  /** The main thread is running or waiting for a CPU (not sleeping, not stopped), or undefined. */
  runnable(): boolean | undefined;
  /** The fd of its schedstat file (see shareTimesFd). */
  readonly schedstatFd: number;
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
    schedstatFd: schedstat,
    cpuUs: () => attempt(() => parseSchedstat(buf, fs.readSync(schedstat, buf, 0, BYTES, 0))?.cpuUs, undefined),
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
