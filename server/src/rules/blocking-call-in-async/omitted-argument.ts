// A call that leaves out the argument every blocking call of its callee needs (session 31, round 43):
//   function mutateEmbedNode(node, target, opts) {
//     const { url, targetFile, sourceFile } = opts ?? {};
//     ...
//     if (targetFile && sourceFile) { ... if (fs.existsSync(abs)) ... }
//   }
//   mutateEmbedNode(node, target);          // no `opts`: the branch, and its existsSync, never run
// The branch runs only when the argument (or a property of it) is there, and this call leaves the
// argument out: on this call the callee blocks nowhere. The converse of absent-argument.ts (a
// fallback that runs only when the argument is missing, and every caller passes it). Found on the
// tuning set: a document tool's embed step calling its node mutator without the file options
// whose image-path check alone blocks (judged false).
//
// Decided from one file's syntax: the callee is declared in the call's file; the call passes fewer
// arguments than the parameter's index (no spread), and the parameter has no default other than
// `{}`; the names that stand for it are the parameter, the names its own destructuring pattern
// binds, and those of `const { a, b } = opts ?? {}` (or `|| {}`, or `= opts`) in the callee's
// body, without defaults, each declared once in the callee and never assigned. Every blocking call
// in the callee, and every call of a project function that may block, must sit in the then-branch
// of an `if` (or after `&&`, or in the `?` branch of a conditional) of the callee's own code whose
// test needs one of those names to be truthy: `if (targetFile && sourceFile)`, `opts.sync && ...`,
// `opts?.cache ? load() : x`. A call that passes the argument, or one that passes fewer arguments
// to a callee that blocks outside such a branch, is reported as before; callers of a synchronous
// function that makes such a call still see the callee's chain (the call graph is not call-site
// sensitive).
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { declaringNode, type ClassifiedCall } from "../../analysis/blocking-calls";
import { assignedTarget, contains, enclosingFunction, forEachDescendant, isConstList, skipOuterExpressions, textOf } from "../../analysis/syntax";

type Absence = "missing" | "empty";

/**
 * Whether `call` of `callee` (a function of this file) leaves out an argument that each of the
 * callee's calls in `fileCalls` that may block needs (see the file comment).
 */
export function blocksOnlyWithOmittedArgument(call: CallExpression, callee: FunctionLike, fileCalls: readonly ClassifiedCall[]): boolean {
  if (call.arguments.some(a => a.kind === SyntaxKind.SpreadElement) || !callee.body) return false;
  const absent = omittedNames(call.arguments.length, callee);
  if (!absent.size) return false;
  const own = declaringNode(callee);
  const blocking = fileCalls.filter(c => !c.intent && (c.blocking || c.target) && contains(own, c.call));
  return blocking.length > 0 && blocking.every(c => guardedByAbsent(c.call, callee, absent));
}

/**
 * The names standing for the parameters at `from` and after, which the call leaves out: "missing"
 * (undefined), or "empty" for a parameter whose default is `{}` (its properties are missing, not it).
 */
function omittedNames(from: number, callee: FunctionLike): Map<string, Absence> {
  const names = new Map<string, Absence>();
  const parameters = (callee as unknown as { parameters: readonly Node[] }).parameters;
  for (const parameter of parameters.slice(from)) {
    const p = parameter as unknown as { name: Node; initializer?: Node; dotDotDotToken?: Node };
    if (p.dotDotDotToken || (p.initializer && !isEmptyObject(p.initializer))) continue;
    if (p.name.kind === SyntaxKind.Identifier) names.set(textOf(p.name)!, p.initializer ? "empty" : "missing");
    else addPatternNames(p.name, names);
  }
  // `const { a, b } = opts ?? {}` in the callee's own code.
  forEachDescendant(
    callee.body!,
    n => {
      if (n.kind !== SyntaxKind.VariableDeclaration || !isConstList(n.parent)) return;
      const { name, initializer } = n as unknown as { name: Node; initializer?: Node };
      if (name.kind !== SyntaxKind.ObjectBindingPattern || !initializer) return;
      const source = sourceOfDefaulted(initializer);
      if (source && names.has(source)) addPatternNames(name, names);
    },
    true,
  );
  // Each name declared once in the callee and never assigned: what it holds is the missing value.
  for (const name of [...names.keys()]) if (!declaredOnceNeverAssigned(callee, name)) names.delete(name);
  return names;
}

