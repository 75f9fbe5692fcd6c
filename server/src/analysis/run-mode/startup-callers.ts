// Start-up code across files: a function other files may call (exported, or a public method) is
// start-up code when every call of it in the project runs in start-up code (startup-paths.ts,
// judged in the calling file, recursively up to a few files deep) or at most once (memoized
// loads, "done" flags). Found on real code: the template loader that only the app builder of
// another file calls, a configuration resolver called by the dev server's `createServer`.
//
// The callers are found by name, then judged by syntax: the project files whose text mentions
// the name, and in them every identifier with that name. Anything that is not a call or an
// import/export of it (passed as a value, stored, renamed on export) means it may run at any
// time: not start-up. Same-named functions elsewhere only add calls to judge, so a name match
// errs towards reporting. No caller at all (called by a framework, or not at all) is not
// start-up either. Calls from test files do not count (they do not run in production).
import { ModifierFlags, SyntaxKind, type Node } from "../typescript";
import { isFunctionLike, type FunctionLike } from "../async-context";
import { indirectCallTarget, isPropertyName } from "../syntax";
import { isMemoizedLoad, isOnceGuarded } from "../memoized-load";
import type { ProjectFiles } from "../project-files";
import type { StartupPaths } from "./startup-paths";
import { classNameOf } from "./function-names";
import { callsOtherClassMethod } from "./receiver-class";
import { extendsPackageClass } from "./package-base-class";
import { isOnceRegistration, isRegisteredHandler } from "./serving-evidence";
import { boundCallOf } from "./file-local-calls";
import { isKeptForTests } from "./kept-for-tests";
import { endsInItsCallersTurn } from "./one-pass-paths";
import { declarationsSeenFrom } from "../identifiers-by-text";
import type { FileAnalysis } from "../../rules/rule";

/** More files than this mention the name: too common a name to judge; not start-up. */
const maxFiles = 40;
/** How many cross-file questions may be open at once (a caller's caller's caller...). */
const maxDepth = 4;

const text = (node: Node | undefined): string | undefined => (node as unknown as { text?: string } | undefined)?.text;

export class StartupCallers {
  private readonly pathsByFile = new Map<string, StartupPaths | undefined>();
  private readonly analyses = new Map<string, FileAnalysis | undefined>();
  private depth = 0;
  /** Evidence mode: the evidence behind the last quietInProject answer that was no. */
  lastWhy: string | undefined;
  /** Where that evidence is (startup-paths.ts evidencePlaceAt), when known. */
  lastPlace: Node | undefined;

  constructor(
    private readonly project: ProjectFiles,
    /** The file being linted: its own analysis, not a second one. */
    private readonly home: FileAnalysis,
    private readonly makePaths: (fa: FileAnalysis, callers: StartupCallers) => StartupPaths,
    /** Files whose calls do not count (tests). */
    private readonly ignoreFile: (fileName: string) => boolean,
    /**
     * Files of one-shot programs (a `scripts/` folder): their calls show no concurrent work, but
     * a method they call is not one "nothing in the project calls" (quietInProject).
     */
    private readonly oneShotFile: (fileName: string) => boolean = () => false,
  ) {}

  /** Start-up paths of a file, sharing this object so that answers about other files are cached too. */
  pathsOf(fileName: string): StartupPaths | undefined {
    if (!this.pathsByFile.has(fileName)) {
      const fa = fileName === this.home.fileName ? this.home : this.project.analysisOf(fileName);
      this.analyses.set(fileName, fa);
      this.pathsByFile.set(fileName, fa && this.makePaths(fa, this));
    }
    return this.pathsByFile.get(fileName);
  }

