// A blocking call behind an option that every serving caller's options object leaves out (session
// 32, round 44):
//   export async function runLoop(options) {
//     ...
//     if (options.fixMode === "design") execSync("lsof ...");           // only `fix --design` sets it
//     if (options.visualValidation && ...) await runVisualValidation(options.cwd, ...);
//   }
//   // a pool's task, per task:
//   const loopOptions = { task, cwd, agent, commit: false };            // no fixMode, no visualValidation
//   await runLoop(loopOptions);
// The branch runs only when a property of the options parameter is set; the calls that run in
// concurrent work (a pool's task, a fan-out item, a handler) pass an object written right there
// without it, and the call that sets it is a one-shot command's. So on every path from concurrent
// work the branch never runs. Found on the tuning set: an agent-loop CLI's design-mode clean-up and
// visual check (6 findings, judged false: its parallel and swarm modes build their loop options
// without those modes). The converse, per caller and across files, of omitted-argument.ts.
//
// Decided from syntax, asked only for a report whose evidence was found through callers (its basis
// has `@`): walking up from the call to its function's callers in the project (startup-callers.ts
// callsOf, the calls the evidence search reads), each call must be
//   - quiet where it is (no evidence of concurrent work there: startup-paths.ts isQuietAt), or a
//     memoized or once-guarded call; or
//   - one that leaves out a property the code on the way needs: the code runs only in the
//     then-branch of an `if`, after `&&`, or in the `?` branch whose test needs `p.name` to be truthy
//     (or `=== "literal"`), `p` a parameter of the function without default, rest or destructuring,
//     only ever read as `p.x` there (never assigned, passed on or destructured: nothing can set the
//     property on the way), and the call passes, at its index, an object literal without that
//     property or a spread, a `const` of the calling function set to one and only read (`v.x`) or
//     passed there, a call of a function of the file whose every `return` is such a literal, or no
//     argument at all; or
//   - a call whose own code needs such a property of its function's parameter, whose callers are
//     then walked the same way (up to five calls up).
// At least one call must leave the property out (otherwise the search found nothing the evidence
// search did not). A public method of an exported class (the package's users call it, with any
// options), serving code of its own (a handler, a fan-out item, a function with request
// parameters: called from outside the project too), a function passed or stored anywhere, callers
// in too many files, or none at all, end the walk: reported as before.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isMemoizedLoad, isOnceGuarded } from "../../analysis/memoized-load";
import { isPublicApiMethod, type StartupCallers } from "../../analysis/run-mode/startup-callers";
import type { StartupPaths } from "../../analysis/run-mode/startup-paths";
import { servingKindOf } from "../../analysis/run-mode/serving-evidence";
import { testsTruthyAround } from "./omitted-argument";
import { identifiersNamedIn, declarationsSeenFrom } from "../../analysis/identifiers-by-text";
import {
  assignedTarget,
  everyUseBySpelling,
  forEachDescendant,
  isConstList,
  memberName,
  objectMembers,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";

/** A property of the parameter at `index` that code needs to be set. */
type Need = { index: number; property: string };

/** How many calls up the walk goes, and how many calls it reads in all. */
const maxHops = 5;
const maxCalls = 60;

/** Whether `site`, in `owner`, runs only with an option that every serving caller's options object leaves out (see the file comment). */
export function runsOnlyWithOptionCallersLeaveOut(site: Node, owner: FunctionLike, paths: StartupPaths): boolean {
  const callers = paths.callersInProject();
  if (!callers) return false;
  const walk = { calls: maxCalls, leftOut: false };
  return unreachableFromServing(owner, needsAt(site, owner), callers, 0, walk, new Set()) && walk.leftOut;
}

function unreachableFromServing(
  fn: FunctionLike,
  needs: readonly Need[],
  callers: StartupCallers,
  hops: number,
  walk: { calls: number; leftOut: boolean },
  onPath: Set<FunctionLike>,
): boolean {
  // Serving code of its own (a handler, a fan-out item, request parameters) is called from outside, with anything.
  if (hops > maxHops || onPath.has(fn) || isPublicApiMethod(fn) || servingKindOf(fn)) return false;
  const calls = callers.callsOf(fn);
  if (!calls?.length) return false;
  walk.calls -= calls.length;
  if (walk.calls < 0) return false;
  onPath.add(fn);
  try {
    for (const { call, paths } of calls) {
      if (needs.some(need => leavesOut(call, need))) {
        walk.leftOut = true;
        continue;
      }
      if (isMemoizedLoad(call) || isOnceGuarded(call) || paths.isQuietAt(call)) continue;
      const owner = paths.ownerOf(call);
      if (owner.kind === SyntaxKind.SourceFile) return false;
      if (!unreachableFromServing(owner as FunctionLike, needsAt(call, owner as FunctionLike), callers, hops + 1, walk, onPath)) return false;
    }
    return true;
  } finally {
    onPath.delete(fn);
  }
}

/** The properties of `fn`'s read-only parameters that the tests of `fn`'s own code around `site` need set. */
function needsAt(site: Node, fn: FunctionLike): Need[] {
  const parameters = readOnlyParameters(fn);
  const needs: Need[] = [];
  if (parameters.size) for (const test of testsTruthyAround(site, fn)) addNeeds(test, parameters, needs);
  return needs;
}

/** `p.a`, `p?.a.b`, `p.a === "x"`, and each side of a `&&` of them: true only when `p.a` is set. */
function addNeeds(test: Node, parameters: ReadonlyMap<string, number>, needs: Need[]): void {
  const t = skipOuterExpressions(test);
  if (t.kind === SyntaxKind.BinaryExpression) {
    const b = t as unknown as { left: Node; right: Node; operatorToken: Node };
    const operator = b.operatorToken.kind;
    if (operator === SyntaxKind.AmpersandAmpersandToken) {
      addNeeds(b.left, parameters, needs);
      addNeeds(b.right, parameters, needs);
    } else if (operator === SyntaxKind.EqualsEqualsEqualsToken || operator === SyntaxKind.EqualsEqualsToken) {
      if (isDefinedLiteral(b.right)) addProperty(b.left, parameters, needs);
      else if (isDefinedLiteral(b.left)) addProperty(b.right, parameters, needs);
    }
    return;
  }
  addProperty(t, parameters, needs);
}

/** `p.a`, or an access further down it (`p.a.b`, `p?.a.length`): needs `p.a` set. */
function addProperty(expression: Node, parameters: ReadonlyMap<string, number>, needs: Need[]): void {
  let access = skipOuterExpressions(expression);
  if (access.kind !== SyntaxKind.PropertyAccessExpression) return;
  for (;;) {
    const inner = skipOuterExpressions((access as unknown as { expression: Node }).expression);
    if (inner.kind !== SyntaxKind.PropertyAccessExpression) break;
    access = inner;
  }
  const root = skipOuterExpressions((access as unknown as { expression: Node }).expression);
  const index = root.kind === SyntaxKind.Identifier ? parameters.get(textOf(root)!) : undefined;
  const property = textOf((access as unknown as { name: Node }).name);
  if (index !== undefined && property) needs.push({ index, property });
}

/** A string, number or `true` literal: what an unset property (undefined) never equals. */
function isDefinedLiteral(node: Node): boolean {
  const k = skipOuterExpressions(node).kind;
  return k === SyntaxKind.StringLiteral || k === SyntaxKind.NoSubstitutionTemplateLiteral || k === SyntaxKind.NumericLiteral || k === SyntaxKind.TrueKeyword;
}

/**
 * `fn`'s plain parameters (no default, rest or pattern) whose every use in it is a read of one of
 * their properties (`p.x`, `p?.x`, not assigned, not deleted): by name, with their index.
 */
function readOnlyParameters(fn: FunctionLike): Map<string, number> {
  const found = new Map<string, number>();
  const parameters = (fn as unknown as { parameters?: readonly Node[] }).parameters ?? [];
  parameters.forEach((parameter, index) => {
    const p = parameter as unknown as { name: Node; initializer?: Node; dotDotDotToken?: Node };
    if (p.initializer || p.dotDotDotToken || p.name.kind !== SyntaxKind.Identifier) return;
    if (everyUseBySpelling(p.name, fn, isPropertyRead)) found.set(textOf(p.name)!, index);
  });
  return found;
}

/**
 * `v.x` (also `v?.x`, `v.onDone(...)`) read, not written or deleted. A callback kept in the options
 * and called from them (`options.onIterationComplete(...)`) is read too: that it sets another
 * option of its own `this` is not how options objects are used.
 */
function isPropertyRead(use: Node): boolean {
  const access = use.parent;
  if (!access || access.kind !== SyntaxKind.PropertyAccessExpression || (access as unknown as { expression: Node }).expression !== use) return false;
  let outer: Node = access;
  while (outer.parent && (outer.parent.kind === SyntaxKind.ParenthesizedExpression || outer.parent.kind === SyntaxKind.NonNullExpression)) outer = outer.parent;
  const parent = outer.parent;
  return !parent || (assignedTarget(parent) !== access && parent.kind !== SyntaxKind.DeleteExpression);
}

/** Whether `call` passes, as the parameter at `need.index`, nothing or an object without `need.property`. */
function leavesOut(call: Node, need: Need): boolean {
  if (call.kind !== SyntaxKind.CallExpression && call.kind !== SyntaxKind.NewExpression) return false;
  const args = (call as unknown as { arguments?: readonly Node[] }).arguments ?? [];
  if (args.slice(0, need.index + 1).some(a => a.kind === SyntaxKind.SpreadElement)) return false;
  const argument = args[need.index];
  return !argument || objectWithout(argument, need.property, true);
}

/** An object literal without the property (or a spread), a read-only `const` set to one, or a call of a file's function returning only such literals. */
function objectWithout(expression: Node, property: string, followNames: boolean): boolean {
  const value = skipOuterExpressions(expression);
  if (value.kind === SyntaxKind.ObjectLiteralExpression) return literalWithout(value, property);
  if (!followNames) return false;
  if (value.kind === SyntaxKind.Identifier) {
    const seen = declarationsSeenFrom(value, textOf(value)!);
    if (seen.length !== 1) return false;
    const { declaration, scope } = seen[0]!;
    const { name, initializer } = declaration as unknown as { name: Node; initializer?: Node };
    if (!isConstList(declaration.parent) || !initializer || !objectWithout(initializer, property, false)) return false;
    return everyUseBySpelling(name, scope ?? declaration.getSourceFile(), use => use === value || isPropertyRead(use));
  }
  if (value.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((value as unknown as { expression: Node }).expression);
    const factory = callee.kind === SyntaxKind.Identifier ? fileFunctionNamed(callee) : undefined;
    return !!factory && returnsOnlyObjectsWithout(factory, property);
  }
  return false;
}

function literalWithout(literal: Node, property: string): boolean {
  return objectMembers(literal).every(member => {
    if (member.kind === SyntaxKind.SpreadAssignment) return false;
    const name = memberName(member);
    return name !== undefined && name !== property;
  });
}

/** The one function the file declares under this name (`function f`, `const f = () => ...`), seen from `ref`. */
function fileFunctionNamed(ref: Node): FunctionLike | undefined {
  const name = textOf(ref)!;
  const declared: FunctionLike[] = [];
  for (const id of identifiersNamedIn(ref.getSourceFile(), name)) {
    const d = id.parent;
    if (!d || (d as unknown as { name?: Node }).name !== id) continue;
    if (d.kind === SyntaxKind.FunctionDeclaration) declared.push(d as FunctionLike);
    else if (d.kind === SyntaxKind.VariableDeclaration || d.kind === SyntaxKind.Parameter || d.kind === SyntaxKind.BindingElement) {
      const init = (d as unknown as { initializer?: Node }).initializer;
      const value = init && skipOuterExpressions(init);
      if (d.kind === SyntaxKind.VariableDeclaration && isConstList(d.parent) && value && isFunctionLike(value)) declared.push(value as FunctionLike);
      else return undefined;
    }
  }
  return declared.length === 1 ? declared[0] : undefined;
}

/** A plain function (not async, not a generator) whose every `return` (or expression body) is an object literal without the property. */
function returnsOnlyObjectsWithout(fn: FunctionLike, property: string): boolean {
  const f = fn as unknown as { body?: Node; asteriskToken?: Node };
  if (!f.body || f.asteriskToken || isAsyncFunction(fn)) return false;
  if (f.body.kind !== SyntaxKind.Block) return objectWithout(f.body, property, false);
  let returns = 0;
  let every = true;
  forEachDescendant(
    f.body,
    n => {
      if (n.kind !== SyntaxKind.ReturnStatement) return;
      returns++;
      const value = (n as unknown as { expression?: Node }).expression;
      if (!value || !objectWithout(value, property, false)) every = false;
    },
    true,
  );
  return returns > 0 && every;
}