/** `opts`, `opts ?? {}`, `opts || {}`: the name of the value destructured. */
function sourceOfDefaulted(initializer: Node): string | undefined {
  const value = skipOuterExpressions(initializer);
  if (value.kind === SyntaxKind.Identifier) return textOf(value);
  if (value.kind !== SyntaxKind.BinaryExpression) return undefined;
  const { left, right, operatorToken } = value as unknown as { left: Node; right: Node; operatorToken: Node };
  const operator = operatorToken.kind;
  if ((operator !== SyntaxKind.QuestionQuestionToken && operator !== SyntaxKind.BarBarToken) || !isEmptyObject(right)) return undefined;
  const source = skipOuterExpressions(left);
  return source.kind === SyntaxKind.Identifier ? textOf(source) : undefined;
}

function isEmptyObject(node: Node): boolean {
  const value = skipOuterExpressions(node);
  return value.kind === SyntaxKind.ObjectLiteralExpression && (value as unknown as { properties: readonly Node[] }).properties.length === 0;
}

/** The names an object pattern binds without a default (`{ a, b: c }` → a, c). */
function addPatternNames(pattern: Node, names: Map<string, Absence>): void {
  if (pattern.kind !== SyntaxKind.ObjectBindingPattern) return;
  for (const element of (pattern as unknown as { elements: readonly Node[] }).elements) {
    const e = element as unknown as { name: Node; initializer?: Node; dotDotDotToken?: Node };
    if (!e.initializer && !e.dotDotDotToken && e.name.kind === SyntaxKind.Identifier) names.set(textOf(e.name)!, "missing");
  }
}

const declarationKinds = new Set([
  SyntaxKind.VariableDeclaration,
  SyntaxKind.Parameter,
  SyntaxKind.BindingElement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.ClassDeclaration,
]);

function declaredOnceNeverAssigned(callee: FunctionLike, name: string): boolean {
  let declarations = 0;
  let assigned = false;
  forEachDescendant(
    callee,
    n => {
      const target = assignedTarget(n);
      if (target?.kind === SyntaxKind.Identifier && textOf(target) === name) assigned = true;
      if (n.kind !== SyntaxKind.Identifier || textOf(n) !== name) return;
      const parent = n.parent;
      if (parent && declarationKinds.has(parent.kind) && (parent as unknown as { name?: Node }).name === n) declarations++;
    },
    false,
  );
  return declarations === 1 && !assigned;
}

/** Whether `node` runs only where a test in the callee's own code needs one of the `absent` names to be truthy. */
function guardedByAbsent(node: Node, callee: FunctionLike, absent: ReadonlyMap<string, Absence>): boolean {
  return testsTruthyAround(node, callee).some(test => needsAbsent(test, absent));
}

/**
 * The tests of `fn`'s own code (not of functions inside it) that are truthy wherever `node` runs:
 * of each `if` whose then-branch holds it, each `?:` whose `?` branch holds it, each `&&` whose
 * right side holds it.
 */
export function testsTruthyAround(node: Node, fn: FunctionLike): Node[] {
  const tests: Node[] = [];
  for (let child: Node = node, p = node.parent; p && p !== fn; child = p, p = p.parent) {
    if (isFunctionLike(p) || enclosingFunction(p) !== fn) continue;
    if (p.kind === SyntaxKind.IfStatement && (p as unknown as { thenStatement: Node }).thenStatement === child)
      tests.push((p as unknown as { expression: Node }).expression);
    else if (p.kind === SyntaxKind.ConditionalExpression && (p as unknown as { whenTrue: Node }).whenTrue === child)
      tests.push((p as unknown as { condition: Node }).condition);
    else if (p.kind === SyntaxKind.BinaryExpression) {
      const b = p as unknown as { left: Node; right: Node; operatorToken: Node };
      if (b.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken && b.right === child) tests.push(b.left);
    }
  }
  return tests;
}

/** `a`, `a.b`, `a?.b.c`, or a `&&` with one of them: truthy only when `a` is there (`a.b` only when `a` is not `{}`). */
function needsAbsent(test: Node, absent: ReadonlyMap<string, Absence>): boolean {
  const t = skipOuterExpressions(test);
  if (t.kind === SyntaxKind.BinaryExpression) {
    const b = t as unknown as { left: Node; right: Node; operatorToken: Node };
    return b.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken && (needsAbsent(b.left, absent) || needsAbsent(b.right, absent));
  }
  let root = t;
  while (root.kind === SyntaxKind.PropertyAccessExpression || root.kind === SyntaxKind.ElementAccessExpression)
    root = skipOuterExpressions((root as unknown as { expression: Node }).expression);
  const absence = root.kind === SyntaxKind.Identifier ? absent.get(textOf(root)!) : undefined;
  return absence === "missing" || (absence === "empty" && root !== t);
}
