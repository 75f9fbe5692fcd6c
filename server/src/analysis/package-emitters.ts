// Which classes of an installed package make their EventEmitter with `captureRejections`, read from
// the package's JavaScript. A package that ships hand-written type declarations declares its
// classes without constructor bodies: the `.d.ts` cannot say that a base class's constructor calls
// `super({ captureRejections: true })`, which makes Node turn a rejection of any listener of its
// subclasses' instances into the emitter's 'error' event. The package's own
// JavaScript says it. Rules do no I/O: the linter reads it (once per package and run) and hands
// rules this fact (FileAnalysis.installedPackages).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readSmallTextFile } from "../config/read-small-file";

/** A package's JavaScript sources: not its own dependencies (nested `node_modules`), not a huge bundle. */
const scriptFile = /\.(?:js|cjs|mjs)$/;
const maxFiles = 4000;
const maxFileBytes = 2 * 1024 * 1024;
const maxDepth = 8;

/** `class Name extends ...`: a class that calls `super(...)` (a class without `extends` cannot). */
const classHead = /\bclass\s+([A-Za-z_$][\w$]*)\s+extends\b/g;
/**
 * `super({ ..., captureRejections: <anything but false> ... })` or the shorthand `{ captureRejections }`.
 * Only a literal options object counts: `super(options)` may or may not carry the option.
 */
const superCapturing = /\bsuper\s*\(\s*\{[^{}()]*?\bcaptureRejections\b(?!\s*:\s*(?:false|!1)\b)[^{}()]*\}/g;

/**
 * The folder of the installed package that holds `fileName` (`.../node_modules/name` or
 * `.../node_modules/@scope/name`), or undefined when the file is not inside `node_modules`.
 */
export function installedPackageRoot(fileName: string): string | undefined {
  const path = fileName.replace(/\\/g, "/");
  const at = path.lastIndexOf("/node_modules/");
  if (at < 0) return undefined;
  const parts = path.slice(at + "/node_modules/".length).split("/");
  const depth = parts[0]?.startsWith("@") ? 2 : 1;
  if (parts.length <= depth) return undefined;
  return `${path.slice(0, at)}/node_modules/${parts.slice(0, depth).join("/")}`;
}

/**
 * The names of the classes whose every declaration in the package's JavaScript passes
 * `captureRejections` to `super(...)` in place. A name that some file declares without the option
 * is left out (another class of the same name, a build that differs), and a minified build's
 * names (which no declaration file uses) match nothing: both only lose the fact, never invent it.
 */
export function capturingClassNames(texts: Iterable<string>): Set<string> {
  const capturing = new Set<string>();
  const plain = new Set<string>();
  for (const text of texts) {
    if (!text.includes("class ")) continue;
    const heads = [...text.matchAll(classHead)].map(m => ({ name: m[1]!, at: m.index ?? 0 }));
    if (heads.length === 0) continue;
    const captured = new Set<number>();
    if (text.includes("captureRejections")) {
      for (const call of text.matchAll(superCapturing)) {
        // The class the call is in: the last class head before it (classes in a package's modules
        // are not nested in practice; a wrong guess names a class that passes the option anyway
        // only if that class's own heads all precede a capturing call).
        const at = call.index ?? 0;
        let owner = -1;
        for (let i = 0; i < heads.length && heads[i]!.at < at; i++) owner = i;
        if (owner >= 0) captured.add(owner);
      }
    }
    heads.forEach((head, i) => (captured.has(i) ? capturing : plain).add(head.name));
  }
  for (const name of plain) capturing.delete(name);
  return capturing;
}

export class InstalledPackages {
  /** Package root → its capturing classes (read once; packages do not change while Loopscope runs, and `clear` forgets them). */
  private readonly capturing = new Map<string, ReadonlySet<string>>();

  clear(): void {
    this.capturing.clear();
  }

  /**
   * The classes of the installed package holding `fileName` (a declaration file under
   * `node_modules`) that make their emitter with `captureRejections` (see `capturingClassNames`).
   * Empty outside `node_modules`, and when the package cannot be read.
   */
  capturingClasses(fileName: string): ReadonlySet<string> {
    const root = installedPackageRoot(fileName);
    if (!root) return new Set();
    let known = this.capturing.get(root);
    if (!known) {
      known = capturingClassNames(packageScripts(root));
      this.capturing.set(root, known);
    }
    return known;
  }
}

/** The texts of the package's script files, depth-first, without nested `node_modules` (its dependencies). */
function* packageScripts(root: string): Generator<string> {
  let files = 0;
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (stack.length > 0) {
    const { dir, depth } = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".") && depth < maxDepth) stack.push({ dir: path, depth: depth + 1 });
      } else if (entry.isFile() && scriptFile.test(entry.name)) {
        if (++files > maxFiles) return;
        try {
          yield readSmallTextFile(path, maxFileBytes);
        } catch {
          // Unreadable or too big (a bundle): it says nothing.
        }
      }
    }
  }
}