  /**
   * Evidence mode (startup-paths.ts): whether no call of `fn` in the project runs in code that
   * serves concurrent work. A caller that serves, or a reference that registers `fn` as a handler,
   * is evidence; so is no caller at all when `fn` is a public method of a class (`exported`: the
   * project's users call it; exported functions too with `uncalledFunctionsServe`; neither
   * without `uncalledCounts`, the rule's `requireConcurrencyEvidence`: nothing calling it in the
   * project is no evidence that anything runs concurrently). A name too common to judge, or
   * callers too far away, show nothing.
   */
  quietInProject(fn: FunctionLike, exported: boolean, uncalledFunctionsServe: boolean, uncalledCounts = true): boolean {
    const name = callableName(fn);
    if (!name || this.depth >= maxDepth) return true;
    let files = this.project.filesMentioning(name);
    // A common word: a function (not a method) is only called where its module is imported, and the
    // import names the module's file.
    if (files.length > maxFiles && !isMethod(fn)) {
      const home = fn.getSourceFile().fileName;
      const importers = new Set(this.project.filesMentioning(moduleWord(home)));
      files = files.filter(f => f === home || importers.has(f));
    }
    // Too common a name to read its callers (measured: reporting public methods here added only
    // false findings on the tuning set): no evidence.
    if (files.length > maxFiles) return true;
    this.depth++;
    try {
      let calls = 0;
      for (const found of this.referencesIn(files, fn, name, true)) {
        if (found === unreadable) continue;
        const { ref, paths, fa } = found;
        // A call from a one-shot program of the project (a `scripts/` file, whose own findings the
        // rule leaves alone): a call, so not a method only the project's users call, and one that
        // shows no concurrent work. Found on the tuning set: an adapter's backup steps in
        // `lib/scripts/` uploading each archive through a client class, one after another.
        if (found.oneShot) {
          if (isMethod(fn) && callsOtherClassMethod(ref, classNameOf(fn), this.project)) continue;
          if (typeof useOf(ref, fn) !== "string" && (isMethod(fn) || reachesThroughModule(ref, fa))) calls++;
          continue;
        }
        // A function (not a method) is reached as `ns.name` only through a module bound here
        // (`import * as ns`, `const ns = require(...)`): `page.prerender()` is another function.
        if (!isMethod(fn) && !reachesThroughModule(ref, fa)) continue;
        // `session.run()` on `const session = new Session()`: another class's method of the same name.
        if (isMethod(fn) && callsOtherClassMethod(ref, classNameOf(fn), this.project)) continue;
        const use = useOf(ref, fn);
        if (use === "ignore") {
          exported ||= isExportOf(ref);
          continue;
        }
        if (use === "escapes") {
          const value = isPropertyName(ref) && ref.parent?.kind === SyntaxKind.PropertyAccessExpression ? ref.parent : ref;
          if (isRegisteredHandler(value)) {
            this.lastWhy = "registered-in-other-file";
            this.lastPlace = ref;
            return false;
          }
          // Registered as the listener of an event that happens once (`this.api.on("didFinishLaunching",
          // this.launch)`, also `.bind(this)`): that registration is its one call, not its users' calls.
          const bound = boundCallOf(value);
          if (isOnceRegistration(value) || (bound && isOnceRegistration(bound))) calls++;
          continue;
        }
        calls++;
        if (isMemoizedLoad(use) || isOnceGuarded(use)) continue;
        if (!paths.isQuietAt(use)) {
          const why = paths.evidenceAt(use);
          if (!paths.countsForCallees(why)) continue; // see StartupPaths.isWeak
          this.lastWhy = "x<" + why;
          this.lastPlace = paths.evidencePlaceAt(use);
          return false;
        }
      }
      // A public method of a class nothing in the project calls: the project's users call it, per
      // session or job of theirs (a client's, a driver's, a launcher's). An exported function or an
      // object literal's method nothing calls is as often an entry point that runs once (a
      // command, a plugin factory or hook, a build step): no evidence, unless the option says so.
      if ((!isPublicApiMethod(fn) && !uncalledFunctionsServe) || !uncalledCounts) exported = false;
      // Kept for tests, by its own comment: its tests call it, not the project's users (kept-for-tests.ts).
      if (exported && calls === 0 && isKeptForTests(fn)) exported = false;
      // (Session 28) Async in name only, by default: it waits for nothing and returns no promise
      // (one-pass-paths.ts endsInItsCallersTurn), so its users' calls run it to its end in their
      // turn, as they run a synchronous method, which nothing calling shows nothing of either.
      if (exported && calls === 0 && !uncalledFunctionsServe && endsInItsCallersTurn(fn)) exported = false;
      if (!(calls > 0 || !exported)) {
        this.lastWhy = isClassMember(fn) ? uncalledMethod : uncalledExport;
        this.lastPlace = fn;
      }
      return calls > 0 || !exported;
    } finally {
      this.depth--;
    }
  }

