// How the project's files mention a module: which files import it and how (by name, whole,
// opaquely), whether a string names it, which module an entry path names, and whether any file
// loads modules by a path it computes. Asked by uncalled-code.ts (functions nothing calls) and
// dead-modules.ts (modules no entry reaches).
import { isBuiltin } from "node:module";
import { dirname, join, resolve } from "node:path";
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import { deepestNodeAt, identifiersNamedIn } from "./identifiers-by-text";
import { identifierPattern, textOf } from "./syntax";
import type { FileAnalysis } from "../rules/rule";
import type { ProjectFiles } from "./project-files";
import { packageNameOf } from "./package-dependencies";
import { builtSourceOf, withoutExtension } from "./module-paths";
import { maxFiles } from "./uncalled-members";

/**
 * The other files whose text has the module's word, each with how it uses the module (`importOf`);
 * undefined when more than `maxFiles` do, or one cannot be read.
 */
export function mentionsOf(project: ProjectFiles, target: string): { file: string; analysis: FileAnalysis; use: ReturnType<typeof importOf> }[] | undefined {
  const files = project.filesMentioningAtMost(moduleWord(target), maxFiles);
  if (!files) return undefined;
  const found: { file: string; analysis: FileAnalysis; use: ReturnType<typeof importOf> }[] = [];
  for (const file of files) {
    if (file === target) continue;
    const analysis = project.analysisOf(file);
    if (!analysis) return undefined;
    found.push({ file, analysis, use: importOf(analysis.sourceFile, target, analysis.dependencies) });
  }
  return found;
}

/**
 * The project's module an entry path names: the path itself, its folder's `index`, or, for a path
 * into built output (`dist/server.js`, `build/esm/cli.js`), the module of the same path under `src/`
 * (the project holds the sources the package is built from).
 */
export function entrySource(entry: string, packageDir: string | undefined, modules: ReadonlyMap<string, string>): string | undefined {
  const candidates = [entry, `${entry}/index`];
  const built = packageDir ? builtSourceOf(entry, packageDir) : undefined;
  if (built) candidates.push(built, join(built, "index"));
  return candidates.find(c => modules.has(c));
}

/**
 * A module written to be run by path (`node build/health-check.js`, a container's health check): a
 * `#!` line, or a check that it is the main module (`require.main === module`, `import.meta.main`,
 * `process.argv[1]` compared with its own path).
 */
export function runsByPath(text: string): boolean {
  return text.startsWith("#!") || /\brequire\.main\s*===?\s*module\b|\bmodule\s*===?\s*require\.main\b|\bimport\.meta\.main\b|\bprocess\.argv\[1\]/.test(text);
}

/** The project's modules, without their extension, each to its file: whether a package's entries are among them, and which file. */
export function projectModules(project: ProjectFiles): ReadonlyMap<string, string> {
  return project.derived(
    "uncalled-code:modules",
    fileName => [withoutExtension(fileName), fileName] as const,
    files => new Map(files),
  );
}

