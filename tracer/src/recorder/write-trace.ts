// Writes a trace file without building one giant string: events go out in chunks. A name ending
// in `.gz` is written gzip-compressed (`loopscope report` and the editor open both).

import { openSync, writeSync, closeSync, renameSync, createWriteStream } from "node:fs";
import { createGzip } from "node:zlib";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import type { TraceFile } from "../../../protocol/src/trace";

/** Chunks of the file's text: the events of `trace`, then `spilled` (JSON lines, one event each), then the rest of `trace`. */
function* traceText(trace: TraceFile, spilled?: () => Iterable<string>): Generator<string> {
  yield '{"traceEvents":[\n';
  const events = trace.traceEvents;
  let first = true;
  for (let i = 0; i < events.length; i += 2000) {
    yield (first ? "" : ",\n") +
      events
        .slice(i, i + 2000)
        .map(e => JSON.stringify(e))
        .join(",\n");
    first = false;
  }
  if (spilled) {
    for (const chunk of spilled()) {
      const lines = chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk;
      if (!lines) continue;
      yield (first ? "" : ",\n") + lines.replaceAll("\n", ",\n");
      first = false;
    }
  }
  const { traceEvents: _events, ...rest } = trace;
  const tail = JSON.stringify(rest).slice(1); // `"displayTimeUnit":...}` or `}`
  yield "\n]" + (tail === "}" ? "}" : "," + tail) + "\n";
}

export function writeTraceFile(path: string, trace: TraceFile): void {
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, "w");
  try {
    for (const chunk of traceText(trace)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** As `writeTraceFile`, with a long run's spilled events (TraceBuilder.buildForFile), gzip when `path` ends in `.gz`. */
export async function writeTraceFileStreaming(path: string, trace: TraceFile, spilled?: () => Iterable<string>): Promise<void> {
  const tmp = `${path}.partial`;
  const gzip = /\.gz$/i.test(path);
  if (!gzip) {
    const fd = openSync(tmp, "w");
    try {
      for (const chunk of traceText(trace, spilled)) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  } else {
    const file = createWriteStream(tmp);
    const zip = createGzip({ level: 6 });
    const done = pipeline(zip, file);
    for (const chunk of traceText(trace, spilled)) {
      if (!zip.write(chunk)) await once(zip, "drain");
    }
    zip.end();
    await done;
  }
  renameSync(tmp, path);
}
