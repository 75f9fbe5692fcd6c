// Which packages a file's own package declares (dependencies of every kind), read from the
// nearest package.json and cached per folder. Rules do no I/O: the linter computes this fact
// and hands it to them (e.g. a quick-fix may use `p-limit` only where the package depends on it).
import { existsSync } from "node:fs";
import { readSmallTextFile } from "../config/read-small-file";
import { dirname, join } from "node:path";
import { browserEntriesOf } from "./browser-entries";
import { withoutExtension } from "./module-paths";

const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** The declared packages, by name, with the version range each is declared at (the first field that names it). */
export class DeclaredDependencies extends Set<string> {
  private readonly ranges = new Map<string, string>();
  /** `declaredMajorVersion`'s answers: rules ask it per call (every keystroke, thousands of calls in a big file). */
  private readonly majors = new Map<string, number | undefined>();
  /** The packages needed when the package runs: `dependencies` and the peers not marked optional (not `devDependencies`). */
  private readonly runtime = new Set<string>();
  /** The package.json names `bin` files: the package has commands, which Node runs. */
  hasCommands = false;
  /**
   * Its `exports` field has a `*` pattern or a folder mapping (`"./*": "./dist/*.js"`): other
   * packages may import modules that no entry path names (see `closedExports`).
   */
  opensDeepImports = false;
  /**
   * The path segments (folder and file names, without extension) that its other fields' strings
   * name: scripts (`node dist/tools/sync.js`), a framework's configuration (`"oclif": { "commands":
   * "./dist/commands" }`). Not the dependency, entry, `files` or descriptive fields. A module whose
   * name or folder is among them may be loaded by that path (uncalled-code.ts isDeadModule).
   */
  configPathNames: ReadonlySet<string> = new Set();

  declare(name: string, range: unknown): void {
    this.add(name);
    if (typeof range === "string" && !this.ranges.has(name)) this.ranges.set(name, range);
    this.majors.delete(name);
  }

  requireAtRunTime(name: string): void {
    this.runtime.add(name);
  }

  /** The packages needed at run time, sorted (part of the editor's reuse key beside the names). */
  runtimeNames(): string[] {
    return [...this.runtime].sort();
  }

  /** Whether the package needs this one to run (`dependencies`, or a peer that `peerDependenciesMeta` does not mark optional). */
  requiredAtRunTime(name: string): boolean {
    return this.runtime.has(name);
  }

  rangeOf(name: string): string | undefined {
    return this.ranges.get(name);
  }

  majorVersionOf(name: string): number | undefined {
    if (!this.majors.has(name)) this.majors.set(name, majorVersionOfRange(this.ranges.get(name)));
    return this.majors.get(name);
  }
}

const none: ReadonlySet<string> = new DeclaredDependencies();

/** The package a bare module specifier names: `@scope/name` of `@scope/name/sub`, `name` of `name/sub` (`@/x`, a path alias, names none but `@`). */
export function packageNameOf(specifier: string): string {
  const segments = specifier.split("/");
  return specifier.startsWith("@") && !specifier.startsWith("@/") ? segments.slice(0, 2).join("/") : segments[0]!;
}

/**
 * The major version a package is declared at (`^4.18.2`, `~4.17`, `4.x`, `>=4.17 <5` → 4), when
 * the range names one major only; undefined for `*`, `latest`, URLs, unions (`4 || 5`), or a
 * package not declared. Rules read the names as a plain set; the ranges come with the engine's.
 */
export function declaredMajorVersion(dependencies: ReadonlySet<string> | undefined, name: string): number | undefined {
  return dependencies instanceof DeclaredDependencies ? dependencies.majorVersionOf(name) : undefined;
}

