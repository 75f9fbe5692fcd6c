// A signal no caller gives. A function only its own file can call (a private method, a function
// the module neither exports nor hands out) whose every call passes nothing where its signal (or
// the options that hold it) would go, and whose parameter has no default giving one, has no signal
// at run time: `options.signal` is always undefined there, so there is nothing to forward, and a
// finding would ask for a signal that does not exist.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import type { FunctionLike } from "../../analysis/async-context";
import { callArguments, memberName, nodeField as get, objectMembers, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { isDeclaredFunction, isPublicFunction } from "../../analysis/function-visibility";
import { nameCallersUse } from "../../analysis/function-names";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";

/**
 * Every use of the function in its file is a call (`f(x)`, `this.f(x)`) that leaves the
 * parameter holding `signal` out, or passes `undefined` or an options literal without `signal`
 * there, and no default of the parameter gives one. At least one call; any other use
 * (`export { f }`, `f.bind(this)`, a callback handed on, a spread argument) may give it a signal,
 * and keeps the function's calls reported.
 */
export function signalNeverGiven(fn: FunctionLike, signal: string): boolean {
  const index = signalParameterIndex(fn, signal);
  if (index === undefined || !isDeclaredFunction(fn) || isPublicFunction(fn)) return false;
  const name = nameCallersUse(fn);
  if (!name) return false;
  const declared = get<Node | undefined>(fn, "name") ?? get<Node | undefined>(fn.parent, "name");
  let calls = 0;
  for (const id of identifiersNamedIn(fn.getSourceFile(), name)) {
    if (id === declared) continue;
    const call = callNamedBy(id);
    if (!call) return false;
    const args = callArguments(call);
    if (args.some(a => a.kind === SyntaxKind.SpreadElement) || gives(args[index])) return false;
    calls++;
  }
  return calls > 0;
}

/**
 * Which argument holds the signal: `signal`, `{ signal }`, or `options` of `options.signal`
 * (a leading TypeScript `this:` parameter is no argument). Undefined when there is none, or when
 * a default gives the signal whatever the callers pass (`signal = AbortSignal.timeout(ms)`,
 * `options = { signal: ... }`, `{ signal = ... }`).
 */
function signalParameterIndex(fn: FunctionLike, signal: string): number | undefined {
  const holder = signal.endsWith(".signal") ? signal.slice(0, -".signal".length) : undefined;
  const parameters = get<readonly Node[]>(fn, "parameters") ?? [];
  const skipped = parameters[0] && textOf(get(parameters[0], "name")) === "this" ? 1 : 0;
  for (let i = skipped; i < parameters.length; i++) {
    const parameter = parameters[i]!;
    const name = get<Node>(parameter, "name");
    const element =
      name.kind === SyntaxKind.ObjectBindingPattern ? get<readonly Node[]>(name, "elements").find(e => textOf(get(e, "name")) === signal) : undefined;
    if (!element && !(name.kind === SyntaxKind.Identifier && (textOf(name) === signal || textOf(name) === holder))) continue;
    if (gives(get<Node | undefined>(parameter, "initializer")) || gives(element && get<Node | undefined>(element, "initializer"))) return undefined;
    return i - skipped;
  }
  return undefined;
}

/** The call whose callee the identifier names (`f(...)`, `this.f(...)`, `obj.f(...)`), or undefined. */
function callNamedBy(id: Node): Node | undefined {
  let callee: Node = id;
  if (id.parent?.kind === SyntaxKind.PropertyAccessExpression && get(id.parent, "name") === id) callee = id.parent;
  while (callee.parent?.kind === SyntaxKind.ParenthesizedExpression || callee.parent?.kind === SyntaxKind.NonNullExpression) callee = callee.parent;
  const parent = callee.parent;
  return parent?.kind === SyntaxKind.CallExpression && get(parent, "expression") === callee ? parent : undefined;
}

/** The argument may carry a signal: anything but nothing, `undefined`, or an options literal without `signal` and without spreads. */
function gives(argument: Node | undefined): boolean {
  if (!argument) return false;
  const a = skipOuterExpressions(argument);
  if (a.kind === SyntaxKind.Identifier && textOf(a) === "undefined") return false;
  if (a.kind === SyntaxKind.VoidExpression) return false;
  if (a.kind !== SyntaxKind.ObjectLiteralExpression) return true;
  return objectMembers(a).some(m => m.kind === SyntaxKind.SpreadAssignment || memberName(m) === undefined || memberName(m) === "signal");
}
