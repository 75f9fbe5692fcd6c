// Plain-text (Markdown) tables and number formats used by every benchmark.

/** columns: [{ key, title, align?: "left"|"right" }]; rows: objects with those keys (values printed with String()). */
export function formatTable(columns, rows) {
  const cells = rows.map(row => columns.map(c => (row[c.key] === undefined || row[c.key] === null ? "" : String(row[c.key]))));
  const widths = columns.map((c, i) => Math.max(c.title.length, 3, ...cells.map(r => r[i].length)));
  const pad = (text, i) => (columns[i].align === "left" ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  const line = texts => `| ${texts.map(pad).join(" | ")} |`;
  const rule = `|${columns.map((c, i) => (c.align === "left" ? ":" + "-".repeat(widths[i] + 1) : "-".repeat(widths[i] + 1) + ":")).join("|")}|`;
  return [line(columns.map(c => c.title)), rule, ...cells.map(line)].join("\n");
}

export const seconds = ms =>
  ms === undefined || ms === null || Number.isNaN(ms) ? "n/a" : ms < 10_000 ? (ms / 1000).toFixed(2) + " s" : (ms / 1000).toFixed(1) + " s";
export const millis = ms => (ms === undefined || ms === null || Number.isNaN(ms) ? "n/a" : ms < 100 ? ms.toFixed(1) + " ms" : Math.round(ms) + " ms");
export const mib = bytes =>
  bytes === undefined || bytes === null || Number.isNaN(bytes) ? "n/a" : Math.round(bytes / 2 ** 20).toLocaleString("en-US") + " MiB";
/** "2.31x" = a / b; undefined when either side is missing. */
export const ratio = (a, b) => (a > 0 && b > 0 ? (a / b).toFixed(2) + "x" : "n/a");

export function median(values) {
  const xs = values.filter(v => typeof v === "number" && !Number.isNaN(v)).sort((a, b) => a - b);
  if (!xs.length) return undefined;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  const xs = values.filter(v => typeof v === "number" && !Number.isNaN(v)).sort((a, b) => a - b);
  if (!xs.length) return undefined;
  const rank = Math.min(xs.length, Math.max(1, Math.ceil((p / 100) * xs.length)));
  return xs[rank - 1];
}
