// Writes a trace file without building one giant string: events go out in chunks.

import { openSync, writeSync, closeSync, renameSync } from "node:fs";
import type { TraceFile } from "../../../protocol/src/trace";

export function writeTraceFile(path: string, trace: TraceFile): void {
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, '{"traceEvents":[\n');
    const events = trace.traceEvents;
    for (let i = 0; i < events.length; i += 2000) {
      const chunk = events.slice(i, i + 2000).map(e => JSON.stringify(e)).join(",\n");
      writeSync(fd, (i ? ",\n" : "") + chunk);
    }
    const { traceEvents: _events, ...rest } = trace;
    const tail = JSON.stringify(rest).slice(1); // `"displayTimeUnit":...}` or `}`
    writeSync(fd, "\n]" + (tail === "}" ? "}" : "," + tail) + "\n");
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
