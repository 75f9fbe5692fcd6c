// Which packages a file's own package declares (dependencies of every kind), read from the
// nearest package.json and cached per folder. Rules do no I/O: the linter computes this fact
// and hands it to them (e.g. a quick-fix may use `p-limit` only where the package depends on it).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;
const none: ReadonlySet<string> = new Set();

export class PackageDependencies {
  /** Folder → the dependencies of the package.json that applies there. */
  private readonly byDir = new Map<string, ReadonlySet<string>>();

  /** Forget everything (a package.json changed). */
  clear(): void { this.byDir.clear(); }

  of(fileName: string): ReadonlySet<string> {
    const seen: string[] = [];
    let found: ReadonlySet<string> | undefined;
    for (let dir = dirname(fileName); ; dir = dirname(dir)) {
      found = this.byDir.get(dir);
      if (found) break;
      seen.push(dir);
      found = readDependencies(join(dir, "package.json"));
      if (found || dirname(dir) === dir) break;
    }
    const result = found ?? none;
    for (const dir of seen) this.byDir.set(dir, result);
    return result;
  }
}

function readDependencies(path: string): ReadonlySet<string> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
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
