// The trace as a file: its name for display, the report's "Save trace" download (VS Code
// saves through the extension instead), and a file the user opens in the report.
import { el } from "./dom";

export function baseName(path: string | undefined): string {
  if (!path) return "";
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Offers the trace's text as a download named after its source (a report's name without .html). */
export function downloadTrace(text: string, source: string | undefined): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = el("a", { attrs: { href: url, download: baseName(source)?.replace(/\.html?$/, "") || "trace.json" } });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the browser may still be starting the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file's text; a gzip file (`trace.json.gz`, known by its magic bytes) is decompressed by the browser. */
export async function localFileText(file: File): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return file.text();
  return new Response(file.stream().pipeThrough(new DecompressionStream("gzip"))).text();
}
