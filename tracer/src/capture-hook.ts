// The function the watchdog's `Runtime.evaluate` calls inside a blocked thread: it takes that
// thread's stack (structured call sites, Error settings restored at once) and, when the program
// runs with source maps enabled (--enable-source-maps, tsx, ts-node...), maps each frame through
// Node's own source-map cache, since such code often has no map on disk for the recorder to read.
// Kept on a non-enumerable global symbol so the evaluated expression can reach it.

import type { WireFrame } from "../../protocol/src/tracer-wire";
import { currentRequest } from "./sources/request-context";

export const CAPTURE_KEY = "loopscope.capture";
/** Files whose source map (or its absence) is remembered. */
const MAX_CACHED_FILES = 5000;

type CallSite = {
  getTypeName(): string | null;
  getFunctionName(): string | null;
  getFileName(): string | undefined | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
};
interface SourceMapEntry {
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
  name?: string;
}
type FindSourceMap = (file: string) => { findEntry(line: number, column: number): SourceMapEntry } | undefined;

export function installCaptureHook(): void {
  const findSourceMap = (require("node:module") as { findSourceMap?: FindSourceMap }).findSourceMap;

  // Node registers a module's source map when it compiles the module, before any of its frames can
  // be on a stack: a file's answer never changes, so it is asked once per file. (Asking per frame
  // was most of a sample's cost: findSourceMap turns the path into a URL each time.)
  const maps = new Map<string, ReturnType<FindSourceMap>>();
  const mapOf = (file: string): ReturnType<FindSourceMap> => {
    if (maps.has(file)) return maps.get(file);
    const map = findSourceMap!(file);
    if (maps.size < MAX_CACHED_FILES) maps.set(file, map);
    return map;
  };
  const mapFrame = (frame: WireFrame): WireFrame => {
    if (!findSourceMap || frame.file.startsWith("node:") || !frame.line) return frame;
    try {
      const entry = mapOf(frame.file)?.findEntry(frame.line - 1, frame.col - 1);
      if (!entry || typeof entry.originalSource !== "string" || typeof entry.originalLine !== "number") return frame;
      return { fn: frame.fn || entry.name || "", file: entry.originalSource, line: entry.originalLine + 1, col: (entry.originalColumn ?? 0) + 1 };
    } catch {
      return frame;
    }
  };

  const capture = (): string => {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    let sites: CallSite[] = [];
    try {
      Error.stackTraceLimit = 64;
      Error.prepareStackTrace = (_error, callSites) => callSites;
      const holder: { stack?: unknown } = {};
      Error.captureStackTrace(holder, capture);
      if (Array.isArray(holder.stack)) sites = holder.stack as CallSite[];
    } finally {
      Error.stackTraceLimit = limit;
      Error.prepareStackTrace = prepare;
    }
    const [s, ns] = process.hrtime();
    // The first frame below the evaluated expression's own (which have no file): a thread sleeping
    // in Atomics.wait is waiting, not busy.
    const top = sites.find(site => site.getFileName() || site.getTypeName() === "Atomics");
    const waiting = top !== undefined && !top.getFileName() && top.getFunctionName() === "wait";
    const frames = sites.map(site =>
      mapFrame({ fn: site.getFunctionName() ?? "", file: site.getFileName() ?? "", line: site.getLineNumber() ?? 0, col: site.getColumnNumber() ?? 0 }),
    );
    // The async context of the blocked task: which HTTP request it runs for (request-context.ts).
    const context = waiting ? undefined : currentRequest();
    return JSON.stringify({
      t: s * 1e6 + ns / 1e3,
      s: frames.map(f => [f.fn, f.file, f.line, f.col]),
      ...(waiting ? { w: 1 } : {}),
      ...(context ? { c: context } : {}),
    });
  };

  Object.defineProperty(globalThis, Symbol.for(CAPTURE_KEY), { value: capture, enumerable: false, configurable: true });
}
