// Circular `extends` in tsconfig files. `tsc -p` reports them (TS18000), but the compiler's API
// deadlocks on them in updateSnapshot and never answers again. So before the compiler reads a
// config file (through our fs callback), we follow its `extends` ourselves, resolved as
// TypeScript resolves them, and when they come back round we serve the file without `extends`
// and report a configuration error instead.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { stripJsonComments } from "./tsconfig-translate";

/** Config files are small; a bigger JSON file (data imported by the code) is not followed. */
const maxConfigBytes = 1024 * 1024;

export interface ExtendsCycle {
  /** The config files from the root round the cycle and back to where it closes (real paths). */
  chain: string[];
}

/**
 * The first cycle reachable from `configPath` by following `extends` (a string or an array),
 * depth first as TypeScript does; undefined when there is none (or the file is not a config).
 */
export function findExtendsCycle(configPath: string): ExtendsCycle | undefined {
  const root = realPath(configPath);
  const onPath: string[] = [];
  const done = new Set<string>();
  // Iterative depth-first search: each entry is a file and the `extends` targets still to visit.
  const stack: { file: string; next: string[] }[] = [];
  const enter = (file: string) => {
    onPath.push(file);
    stack.push({ file, next: extendsTargets(file) });
  };
  enter(root);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const target = top.next.shift();
    if (target === undefined) {
      stack.pop();
      onPath.pop();
      done.add(top.file);
      continue;
    }
    if (done.has(target)) continue;
    const at = onPath.indexOf(target);
    if (at >= 0) return { chain: [...onPath, target] };
    enter(target);
  }
  return undefined;
}

/** A sentence for the user, with paths relative to the root config's folder. */
export function describeExtendsCycle(cycle: ExtendsCycle): string {
  const base = dirname(cycle.chain[0]!);
  const names = cycle.chain.map(f => relative(base, f) || f);
  return `circular "extends": ${names.join(" → ")} (TypeScript reports error TS18000); its "extends" was ignored, so options from the files it extends are not applied. Break the cycle to fix it`;
}

/** The config text without its `extends` (comments are dropped; undefined when it is not readable JSON). */
export function withoutExtends(text: string): string | undefined {
  const config = parseConfig(text);
  if (!config) return undefined;
  delete config.extends;
  return JSON.stringify(config, null, 2);
}

/** The real paths of the configs a config file extends (those that resolve). */
export function extendsTargets(configPath: string): string[] {
  const text = readConfigText(configPath);
  if (text === undefined || !text.includes('"extends"')) return [];
  const config = parseConfig(text);
  const value = config?.extends;
  const specifiers = typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  const targets: string[] = [];
  for (const s of specifiers) {
    const resolved = resolveExtends(s, dirname(configPath));
    if (resolved) targets.push(realPath(resolved));
  }
  return targets;
}

/**
 * Where an `extends` specifier points, as TypeScript resolves it: a rooted or `./`/`../` path
 * relative to the config's folder (with `.json` added when the file does not exist), else a
 * package in node_modules (its `exports`, its `tsconfig` field, or `tsconfig.json`).
 */
export function resolveExtends(specifier: string, fromDir: string): string | undefined {
  const spec = specifier.replace(/\\/g, "/");
  if (isAbsolute(spec) || spec.startsWith("./") || spec.startsWith("../")) {
    const path = resolve(fromDir, spec);
    if (isFile(path)) return path;
    return !path.endsWith(".json") && isFile(`${path}.json`) ? `${path}.json` : undefined;
  }
  const match = /^(@[^/]+\/[^/]+|[^/]+)(\/.*)?$/.exec(spec);
  if (!match) return undefined;
  const [, name, subpath = ""] = match;
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const pkg = join(dir, "node_modules", name!);
    if (existsSync(pkg)) {
      const found = resolveInPackage(pkg, subpath);
      if (found) return found;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function resolveInPackage(pkg: string, subpath: string): string | undefined {
  const manifest = readJson(join(pkg, "package.json"));
  if (manifest && manifest.exports !== undefined && manifest.exports !== null) {
    const target = exportsTarget(manifest.exports, `.${subpath}`);
    return target && isFile(join(pkg, target)) ? join(pkg, target) : undefined;
  }
  if (!subpath) {
    const field = typeof manifest?.tsconfig === "string" ? join(pkg, manifest.tsconfig) : undefined;
    if (field && isFile(field)) return field;
    return isFile(join(pkg, "tsconfig.json")) ? join(pkg, "tsconfig.json") : undefined;
  }
  const path = join(pkg, subpath);
  if (isFile(path)) return path;
  if (isFile(`${path}.json`)) return `${path}.json`;
  if (isFile(join(path, "tsconfig.json"))) return join(path, "tsconfig.json");
  return undefined;
}

/** The target of a subpath in a package's `exports` (exact keys, `*` patterns, conditions, arrays). */
function exportsTarget(exports: unknown, subpath: string): string | undefined {
  const isSubpathMap = typeof exports === "object" && exports !== null && !Array.isArray(exports) && Object.keys(exports).some(k => k.startsWith("."));
  if (!isSubpathMap) return subpath === "." ? conditionalTarget(exports, "") : undefined;
  const map = exports as Record<string, unknown>;
  if (subpath in map) return conditionalTarget(map[subpath], "");
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      return conditionalTarget(value, subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

const conditions = new Set(["types", "require", "import", "node", "default"]);

function conditionalTarget(value: unknown, star: string): string | undefined {
  if (typeof value === "string") return value.replace(/\*/g, star);
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = conditionalTarget(v, star);
      if (t) return t;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (!conditions.has(key)) continue;
      const t = conditionalTarget(v, star);
      if (t) return t;
    }
  }
  return undefined;
}

function parseConfig(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(stripJsonComments(text.replace(/^\uFEFF/, "")));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readJson(path: string): Record<string, unknown> | undefined {
  const text = readConfigText(path);
  return text === undefined ? undefined : parseConfig(text);
}

/** A regular file's text, when it is small enough to be a config. */
export function readConfigText(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > maxConfigBytes) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * What the compiler is served for the JSON files it reads (see the file comment): a config whose
 * `extends` come back round is served without them, and the error is kept for its files.
 */
export class ExtendsCycleGuard {
  private readonly served = new Map<string, string | null>();
  /** Config file (as the compiler names it) → the configuration error to report on its files. */
  readonly errors = new Map<string, string>();

  /**
   * The text to serve for `fileName` instead of `text` (what would be served otherwise:
   * a translation, or undefined for the file as it is on disk).
   */
  serve(fileName: string, text: string | undefined): string | undefined {
    if (!fileName.endsWith(".json") || /(^|[/\\])package\.json$/.test(fileName)) return text;
    let replacement = this.served.get(fileName);
    if (replacement === undefined) {
      replacement = null;
      const cycle = findExtendsCycle(fileName);
      if (cycle) {
        const original = text ?? readConfigText(fileName);
        replacement = original === undefined ? null : (withoutExtends(original) ?? null);
        this.errors.set(fileName, describeExtendsCycle(cycle));
      }
      this.served.set(fileName, replacement);
    }
    return replacement ?? text;
  }

  /** A JSON file changed: everything is checked again on the next read. */
  forget(): void {
    this.served.clear();
    this.errors.clear();
  }
}