  /**
   * Every call of `fn` in the project (test and `scripts/` files aside), each with the start-up
   * paths of its file, found and filtered like quietInProject's; undefined when a reference lets it
   * escape (passed, stored, exported under another name), a file cannot be read, or the name is too
   * common to judge. An import or export of it is no call.
   */
  callsOf(fn: FunctionLike): { call: Node; paths: StartupPaths }[] | undefined {
    const name = callableName(fn);
    if (!name) return undefined;
    let files = this.project.filesMentioning(name);
    if (files.length > maxFiles && !isMethod(fn)) {
      const importers = new Set(this.project.filesMentioning(moduleWord(fn.getSourceFile().fileName)));
      files = files.filter(f => f === fn.getSourceFile().fileName || importers.has(f));
    }
    if (files.length > maxFiles) return undefined;
    const calls: { call: Node; paths: StartupPaths }[] = [];
    for (const found of this.referencesIn(files, fn, name)) {
      if (found === unreadable) return undefined;
      const { ref, paths, fa } = found;
      if (!isMethod(fn) && !reachesThroughModule(ref, fa)) continue;
      if (isMethod(fn) && callsOtherClassMethod(ref, classNameOf(fn), this.project)) continue;
      const use = useOf(ref, fn);
      if (use === "escapes") return undefined;
      if (use !== "ignore") calls.push({ call: use, paths });
    }
    return calls;
  }

  /**
   * Whether nothing in the project calls `fn` or hands it on (registers it, stores it, exports it
   * under another name): the files that mention its name, judged like quietInProject's callers,
   * where an import or an `export` of it is no use. A name too common to judge, or a function
   * without one, is taken as used.
   */
  isUnreferenced(fn: FunctionLike): boolean {
    const name = callableName(fn);
    if (!name) return false;
    const files = this.project.filesMentioningAtMost(name, maxFiles);
    if (!files) return false;
    for (const found of this.referencesIn(files, fn, name)) {
      if (found === unreadable) return false;
      const { ref, fa } = found;
      if (!isMethod(fn) && !reachesThroughModule(ref, fa)) continue;
      if (isShadowed(ref, name)) continue;
      if (useOf(ref, fn) !== "ignore") return false;
    }
    return true;
  }

  /** Whether every call of `fn` (a function other files may call) in the project runs in start-up code. */
  onlyStartupCalls(fn: FunctionLike): boolean {
    const name = callableName(fn);
    if (!name || this.depth >= maxDepth) return false;
    const files = this.project.filesMentioningAtMost(name, maxFiles);
    if (!files) return false;
    this.depth++;
    try {
      let calls = 0;
      for (const found of this.referencesIn(files, fn, name)) {
        if (found === unreadable) return false;
        const use = useOf(found.ref, fn);
        if (use === "ignore") continue;
        if (use === "escapes") return false;
        if (!isStartupCall(found.paths, use)) return false;
        calls++;
      }
      return calls > 0;
    } finally {
      this.depth--;
    }
  }
  /**
   * The identifiers in `files` that may name `fn`, read lazily (callers stop at the first that
   * decides), or `unreadable` for a file whose paths cannot be made. In another file a plain
   * `name` is the function only where the file imports it: else it is that file's own variable,
   * parameter or function of the same name. A method is only reached through `x.name`.
   */
  private *referencesIn(
    files: readonly string[],
    fn: FunctionLike,
    name: string,
    withOneShot = false,
  ): Generator<{ ref: Node; paths: StartupPaths; fa: FileAnalysis; oneShot?: boolean } | typeof unreadable> {
    for (const fileName of files) {
      if (this.ignoreFile(fileName)) continue;
      const oneShot = this.oneShotFile(fileName);
      if (oneShot && !withOneShot) continue;
      const paths = this.pathsOf(fileName);
      const fa = this.analyses.get(fileName);
      if (!paths || !fa) {
        yield unreadable;
        continue;
      }
      const seesIt = !isMethod(fn) && (fa.sourceFile === fn.getSourceFile() || !!fa.bindings.forLocalName(name));
      for (const ref of paths.identifiersNamed(name)) if (seesIt || isPropertyName(ref)) yield oneShot ? { ref, paths, fa, oneShot } : { ref, paths, fa };
    }
  }
}

/** A file of the project whose start-up paths could not be made. */
const unreadable = Symbol("unreadable file");

const uncalledMethod = "uncalled-public-class-method";
const uncalledExport = "uncalled-export";

/** The evidence a public entry point nothing in the project calls gives. */
export function uncalledWhy(fn: FunctionLike): string {
  return isClassMember(fn) ? uncalledMethod : uncalledExport;
}

/**
 * Evidence that counts for the code in that function, not for its callees: "nothing in the project
 * calls it", and a repeating timer's callback. On the tuning set, what timer callbacks called were
 * one-time steps (a daemon restarting itself, shutting down), 0 of 4 true.
 */
export function isOwnBodyEvidence(why: string | undefined): boolean {
  return why === uncalledMethod || why === uncalledExport || why === "handler:setInterval";
}

