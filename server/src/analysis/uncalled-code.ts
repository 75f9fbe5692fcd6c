// Code nothing can call: a function that neither the package's own code nor its users can reach
// never runs, so what it would do wrong (a request without a timeout, missing-timeout's first use;
// a retry with no backoff; a blocking call on a serving path; a race's timer left running) never happens. In any module, a module-level function the module neither exports nor uses is
// such a function. For one it exports, that is known only where the package closes its modules (a command-line
// program, or an `exports` field that names each subpath: package-dependencies.ts
// closesDeepImports): a module-level function of a module the package's code imports, that its
// module does not use, and that none of the modules importing it names (not in an import, a
// re-export, a call or a string), carried whole by no `export *` whose own importers name it.
//
// A module nothing imports stays reported (but in a package with `bin`: isDeadModule, rounds 24
// and 51): it may be an entry whose source the package's entry
// paths (`dist/...`) do not name, or a file loaded by path (a command folder, a worker, a child
// process). So does a module imported by path another way (`import()`, `require.resolve`), or one
// whose namespace is handed on whole, and a method (a class's instances may be handed to a
// library that calls the method by name: compiled JavaScript drops the `implements` that says so),
// except in a command-line program, whose users import no module: there a static method, an
// instance method of a class that extends nothing, and a property of a module-level object literal
// that nothing in the project names never run (uncalled-members.ts, round 26). Round 29: also in a
// program whose every entry starts it when loaded (`(() => new Adapter())()`, a service adapter's
// `main`, also in compact mode: `programEntries`), when no entry exports the class or object, and
// no code reads the class's members by a computed name (`this[step]()`, `this.session[step]()`).
//
// A function's value put in a module-level object's property that no code reads (round 28:
// `export const Analytics = { sendEvent, trackAction }` read only as `Analytics.trackAction`, in a
// package that closes its modules and does not hand the object out) is no use of it: the function
// is uncalled when nothing else names it, and its own calls are its only callers otherwise
// (`inUnreadProperty`, asked by `PromiseUse`).
import { SyntaxKind, type Block, type CallExpression, type Node, type SourceFile } from "./typescript";
import { type FunctionLike } from "./async-context";
import { deepestNodeAt, identifiersNamedIn } from "./identifiers-by-text";
import { callArguments, enclosingFunction, isPropertyName, skipOuterExpressions, textOf } from "./syntax";
import type { FileAnalysis } from "../rules/rule";
import type { ProjectFiles } from "./project-files";
import { DeclaredDependencies } from "./package-dependencies";
import { isPublicFunction } from "./function-visibility";
import {
  classReadByComputedName,
  isOwnClassMethod,
  isOwnExport,
  isUncalledMethod,
  isUnreachedProperty,
  maxFiles,
  memberPath,
  moduleClassMethod,
  namesAsString,
  objectPropertyPath,
} from "./uncalled-members";
import { instancesHeldPrivately } from "./private-holders";
import { lineMapOf } from "./positions";
import type { Range } from "./findings";
import { entrySource, importOf, mentionsOf, projectModules } from "./module-mentions";
import { hasCommands, isDeadModule } from "./dead-modules";

/** How many `export *` modules deep a module's exports are followed. */
const maxCarriers = 4;

/** Per function, and for the module itself (its source file): whether nothing can call it. */
type UncalledAnswers = Map<FunctionLike | SourceFile, boolean>;

/**
 * The answers of one file for one project snapshot (`ProjectFiles` is made anew when the snapshot
 * changes: another file's edit may change them), under the package facts they were read with
 * (`factsKey`). A file with no project is answered from its own text only.
 */
const answersByProject = new WeakMap<object, WeakMap<SourceFile, { facts: string; answers: UncalledAnswers }>>();
const noProject = {};

/**
 * Whether `node` lies in code nothing can call (see the file comment): in a module-level function, a
 * method of a module-level class or a function property of a module-level object literal (the
 * nearest one around `node`) that neither the package's code nor its users can reach, or anywhere in
 * a module no entry reaches. Answered once per function for every rule that asks.
 */