function majorVersionOfRange(range: string | undefined): number | undefined {
  if (!range || range.includes("||")) return undefined;
  const parts = range.trim().split(/\s+/);
  // `>=4` alone admits every later major.
  if (parts.some(p => p.startsWith(">")) && !parts.some(p => p.startsWith("<"))) return undefined;
  const majors = new Set<number>();
  for (const part of parts) {
    const m = /^(<=?|>=?|\^|~|=|v)*(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(?:[-+].*)?$/.exec(part);
    if (!m) return undefined;
    const major = Number(m[2]);
    // `<5` and `<5.0.0` exclude 5: an upper bound, not another major.
    if (part.startsWith("<") && !part.startsWith("<=") && (m[3] ?? "0") === "0" && (m[4] ?? "0") === "0") continue;
    majors.add(major);
  }
  return majors.size === 1 ? [...majors][0] : undefined;
}

interface PackageInfo {
  names: ReadonlySet<string>;
  dir: string | undefined;
  /** The package's `main` and `bin` files, absolute, without their extension. */
  entries?: ReadonlySet<string>;
  /** Every module the package starts with or exposes: see `entryModules`. */
  entryModules?: readonly string[];
  /** The package's `type` ("module" or "commonjs"), which decides how Node loads its `.js` files. */
  type?: string;
  /** The package is a command-line program only: see `isCommandLineOnly`. */
  commandLineOnly?: boolean;
  /** Other packages reach only its entries: see `closesDeepImports`. */
  closed?: boolean;
  /** The modules it gives browsers in place of Node's: see `browserEntries`. */
  browserEntries?: readonly string[];
}

export class PackageDependencies {
  /** Folder → the package.json that applies there. */
  private readonly byDir = new Map<string, PackageInfo>();

  /** Forget everything (a package.json changed). */
  clear(): void {
    this.byDir.clear();
  }

  of(fileName: string): ReadonlySet<string> {
    return this.info(fileName).names;
  }

  /** Whether the file is its package's `main` or one of its `bin` files (an entry the process starts with). */
  isEntry(fileName: string): boolean {
    return !!this.info(fileName).entries?.has(withoutExtension(fileName));
  }

  /**
   * Whether the file's package is a command-line program and nothing else: its package.json
   * names `bin` files, and every module another package can import (`main`, `module`, the
   * JavaScript targets of `exports`; without `main` and `exports`, an `index` file at its root)
   * is one of those `bin` files. No other package calls its functions; only its commands run.
   */
  isCommandLineOnly(fileName: string): boolean {
    return !!this.info(fileName).commandLineOnly;
  }

  /**
   * Whether other packages can import only the package's entries, not any module of it: it is a
   * command-line program only (`isCommandLineOnly`), or its `exports` field lists its subpaths one
   * by one (no `*` pattern, no folder mapping ending in `/`). A module its entries do not expose
   * is then reached only by the package's own code.
   */
  closesDeepImports(fileName: string): boolean {
    return !!this.info(fileName).closed;
  }

  /**
   * Every module the file's package starts with or lets other packages import: `main`, `module`,
   * the `bin` files and the script targets of `exports` (absolute, without their extension; a
   * folder's `index` is not added). Empty when the package names none.
   */
  entryModules(fileName: string): readonly string[] {
    return this.info(fileName).entryModules ?? [];
  }

  /**
   * The modules the file's package gives browsers in place of the one Node loads (browser-entries.ts
   * browserEntriesOf: a `browser` condition of `exports`, the `browser` field), absolute, without
   * their extension. Empty when it names none.
   */
  browserEntries(fileName: string): readonly string[] {
    return this.info(fileName).browserEntries ?? [];
  }

  /** The `type` field of the file's nearest package.json, if any. */
  typeOf(fileName: string): string | undefined {
    return this.info(fileName).type;
  }

  /** The folder of the file's nearest package.json (its package root), if any. */
  dirOf(fileName: string): string | undefined {
    return this.info(fileName).dir;
  }

  private info(fileName: string): PackageInfo {
    const seen: string[] = [];
    let found: PackageInfo | undefined;
    for (let dir = dirname(fileName); ; dir = dirname(dir)) {
      found = this.byDir.get(dir);
      if (found) break;
      seen.push(dir);
      const read = readPackage(join(dir, "package.json"));
      if (read) {
        found = {
          names: read.names,
          dir,
          entries: new Set(read.entries.flatMap(e => [withoutExtension(join(dir, e)), join(dir, e, "index")])),
          entryModules: [...new Set([...read.entries, ...(read.libraryEntries ?? [])].filter(isScriptModule).map(e => withoutExtension(join(dir, e))))],
          type: read.type,
          commandLineOnly: isCommandLineOnly(dir, read.bins, read.libraryEntries),
          closed: read.exportsClosed || isCommandLineOnly(dir, read.bins, read.libraryEntries),
          ...(read.browserEntries?.length ? { browserEntries: read.browserEntries } : {}),
        };
        break;
      }
      if (dirname(dir) === dir) break;
    }
    const result = found ?? { names: none, dir: undefined };
    for (const dir of seen) this.byDir.set(dir, result);
    return result;
  }
}

interface ReadPackage {
  names: DeclaredDependencies;
  entries: string[];
  type?: string;
  /** The `bin` files. */
  bins: string[];
  /** What other packages can import: `main`, `module`, the targets of `exports`; undefined when neither `main` nor `exports` is given. */
  libraryEntries?: string[];
  /** An `exports` field that names each subpath (see `closedExports`). */
  exportsClosed?: boolean;
  /** The modules it gives browsers in place of Node's (absolute, without extension). */
  browserEntries?: string[];
}

function readPackage(path: string): ReadPackage | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readSmallTextFile(path)) as Record<string, unknown>;
    const names = new DeclaredDependencies();
    for (const field of dependencyFields) {
      const deps = json?.[field];
      if (deps && typeof deps === "object") for (const [name, range] of Object.entries(deps)) names.declare(name, range);
    }
    const peerMeta = (json?.peerDependenciesMeta ?? {}) as Record<string, { optional?: unknown } | undefined>;
    for (const field of ["dependencies", "peerDependencies"] as const) {
      const deps = json?.[field];
      if (deps && typeof deps === "object")
        for (const name of Object.keys(deps)) if (field === "dependencies" || peerMeta[name]?.optional !== true) names.requireAtRunTime(name);
    }
    const entries: string[] = [];
    if (typeof json?.main === "string") entries.push(json.main);
    const bins: string[] = [];
    if (typeof json?.bin === "string") bins.push(json.bin);
    else if (json?.bin && typeof json.bin === "object") for (const file of Object.values(json.bin)) if (typeof file === "string") bins.push(file);
    entries.push(...bins);
    names.hasCommands = bins.length > 0;
    names.opensDeepImports = json?.exports !== undefined && json.exports !== null && !closedExports(json.exports);
    names.configPathNames = configPathNames(json);
    let libraryEntries: string[] | undefined;
    if (typeof json?.main === "string" || json?.exports !== undefined) {
      libraryEntries = [];
      if (typeof json?.main === "string") libraryEntries.push(json.main);
      if (typeof json?.module === "string") libraryEntries.push(json.module);
      exportTargets(json?.exports, libraryEntries);
    }
    const browserEntries = browserEntriesOf(json, dirname(path));
    return {
      names,
      entries,
      bins,
      ...(browserEntries.length ? { browserEntries } : {}),
      ...(libraryEntries ? { libraryEntries } : {}),
      ...(typeof json?.type === "string" ? { type: json.type } : {}),
      ...(closedExports(json?.exports) ? { exportsClosed: true } : {}),
    };
  } catch {
    // An unreadable package.json declares nothing we can rely on; it still ends the search.
    return { names: new DeclaredDependencies(), entries: [], bins: [] };
  }
}

