// Which packages a file's own package declares (dependencies of every kind), read from the
// nearest package.json and cached per folder. Rules do no I/O: the linter computes this fact
// and hands it to them (e.g. a quick-fix may use `p-limit` only where the package depends on it).
import { existsSync } from "node:fs";
import { readSmallTextFile } from "../config/read-small-file";
import { dirname, join } from "node:path";

const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;
const none: ReadonlySet<string> = new Set();

interface PackageInfo {
  names: ReadonlySet<string>;
  dir: string | undefined;
  /** The package's `main` and `bin` files, absolute, without their extension. */
  entries?: ReadonlySet<string>;
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
        found = { names: read.names, dir, entries: new Set(read.entries.flatMap(e => [withoutExtension(join(dir, e)), join(dir, e, "index")])) };
        break;
      }
      if (dirname(dir) === dir) break;
    }
    const result = found ?? { names: none, dir: undefined };
    for (const dir of seen) this.byDir.set(dir, result);
    return result;
  }
}

function readPackage(path: string): { names: ReadonlySet<string>; entries: string[] } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readSmallTextFile(path)) as Record<string, unknown>;
    const names = new Set<string>();
    for (const field of dependencyFields) {
      const deps = json?.[field];
      if (deps && typeof deps === "object") for (const name of Object.keys(deps)) names.add(name);
    }
    const entries: string[] = [];
    if (typeof json?.main === "string") entries.push(json.main);
    if (typeof json?.bin === "string") entries.push(json.bin);
    else if (json?.bin && typeof json.bin === "object") for (const file of Object.values(json.bin)) if (typeof file === "string") entries.push(file);
    return { names, entries };
  } catch {
    // An unreadable package.json declares nothing we can rely on; it still ends the search.
    return { names: none, entries: [] };
  }
}

/** `./dist/index.js` and `dist/index` name the same entry. */
function withoutExtension(path: string): string {
  return path.replace(/\.[cm]?[jt]s$/, "");
}
