// Plain-text descriptions of events for the tooltip, the details panel and screen readers.
import type { SourceLocation } from "../../../protocol/src/trace";
import { formatDuration } from "../../../timeline-model/src/format";
import type { ModelEvent, TimelineModel } from "../../../timeline-model/src/timeline-model";

export interface EventDescription {
  title: string;
  /** Label/value pairs, most useful first. */
  fields: [string, string][];
  source: SourceLocation | undefined;
  stack: SourceLocation[];
}

const CATEGORY_NAMES: Record<string, string> = {
  "loopscope.block": "event-loop block",
  "loopscope.task": "event-loop task",
  "loopscope.http": "HTTP request",
  "loopscope.net": "DNS / connect",
  "loopscope.gc": "garbage collection",
  "loopscope.user": "user timing",
  "loopscope.worker": "worker thread",
  "loopscope.child": "child process",
  "loopscope.tracer": "tracer note",
  "loopscope.error": "uncaught exception",
};

function asLocation(v: unknown): SourceLocation | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.file !== "string" || !o.file || typeof o.line !== "number" || !(o.line >= 1)) return undefined;
  const column = typeof o.column === "number" && o.column >= 1 ? Math.floor(o.column) : 1;
  return { file: o.file, line: Math.floor(o.line), column, functionName: typeof o.functionName === "string" ? o.functionName : undefined };
}

/** The click-to-source target of an event: `args.source`, else the top frame of `args.stack`. */
export function sourceOf(e: ModelEvent): SourceLocation | undefined {
  const direct = asLocation(e.args?.source);
  if (direct) return direct;
  const stack = e.args?.stack;
  return Array.isArray(stack) ? stack.map(asLocation).find(Boolean) : undefined;
}

export function formatLocation(s: SourceLocation): string {
  return `${s.file}:${s.line}:${s.column}`;
}

function valueText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 300 ? s.slice(0, 299) + "…" : s;
  } catch {
    return String(v);
  }
}

const SHOWN_ELSEWHERE = new Set(["source", "stack", "callTree", "side", "method", "url", "route", "status", "thresholdMs", "request"]);

export function describeEvent(model: TimelineModel, e: ModelEvent, rowLabel: string): EventDescription {
  const fields: [string, string][] = [];
  const args = { ...(e.args ?? {}), ...(e.endArgs ?? {}) };
  const kind = (e.cat && CATEGORY_NAMES[e.cat]) ?? e.cat ?? rowLabel;
  fields.push(["Kind", kind]);
  if (e.dur !== undefined || e.ph === "X")
    fields.push(["Duration", formatDuration(e.dur ?? 0) + (e.ongoing ? " so far (still running)" : e.unfinished ? " (unfinished)" : "")]);
  fields.push(["Start", `+${formatDuration(e.ts - model.startUs)}`]);
  fields.push(["Thread", `${model.threadLabel(e.pid, e.tid ?? 0)} · ${model.processLabel(e.pid)}`]);
  if (e.cat === "loopscope.http") {
    if (typeof args.method === "string" || typeof args.url === "string")
      fields.push(["Request", `${valueText(args.method ?? "")} ${valueText(args.url ?? "")}`.trim()]);
    if (args.route !== undefined) fields.push(["Route", valueText(args.route)]);
    if (args.status !== undefined) fields.push(["Status", valueText(args.status)]);
    if (args.side !== undefined) fields.push(["Side", valueText(args.side)]);
  }
  if (e.cat === "loopscope.block" || ((e.dur ?? 0) >= model.thresholdUs && e.cat === "loopscope.task")) {
    fields.push(["Threshold", formatDuration(model.thresholdUs)]);
  }
  const source = sourceOf(e);
  if (source?.functionName) fields.push(["Function", source.functionName]);
  for (const [key, value] of Object.entries(args)) {
    if (SHOWN_ELSEWHERE.has(key) || value === undefined) continue;
    if (fields.length > 16) break;
    fields.push([key, valueText(value)]);
  }
  const stack = Array.isArray(e.args?.stack)
    ? (e.args!.stack as unknown[])
        .map(asLocation)
        .filter((s): s is SourceLocation => !!s)
        .slice(0, 20)
    : [];
  return { title: e.name || "(unnamed)", fields, source, stack };
}
