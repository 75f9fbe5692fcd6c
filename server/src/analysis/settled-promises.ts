// Whether a promise-valued expression can reject, for chains and variables: `p.then(f)` dropped
// is harmless when `p` cannot reject and `f` does not throw. Knows `new Promise` executors that
// only resolve, `Promise.resolve()`, handled chains, calls the may-reject summary clears, and
// local variables whose every assignment is one of those (`let closing = new Promise(resolve => ...)`).
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression } from "./typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "./async-context";
import { containsThrow, functionExpressionKinds, methodName, nameText, skipParens } from "./promise-syntax";

export interface RejectionOracle {
  /** A call of a function whose promise cannot reject (the summary, or the author's tag). */
  callCannotReject(call: Node): boolean;
  /** The declaration a name refers to (loads its file when needed), or undefined. */
  declarationOf(name: Node): Node | undefined;
}

/** Names of continuations: called for their effect, they return no promise (taken at their word). */
export const continuationName = /^(resolve|reject|cb|callback|done|next)$/;

const maxDepth = 6;

export function promiseCannotReject(expression: Node, oracle: RejectionOracle, depth = 0, seen = new Set<Node>()): boolean {
  const e = skipParens(expression);
  if (depth > maxDepth) return false;
  if (e.kind === SyntaxKind.NewExpression) return isResolveOnlyPromise(e);
  if (e.kind === SyntaxKind.Identifier) return variableCannotReject(e, oracle, depth, seen);
  if (e.kind === SyntaxKind.PropertyAccessExpression && skipParens((e as PropertyAccessExpression).expression).kind === SyntaxKind.ThisKeyword) {
    return fieldCannotReject(e as PropertyAccessExpression, oracle, depth, seen);
  }
  if (e.kind !== SyntaxKind.CallExpression) return false;
  const call = e as CallExpression;
  const callee = skipParens(call.expression);
  const name = methodName(callee);
  const receiver = callee.kind === SyntaxKind.PropertyAccessExpression ? skipParens((callee as PropertyAccessExpression).expression) : undefined;
  if (receiver && nameText(receiver) === "Promise") {
    // Promise.resolve() of a plain value; allSettled never rejects.
    if (name === "allSettled") return true;
    return name === "resolve" && (call.arguments.length === 0 || isPlainLiteral(call.arguments[0]!));
  }
  const settles = (callback: Node | undefined) => !!callback && callbackCannotThrow(callback, oracle.declarationOf);
  if (receiver && (name === "catch" || (name === "then" && call.arguments.length >= 2))) {
    const handlers = name === "catch" ? [call.arguments[0]] : [call.arguments[0], call.arguments[1]];
    return handlers.every(settles);
  }
  if (receiver && (name === "then" || name === "finally") && call.arguments.length === 1) {
    return settles(call.arguments[0]) && promiseCannotReject(receiver, oracle, depth + 1, seen);
  }
  return oracle.callCannotReject(call);
}

function isPlainLiteral(node: Node): boolean {
  const k = skipParens(node).kind;
  return (
    k === SyntaxKind.StringLiteral ||
    k === SyntaxKind.NumericLiteral ||
    k === SyntaxKind.TrueKeyword ||
    k === SyntaxKind.FalseKeyword ||
    k === SyntaxKind.NullKeyword ||
    k === SyntaxKind.NoSubstitutionTemplateLiteral ||
    (k === SyntaxKind.Identifier && nameText(skipParens(node)) === "undefined")
  );
}

/**
 * A local variable (`const`/`let`/`var` declared in this file) whose initializer and every
 * assignment in its scope is a promise that cannot reject, or no promise at all (`undefined`).
 */
