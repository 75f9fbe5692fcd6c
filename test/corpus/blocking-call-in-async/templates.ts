// A synchronous helper: blocking only matters when async code calls it (see handlers.ts).
import { readFileSync } from "node:fs";

export function renderPage(name: string): string {
  return readFileSync(`pages/${name}.html`, "utf8"); // ok: blocking-call-in-async
}

/** A CLI code path: synchronous from start to end, nothing else runs meanwhile. */
export function buildAll(names: string[]): string[] {
  return names.map(renderPage); // ok: blocking-call-in-async
}

class TemplateCache {
  private readonly pages = new Map<string, string>();
  readFileSync(name: string) { return this.pages.get(name) ?? ""; }
}
export async function cached(cache: TemplateCache, name: string) {
  return cache.readFileSync(name); // ok: blocking-call-in-async
}
export { TemplateCache };