/** Fields whose strings name no path a tool or framework loads: dependencies, entries (read as such), packing and metadata. */
const nonLoadingFields = new Set([
  ...dependencyFields,
  "peerDependenciesMeta",
  "bundleDependencies",
  "bundledDependencies",
  "overrides",
  "resolutions",
  "name",
  "version",
  "description",
  "keywords",
  "author",
  "contributors",
  "maintainers",
  "license",
  "repository",
  "homepage",
  "bugs",
  "funding",
  "engines",
  "os",
  "cpu",
  "type",
  "main",
  "module",
  "types",
  "typings",
  "typesVersions",
  "bin",
  "exports",
  "imports",
  "browser",
  "files",
  "man",
  "directories",
  "publishConfig",
  "packageManager",
]);

/** See DeclaredDependencies.configPathNames: the segments of path-like words (with a `/` or a script extension) in the other fields' strings. */
function configPathNames(json: Record<string, unknown> | undefined): Set<string> {
  const found = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8) return;
    if (typeof v === "string") {
      for (const word of v.split(/[\s"'`=,;()&|<>]+/)) {
        if (!word.includes("/") && !/\.[cm]?[jt]sx?$/.test(word)) continue;
        for (const segment of word.split("/")) if (segment && segment !== "." && segment !== "..") found.add(segment.replace(/\.[cm]?[jt]sx?$/, ""));
      }
    } else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (v && typeof v === "object") for (const x of Object.values(v)) visit(x, depth + 1);
  };
  if (json && typeof json === "object") for (const [field, value] of Object.entries(json)) if (!nonLoadingFields.has(field)) visit(value, 0);
  return found;
}

