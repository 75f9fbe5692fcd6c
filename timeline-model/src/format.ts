// Human-readable numbers for labels, tooltips and statistics.
import type { CounterUnit } from "./classify";

/** A duration in µs: "640 µs", "12.3 ms", "1.25 s", "2 min 05 s". */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return "–";
  const a = Math.abs(us);
  if (a < 1) return `${trim(us, 2)} µs`;
  if (a < 1000) return `${trim(us, a < 10 ? 1 : 0)} µs`;
  if (a < 1e6) return `${trim(us / 1000, a < 10_000 ? 2 : a < 100_000 ? 1 : 0)} ms`;
  if (a < 60e6) return `${trim(us / 1e6, a < 10e6 ? 2 : 1)} s`;
  const minutes = Math.floor(a / 60e6);
  const seconds = Math.round((a - minutes * 60e6) / 1e6);
  return `${us < 0 ? "-" : ""}${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

/** A time offset from the start of the trace, e.g. "+1.250 s", precise enough for `spanUs` (the visible span). */
export function formatOffset(us: number, spanUs: number): string {
  if (spanUs >= 2e6) return `${(us / 1e6).toFixed(spanUs >= 60e6 ? 1 : 2)} s`;
  if (spanUs >= 2e3) return `${(us / 1e3).toFixed(spanUs >= 200e3 ? 0 : spanUs >= 20e3 ? 1 : 2)} ms`;
  return `${us.toFixed(spanUs >= 20 ? 0 : 1)} µs`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  const a = Math.abs(bytes);
  if (a < 1024) return `${Math.round(bytes)} B`;
  if (a < 1024 ** 2) return `${trim(bytes / 1024, 1)} KiB`;
  if (a < 1024 ** 3) return `${trim(bytes / 1024 ** 2, 1)} MiB`;
  return `${trim(bytes / 1024 ** 3, 2)} GiB`;
}

export function formatCounter(value: number, unit: CounterUnit): string {
  if (!Number.isFinite(value)) return "–";
  switch (unit) {
    case "bytes":
      return formatBytes(value);
    case "ratio":
      return `${trim(value * 100, 1)} %`;
    case "percent":
      return `${trim(value, 1)} %`;
    case "MB":
      return value >= 1024 ? `${trim(value / 1024, 2)} GB` : `${trim(value, value < 10 ? 2 : 1)} MB`;
    case "KB":
      return value >= 1024 ? `${trim(value / 1024, 1)} MB` : `${trim(value, 1)} KB`;
    case "ms":
      return formatDuration(value * 1000);
    case "us":
      return formatDuration(value);
    default:
      return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString("en-US") : trim(value, 2);
  }
}

export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return "–";
  return `${trim(ratio * 100, ratio < 0.1 ? 2 : 1)} %`;
}

export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return "–";
  return `${trim(perSec, perSec < 10 ? 2 : perSec < 100 ? 1 : 0)}/s`;
}

function trim(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)));
}
