// Modules no entry of their package reaches (rounds 24 and 51 of missing-timeout): in a
// command-line program, or a program that is also a library (`bin` beside `main`/`exports`), a
// module imported only by modules like it and loaded by no path never runs. uncalled-code.ts asks
// it for every function of such a module.
import { dirname } from "node:path";
import type { FileAnalysis } from "../rules/rule";
import type { ProjectFiles } from "./project-files";
import { DeclaredDependencies } from "./package-dependencies";
import { withoutExtension } from "./module-paths";
import { entrySource, loadsByComputedPath, mentionsOf, moduleWord, projectModules, runsByPath, wordInString } from "./module-mentions";

/** How many importers deep `isDeadModule` follows a module's importers. */
const maxDeadDepth = 3;

/**
 * A module of a command-line program (package-dependencies.ts isCommandLineOnly), or, round 51, of
 * any package with `bin` files (a program that is also a library: `main`, `exports`), that no entry of
 * the package can reach: not an entry itself nor a script run by path (`runsByPath`),
 * imported only by modules like it (followed `maxDeadDepth` importers deep), and loaded by no path:
 * no other file names it in a string (`join(__dirname, "worker.js")`, a relative path that is not
 * an import), and no file of the project loads modules by a path it computes (`import(name)`,
 * `require(file)`). Only when every entry of the package is a file of the project, or its source
 * under `src/` (see `entrySource`): otherwise a module nothing imports may be an entry by its source.
 * Not in a library without `bin`, even one whose `exports` closes its modules: a framework may load
 * its modules by folder (a component's functions, which only generated code outside the project
 * names), and a user may import any module of a package with only `main`. With `bin` beside a
 * library's entries, only a module the package.json's scripts or settings do not name
 * (`namedByPackageConfig`), where `exports` opens no subpath by pattern, and, when nothing imports
 * it, left alone among used modules of its folder (`leftAmongUsedModules`).
 */
export function isDeadModule(project: ProjectFiles, fileName: string, depth = 0, seen = new Set<string>()): boolean {
  const analysis = project.analysisOf(fileName);
  if (!analysis || analysis.isPackageEntry || runsByPath(analysis.sourceFile.text)) return false;
  if (!analysis.inCommandLineOnlyPackage && !(hasCommands(analysis) && !opensDeepImports(analysis))) return false;
  if (namedByPackageConfig(analysis, fileName)) return false;
  const entries = analysis.packageEntries ?? [];
  const modules = projectModules(project);
  const sources = entries.map(e => entrySource(e, analysis.packageDir, modules));
  if (!entries.length || !sources.every(Boolean) || sources.includes(withoutExtension(fileName)) || loadsByComputedPath(project)) return false;
  seen.add(fileName);
  const mentions = mentionsOf(project, fileName);
  if (!mentions) return false;
  let imported = false;
  for (const { file, analysis: other, use } of mentions) {
    if (use === "opaque") return false;
    if (use === "none") {
      if (wordInString(other.sourceFile, moduleWord(fileName))) return false;
      continue;
    }
    imported = true;
    // An importer that is itself unreachable (already on the way here: a cycle of such modules).
    if (seen.has(file)) continue;
    if (depth >= maxDeadDepth || !isDeadModule(project, file, depth + 1, seen)) return false;
  }
  // Round 51, in a program that is also a library: a module nothing imports is one left behind only
  // among modules the program uses (see `leftAmongUsedModules`), not one of a folder that a framework
  // loads whole.
  if (!imported && !analysis.inCommandLineOnlyPackage && !leftAmongUsedModules(project, fileName, sources)) return false;
  return true;
}

/** How many modules of a folder `leftAmongUsedModules` reads at most. */
const maxFolderModules = 40;

/**
 * Every other module of the file's folder is an entry or imported by some module, and one of them is
 * an entry or imported from outside the folder (round 51): the file is the one module of a used
 * folder that nothing imports, a leftover (a stale copy whose code moved to another module). A
 * framework that loads modules by folder (a CLI framework's commands) loads a folder whose modules
 * no module imports: two of them, or one with only helpers it imports itself beside it, stay
 * reported, and so does a module alone in its folder.
 */
function leftAmongUsedModules(project: ProjectFiles, fileName: string, entrySources: readonly (string | undefined)[]): boolean {
  const folder = dirname(fileName);
  const siblings = [...projectModules(project)].filter(
    ([, file]) => file !== fileName && dirname(file) === folder && /\.[cm]?[jt]sx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file),
  );
  if (!siblings.length || siblings.length > maxFolderModules) return false;
  let usedFromOutside = false;
  for (const [module, file] of siblings) {
    if (entrySources.includes(module) || project.analysisOf(file)?.isPackageEntry) {
      usedFromOutside = true;
      continue;
    }
    const importers = mentionsOf(project, file)?.filter(m => m.use !== "none");
    if (!importers?.length) return false;
    if (importers.some(m => dirname(m.file) !== folder)) usedFromOutside = true;
  }
  return usedFromOutside;
}

/**
 * The file's package names `bin` files (round 51): a program, maybe also a library (`main`). Every
 * entry it starts with or lets others import is then named in its package.json (unless `exports`
 * opens subpaths by pattern: `opensDeepImports`), so a module no entry reaches (`isDeadModule`) is
 * a leftover: a deep import of it by another package, which a `main` without `exports` allows, is
 * no use a program's modules are written for.
 */
export function hasCommands(analysis: FileAnalysis): boolean {
  return analysis.dependencies instanceof DeclaredDependencies && analysis.dependencies.hasCommands;
}

/** The package's `exports` lets other packages import modules by a pattern or a folder (`"./*"`): not every entry is named. */
function opensDeepImports(analysis: FileAnalysis): boolean {
  return analysis.dependencies instanceof DeclaredDependencies && analysis.dependencies.opensDeepImports;
}

/** Top folders that scripts and entry paths name as a whole (`tsc -p src`, `node dist/index.js`): no sign of a loaded module. */
const rootFolders = new Set(["src", "lib", "dist", "build", "out", "source", "esm", "cjs"]);

/**
 * The package.json names the module or one of its folders in a string a tool or a framework may
 * load by (package-dependencies.ts `configPathNames`): a script that runs it (`node
 * dist/tools/sync.js`), a framework that loads a folder of commands (`"oclif": { "commands":
 * "./dist/commands" }`). Such a module runs although no module imports it. A top source or output
 * folder (`src`, `dist`) does not count: scripts name it whole.
 */
function namedByPackageConfig(analysis: FileAnalysis, fileName: string): boolean {
  const deps = analysis.dependencies;
  if (!(deps instanceof DeclaredDependencies) || !deps.configPathNames.size) return false;
  const relative = analysis.packageDir ? fileName.slice(analysis.packageDir.length).replace(/^[\\/]+/, "") : fileName;
  const segments = withoutExtension(relative).split(/[\\/]/);
  return segments.some((segment, i) => !(i === 0 && segments.length > 1 && rootFolders.has(segment)) && deps.configPathNames.has(segment));
}
