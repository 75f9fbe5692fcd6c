// What the callers of a function pass at one of its parameters: the callers in the same file for
// an internal function, the callers across the project for one other modules can call. A caller
// that passes input makes the parameter input; callers that all pass configuration make it none.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";
import { isStrongSource, type CollectionPolicy, type CollectionSource, type SourceQuestions } from "./source-evidence";
import { nameCallersUse } from "../../analysis/function-names";
import { callLikeCount, callsNamed } from "../../analysis/io/calls-by-name";
import type { ProjectFiles } from "../../analysis/project-files";
import type { FileAnalysis } from "../rule";

/**
 * The calls of an internal function in its own file (`f(...)`, `this.f(...)`), and what they pass
 * at the parameter (for a destructured `{ items }`, the `items` of an object literal argument).
 */
export function internalCallersPass(
  fn: Node,
  param: { name: Node },
  name: string,
  policy: CollectionPolicy | undefined,
  next: (n: Node | undefined) => CollectionSource | undefined,
): CollectionSource | undefined {
  const fnName = nameCallersUse(fn);
  const index = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters.indexOf(param);
  if (!fnName || index < 0) return undefined;
  // A caller that passes strong evidence wins over one that passes weak evidence.
  let weak: CollectionSource | undefined;
  for (const call of callsNamed(fn.getSourceFile(), fnName).slice(0, 8)) {
    const arg = call.arguments[index];
    if (!arg) continue;
    let passed: Node | undefined = arg;
    if (param.name.kind === SyntaxKind.ObjectBindingPattern) {
      const a = skipOuterExpressions(arg);
      if (a.kind !== SyntaxKind.ObjectLiteralExpression) continue;
      const property = (a as unknown as { properties: readonly Node[] }).properties.find(pr => textOf((pr as unknown as { name?: Node }).name) === name);
      passed =
        property?.kind === SyntaxKind.ShorthandPropertyAssignment
          ? (property as unknown as { name: Node }).name
          : property?.kind === SyntaxKind.PropertyAssignment
            ? (property as unknown as { initializer: Node }).initializer
            : undefined;
    } else if (param.name.kind !== SyntaxKind.Identifier) continue;
    const found = next(passed);
    if (found && isStrongSource({ ...found, through: "callers" }, policy)) return { ...found, through: "callers" };
    weak ??= found && { ...found, through: "callers" };
  }
  return weak;
}

/** More project files than this mention the function's name: too common to read its callers. */
const maxCallerFiles = 40;
/** Callers' callers followed at most this far (each hop reads other files). */
const maxHops = 2;
const testPath = /(^|[\\/])(test|tests|__tests__|__mocks__|fixtures?)[\\/]|\.(test|spec)\.[cm]?[jt]sx?$/;

/**
 * A parameter of a function other modules can call: a list its callers make. On real code the
 * callers in the project were as often the program's own setup (configured matchers, a
 * container's modules, one query's clauses) as input, so the callers are read: a caller that
 * passes input (rows, a listing, a request body, a list of its own callers...) is the evidence.
 * Nothing in the project calling it (an API for the package's users, a command the framework
 * runs), or a name too common to read its callers, keeps the parameter as evidence; callers that
 * all pass something else (object state, configuration, a project getter's result) are none.
 */
