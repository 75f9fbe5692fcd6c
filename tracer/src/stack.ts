// Structured call sites without touching the user's error handling for longer than one call:
// Error.prepareStackTrace is swapped for the duration of one captureStackTrace and restored.

import type { WireFrame } from "../../protocol/src/tracer-wire";

type CallSite = {
  getFunctionName(): string | null;
  getMethodName(): string | null;
  getTypeName(): string | null;
  getFileName(): string | undefined | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
};

const TRACER_FILE = typeof __filename === "string" ? __filename : "";

export function captureFrames(limit: number, skip: Function): WireFrame[] {
  const prevPrepare = Error.prepareStackTrace;
  const prevLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = (_err, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, skip);
    const sites = holder.stack as unknown as CallSite[];
    const frames: WireFrame[] = [];
    for (const site of Array.isArray(sites) ? sites : []) {
      const file = site.getFileName() ?? "";
      if (!file || file === TRACER_FILE) continue;
      frames.push({ fn: site.getFunctionName() ?? "", file, line: site.getLineNumber() ?? 0, col: site.getColumnNumber() ?? 0 });
    }
    return frames;
  } finally {
    Error.prepareStackTrace = prevPrepare;
    Error.stackTraceLimit = prevLimit;
  }
}

/** The innermost frame outside Node's own modules: where the user's code made the call. */
export function userSite(frames: WireFrame[]): WireFrame | undefined {
  return frames.find(f => !f.file.startsWith("node:") && !f.file.startsWith("internal/")) ?? frames[0];
}
