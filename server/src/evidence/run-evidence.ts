// What one traced run says about the program's source lines (DESIGN section 7): which lines
// blocked the event loop, how often and how long, during which request, and which lines were on
// the stack of a block at all (the callers). Pure: a validated trace in, plain data out. Every
// field of the trace is checked here, because a trace file is input from anywhere.
import type { AnyTraceEvent, ValidTrace } from "../../../protocol/src/trace-validate";

/** Why a block happened, as far as the trace shows. */
export type BlockPhase = "request" | "startup" | "other";

/** Blocks that had one source line on their stack (or at their top). */
export interface BlockStats {
  count: number;
  maxMs: number;
  totalMs: number;
  /** Blocks during a request / at start-up (before the loop's first turn or the process's first request). */
  duringRequests: number;
  atStartup: number;
  /** Requests in flight when the blocks happened, most blocks first: "GET /report". */
  requests: Array<{ label: string; blocks: number }>;
}

/** One source line (1-based, as the trace has it) of one file. */
export interface LineObservation {
  line: number;
  /** Blocks whose topmost frame of the program's own code is this line: the line that blocked. */
  blocked?: BlockStats;
  /** Blocks with this line anywhere on the program's part of the stack (`blocked` included). */
  onStack: BlockStats;
  /** The function the trace names at this line, for messages. */
  functionName?: string;
  /** Where the blocks with this line on their stack were blocked (their top line of the program's code), most blocks first. */
  blockedAt: Array<{ file: string; line: number; blocks: number }>;
}