/** A file that loads a module by a path it computes: `import(x)`, `require(x)`, `require.resolve`, a worker or a fork. */
const computedLoad =
  /(?<![\w$.])(import|require)\s*\(\s*(?!(["'])[^"'`\n]*\2\s*\))|\brequire\.resolve\b|import\.meta\.resolve\b|\bnew\s+Worker\s*\(|(?<![\w$])fork\s*\(/;

export function loadsByComputedPath(project: ProjectFiles): boolean {
  return project.derived(
    "uncalled-code:computed-loads",
    (_fileName, text) => computedLoad.test(text),
    loads => [...loads].some(Boolean),
  );
}

/**
 * The word inside a string or template literal of the file (a path or a name the code may load).
 * Not followed by a dot and a name other than a script's extension (round 51): `skillsmp.com` in a
 * URL, `config.json`, name a host or another file, not the module `skillsmp.js`.
 */
export function wordInString(sourceFile: SourceFile, word: string): boolean {
  const pattern = new RegExp(`(?<![\\w$])${identifierPattern(word)}(?![\\w$])(?!\\.(?![cm]?[jt]sx?(?![\\w$-]))[\\w$-])`, "g");
  for (const m of sourceFile.text.matchAll(pattern)) {
    const node = deepestNodeAt(sourceFile, m.index!);
    if (node && stringKinds.has(node.kind)) return true;
  }
  return false;
}

const stringKinds: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
]);

/**
 * How `sourceFile` uses the module `target` (a file name): not at all; by name ("named": named
 * imports or re-exports, or a namespace only read as `ns.x`); whole, re-exported (`export *`,
 * tsc's `__exportStar(require(...))`); or in a way whose names it does not show ("opaque": a
 * dynamic `import()`, a path handed to something else, a namespace passed on).
 */
export function importOf(sourceFile: SourceFile, target: string, dependencies: ReadonlySet<string> | undefined): "none" | "named" | "whole" | "opaque" {
  const wanted = withoutExtension(target);
  const dir = dirname(sourceFile.fileName);
  if (aliasImportOf(sourceFile, target, dependencies)) return "opaque";
  let use: "none" | "named" | "whole" = "none";
  for (const m of sourceFile.text.matchAll(/(["'`])(\.{1,2}(?:\/[^"'`\n]*)?)\1/g)) {
    const resolved = withoutExtension(resolve(dir, m[2]!));
    if (resolved !== wanted && `${resolved}/index` !== wanted) continue;
    const literal = deepestNodeAt(sourceFile, m.index!);
    // In a comment (the trivia before the node there): `// import { f } from "./helper.js"`.
    if (literal && m.index! < literal.getStart(sourceFile)) continue;
    if (!literal || (literal.kind !== SyntaxKind.StringLiteral && literal.kind !== SyntaxKind.NoSubstitutionTemplateLiteral)) return "opaque";
    const kind = specifierUse(literal);
    if (kind === "opaque") return "opaque";
    if (kind === "whole") use = "whole";
    else if (use === "none") use = "named";
  }
  return use;
}

/**
 * A module specifier that may be a path alias of `target` (`@/lib/helper`, `src/lib/helper`: the
 * tsconfig's `paths` or `baseUrl`): not relative, not a declared package or a builtin, and its last
 * segment the module's word. Which module it names is not read: taken as an import of any use.
 */
function aliasImportOf(sourceFile: SourceFile, target: string, dependencies: ReadonlySet<string> | undefined): boolean {
  const word = moduleWord(target);
  for (const m of sourceFile.text.matchAll(/(["'`])([^"'`\n.][^"'`\n]*\/[^"'`\n]*)\1/g)) {
    const spec = m[2]!;
    const segments = spec.split("/");
    const last = withoutExtension(segments[segments.length - 1]!);
    if (last !== word && !(last === "index" && segments[segments.length - 2] === word)) continue;
    if (isBuiltin(spec) || dependencies?.has(packageNameOf(spec))) continue;
    const literal = deepestNodeAt(sourceFile, m.index!);
    const parent = literal?.parent;
    if (parent && (parent.kind === SyntaxKind.ImportDeclaration || parent.kind === SyntaxKind.ExportDeclaration || parent.kind === SyntaxKind.CallExpression))
      return true;
  }
  return false;
}

/** What the statement around a module specifier does with the module (see `importOf`). */
function specifierUse(literal: Node): "named" | "whole" | "opaque" {
  const parent = literal.parent;
  if (!parent) return "opaque";
  if (parent.kind === SyntaxKind.ImportDeclaration) {
    const clause = (parent as unknown as { importClause?: Node }).importClause;
    if (!clause) return "named";
    const whole = [(clause as unknown as { name?: Node }).name];
    const bindings = (clause as unknown as { namedBindings?: Node }).namedBindings;
    if (bindings?.kind === SyntaxKind.NamespaceImport) whole.push((bindings as unknown as { name: Node }).name);
    return whole.every(local => !local || onlyReadAsNamespace(local)) ? "named" : "opaque";
  }
  if (parent.kind === SyntaxKind.ExportDeclaration) {
    const clause = (parent as unknown as { exportClause?: Node }).exportClause;
    return !clause || clause.kind === SyntaxKind.NamespaceExport ? "whole" : "named";
  }
  if (parent.kind !== SyntaxKind.CallExpression || textOf((parent as unknown as { expression: Node }).expression) !== "require") return "opaque";
  // `require("./x")`, maybe wrapped by tsc's helpers.
  let outer = parent.parent;
  if (outer?.kind === SyntaxKind.CallExpression) {
    const helper = textOf((outer as unknown as { expression: Node }).expression) ?? "";
    if (helper === "__exportStar") return "whole";
    if (helper !== "__importStar" && helper !== "__importDefault") return "opaque";
    outer = outer.parent;
  }
  if (outer?.kind !== SyntaxKind.VariableDeclaration) return "opaque";
  const name = (outer as unknown as { name: Node }).name;
  if (name.kind === SyntaxKind.ObjectBindingPattern) return "named";
  return name.kind === SyntaxKind.Identifier && onlyReadAsNamespace(name) ? "named" : "opaque";
}

/** Every other use of the local name `ns` in its file is `ns.x`: the names it reads are written there. */
function onlyReadAsNamespace(local: Node): boolean {
  const name = textOf(local);
  if (!name) return false;
  for (const id of identifiersNamedIn(local.getSourceFile(), name)) {
    if (id === local) continue;
    const parent = id.parent;
    if (parent?.kind !== SyntaxKind.PropertyAccessExpression || (parent as unknown as { expression: Node }).expression !== id) return false;
  }
  return true;
}

/** The word an import of this file contains: `helper` for `src/helper.js`, the folder's name for an `index` file. */
export function moduleWord(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  const base = parts[parts.length - 1]!.replace(/\.[^.]*$/, "").replace(/\.d$/, "");
  return base === "index" && parts.length > 1 ? parts[parts.length - 2]! : base;
}
