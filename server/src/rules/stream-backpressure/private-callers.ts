// A parameter of a function only its own file can call (a module-private function, a private
// method) holds what the calls in that file pass it. When the rule follows a pipe's end back to
// such a parameter, it judges the arguments at every call instead of giving up on the caller's
// value: an end that every caller listens to where it made it is covered (session 25).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { isDeclaredFunction, isPublicFunction } from "../../analysis/function-visibility";
import { nameCallersUse } from "../../analysis/function-names";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";
import { callArguments, textOf, nodeField as get } from "../../analysis/syntax";
import { assignsTo, bindsName } from "./end-names";

/**
 * The arguments the calls of the file pass for the parameter `name` of `scope`, when `scope` is a
 * function only this file calls (not exported, a private method or one of a class the module keeps
 * to itself: `function-visibility.ts`), the parameter is a plain name the function never assigns,
 * and every mention of the function's name is the callee of a call that passes the argument. A
 * function handed on as a value (a listener, `.bind(this)`) has callers we cannot see: undefined.
 */
export function argumentsOfEveryCall(scope: Node, name: string): Node[] | undefined {
  if (!isFunctionLike(scope) || name.includes(".")) return undefined;
  const parameters = get<readonly Node[] | undefined>(scope, "parameters") ?? [];
  const index = parameters.findIndex(p => bindsName(get(p, "name"), name));
  const parameter = parameters[index];
  if (!parameter || get<Node>(parameter, "name").kind !== SyntaxKind.Identifier || get<Node | undefined>(parameter, "dotDotDotToken")) return undefined;
  if (!isDeclaredFunction(scope) || isPublicFunction(scope) || reachableFromSubclassOrByConvention(scope)) return undefined;
  const body = get<Node | undefined>(scope, "body");
  if (body && assignsTo(body, name)) return undefined;
  const fnName = nameCallersUse(scope);
  if (!fnName) return undefined;
  const own = ownNameNode(scope);
  const passed: Node[] = [];
  for (const id of identifiersNamedIn(scope.getSourceFile(), fnName)) {
    if (id === own) continue;
    // `f(x)`, `this.f(x)`, `self.f(x)`: the name is the callee (or the name of a property access that is).
    const callee = id.parent?.kind === SyntaxKind.PropertyAccessExpression && get(id.parent, "name") === id ? id.parent : id;
    const call = callee.parent;
    if (call?.kind !== SyntaxKind.CallExpression || get(call, "expression") !== callee) return undefined;
    const args = callArguments(call);
    if (args.slice(0, index + 1).some(a => a.kind === SyntaxKind.SpreadElement) || !args[index]) return undefined;
    passed.push(args[index]!);
  }
  return passed.length ? passed : undefined;
}

/**
 * A method `isPublicFunction` counts as the module's own that other files may still call: a
 * `protected` one (a subclass elsewhere) or one private only by its `_name` (a convention, not a
 * rule of the language). Only `private` and `#name` methods, or those of a class the module keeps to
 * itself, have all their callers in the file.
 */
function reachableFromSubclassOrByConvention(fn: Node): boolean {
  if (fn.kind !== SyntaxKind.MethodDeclaration) return false;
  const name = get<Node>(fn, "name");
  if (name.kind === SyntaxKind.PrivateIdentifier || /^\s*(?:(?:static|async|override)\s+)*private\b/.test(fn.getText())) return false;
  return /^\s*(?:(?:static|async|override)\s+)*protected\b/.test(fn.getText()) || /^_/.test(textOf(name) ?? "");
}

/** The identifier that names the function where it is declared (its own, or its variable's or property's). */
function ownNameNode(fn: Node): Node | undefined {
  const own = get<Node | undefined>(fn, "name");
  if (own) return own;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  return outer.parent ? get<Node | undefined>(outer.parent, "name") : undefined;
}
