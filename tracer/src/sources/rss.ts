// Resident set size without touching the program's standard file descriptors.
//
// process.memoryUsage.rss() opens /proc/self/stat on the lowest free fd and closes it through
// libuv's uv__close, which aborts the process (`Assertion 'fd > STDERR_FILENO' failed`) when that
// fd is 0, 1 or 2, i.e. as soon as the program has closed one of its standard streams. So on Linux
// the tracer opens /proc/self/status once, at start (when 0-2 are open, so it gets a higher fd),
// and re-reads it from offset 0 (pread regenerates procfs files); elsewhere it calls
// memoryUsage.rss() only while fds 0, 1 and 2 are all open (fstat opens nothing).

import * as fs from "node:fs";
import { attempt } from "../safe";

const STATUS_BYTES = 4096;

export type RssReader = () => number | undefined;

export function createRssReader(): RssReader {
  if (process.platform === "linux") {
    const fd = attempt(() => fs.openSync("/proc/self/status", "r"), -1);
    if (fd >= 0 && fd <= 2) {
      // The program had already closed a standard fd: give the number back rather than hold it.
      attempt(() => fs.closeSync(fd), undefined);
      return () => undefined;
    }
    if (fd > 2) {
      const buf = Buffer.alloc(STATUS_BYTES);
      return () =>
        attempt(() => {
          const n = fs.readSync(fd, buf, 0, STATUS_BYTES, 0);
          const kb = /VmRSS:\s*(\d+)\s*kB/.exec(buf.toString("latin1", 0, n))?.[1];
          return kb ? Number(kb) * 1024 : undefined;
        }, undefined);
    }
  }
  return () => (standardFdsOpen() ? attempt(() => process.memoryUsage.rss(), undefined) : undefined);
}

function standardFdsOpen(): boolean {
  for (let fd = 0; fd <= 2; fd++) {
    try {
      fs.fstatSync(fd);
    } catch {
      return false;
    }
  }
  return true;
}
