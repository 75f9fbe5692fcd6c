// An end that is the caller's stream: a parameter of the function that pipes (or of one around it
// that declares the name), a name destructured
// from one, or a property of an options object the caller hands in. Its errors are the caller's
// to listen for, so the rule leaves such an end to the caller.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { callArguments, forEachDescendant, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { assignsTo, bindsName, lifetimeScope, referenceKey, rootOf } from "./end-names";

/**
 * A parameter of the function that pipes, or (session 23) of a function around it that declares
 * the name (`function attach(target) { ws.on("connect", () => ws.pipe(target)) }`): the caller's
 * stream, whose errors the caller listens for, whether the pipe runs at once or in a callback.
 */
export function isCallersStream(end: Node): boolean {
  const e = skipOuterExpressions(end);
  // The function where the name (or the root of the property path) lives: the innermost one that
  // declares it (around the block, for a `let`/`const` of a nested block); none for a module's name.
  let fn: Node | undefined = lifetimeScope(e);
  while (fn && !isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
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