export function inUncalledCode(fa: FileAnalysis, node: Node): boolean {
  let byFile = answersByProject.get(fa.project ?? noProject);
  if (!byFile) answersByProject.set(fa.project ?? noProject, (byFile = new WeakMap()));
  const facts = factsKey(fa);
  let entry = byFile.get(fa.sourceFile);
  if (!entry || entry.facts !== facts) byFile.set(fa.sourceFile, (entry = { facts, answers: new Map() }));
  return inUncalledFunction(fa, node, entry.answers);
}

/**
 * Round 45: whether `node` lies in an instance method of a library's class that its users cannot
 * reach and the project does not call: the package closes its modules, the class's module is no
 * entry, other modules import it by name only (carried whole by no `export *`, and imported at all:
 * a module nothing imports may be the entry's source), every instance of the class is held in a
 * private field of another class (private-holders.ts), and the method is uncalled
 * (`isUncalledMethod`). Asked by race-timeout-leak only, for now (a generated API client behind a
 * facade: the endpoints the facade does not wrap never run).
 */
export function inUncalledHeldMethod(fa: FileAnalysis, node: Node): boolean {
  const project = fa.project;
  if (!project || !fa.inClosedPackage || fa.isPackageEntry) return false;
  let fn = enclosingFunction(node);
  while (fn && !moduleClassMethod(fn)) fn = enclosingFunction(fn);
  const name = fn && isOwnClassMethod(fn) ? className(fn) : undefined;
  if (!fn || !name) return false;
  const mentions = mentionsOf(project, fa.fileName);
  if (!mentions?.some(m => m.use === "named") || mentions.some(m => m.use === "whole" || m.use === "opaque")) return false;
  return isUncalledMethod(project, fn) && instancesHeldPrivately(project, fn.parent!, name);
}

/** The package facts of the file the answers depend on (a `package.json` edit may change them). */
function factsKey(fa: FileAnalysis): string {
  const deps = fa.dependencies instanceof DeclaredDependencies ? fa.dependencies : undefined;
  return JSON.stringify([
    fa.inClosedPackage,
    fa.isPackageEntry,
    fa.inCommandLineOnlyPackage,
    fa.packageDir,
    fa.packageEntries,
    deps?.hasCommands,
    deps?.opensDeepImports,
    [...(deps?.configPathNames ?? [])],
  ]);
}

function inUncalledFunction(fa: FileAnalysis, node: Node, answers: UncalledAnswers): boolean {
  const closed = fa.inClosedPackage && !fa.isPackageEntry && fa.project;
  if ((closed || hasCommands(fa)) && !fa.isPackageEntry && fa.project) {
    // The same for every call of the file; reading the importers once per lint is enough.
    let dead = answers.get(fa.sourceFile);
    if (dead === undefined) answers.set(fa.sourceFile, (dead = isDeadModule(fa.project!, fa.fileName)));
    if (dead) return true;
  }
  let entries: readonly FileAnalysis[] | null | undefined;
  const program = () => (entries === undefined ? (entries = programEntries(fa) ?? null) : entries) !== null;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    let answer = answers.get(fn);
    if (answer !== undefined) return answer;
    let path: string[] | undefined;
    const declared = moduleFunction(fn);
    if (declared) answer = isPrivateAndUnused(fa, fn, declared) || (!!closed && isUnreferenced(fa.project!, fa, fn, declared));
    else if (moduleClassMethod(fn) === "static" && program())
      answer =
        isNamedNowhereElse(fa.project!, fn) && !classReadByComputedName(fa.project!, fn.parent!) && !exportedByEntry(entries!, fa.sourceFile, className(fn));
    else if (isOwnClassMethod(fn) && program()) answer = isUncalledMethod(fa.project!, fn) && !exportedByEntry(entries!, fa.sourceFile, className(fn));
    else if ((path = objectPropertyPath(fn)) && program())
      answer = isUnreachedProperty(fa.project!, fn, path) && !exportedByEntry(entries!, fa.sourceFile, path[0]);
    else continue;
    answers.set(fn, answer);
    return answer;
  }
  return false;
}