function variableCannotReject(name: Node, oracle: RejectionOracle, depth: number, seen: Set<Node>): boolean {
  const decl = oracle.declarationOf(name);
  if (!decl || decl.kind !== SyntaxKind.VariableDeclaration || decl.getSourceFile() !== name.getSourceFile()) return false;
  if (seen.has(decl)) return true; // a cycle: the other assignments decide
  seen.add(decl);
  const text = nameText(name);
  const values: Node[] = [];
  const init = (decl as unknown as { initializer?: Node }).initializer;
  if (init) values.push(init);
  let scope: Node | undefined = decl.parent;
  while (scope && !isFunctionLike(scope) && scope.kind !== SyntaxKind.SourceFile) scope = scope.parent;
  let escapes = false;
  const visit = (n: Node): void => {
    if (escapes) return;
    if (n.kind === SyntaxKind.BinaryExpression) {
      const b = n as unknown as { left: Node; right: Node; operatorToken: Node };
      const left = skipParens(b.left);
      if (left.kind === SyntaxKind.Identifier && nameText(left) === text) {
        if (b.operatorToken.kind === SyntaxKind.EqualsToken) values.push(b.right);
        else if (b.operatorToken.kind >= SyntaxKind.FirstAssignment && b.operatorToken.kind <= SyntaxKind.LastAssignment) escapes = true;
      }
    }
    n.forEachChild(visit);
  };
  if (scope) visit(scope);
  if (escapes || !values.length) return false;
  return values.every(v => isPlainLiteral(v) || cachedCannotReject(v, oracle, depth, seen) || promiseCannotReject(v, oracle, depth + 1, seen));
}

/**
 * `cache.get(key)` where `cache` is a local `Map` whose every `cache.set(key, value)` in its scope
 * stores a promise that cannot reject (a memoised promise); a missing key gives `undefined`.
 */
function cachedCannotReject(value: Node, oracle: RejectionOracle, depth: number, seen: Set<Node>): boolean {
  const v = skipParens(value);
  if (v.kind !== SyntaxKind.CallExpression || methodName((v as CallExpression).expression) !== "get") return false;
  const map = skipParens(((v as CallExpression).expression as PropertyAccessExpression).expression);
  if (map.kind !== SyntaxKind.Identifier) return false;
  const decl = oracle.declarationOf(map);
  if (!decl || decl.kind !== SyntaxKind.VariableDeclaration || decl.getSourceFile() !== map.getSourceFile()) return false;
  const init = (decl as unknown as { initializer?: Node }).initializer;
  if (!init || skipParens(init).kind !== SyntaxKind.NewExpression || nameText((skipParens(init) as unknown as { expression: Node }).expression) !== "Map")
    return false;
  let scope: Node | undefined = decl.parent;
  while (scope && !isFunctionLike(scope) && scope.kind !== SyntaxKind.SourceFile) scope = scope.parent;
  const stored: Node[] = [];
  const text = nameText(map);
  const visit = (n: Node): void => {
    if (n.kind === SyntaxKind.CallExpression) {
      const call = n as CallExpression;
      const callee = skipParens(call.expression);
      if (methodName(callee) === "set" && nameText(skipParens((callee as PropertyAccessExpression).expression)) === text && call.arguments[1])
        stored.push(call.arguments[1]);
    }
    n.forEachChild(visit);
  };
  if (scope) visit(scope);
  return stored.every(s => promiseCannotReject(s, oracle, depth + 1, seen));
}

/** Looks a name up by syntax: the nearest enclosing declaration of that name (for summaries, which have no checker). */
export function declarationBySyntax(name: Node): Node | undefined {
  const text = nameText(name);
  for (let scope = name.parent; scope; scope = scope.parent) {
    let found: Node | undefined;
    const visit = (n: Node): void => {
      if (found || (n !== scope && (isFunctionLike(n) || (n.kind === SyntaxKind.Block && n.parent !== scope)))) return;
      if (n.kind === SyntaxKind.VariableDeclaration && nameText((n as unknown as { name: Node }).name) === text) {
        found = n;
        return;
      }
      n.forEachChild(visit);
    };
    if (scope.kind === SyntaxKind.Block || scope.kind === SyntaxKind.SourceFile || isFunctionLike(scope)) visit(scope);
    if (found) return found;
  }
  return undefined;
}

/**
 * `this.snapshot` read in a class (or a function's `this`) where every `this.snapshot = value`
 * (and the field's initializer) gives a promise that cannot reject or no promise.
 */
