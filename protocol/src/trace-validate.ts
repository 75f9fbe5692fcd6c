// Parsing and validating trace files (protocol/src/trace.ts) for every reader: the timeline
// webview, `loopscope report` and the VS Code client. Messages are written for the person who
// opened the file, because the webview shows them in the panel and the CLI prints them.
// No runtime dependencies.
import type { TraceEvent, TraceFile } from "./trace";

/** `B`/`E` duration events: not written by Loopscope, but common in other Chrome traces. */
export interface BeginEndEvent {
  ph: "B" | "E";
  name?: string;
  cat?: string;
  ts: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export type AnyTraceEvent = TraceEvent | BeginEndEvent;

export interface ValidTrace {
  /** The usable events, in file order (the same array as the input when all were usable). */
  events: AnyTraceEvent[];
  metadata?: TraceFile["metadata"];
  displayTimeUnit?: TraceFile["displayTimeUnit"];
  /** Human-readable notes about skipped or ignored entries; empty when the file was clean. */
  warnings: string[];
}

export type TraceCheck = ({ ok: true } & ValidTrace & { truncated?: TruncationInfo }) | { ok: false; error: string };

export interface TruncationInfo {
  /** Bytes (UTF-16 code units) of the file that were usable. */
  keptChars: number;
  totalChars: number;
}

const SUPPORTED_PHASES = new Set(["X", "B", "E", "i", "I", "C", "b", "e", "n", "s", "t", "f", "M"]);
const ID_PHASES = new Set(["b", "e", "n", "s", "t", "f"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
/**
 * Finite is not enough: one event at ts 1e308 stretches the time range until nothing else is
 * visible (and sums overflow). Times are µs: ±1e16 (~317 years) covers clocks since boot and
 * since the epoch; a duration is at most 1e13 µs (~116 days).
 */
const MAX_ABS_TS_US = 1e16;
const MAX_DUR_US = 1e13;
const isTime = (v: unknown): v is number => isNum(v) && Math.abs(v) <= MAX_ABS_TS_US;

/**
 * Why `value` is not a usable trace event, or `undefined` when it is. Phases this reader does not
 * draw (`P`, `O`, ...) return "unsupported" so callers can tell them from broken entries.
 */
export function checkTraceEvent(value: unknown): undefined | "unsupported" | string {
  if (!isObj(value)) return "is not an object";
  const ph = value.ph;
  if (typeof ph !== "string") return 'has no "ph" (phase)';
  if (!SUPPORTED_PHASES.has(ph)) return "unsupported";
  if (ph !== "M" && !isNum(value.ts)) return 'has no numeric "ts"';
  if (ph !== "M" && !isTime(value.ts)) return `has a "ts" beyond ±${MAX_ABS_TS_US} µs`;
  if (!isNum(value.pid)) return 'has no numeric "pid"';
  if (value.tid !== undefined && !isNum(value.tid)) return 'has a non-numeric "tid"';
  if (ph !== "E" && typeof value.name !== "string") return 'has no "name"';
  if (value.args !== undefined && !isObj(value.args)) return 'has "args" that is not an object';
  if (ph === "X" && !(isNum(value.dur) && value.dur >= 0)) return 'is a complete event (ph X) without a non-negative "dur"';
  if (value.dur !== undefined && isNum(value.dur) && value.dur > MAX_DUR_US) return `has a "dur" over ${MAX_DUR_US} µs`;
  if (ph === "C" && !isObj(value.args)) return 'is a counter (ph C) without "args"';
  if (ID_PHASES.has(ph) && typeof value.id !== "string" && !isNum(value.id)) return `is a ph ${ph} event without an "id"`;
  return undefined;
}

/** Validates the JSON value of a trace file: the object form (`{traceEvents: [...]}`) or a bare array. */
export function validateTrace(value: unknown): TraceCheck {
  let raw: unknown[];
  let metadata: TraceFile["metadata"] | undefined;
  let displayTimeUnit: TraceFile["displayTimeUnit"] | undefined;
  if (Array.isArray(value)) {
    raw = value;
  } else if (isObj(value)) {
    if (!Array.isArray(value.traceEvents)) {
      const keys = Object.keys(value)
        .slice(0, 6)
        .map(k => JSON.stringify(k))
        .join(", ");
      return {
        ok: false,
        error: `This is not a trace file: expected a JSON object with a "traceEvents" array, found an object with ${keys ? `keys ${keys}` : "no keys"}.`,
      };
    }
    raw = value.traceEvents;
    if (isObj(value.metadata)) metadata = value.metadata as TraceFile["metadata"];
    if (value.displayTimeUnit === "ms" || value.displayTimeUnit === "ns") displayTimeUnit = value.displayTimeUnit;
  } else {
    return {
      ok: false,
      error: `This is not a trace file: expected a JSON object with a "traceEvents" array, found ${value === null ? "null" : typeof value}.`,
    };
  }

  const warnings: string[] = [];
  const problems = new Map<string, { count: number; firstIndex: number }>();
  let unsupported = 0;
  let kept: AnyTraceEvent[] | undefined; // only copied once the first entry is dropped
  for (let i = 0; i < raw.length; i++) {
    const reason = checkTraceEvent(raw[i]);
    if (reason === undefined) {
      if (kept) kept.push(raw[i] as AnyTraceEvent);
      continue;
    }
    if (!kept) kept = raw.slice(0, i) as AnyTraceEvent[];
    if (reason === "unsupported") {
      unsupported++;
      continue;
    }
    const p = problems.get(reason);
    if (p) p.count++;
    else problems.set(reason, { count: 1, firstIndex: i });
  }
  const events = kept ?? (raw as AnyTraceEvent[]);
  if (raw.length > 0 && events.length === 0 && problems.size > 0) {
    const [reason, p] = [...problems.entries()].sort((a, b) => b[1].count - a[1].count)[0];
    return { ok: false, error: `None of the ${raw.length} entries of "traceEvents" is a usable trace event (for example entry ${p.firstIndex} ${reason}).` };
  }
  for (const [reason, p] of problems) {
    warnings.push(`Skipped ${p.count} malformed event${p.count === 1 ? "" : "s"}: entry ${p.firstIndex}${p.count > 1 ? " (and others)" : ""} ${reason}.`);
  }
  if (unsupported > 0) warnings.push(`Ignored ${unsupported} event${unsupported === 1 ? "" : "s"} of phases the timeline does not draw.`);
  return { ok: true, events, metadata, displayTimeUnit, warnings };
}

/**
 * Parses and validates a trace file's text. A file cut off while it was written (a crash, a full
 * disk) is recovered up to its last complete event when `salvageTruncated` is set, and reported
 * in `truncated` so the reader can say so; other JSON errors become a message with the position.
 */
export function parseTraceText(text: string, options: { salvageTruncated?: boolean } = {}): TraceCheck {
  if (text.trim() === "") return { ok: false, error: "The trace file is empty." };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const cut = findTruncation(text);
    if (!cut) return { ok: false, error: `The trace file is not valid JSON: ${detail}.` };
    const where = `it ends in the middle of the JSON after ${text.length} characters`;
    if (!options.salvageTruncated || cut.lastCompleteEventEnd < 0) {
      return { ok: false, error: `The trace file is truncated: ${where} (was the program or recorder stopped while writing it?).` };
    }
    try {
      value = JSON.parse(text.slice(0, cut.lastCompleteEventEnd) + cut.closing);
    } catch {
      return { ok: false, error: `The trace file is truncated: ${where}, and no complete events could be recovered.` };
    }
    const result = validateTrace(value);
    if (!result.ok) return result;
    result.warnings.unshift(`The trace file is truncated (${where}); showing the ${result.events.length} complete events before the cut.`);
    return { ...result, truncated: { keptChars: cut.lastCompleteEventEnd, totalChars: text.length } };
  }
  return validateTrace(value);
}

/**
 * Scans JSON text that failed to parse. Returns where the last complete element of the events
 * array ends and the brackets that close the file there, or `undefined` when the text is not
 * merely cut off (a bracket mismatch, or garbage after a complete value).
 */
function findTruncation(text: string): { lastCompleteEventEnd: number; closing: string } | undefined {
  const stack: number[] = []; // char codes of open brackets
  let inString = false;
  let eventsDepth = -1; // stack depth just inside the events array
  let lastEnd = -1;
  let pendingKey = ""; // last string seen at depth 1, to find "traceEvents"
  let stringStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) {
        inString = false;
        if (stack.length === 1 && stack[0] === 123) pendingKey = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === 34) {
      inString = true;
      stringStart = i + 1;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      stack.push(c);
      if (eventsDepth < 0 && c === 91 && (stack.length === 1 || (stack.length === 2 && stack[0] === 123 && pendingKey === "traceEvents"))) {
        eventsDepth = stack.length;
      }
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      const open = stack.pop();
      if (open === undefined || (c === 125) !== (open === 123)) return undefined;
      if (stack.length === eventsDepth && c === 125) lastEnd = i + 1;
      if (stack.length === 0) {
        // A complete top-level value: the parse error was something after it, not truncation.
        return undefined;
      }
    }
  }
  if (stack.length === 0) return undefined;
  if (eventsDepth < 0) return { lastCompleteEventEnd: -1, closing: "" };
  // Close the events array and everything outside it.
  let closing = "";
  for (let d = eventsDepth - 1; d >= 0; d--) closing += stack[d] === 123 ? "}" : "]";
  return { lastCompleteEventEnd: lastEnd, closing };
}
