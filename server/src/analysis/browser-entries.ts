// The modules a package.json gives browsers in place of the one Node loads: the target of a
// `browser` condition of `exports` (`".": { "node": "./lib/index.js", "browser": "./lib/browser.js" }`)
// or of the `browser` field (`"browser": "./lib/browser.js"` beside `"main": "./lib/index.js"`).
// The package's author says so: a bundler building for a page picks that module, Node the other.
import { join } from "node:path";
import { builtSourceOf, withoutExtension } from "./module-paths";

/** A script a condition may map to (not a type declaration, a stylesheet, `./package.json`, a pattern). */
function isScript(path: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(path) && !/\.d\.[cm]?ts$/.test(path) && !path.includes("*");
}

/** Conditions that map type declarations, not modules. */
const typeConditions: ReadonlySet<string> = new Set(["types", "typings"]);
/** The same and `browser`: what other runtimes than a page load. */
const outsideBrowser: ReadonlySet<string> = new Set([...typeConditions, "browser"]);

/** The script targets under a value of `exports` (strings at any depth), skipping the `skipped` conditions. */
function scriptsUnder(value: unknown, into: string[], skipped: ReadonlySet<string> = typeConditions, depth = 0): void {
  if (depth > 8) return;
  if (typeof value === "string") {
    if (isScript(value)) into.push(value);
  } else if (Array.isArray(value)) for (const v of value) scriptsUnder(v, into, skipped, depth + 1);
  else if (value && typeof value === "object") for (const [key, v] of Object.entries(value)) if (!skipped.has(key)) scriptsUnder(v, into, skipped, depth + 1);
}

/** Each condition object of `exports` that names `browser`: its browser targets and its other conditions' targets. */
function browserConditions(value: unknown, found: { browser: string[]; others: string[] }[], depth = 0): void {
  if (depth > 8 || !value || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) browserConditions(v, found, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if ("browser" in record) {
    const browser: string[] = [];
    const others: string[] = [];
    scriptsUnder(record.browser, browser);
    for (const [key, v] of Object.entries(record)) if (!outsideBrowser.has(key)) scriptsUnder(v, others);
    found.push({ browser, others });
  }
  for (const v of Object.values(record)) browserConditions(v, found, depth + 1);
}

/**
 * The package's browser entries (absolute, without their extension): a `browser` condition's
 * target whose sibling conditions map another module (`node`, `import`, `require`, `default`; not
 * the same module's other build, `dist/esm/index.js` beside `dist/cjs/index.js`, both built from
 * `src/index`), and the `browser` field when `main` names another module. Not a module that the
 * package's root gives other runtimes (`main`, `module`, or `"."` outside its `browser` condition):
 * that one is Node's too. Another subpath naming the same module (`"./browser": "./lib/browser.js"`)
 * is the same build, offered by name.
 */
export function browserEntriesOf(json: Record<string, unknown>, dir: string): string[] {
  const same = (a: string, b: string) => a === b || (builtSourceOf(a, dir) ?? a) === (builtSourceOf(b, dir) ?? b);
  const absolute = (paths: readonly string[]) => paths.map(p => withoutExtension(join(dir, p)));
  const root: string[] = [];
  for (const field of ["main", "module"]) if (typeof json[field] === "string") root.push(json[field] as string);
  const exportsField = json.exports;
  const rootExports =
    exportsField && typeof exportsField === "object" && !Array.isArray(exportsField) && Object.keys(exportsField).some(k => k.startsWith("."))
      ? (exportsField as Record<string, unknown>)["."]
      : exportsField;
  scriptsUnder(rootExports, root, outsideBrowser);
  const rootModules = absolute(root);
  const candidates: string[] = [];
  const conditions: { browser: string[]; others: string[] }[] = [];
  browserConditions(exportsField, conditions);
  for (const { browser, others } of conditions) {
    const otherModules = absolute(others);
    if (!otherModules.length) continue;
    for (const target of absolute(browser)) if (!otherModules.some(o => same(o, target))) candidates.push(target);
  }
  if (typeof json.browser === "string" && isScript(json.browser) && typeof json.main === "string") candidates.push(...absolute([json.browser]));
  return [...new Set(candidates.filter(c => !rootModules.some(r => same(r, c))))];
}