/** A plain reference, or `ns.name` where `ns` names a module this file imports or requires. */
function reachesThroughModule(ref: Node, fa: FileAnalysis): boolean {
  const parent = ref.parent;
  if (parent?.kind !== SyntaxKind.PropertyAccessExpression || (parent as unknown as { name: Node }).name !== ref) return true;
  const receiver = (parent as unknown as { expression: Node }).expression;
  if (receiver.kind !== SyntaxKind.Identifier) return /^(module\.)?exports$/.test(receiver.getText());
  const receiverName = text(receiver);
  return receiverName === "exports" || (!!receiverName && !!fa.bindings.forLocalName(receiverName));
}

/** `export { f }`, `module.exports = { f }`, `exports.f = f`: makes it callable from other files. */
function isExportOf(ref: Node): boolean {
  const parent = ref.parent;
  if (!parent) return false;
  if (parent.kind === SyntaxKind.ExportSpecifier || parent.kind === SyntaxKind.ExportAssignment) return true;
  return (
    (parent.kind === SyntaxKind.ShorthandPropertyAssignment || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.BinaryExpression) &&
    isExported(ref)
  );
}

/** The word an import of this file contains: `sync` for `src/sync.js`, the folder's name for an `index` file. */
function moduleWord(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  const base = parts[parts.length - 1]!.replace(/\.[^.]*$/, "").replace(/\.d$/, "");
  return base === "index" && parts.length > 1 ? parts[parts.length - 2]! : base;
}

/**
 * A method of a class the module exports (`export class`, `export { C }`, `exports.C = C`,
 * `module.exports = C`): the project's users can call it. A class kept in its module, or
 * declared inside a function, is only handed to a library whose base class calls its methods
 * (a builder host's `resolveBuilder()`), when it needs them: no evidence of repeated work.
 */
export function isInExportedClass(fn: FunctionLike): boolean {
  const container = fn.parent?.kind === SyntaxKind.PropertyDeclaration ? fn.parent.parent : fn.parent;
  if (!container || container.kind !== SyntaxKind.ClassDeclaration || container.parent?.kind !== SyntaxKind.SourceFile) return false;
  if (((container as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export) return true;
  const name = text((container as unknown as { name?: Node }).name);
  if (!name) return false;
  const escaped = name.replace(/\$/g, "\\$");
  return new RegExp(`(\\bexport\\s*(default\\s+${escaped}\\b|\\{[^}]*\\b${escaped}\\b)|\\bexports(\\.[\\w$]+)?\\s*=[^;]{0,2000}?\\b${escaped}\\b)`).test(
    container.parent.getText(),
  );
}

/**
 * A public method of an exported class that is the project's own API: not a plugin of another
 * package (package-base-class.ts). Nothing in the project calling it is evidence that its users do.
 */
export function isPublicApiMethod(fn: FunctionLike): boolean {
  return isClassMember(fn) && isInExportedClass(fn) && !extendsPackageClass(fn);
}

/** A method (or function-valued field) of a class. */
export function isClassMember(fn: FunctionLike): boolean {
  const container = fn.parent?.kind === SyntaxKind.PropertyDeclaration ? fn.parent.parent : fn.parent;
  return isMethod(fn) && !!container && (container.kind === SyntaxKind.ClassDeclaration || container.kind === SyntaxKind.ClassExpression);
}

function isMethod(fn: FunctionLike): boolean {
  const k = fn.kind,
    pk = fn.parent?.kind;
  return (
    k === SyntaxKind.MethodDeclaration ||
    k === SyntaxKind.GetAccessor ||
    k === SyntaxKind.SetAccessor ||
    pk === SyntaxKind.PropertyDeclaration ||
    pk === SyntaxKind.PropertyAssignment
  );
}

function isStartupCall(paths: StartupPaths, call: Node): boolean {
  return (paths.isStartup(paths.ownerOf(call)) && paths.callRunsAlone(call)) || isMemoizedLoad(call) || isOnceGuarded(call);
}

/** The name other files call it by: `export function f`, `export const f = ...`, `exports.f = ...`, a method's name. */
function callableName(fn: FunctionLike): string | undefined {
  const own = (fn as unknown as { name?: Node }).name;
  if (own && own.kind === SyntaxKind.Identifier) return text(own);
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.PropertyDeclaration) {
    const name = (parent as unknown as { name: Node }).name;
    return name.kind === SyntaxKind.Identifier ? text(name) : undefined;
  }
  if (parent.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node }).right === fn) {
    const left = (parent as unknown as { left: Node }).left;
    if (left.kind === SyntaxKind.PropertyAccessExpression) return text((left as unknown as { name: Node }).name);
  }
  return undefined;
}