/**
 * Whether a function used as a value at `range` of `fileName` is put where no code can read it
 * (round 28): a shorthand `{ f }` or a property's value `{ key: f }` of a module-level `const` object
 * literal (`export const Analytics = { sendEvent, trackAction }`) whose property no chain of reads
 * of the object's name reaches (`Analytics.trackAction(...)` leaves the path), named in no string
 * (uncalled-members.ts `isUnreachedProperty`). Only where the object cannot reach the package's
 * users: a command-line program, or a package that closes its modules (`exports` naming each
 * subpath) when the object's module is not an entry, is imported by other modules of the package,
 * each by name (not carried whole by `export *`, nor in a way whose names it does not show), and no
 * module but its own exports the object. The function's calls are then its only callers
 * (`PromiseUse`'s `unreadValue`): a telemetry sender whose callers all drop its promise waits for
 * nobody, although the analytics object also lists it; and a function with no call that only such a
 * property names is uncalled (`isPrivateAndUnused`, `isUnreferenced`).
 */
export function inUnreadProperty(project: ProjectFiles, fileName: string, range: Range): boolean {
  const analysis = project.analysisOf(fileName);
  const id = analysis && deepestNodeAt(analysis.sourceFile, lineMapOf(analysis.sourceFile.text).offsetAt(range.start));
  return !!id && isUnreadValue(project, analysis, id);
}

/** The identifier `id` of the file `analysis` is a function's value in an object property no code reads (see `inUnreadProperty`). */
function isUnreadValue(project: ProjectFiles, analysis: FileAnalysis, id: Node): boolean {
  if (!analysis.inClosedPackage || analysis.isPackageEntry || id.kind !== SyntaxKind.Identifier) return false;
  const member = id.parent;
  if (!member) return false;
  if (
    member.kind !== SyntaxKind.ShorthandPropertyAssignment &&
    (member.kind !== SyntaxKind.PropertyAssignment || (member as unknown as { initializer: Node }).initializer !== id)
  )
    return false;
  const path = memberPath(member);
  if (!path) return false;
  if (analysis.inCommandLineOnlyPackage) return isUnreachedProperty(project, member, path, { value: id });
  return importedOnlyByName(project, analysis.fileName) && isUnreachedProperty(project, member, path, { value: id, exportedOnlyAtHome: true });
}

/** Other modules import the module, every one by name: none carries it whole (`export *`) or in a way whose names it does not show. */
function importedOnlyByName(project: ProjectFiles, fileName: string): boolean {
  const mentions = mentionsOf(project, fileName);
  if (!mentions) return false;
  let importers = 0;
  for (const { use } of mentions) {
    if (use === "whole" || use === "opaque") return false;
    if (use === "named") importers++;
  }
  return importers > 0;
}

/**
 * A module-level function its module neither exports nor uses (in any package, open or closed, and
 * in an entry too): no other module can reach a binding its module does not export. Only in a
 * module (a script's top-level functions are globals other scripts may call); a same-named property
 * (`this.f()`, `{ f: 1 }`, a method `f()`) is not a use of the binding, any other identifier is.
 */
function isPrivateAndUnused(fa: FileAnalysis, fn: FunctionLike, declared: Node): boolean {
  const home = fa.sourceFile;
  if (declared.parent?.kind === SyntaxKind.PropertyAccessExpression) return false; // `exports.f = ...`
  if (isPublicFunction(fn) || !isModule(home)) return false;
  const name = textOf(declared);
  if (!name || namesAsString(home, name)) return false;
  for (const id of identifiersNamedIn(home, name)) {
    if (id === declared || (id.pos >= fn.pos && id.end <= fn.end)) continue;
    if (!isPropertyName(id) && !(fa.project && isUnreadValue(fa.project, fa, id))) return false;
  }
  return true;
}

/** ES module syntax, or CommonJS's `require`/`exports`: a file whose top-level bindings are its own. */
function isModule(sourceFile: SourceFile): boolean {
  if ((sourceFile as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator) return true;
  return /(?<![\w$.])(require\s*\(|module\.exports\b|exports\.[\w$]+\s*=)/.test(sourceFile.text);
}

/** A module-level function and the name node that declares it: `function f`, `const f = () => ...`, `exports.f = ...`. */
function moduleFunction(fn: FunctionLike): Node | undefined {
  const parent = fn.parent;
  if (fn.kind === SyntaxKind.FunctionDeclaration) {
    const name = (fn as unknown as { name?: Node }).name;
    if (parent?.kind !== SyntaxKind.SourceFile || !name || /^\s*export\s+default\b/.test(fn.getText())) return undefined;
    return name;
  }
  if (parent?.kind === SyntaxKind.VariableDeclaration) {
    const name = (parent as unknown as { name: Node; initializer?: Node }).name;
    const statement = parent.parent?.parent;
    if ((parent as unknown as { initializer?: Node }).initializer !== fn || name.kind !== SyntaxKind.Identifier) return undefined;
    return statement?.kind === SyntaxKind.VariableStatement && statement.parent?.kind === SyntaxKind.SourceFile ? name : undefined;
  }
  if (parent?.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node }).right === fn) {
    const left = (parent as unknown as { left: Node }).left;
    if (parent.parent?.kind !== SyntaxKind.ExpressionStatement || parent.parent.parent?.kind !== SyntaxKind.SourceFile) return undefined;
    if (left.kind !== SyntaxKind.PropertyAccessExpression || !/^(module\.)?exports$/.test((left as unknown as { expression: Node }).expression.getText()))
      return undefined;
    return (left as unknown as { name: Node }).name;
  }
  return undefined;
}

