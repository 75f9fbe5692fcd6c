// Whether a glob lists one folder or a tree, read from its pattern (unbounded-concurrency's
// listing evidence): the literal at the call, or, when the call names its pattern, every value the
// code shows that name can hold (a constant, the argument of the helper call the trace came
// through, what every caller in the project passes). Syntax only.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { boundNames } from "../../analysis/binding-names";
import { isDeclaredFunction } from "../../analysis/function-visibility";
import { nameCallersUse } from "../../analysis/function-names";
import type { ProjectFiles } from "../../analysis/project-files";
import { assignedTarget, calleeParts, forEachDescendant, isConstList, sameNode, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { fileGrows } from "./grown-names";
import { projectCalls } from "./caller-arguments";
import { findDeclaration } from "./fan-out";

const globMagic = /[*?[{(!]/;

/** The arguments of the calls a trace followed into project functions, innermost first. */
export interface BoundArguments {
  fn: Node;
  values: readonly Node[];
  outer: BoundArguments | undefined;
}

/** Where a glob call was met: inside helpers followed from calls (`args`), in a project whose callers can be read. */
export interface PatternScope {
  args: BoundArguments | undefined;
  project: ProjectFiles | undefined;
}

/** How many names, arguments and callers a pattern is followed through. */
const maxValueDepth = 8;
/** Callers' callers read at most this far (each hop reads other files). */
const maxCallerHops = 2;
/** More calls than this: too many to read them all, and one unread call could pass a tree. */
const maxCalls = 16;

/**
 * A glob call whose pattern, readable by syntax, matches in one folder: no `**`, and wildcards in
 * its last path segment only (`path.join(cache, "*(content-*|index-*)")`, `\`${dir}/*.json\``, an
 * exact name). Like a flat `readdir`, it lists that folder's entries, often a handful the program
 * fixes. A pattern held by a name counts when every value the code gives it is such a pattern:
 * `const cssGlobs = ["static/css/*.css"]`, a helper's `globs` parameter at the call the trace came
 * through, and a parameter of a declared function at every call of it in the project (session 32:
 * a build's few output chunks, `findFiles(dir, globs)` called with its callers' one-folder
 * patterns, 2 false). Patterns it cannot read (a value with no such source, a function nothing in
 * the project calls, a substitution after the last `/`) and patterns that descend (a `**`, or a
 * wildcard in a folder of the path) stay a tree.
 */
export function globOfOneFolder(call: CallExpression, name: string, scope: PatternScope): boolean {
  if (!/glob|^fg$/i.test(name) && name !== "sync") return false;
  const first = call.arguments[0];
  const patterns = first ? patternValues(first, scope.args, scope.project, { depth: 0, hops: 0 }) : undefined;
  return (
    !!patterns &&
    patterns.length > 0 &&
    patterns.every(p => {
      const tail = patternTail(p);
      return tail !== undefined && oneFolder(tail);
    })
  );
}

/** The pattern expressions `node` can be (array elements spread out, names followed), or undefined when one of them cannot be read. */
function patternValues(
  node: Node,
  args: BoundArguments | undefined,
  project: ProjectFiles | undefined,
  at: { depth: number; hops: number },
): Node[] | undefined {
  if (at.depth > maxValueDepth) return undefined;
  const deeper = { ...at, depth: at.depth + 1 };
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.ArrayLiteralExpression) {
    const values: Node[] = [];
    for (const e of (n as unknown as { elements: readonly Node[] }).elements) {
      const found = patternValues(e.kind === SyntaxKind.SpreadElement ? (e as unknown as { expression: Node }).expression : e, args, project, deeper);
      if (!found) return undefined;
      values.push(...found);
    }
    return values;
  }
  if (n.kind !== SyntaxKind.Identifier) return [n];
  const name = textOf(n)!;
  // A list the file grows (`globs.push("**/*.md")`) holds more than its literal.
  if (fileGrows(n.getSourceFile(), name)) return undefined;
  // A constant: its initializer (a `let` can be given other values).
  const decl = findDeclaration(n, name);
  if (decl)
    return decl.name.kind === SyntaxKind.Identifier && isConstList(decl.parent) && decl.initializer
      ? patternValues(decl.initializer, args, project, deeper)
      : undefined;
  for (let p: Node | undefined = n.parent; p; p = p.parent) {
    if (!isFunctionLike(p)) continue;
    const parameters = (p as unknown as { parameters: readonly { name: Node; dotDotDotToken?: Node; initializer?: Node }[] }).parameters;
    const param = parameters.find(q => boundNames(q.name).includes(name));
    if (!param) continue;
    // A parameter the function assigns (`pattern = "**/*"`) holds more than what it was passed.
    if (param.name.kind !== SyntaxKind.Identifier || param.dotDotDotToken || assignsTo(p, name)) return undefined;
    const index = parameters.indexOf(param);
    // Inside a helper followed from a call: that call's argument (or the default it leaves).
    if (args && sameNode(args.fn, p)) {
      const passed = args.values[index] ?? param.initializer;
      return passed ? patternValues(passed, args.values[index] ? args.outer : args, project, deeper) : undefined;
    }
    return isDeclaredFunction(p) ? callersPass(p, index, param.initializer, project, deeper) : undefined;
  }
  return undefined;
}

/** Whether `fn`'s body writes the name (`x = ...`, `x += ...`), nested functions included. */
function assignsTo(fn: Node, name: string): boolean {
  const body = (fn as unknown as { body?: Node }).body;
  let found = false;
  if (body)
    forEachDescendant(body, n => {
      if (!found && textOf(assignedTarget(n)) === name) found = true;
    });
  return found;
}

/** The patterns every call of `fn` in the project passes at a parameter; undefined when one cannot be read or nothing calls it. */
function callersPass(
  fn: Node,
  index: number,
  initializer: Node | undefined,
  project: ProjectFiles | undefined,
  at: { depth: number; hops: number },
): Node[] | undefined {
  const fnName = nameCallersUse(fn);
  if (!project || !fnName || at.hops >= maxCallerHops) return undefined;
  const calls = projectCalls(fn, fnName, project, maxCalls + 1);
  if (!calls) return undefined;
  const values: Node[] = [];
  let count = 0;
  for (const { call } of calls) {
    if (count >= maxCalls) return undefined;
    // A call spreading its arguments (`fn(...xs)`) passes what the rule cannot line up.
    if (call.arguments.some(a => a.kind === SyntaxKind.SpreadElement)) return undefined;
    const passed = call.arguments[index] ?? initializer;
    const found = passed && patternValues(passed, undefined, project, { depth: at.depth, hops: at.hops + 1 });
    if (!found) return undefined;
    values.push(...found);
    count++;
  }
  return count ? values : undefined;
}

/** The part of a pattern after its last unknown part, when every unknown part is a folder (ends before a `/`); undefined when unreadable. */
function patternTail(p: Node): string | undefined {
  if (p.kind === SyntaxKind.StringLiteral || p.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return textOf(p);
  if (p.kind === SyntaxKind.TemplateExpression) {
    const spans = (p as unknown as { head: { text: string }; templateSpans: readonly { literal: { text: string } }[] }).templateSpans;
    const head = (p as unknown as { head: { text: string } }).head.text;
    if (globMagic.test(head) || spans.some((s, i) => !s.literal.text.startsWith("/") || (i < spans.length - 1 && globMagic.test(s.literal.text))))
      return undefined;
    return spans[spans.length - 1]!.literal.text;
  }
  if (p.kind === SyntaxKind.CallExpression && /^(join|joinPath|resolve)$/.test(calleeParts((p as CallExpression).expression)?.nameNode.text ?? "")) {
    const args = (p as CallExpression).arguments;
    const last = args.length ? skipOuterExpressions(args[args.length - 1]!) : undefined;
    if (!last || (last.kind !== SyntaxKind.StringLiteral && last.kind !== SyntaxKind.NoSubstitutionTemplateLiteral)) return undefined;
    // The folders before it: names, or literals without wildcards.
    const folders = args.slice(0, -1).map(a => skipOuterExpressions(a));
    if (
      folders.some(f =>
        f.kind === SyntaxKind.StringLiteral || f.kind === SyntaxKind.NoSubstitutionTemplateLiteral
          ? globMagic.test(textOf(f) ?? "")
          : f.kind !== SyntaxKind.Identifier && f.kind !== SyntaxKind.PropertyAccessExpression,
      )
    )
      return undefined;
    return textOf(last);
  }
  return undefined;
}

/** Wildcards in the last segment at most, and no `**`. */
function oneFolder(pattern: string): boolean {
  if (pattern.includes("**")) return false;
  const segments = pattern.split("/");
  return segments.slice(0, -1).every(s => !globMagic.test(s));
}