/** What a reference to the name does: a call (returned), nothing that runs it, or lets it escape. */
function useOf(ref: Node, fn: FunctionLike): Node | "ignore" | "escapes" {
  const parent = ref.parent;
  if (!parent) return "ignore";
  if ((fn as unknown as { name?: Node }).name === ref) return "ignore";
  // Recursion decides nothing.
  if (ref.getSourceFile() === fn.getSourceFile() && ref.pos >= fn.pos && ref.end <= fn.end) return "ignore";
  const call = calledBy(ref);
  if (call) return call;
  switch (parent.kind) {
    case SyntaxKind.ImportSpecifier:
    case SyntaxKind.ImportClause:
    case SyntaxKind.NamespaceImport:
    case SyntaxKind.ImportEqualsDeclaration:
    case SyntaxKind.TypeQuery:
    case SyntaxKind.TypeReference:
    case SyntaxKind.QualifiedName:
    case SyntaxKind.ExpressionWithTypeArguments:
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.MethodSignature:
    case SyntaxKind.PropertySignature:
    case SyntaxKind.Parameter:
    case SyntaxKind.PropertyDeclaration:
    case SyntaxKind.ClassDeclaration:
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
      return "ignore";
    case SyntaxKind.VariableDeclaration:
    case SyntaxKind.BindingElement:
      // A declaration of the name (`const { f } = require("./x")`), not a use of its value.
      return (parent as unknown as { name: Node }).name === ref ? "ignore" : isExported(parent) ? "ignore" : "escapes";
    case SyntaxKind.ExportSpecifier: {
      const renamed = (parent as unknown as { propertyName?: Node }).propertyName;
      return !renamed || text(renamed) === text((parent as unknown as { name: Node }).name) ? "ignore" : "escapes";
    }
    case SyntaxKind.PropertyAssignment:
      if ((parent as unknown as { name: Node }).name === ref) return "ignore";
      return isExported(parent) ? "ignore" : "escapes";
    case SyntaxKind.ShorthandPropertyAssignment:
      return isExported(parent) ? "ignore" : "escapes";
    case SyntaxKind.PropertyAccessExpression:
      // `exports.f = ...`, `Cls.prototype.f = ...`: defines it. Reading `x.f` otherwise passes it on.
      if ((parent as unknown as { name: Node }).name === ref) return isAssignedTo(parent) ? "ignore" : "escapes";
      return "escapes";
    case SyntaxKind.BinaryExpression:
      return isExported(ref) ? "ignore" : "escapes";
    case SyntaxKind.ExportAssignment:
      return "ignore";
    default:
      return "escapes";
  }
}

/** Part of `module.exports = ...` / `exports.x = ...` / `export default ...`: exporting, not calling. */
function isExported(node: Node): boolean {
  for (let n: Node | undefined = node; n; n = n.parent) {
    if (n.kind === SyntaxKind.ExportAssignment) return true;
    if (n.kind === SyntaxKind.BinaryExpression && (n as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken) {
      const left = (n as unknown as { left: Node }).left.getText();
      return /^(module\.)?exports\b/.test(left);
    }
    if (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.SourceFile) return false;
  }
  return false;
}

function isAssignedTo(access: Node): boolean {
  const p = access.parent;
  return (
    !!p &&
    p.kind === SyntaxKind.BinaryExpression &&
    (p as unknown as { left: Node }).left === access &&
    (p as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken
  );
}

/** The call that `ref` is the callee of (`f(...)`, `x.f(...)`, `await f(...)`), or undefined. */
export function calledBy(ref: Node): Node | undefined {
  let callee: Node = ref.parent?.kind === SyntaxKind.PropertyAccessExpression && (ref.parent as unknown as { name: Node }).name === ref ? ref.parent : ref;
  while (
    callee.parent?.kind === SyntaxKind.ParenthesizedExpression ||
    callee.parent?.kind === SyntaxKind.NonNullExpression ||
    (callee.parent && indirectCallTarget(callee.parent) === callee)
  )
    callee = callee.parent;
  const parent = callee.parent;
  return parent &&
    (parent.kind === SyntaxKind.CallExpression || parent.kind === SyntaxKind.NewExpression) &&
    (parent as unknown as { expression: Node }).expression === callee
    ? parent
    : undefined;
}

/**
 * `ref` names a parameter or local variable of a function around it (`navigationFallback` the
 * option object inside `isExcluded(path, navigationFallback)`), not the function of that name.
 */
function isShadowed(ref: Node, name: string): boolean {
  for (let n = ref.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const parameters = (n as unknown as { parameters?: readonly Node[] }).parameters ?? [];
    if (parameters.some(p => text((p as unknown as { name: Node }).name) === name)) return true;
  }
  return declarationsSeenFrom(ref, name).some(d => d.scope !== undefined);
}