function fieldCannotReject(access: PropertyAccessExpression, oracle: RejectionOracle, depth: number, seen: Set<Node>): boolean {
  let owner: Node | undefined = access.parent;
  while (owner && owner.kind !== SyntaxKind.ClassDeclaration && owner.kind !== SyntaxKind.ClassExpression && owner.kind !== SyntaxKind.SourceFile)
    owner = owner.parent;
  if (!owner || seen.has(access)) return false;
  seen.add(access);
  const field = access.name.text;
  const values: Node[] = [];
  let escapes = false;
  const visit = (n: Node): void => {
    if (escapes) return;
    if (n.kind === SyntaxKind.PropertyDeclaration && nameText((n as unknown as { name: Node }).name) === field) {
      const init = (n as unknown as { initializer?: Node }).initializer;
      if (init) values.push(init);
    }
    if (n.kind === SyntaxKind.BinaryExpression) {
      const b = n as unknown as { left: Node; right: Node; operatorToken: Node };
      const left = skipParens(b.left);
      if (
        left.kind === SyntaxKind.PropertyAccessExpression &&
        (left as PropertyAccessExpression).name.text === field &&
        skipParens((left as PropertyAccessExpression).expression).kind === SyntaxKind.ThisKeyword
      ) {
        if (b.operatorToken.kind === SyntaxKind.EqualsToken) values.push(b.right);
        else if (b.operatorToken.kind >= SyntaxKind.FirstAssignment && b.operatorToken.kind <= SyntaxKind.LastAssignment) escapes = true;
      }
    }
    n.forEachChild(visit);
  };
  visit(owner);
  if (escapes || !values.length) return false;
  return values.every(v => isPlainLiteral(v) || promiseCannotReject(v, oracle, depth + 1, seen));
}

/**
 * `new Promise(resolve => setTimeout(resolve, ms))`: an executor that takes no reject parameter
 * (or never uses it) and does not throw. Its calls are taken at their word, as a catch block's.
 */
export function isResolveOnlyPromise(node: Node): boolean {
  if (node.kind !== SyntaxKind.NewExpression) return false;
  const n = node as unknown as { expression: Node; arguments?: readonly Node[] };
  if (nameText(n.expression) !== "Promise" || n.arguments?.length !== 1) return false;
  const executor = skipParens(n.arguments[0]!);
  if (!functionExpressionKinds.has(executor.kind) || isAsyncFunction(executor)) return false;
  const fn = executor as FunctionLike & { parameters: readonly { name: Node }[] };
  if (!fn.body || containsThrow(fn.body)) return false;
  const reject = fn.parameters[1];
  if (!reject) return fn.parameters.length <= 1;
  return reject.name.kind === SyntaxKind.Identifier && !mentions(fn.body, nameText(reject.name));
}

/** Whether an identifier of that name appears in the node. */
function mentions(node: Node, name: string): boolean {
  let found = false;
  const visit = (n: Node): void => {
    if (found) return;
    if (n.kind === SyntaxKind.Identifier && nameText(n) === name) {
      found = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** A callback given to `.then(f)` or `.finally(f)` that does not throw: a function without throw (or await), or a named plain function. */
export function callbackCannotThrow(callback: Node, declarationOf: (name: Node) => Node | undefined): boolean {
  const c = skipParens(callback);
  if (functionExpressionKinds.has(c.kind)) return !containsThrow((c as unknown as { body: Node }).body, true);
  if (c.kind !== SyntaxKind.Identifier && c.kind !== SyntaxKind.PropertyAccessExpression) return false;
  // A continuation (`.then(callback)`, `.then(done)`) is taken at its word, as node-style callbacks are.
  if (continuationName.test(nameText(c.kind === SyntaxKind.Identifier ? c : (c as PropertyAccessExpression).name))) return true;
  const decl = declarationOf(c.kind === SyntaxKind.Identifier ? c : (c as PropertyAccessExpression).name);
  const fn = decl && (isFunctionLike(decl) ? decl : functionOfHolder(decl));
  return !!fn && !!(fn as FunctionLike).body && !containsThrow((fn as FunctionLike).body!, true);
}

function functionOfHolder(decl: Node): Node | undefined {
  const init = (decl as unknown as { initializer?: Node }).initializer;
  const f = init && skipParens(init);
  return f && isFunctionLike(f) ? f : undefined;
}
