// An end that is the caller's stream: a parameter of the function that pipes (or of one around it
// that runs the function that pipes as its own helper), a name destructured
// from one, or a property of an options object the caller hands in. Its errors are the caller's
// to listen for, so the rule leaves such an end to the caller.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { invocationOf, isFunctionLike } from "../../analysis/async-context";
import { callArguments, forEachDescendant, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { assignsTo, bindsName, lifetimeScope, referenceKey, rootOf } from "./end-names";

/**
 * A parameter of the function that pipes: the caller's stream, whose errors the caller listens for.
 * Also (session 23) a parameter of a function around it, when every function between is a helper
 * the one around it runs itself (`function run(options) { async function start() { ...
 * child.stdout.pipe(options.stdout) } return start() }`): the pipe is part of the outer function's
 * own work. So is a function run where it is written, before the call returns (session 34): a
 * promise's executor (`return new Promise((resolve, reject) => { child.stdout.pipe(output) })`),
 * an array method's callback, an IIFE. A parameter of an outer function piped in a callback (an emitter's listener, a timer) is
 * the outer function's own business, judged like a local: a proxy's client socket piped in the
 * upstream's 'response' listener is not listened to by Node's server that handed it in.
 */
export function isCallersStream(end: Node): boolean {
  const e = skipOuterExpressions(end);
  const innermost = enclosingFunctionOf(e);
  if (!innermost) return false;
  const fn = throughCalledHelpers(innermost, e);
  const isParameter = (name: string) => (get<readonly Node[] | undefined>(fn, "parameters") ?? []).some(p => bindsName(get(p, "name"), name));
  if (e.kind === SyntaxKind.Identifier) {
    const name = textOf(e)!;
    return isParameter(name) || destructuredFromParameter(fn, name, isParameter);
  }
  // `options.out`, `context.stdout`: a stream the caller hands in on an object, also after
  // `options = { ...defaults, ...options }`.
  if (e.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const root = rootOf(e);
  if (root.kind !== SyntaxKind.Identifier || !isParameter(textOf(root)!)) return false;
  return keepsCallersObject(fn, textOf(root)!) && !assignsTo(get<Node>(fn, "body") ?? fn, referenceKey(e) ?? "");
}

/**
 * The function that declares the end's name (or the root of its property path) when it encloses
 * `fn` through helpers each run by the function around it; otherwise `fn` itself.
 */
function throughCalledHelpers(fn: Node, e: Node): Node {
  let home: Node | undefined = lifetimeScope(e);
  while (home && !isFunctionLike(home)) home = home.parent;
  if (!home || home === fn) return fn;
  for (let f: Node | undefined = fn; f !== home; f = enclosingFunctionOf(f)) if (!f || !(calledHelper(f) || runInPlace(f))) return fn;
  return home;
}

function enclosingFunctionOf(n: Node): Node | undefined {
  let f = n.parent;
  while (f && !isFunctionLike(f)) f = f.parent;
  return f;
}

/** A function that runs where it is written, synchronously: `new Promise`'s executor, `forEach`'s callback, an IIFE. */
function runInPlace(fn: Node): boolean {
  return isFunctionLike(fn) && invocationOf(fn) === "sync-callback";
}

/**
 * A named function the function around it runs itself: declared there (`function start() {}` or
 * `const start = () => {}`) and mentioned only as the callee of a call, never handed on as a value
 * (an emitter's listener, a timer's callback, a promise's handler).
 */
function calledHelper(fn: Node): boolean {
  const declaration = fn.kind === SyntaxKind.FunctionDeclaration ? fn : fn.parent?.kind === SyntaxKind.VariableDeclaration ? fn.parent : undefined;
  const name = declaration && get<Node | undefined>(declaration, "name");
  const outer = enclosingFunctionOf(fn);
  const body = outer && get<Node | undefined>(outer, "body");
  if (name?.kind !== SyntaxKind.Identifier || !body) return false;
  const text = textOf(name);
  let called = false;
  let handedOn = false;
  forEachDescendant(body, n => {
    if (handedOn || n === name || n.kind !== SyntaxKind.Identifier || textOf(n) !== text) return;
    if (n.parent?.kind === SyntaxKind.CallExpression && get(n.parent, "expression") === n) called = true;
    else handedOn = true;
  });
  return called && !handedOn;
}

/** `const { stdout } = context` (or `= context.io`) in `fn`, where `context` is its parameter, and the name is not assigned again. */
function destructuredFromParameter(fn: Node, name: string, isParameter: (name: string) => boolean): boolean {
  const body = get<Node | undefined>(fn, "body");
  if (!body) return false;
  let from = false;
  let assigned = false;
  forEachDescendant(
    body,
    n => {
      if (n.kind === SyntaxKind.VariableDeclaration) {
        const binding = get<Node>(n, "name");
        if (binding.kind === SyntaxKind.Identifier) {
          if (textOf(binding) === name) assigned = true;
          return;
        }
        if (!bindsName(binding, name)) return;
        const init = get<Node | undefined>(n, "initializer");
        const root = init ? rootOf(init) : undefined;
        if (root?.kind === SyntaxKind.Identifier && isParameter(textOf(root)!) && keepsCallersObject(fn, textOf(root)!)) from = true;
        else assigned = true;
      } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
        if (referenceKey(skipOuterExpressions(get(n, "left"))) === name) assigned = true;
      }
    },
    true,
  );
  return from && !assigned;
}

/** Every assignment to the parameter in `fn` keeps the caller's object in it: `{ ...defaults, ...p }`, `Object.assign({}, defaults, p)`. */
function keepsCallersObject(fn: Node, parameter: string): boolean {
  const body = get<Node | undefined>(fn, "body");
  if (!body) return true;
  let keeps = true;
  forEachDescendant(body, n => {
    if (!keeps || n.kind !== SyntaxKind.BinaryExpression || get<Node>(n, "operatorToken").kind !== SyntaxKind.EqualsToken) return;
    if (referenceKey(skipOuterExpressions(get(n, "left"))) !== parameter) return;
    const value = skipOuterExpressions(get(n, "right"));
    const holds = (x: Node) => {
      const s = skipOuterExpressions(x);
      return s.kind === SyntaxKind.Identifier && textOf(s) === parameter;
    };
    if (value.kind === SyntaxKind.ObjectLiteralExpression)
      keeps = get<readonly Node[]>(value, "properties").some(p => p.kind === SyntaxKind.SpreadAssignment && holds(get(p, "expression")));
    else keeps = value.kind === SyntaxKind.CallExpression && callArguments(value).some(holds);
  });
  return keeps;
}