function isUnreferenced(project: ProjectFiles, fa: FileAnalysis, fn: FunctionLike, declared: Node): boolean {
  const home = fa.sourceFile;
  const name = textOf(declared);
  if (!name) return false;
  if (namesAsString(home, name)) return false;
  for (const id of identifiersNamedIn(home, name)) {
    if (id === declared || (id.pos >= fn.pos && id.end <= fn.end)) continue;
    if (!isOwnExport(id) && !isUnreadValue(project, fa, id)) return false;
  }
  // The modules that reach it: the home module, and any that carries it whole (`export *`).
  const carriers = [home.fileName];
  let imported = false;
  for (let i = 0; i < carriers.length; i++) {
    if (i >= maxCarriers) return false;
    const carrier = carriers[i]!;
    if (i > 0 && project.analysisOf(carrier)?.isPackageEntry) return false;
    let importers = 0;
    let deadImporters = 0;
    const mentions = mentionsOf(project, carrier);
    if (!mentions) return false;
    for (const { file, analysis: other, use } of mentions) {
      if (use === "none") continue;
      if (use === "opaque") return false;
      // A module no entry reaches: what it imports and calls never runs.
      if (other.inCommandLineOnlyPackage && isDeadModule(project, file)) {
        deadImporters++;
        continue;
      }
      importers++;
      if (use === "whole") {
        if (!carriers.includes(file)) carriers.push(file);
        continue;
      }
      if (identifiersNamedIn(other.sourceFile, name).length > 0 || namesAsString(other.sourceFile, name)) return false;
    }
    // A carrier nothing imports may be the package's entry (its source, which the entry paths do
    // not name); one that only unreachable modules import is not (their package's entries are known).
    if (importers === 0 && deadImporters === 0) return false;
    imported = true;
  }
  return imported;
}

/** The name of a method's class. */
function className(method: FunctionLike): string | undefined {
  return textOf((method.parent as unknown as { name?: Node }).name);
}

/**
 * The file's package is a program, whose users import no module: a command-line program (only
 * `bin`: package-dependencies.ts isCommandLineOnly; no entry to read, `[]`), or, round 29, a
 * package each of whose entries is a module of the project that starts the program when it is
 * loaded (`startsItself`; those entries). Undefined otherwise, and in an entry's own file (its
 * exports are what a host or a user gets).
 */
function programEntries(fa: FileAnalysis): readonly FileAnalysis[] | undefined {
  const project = fa.project;
  if (!project || fa.isPackageEntry) return undefined;
  if (fa.inCommandLineOnlyPackage) return fa.inClosedPackage ? [] : undefined;
  const paths = fa.packageEntries ?? [];
  if (!paths.length) return undefined;
  const modules = projectModules(project);
  const entries: FileAnalysis[] = [];
  for (const path of paths) {
    const source = entrySource(path, fa.packageDir, modules);
    const analysis = source ? project.analysisOf(modules.get(source)!) : undefined;
    if (!analysis || !startsItself(analysis)) return undefined;
    entries.push(analysis);
  }
  return entries;
}

/**
 * A program's entry hands `name` (a class, a module-level object) of the module `home` to whoever
 * loads it: it exports it by name (`export { Session } from "./session.js"`, `module.exports = {
 * Session }`), or exports the whole module (`export * from "./session.js"`), or uses the module in a
 * way whose names it does not show. Never for a command-line program (no entry read: `[]`).
 */