export interface RunEvidence {
  /** Wall-clock ms since the epoch when the run started, when the trace says. */
  startedAtEpochMs?: number;
  command?: string;
  blockThresholdMs?: number;
  /** Blocks read from the trace, and those with a frame of the program's code. */
  blocks: number;
  attributedBlocks: number;
  /** Absolute file path → its observed lines by line number. */
  files: Map<string, Map<number, LineObservation>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const MAX_LINE = 10_000_000;
/** A label is shown in hovers and messages: bounded, one line, no control characters. */
const MAX_LABEL = 80;
const MAX_REQUEST_LABELS = 20;
const MAX_BLOCKED_AT = 5;
const MAX_REQUEST_WALK = 10_000;

/** The events evidence needs (blocks, HTTP server spans, metadata), for the streaming reader's `keepEvent`. */
export function isEvidenceEvent(value: unknown): boolean {
  if (!isObj(value)) return false;
  return value.cat === "loopscope.block" || (value.cat === "loopscope.http" && (value.ph === "X" || value.ph === "b" || value.ph === "e"));
}

/** `isEvidenceEvent`'s quick look at an event's text (no parse): the categories it keeps are in it. */
export function mayBeEvidenceEvent(text: string): boolean {
  return text.includes("loopscope.block") || text.includes("loopscope.http");
}

interface Frame {
  file: string;
  line: number;
  functionName?: string;
}

/** A frame of the program's own code: an absolute path (or file URL) outside node_modules. */
function programFrame(value: unknown): Frame | undefined {
  if (!isObj(value) || typeof value.file !== "string" || typeof value.line !== "number") return undefined;
  if (!Number.isInteger(value.line) || value.line < 1 || value.line > MAX_LINE) return undefined;
  let file = value.file;
  if (file.startsWith("file://")) {
    try {
      file = decodeURIComponent(new URL(file).pathname);
    } catch {
      return undefined;
    }
    if (/^\/[A-Za-z]:\//.test(file)) file = file.slice(1);
  }
  if (!/^(\/|[A-Za-z]:[\\/])/.test(file) || /[\\/]node_modules[\\/]/.test(file) || file.length > 4096 || file.includes("\0")) return undefined;
  const name = typeof value.functionName === "string" && value.functionName ? cleanLabel(value.functionName) : undefined;
  return { file, line: value.line, ...(name ? { functionName: name } : {}) };
}

export function cleanLabel(text: string): string {
  // eslint-disable-next-line no-control-regex
  const one = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  return one.length > MAX_LABEL ? `${one.slice(0, MAX_LABEL - 1)}…` : one;
}

interface Span {
  pid: number;
  start: number;
  end: number;
  label: string;
}

/** "GET /report": the route when the trace has one, else the URL's path without its query. */
function requestLabel(args: Obj | undefined): string | undefined {
  if (!args || args.side !== "server") return undefined;
  const method = typeof args.method === "string" ? args.method : "";
  const target = typeof args.route === "string" ? args.route : typeof args.url === "string" ? args.url.replace(/[?#].*$/s, "") : "";
  if (!method && !target) return undefined;
  return cleanLabel(`${method} ${target}`);
}

function serverSpans(events: readonly AnyTraceEvent[]): Span[] {
  const spans: Span[] = [];
  const open = new Map<string, { pid: number; start: number; label: string }>();
  for (const e of events) {
    if (e.cat !== "loopscope.http") continue;
    if (e.ph === "X") {
      const label = requestLabel(e.args);
      if (label) spans.push({ pid: e.pid, start: e.ts, end: e.ts + e.dur, label });
    } else if (e.ph === "b") {
      const label = requestLabel(e.args);
      if (label) open.set(`${e.pid}:${String(e.id)}`, { pid: e.pid, start: e.ts, label });
    } else if (e.ph === "e") {
      const key = `${e.pid}:${String(e.id)}`;
      const begun = open.get(key);
      if (begun && e.ts >= begun.start) {
        spans.push({ ...begun, end: e.ts });
        open.delete(key);
      }
    }
  }
  // A request still open at the end of the trace lasted until then.
  const last = events.reduce((m, e) => Math.max(m, e.ts), -Infinity);
  for (const begun of open.values()) spans.push({ ...begun, end: last });
  return spans.sort((a, b) => a.start - b.start);
}

function emptyStats(): BlockStats {
  return { count: 0, maxMs: 0, totalMs: 0, duringRequests: 0, atStartup: 0, requests: [] };
}

function addBlock(stats: BlockStats, ms: number, phase: BlockPhase, request: string | undefined): void {
  stats.count++;
  stats.totalMs += ms;
  stats.maxMs = Math.max(stats.maxMs, ms);
  if (phase === "request") stats.duringRequests++;
  if (phase === "startup") stats.atStartup++;
  if (request) {
    const known = stats.requests.find(r => r.label === request);
    if (known) known.blocks++;
    else if (stats.requests.length < MAX_REQUEST_LABELS) stats.requests.push({ label: request, blocks: 1 });
    stats.requests.sort((a, b) => b.blocks - a.blocks);
  }
}

/**
 * The request a block ran in: of the process's server requests in flight during the block, the
 * one that started last before it ended (the handler that had just received its request; the
 * others were waiting on I/O and were only delayed).
 */
function requestOf(spans: readonly Span[], pid: number, start: number, end: number): Span | undefined {
  // Spans are sorted by start: the last one starting by `end`, then back to the first of this
  // process still open at `start`. The walk back is bounded (a trace with a request open for the
  // whole run and 10,000 finished ones after it names none): one scan per block of a long run's
  // hundred thousand requests took seconds.
  let lo = 0,
    hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= end) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1, steps = 0; i >= 0 && steps < MAX_REQUEST_WALK; i--, steps++) {
    const s = spans[i]!;
    if (s.pid === pid && s.end >= start) return s;
  }
  return undefined;
}

export function evidenceFromTrace(trace: Pick<ValidTrace, "events" | "metadata">): RunEvidence {
  const meta = isObj(trace.metadata?.loopscope) ? (trace.metadata!.loopscope as unknown as Obj) : undefined;
  const spans = serverSpans(trace.events);
  const firstRequest = new Map<number, number>();
  for (const s of spans) if (!firstRequest.has(s.pid)) firstRequest.set(s.pid, s.start);
  const evidence: RunEvidence = {
    ...(typeof meta?.startedAtEpochMs === "number" && Number.isFinite(meta.startedAtEpochMs) ? { startedAtEpochMs: meta.startedAtEpochMs } : {}),
    ...(Array.isArray(meta?.command) ? { command: cleanLabel(meta.command.filter(a => typeof a === "string").join(" ")) } : {}),
    ...(typeof meta?.blockThresholdMs === "number" && Number.isFinite(meta.blockThresholdMs) ? { blockThresholdMs: meta.blockThresholdMs } : {}),
    blocks: 0,
    attributedBlocks: 0,
    files: new Map(),
  };
  const observe = (frame: Frame): LineObservation => {
    let lines = evidence.files.get(frame.file);
    if (!lines) evidence.files.set(frame.file, (lines = new Map()));
    let seen = lines.get(frame.line);
    if (!seen)
      lines.set(
        frame.line,
        (seen = { line: frame.line, onStack: emptyStats(), blockedAt: [], ...(frame.functionName ? { functionName: frame.functionName } : {}) }),
      );
    return seen;
  };
  for (const e of trace.events) {
    if (e.cat !== "loopscope.block" || e.ph !== "X") continue;
    evidence.blocks++;
    const args = e.args;
    const stack = Array.isArray(args?.stack) ? args.stack : [];
    const frames: Frame[] = [];
    for (const raw of [args?.source, ...stack]) {
      const frame = programFrame(raw);
      // One block counts once per line, however often the line is on its stack (recursion).
      if (frame && !frames.some(f => f.file === frame.file && f.line === frame.line)) frames.push(frame);
    }
    if (!frames.length) continue;
    evidence.attributedBlocks++;
    const ms = e.dur / 1e3;
    const end = e.ts + e.dur;
    const request = requestOf(spans, e.pid, e.ts, end);
    const first = firstRequest.get(e.pid);
    const phase: BlockPhase = args?.startup === true || (!request && first !== undefined && end <= first) ? "startup" : request ? "request" : "other";
    // The top frame of the program's code is where it blocked; `source` may be a library's frame.
    const top = programFrame(stack.find(f => programFrame(f))) ?? frames[0]!;
    for (const frame of frames) {
      const seen = observe(frame);
      addBlock(seen.onStack, ms, phase, request?.label);
      const at = seen.blockedAt.find(b => b.file === top.file && b.line === top.line);
      if (at) at.blocks++;
      else if (seen.blockedAt.length < MAX_BLOCKED_AT) seen.blockedAt.push({ file: top.file, line: top.line, blocks: 1 });
      seen.blockedAt.sort((a, b) => b.blocks - a.blocks);
    }
    const blocked = observe(top);
    addBlock((blocked.blocked ??= emptyStats()), ms, phase, request?.label);
  }
  return evidence;
}
