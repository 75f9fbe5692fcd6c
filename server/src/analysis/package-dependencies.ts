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
      const names = readDependencies(join(dir, "package.json"));
      if (names) {
        found = { names, dir };
        break;
      }
      if (dirname(dir) === dir) break;
    }
    const result = found ?? { names: none, dir: undefined };
    for (const dir of seen) this.byDir.set(dir, result);
    return result;
  }
}

function readDependencies(path: string): ReadonlySet<string> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readSmallTextFile(path)) as Record<string, unknown>;
    const names = new Set<string>();
    for (const field of dependencyFields) {
      const deps = json?.[field];
      if (deps && typeof deps === "object") for (const name of Object.keys(deps)) names.add(name);
    }
    return names;
  } catch {
    // An unreadable package.json declares nothing we can rely on; it still ends the search.
    return none;
  }
}