function exportedByEntry(entries: readonly FileAnalysis[], home: SourceFile, name: string | undefined): boolean {
  if (!entries.length) return false;
  if (!name) return true;
  return entries.some(entry => {
    if (identifiersNamedIn(entry.sourceFile, name).some(id => isOwnExport(id) || id.parent?.kind === SyntaxKind.ExportSpecifier)) return true;
    const use = importOf(entry.sourceFile, home.fileName, entry.dependencies);
    return use === "whole" || use === "opaque";
  });
}

/**
 * An entry module that makes the program's object when it is loaded and keeps no handle to it: a
 * statement at its top level, or in a branch of a top-level test of `require.main` (a service
 * adapter's compact mode: `if (require.main !== module) module.exports = o => new Adapter(o); else
 * (() => new Adapter())();`), that is `new App(...)` of a class of the project's own (declared in
 * the file or imported by a relative path), also in an arrow or function called at once, or
 * followed by calls on it (`new App().start()`). Loading such a module runs the program: it is
 * nobody's library. A call of a function (`main()`, `init()`) is no such sign: library entries
 * set things up at load too.
 */
function startsItself(analysis: FileAnalysis): boolean {
  return analysis.sourceFile.statements.some(statement => startsProgram(analysis, statement, true));
}

function startsProgram(analysis: FileAnalysis, statement: Node, top: boolean): boolean {
  if (statement.kind === SyntaxKind.ExpressionStatement) return makesOwnObject(analysis, (statement as unknown as { expression: Node }).expression);
  if (!top || statement.kind !== SyntaxKind.IfStatement) return false;
  const s = statement as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
  if (!/\brequire\.main\b/.test(s.expression.getText())) return false;
  return [s.thenStatement, s.elseStatement].some(
    branch => !!branch && (branch.kind === SyntaxKind.Block ? (branch as Block).statements : [branch]).some(inner => startsProgram(analysis, inner, false)),
  );
}

/** `new App(...)` of the project's own class, maybe inside `(() => new App())()` or before `.start()` (see `startsItself`). */
function makesOwnObject(analysis: FileAnalysis, expression: Node): boolean {
  const e = skipOuterExpressions(expression);
  if (e.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((e as unknown as { expression: Node }).expression);
    if (callee.kind === SyntaxKind.PropertyAccessExpression) return makesOwnObject(analysis, (callee as unknown as { expression: Node }).expression);
    if ((callee.kind !== SyntaxKind.ArrowFunction && callee.kind !== SyntaxKind.FunctionExpression) || callArguments(e as CallExpression).length) return false;
    const body = (callee as unknown as { body: Node }).body;
    if (body.kind !== SyntaxKind.Block) return makesOwnObject(analysis, body);
    return (body as Block).statements.some(inner => startsProgram(analysis, inner, false));
  }
  if (e.kind !== SyntaxKind.NewExpression) return false;
  const made = skipOuterExpressions((e as unknown as { expression: Node }).expression);
  const name = made.kind === SyntaxKind.Identifier ? textOf(made) : undefined;
  if (!name) return false;
  const binding = analysis.bindings.forLocalName(name);
  if (binding) return binding.module.startsWith(".");
  return analysis.sourceFile.statements.some(st => st.kind === SyntaxKind.ClassDeclaration && textOf((st as unknown as { name?: Node }).name) === name);
}

/**
 * The method's name occurs in no file of the project but as the name of a declared member (this
 * one, an interface's, another class's), and in no string: nothing calls it, by name or by
 * computed name. Asked only in a command-line program, whose users import no module (a library's
 * entry may hand the class to its users). Methods on instances: uncalled-members.ts.
 */
function isNamedNowhereElse(project: ProjectFiles, fn: FunctionLike): boolean {
  const name = textOf((fn as unknown as { name: Node }).name);
  if (!name) return false;
  const files = project.filesMentioningAtMost(name, maxFiles);
  if (!files) return false;
  for (const file of files) {
    const sourceFile = project.analysisOf(file)?.sourceFile;
    if (!sourceFile || namesAsString(sourceFile, name)) return false;
    for (const id of identifiersNamedIn(sourceFile, name)) if (!isPropertyName(id) || id.parent?.kind === SyntaxKind.PropertyAccessExpression) return false;
  }
  return true;
}
