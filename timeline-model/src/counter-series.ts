// What a counter track's numbers are. The tracer names its series by what they count (requests,
// toWorker, toWorkerKB, heapUsed, p99, ...); a track whose series count different things (messages
// and kilobytes) scales each series on its own, and the scale note says each one's unit:
// "max 24 requests/s", "max 6 msg/s · 286 KB/s" rather than a bare "max 286.13".
import type { CounterUnit } from "./classify";
import { formatCounter } from "./format";

/** Series the tracer counts per sampling interval (events of the interval, not a level). */
const perInterval: Record<string, string> = {
  requests: "requests",
  errors: "errors",
  notDrawn: "not drawn",
  toWorker: "msg",
  fromWorker: "msg",
  toWorkerKB: "KB",
  fromWorkerKB: "KB",
};

/** The track's display name: "worker messages 2" says which messages it counts. */
export function counterLabel(name: string): string {
  const worker = /^worker messages (\d+)$/.exec(name);
  return worker ? `messages ↔ worker ${worker[1]}` : name;
}

/** The tracer's tracks that count per interval; elsewhere "requests" is a level (active libuv requests). */
const intervalTrack = /^(http (server|client) requests|messages ↔ worker \d+)/;

/** A series' kind of quantity: series of one kind share a scale. */
function kindOf(series: string, all: readonly string[], counted: boolean): string {
  if (!counted) return "value";
  const noun = perInterval[series];
  if (noun === "KB") return "KB";
  if (noun) return "count";
  // Request latencies next to request counts (the tracer's HTTP statistics) are milliseconds.
  if (/^(p\d+|max|min|mean)$/.test(series) && all.some(s => perInterval[s] === "requests")) return "ms";
  return "value";
}

/** The typical time between samples (µs): the median gap, robust to a missed interval. */
export function sampleIntervalUs(time: ArrayLike<number>, n: number): number | undefined {
  if (n < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < Math.min(n, 201); i++) if (time[i] > time[i - 1]) gaps.push(time[i] - time[i - 1]);
  if (!gaps.length) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

export interface CounterScale {
  /** The value at the top of the track, per series. */
  top: number[];
  /** What the top means, in words and units. */
  note: string;
}

/**
 * The y scale of each series and the note above the track (`label`: the track's display name).
 * Series of one kind share the largest
 * maximum; per-interval counts are shown as rates when the sampling interval is known.
 */
export function counterScale(
  label: string,
  series: readonly string[],
  max: readonly number[],
  unit: CounterUnit,
  intervalUs: number | undefined,
): CounterScale {
  const counted = intervalTrack.test(label);
  const kinds = series.map(s => kindOf(s, series, counted));
  const topOfKind = new Map<string, number>();
  series.forEach((_, i) => {
    const m = Number.isFinite(max[i]) ? max[i] : 0;
    topOfKind.set(kinds[i], Math.max(topOfKind.get(kinds[i]) ?? 0, m));
  });
  const top = kinds.map(k => Math.max(unit === "ratio" ? 1 : 0, topOfKind.get(k) ?? 0) || 1);
  const parts = [...topOfKind.keys()].map(kind => {
    const value = Math.max(unit === "ratio" ? 1 : 0, topOfKind.get(kind) ?? 0) || 1;
    if (kind === "value") return formatCounter(value, unit);
    if (kind === "ms") return formatCounter(value, "ms");
    const first = series[kinds.indexOf(kind)];
    const noun = perInterval[first];
    if (!intervalUs) return `${trim(value)} ${noun}/interval`;
    return `${trim((value * 1e6) / intervalUs)} ${noun}/s`;
  });
  return { top, note: `max ${parts.join(" · ")}` };
}

function trim(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString("en-US") : String(Math.round(v * 10) / 10);
}