/** The file paths an `exports` field maps to (strings at any depth of conditions and subpaths). */
function exportTargets(value: unknown, into: string[], depth = 0): void {
  if (depth > 8) return;
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const v of value) exportTargets(v, into, depth + 1);
  else if (value && typeof value === "object") for (const v of Object.values(value)) exportTargets(v, into, depth + 1);
}

/**
 * An `exports` field that maps each subpath to its file: a string, or an object whose keys and
 * targets (at any depth of conditions) have no `*` pattern and no folder mapping (`"./lib/"`).
 * Node then refuses every other subpath of the package.
 */
function closedExports(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  let open = false;
  const visit = (v: unknown, depth: number): void => {
    if (open || depth > 8) return;
    if (typeof v === "string") open = v.includes("*") || v.endsWith("/");
    else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (v && typeof v === "object")
      for (const [key, x] of Object.entries(v)) {
        if (key.includes("*") || (key.startsWith(".") && key.endsWith("/"))) open = true;
        visit(x, depth + 1);
      }
  };
  visit(value, 0);
  return !open;
}

/** A JavaScript module path (not `./package.json`, a stylesheet or a type declaration). */
const scriptModule = /\.[cm]?[jt]sx?$|(^|\/)[^./]+$/;

/** A script a process or an importer can load (not a type declaration, a stylesheet, `./package.json`, a pattern). */
function isScriptModule(path: string): boolean {
  return scriptModule.test(path) && !/\.d\.[cm]?ts$/.test(path) && !path.includes("*");
}

/** See PackageDependencies.isCommandLineOnly. */
function isCommandLineOnly(dir: string, bins: readonly string[], libraryEntries: readonly string[] | undefined): boolean {
  if (!bins.length) return false;
  const binFiles = new Set(bins.map(b => withoutExtension(join(dir, b))));
  // Without `main` and `exports`, `require("pkg")` finds the root's index file: a module of its own unless it is a bin file.
  if (!libraryEntries)
    return !["index.js", "index.cjs", "index.mjs", "index.ts"].some(f => existsSync(join(dir, f)) && !binFiles.has(withoutExtension(join(dir, f))));
  return libraryEntries
    .filter(e => scriptModule.test(e) && !/\.d\.[cm]?ts$/.test(e))
    .every(e => !e.includes("*") && binFiles.has(withoutExtension(join(dir, e))));
}