export function publicCallersPass(
  fn: Node,
  param: { name: Node },
  name: string,
  id: Node,
  at: { ask: SourceQuestions; hops: number },
  follow: (passed: Node, ask: SourceQuestions) => CollectionSource | undefined,
): CollectionSource | undefined {
  const caller: CollectionSource = { kind: "caller", node: id };
  const project = at.ask.project;
  const fnName = nameCallersUse(fn);
  const index = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters.indexOf(param);
  if (!project || !fnName || index < 0) return { ...caller, unread: "no-project" };
  if (at.hops >= maxHops) return undefined;
  const found = projectCalls(fn, fnName, project, 8);
  if (!found) return { ...caller, unread: "too-many-callers" };
  let calls = 0;
  // A caller that passes strong evidence wins over one that passes weak evidence.
  let weak: CollectionSource | undefined;
  for (const { call, fa } of found) {
    const passed = argumentFor(call, index, param, name);
    if (!passed) continue;
    calls++;
    // Syntax only (rows by a read's name): phase 1 asked the checker nothing about these calls.
    const ask: SourceQuestions = {
      callKind: () => undefined,
      moduleOf: fa ? n => fa.bindings.forLocalName(n)?.module : at.ask.moduleOf,
      project,
      ...(at.ask.policy ? { policy: at.ask.policy } : {}),
    };
    const source = follow(passed, ask);
    if (source && isStrongSource({ ...source, through: "callers" }, at.ask.policy)) return { ...source, through: "callers" };
    weak ??= source && { ...source, through: "callers" };
  }
  return calls ? weak : { ...caller, unread: "no-callers" };
}

/**
 * The calls of `fn` in the project's files that mention its name (at most `perFile` a file), with the
 * analysis of the file when it is not `fn`'s own; none from tests (they do not run in production)
 * nor `fn`'s own recursive calls (they pass what it already has). Undefined when more files than
 * `maxCallerFiles` mention the name: too common to read.
 */
export function projectCalls(
  fn: Node,
  fnName: string,
  project: ProjectFiles,
  perFile: number,
): Iterable<{ call: CallExpression; fa: FileAnalysis | undefined }> | undefined {
  const files = project.filesMentioningAtMost(fnName, maxCallerFiles);
  return files && callsIn(files, fn, fnName, project, perFile);
}

function* callsIn(
  files: readonly string[],
  fn: Node,
  fnName: string,
  project: ProjectFiles,
  perFile: number,
): Generator<{ call: CallExpression; fa: FileAnalysis | undefined }> {
  for (const fileName of files) {
    const home = fileName === fn.getSourceFile().fileName;
    // Calls from tests do not run in production (the path below the folder both files share).
    if (testPath.test(fileName.slice(sharedFolderLength(fileName, fn.getSourceFile().fileName)))) continue;
    const fa = home ? undefined : project.analysisOf(fileName);
    const sourceFile = home ? fn.getSourceFile() : fa?.sourceFile;
    if (!sourceFile) continue;
    // The linted file is walked for calls only when its text shows one besides the declaration:
    // a walk builds every node of the file.
    const declaredByName = fn.kind === SyntaxKind.FunctionDeclaration || fn.kind === SyntaxKind.MethodDeclaration;
    if (home && callLikeCount((sourceFile as unknown as { text: string }).text, fnName) <= (declaredByName ? 1 : 0)) continue;
    for (const call of callsNamed(sourceFile, fnName).slice(0, perFile)) {
      if (home && contains(fn, call)) continue;
      yield { call, fa };
    }
  }
}

function sharedFolderLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.lastIndexOf("/", i - 1) + 1;
}

/** What a call passes at a parameter (for a destructured `{ items }`, the `items` of an object literal argument). */
function argumentFor(call: CallExpression, index: number, param: { name: Node }, name: string): Node | undefined {
  const arg = call.arguments[index];
  if (!arg) return undefined;
  if (param.name.kind === SyntaxKind.Identifier) return arg;
  if (param.name.kind !== SyntaxKind.ObjectBindingPattern) return undefined;
  const a = skipOuterExpressions(arg);
  if (a.kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
  const property = (a as unknown as { properties: readonly Node[] }).properties.find(pr => textOf((pr as unknown as { name?: Node }).name) === name);
  return property?.kind === SyntaxKind.ShorthandPropertyAssignment
    ? (property as unknown as { name: Node }).name
    : property?.kind === SyntaxKind.PropertyAssignment
      ? (property as unknown as { initializer: Node }).initializer
      : undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}
