// Small syntax helpers shared by the concurrency rules: reading names, unwrapping parentheses,
// and recognising loops and callbacks. Syntax only; no type or symbol questions.
import { NodeFlags, SyntaxKind, type CallExpression, type Node, type NodeArray, type ObjectLiteralExpression } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { walkPruned } from "./walk";

export type NamedNode = Node & { text: string };

/** A field of a node the compiler's types do not name on `Node` (`get(n, "expression")`): one typed cast, not one per call site. */
export function nodeField<T = Node>(node: Node, key: string): T {
  return (node as unknown as Record<string, unknown>)[key] as T;
}

export function textOf(node: Node | undefined): string | undefined {
  return (node as unknown as { text?: string } | undefined)?.text;
}

/** The name a reference ends with: `send` → `send`, `a.b.send` → `send`; undefined for anything else. */
export function referenceName(node: Node): string | undefined {
  if (node.kind === SyntaxKind.Identifier) return textOf(node);
  if (node.kind === SyntaxKind.PropertyAccessExpression) return textOf((node as unknown as { name: Node }).name);
  return undefined;
}

/** `(x)`, `x!`, `x as T`, `<T>x`, `x satisfies T` → `x`. */
export function skipOuterExpressions(node: Node): Node {
  let n = node;
  while (
    n.kind === SyntaxKind.ParenthesizedExpression ||
    n.kind === SyntaxKind.NonNullExpression ||
    n.kind === SyntaxKind.AsExpression ||
    n.kind === SyntaxKind.TypeAssertionExpression ||
    n.kind === SyntaxKind.SatisfiesExpression
  )
    n = (n as unknown as { expression: Node }).expression;
  return n;
}

/** `=`, `+=`, `??=` and the other assignment operators. */
export function isAssignmentOperator(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** What `x++`, `--x`, `x = ...`, `x += ...` write to (parentheses aside); undefined for anything else. */
export function assignedTarget(n: Node): Node | undefined {
  if (n.kind === SyntaxKind.PrefixUnaryExpression || n.kind === SyntaxKind.PostfixUnaryExpression) {
    const operator = (n as unknown as { operator: SyntaxKind }).operator;
    return operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken
      ? skipOuterExpressions((n as unknown as { operand: Node }).operand)
      : undefined;
  }
  const b = n as unknown as { operatorToken: Node; left: Node };
  return n.kind === SyntaxKind.BinaryExpression && isAssignmentOperator(b.operatorToken.kind) ? skipOuterExpressions(b.left) : undefined;
}

/**
 * The function a call calls: `(0, child_process_1.exec)(cmd)` is how compiled CommonJS calls an
 * import (without a `this`), and calls `child_process_1.exec`.
 */
export function calleeOf(call: CallExpression): Node {
  let c = skipOuterExpressions(call.expression);
  while (c.kind === SyntaxKind.BinaryExpression) {
    const { left, operatorToken, right } = c as unknown as { left: Node; operatorToken: Node; right: Node };
    if (operatorToken.kind !== SyntaxKind.CommaToken || skipOuterExpressions(left).kind !== SyntaxKind.NumericLiteral) break;
    c = skipOuterExpressions(right);
  }
  return c;
}

/**
 * `(0, fs_1.readFileSync)` in `(0, fs_1.readFileSync)(p)`: compiled CommonJS (TypeScript, Babel)
 * calls an imported function through a comma expression so that `this` is undefined; it is the
 * same call as `fs_1.readFileSync(p)`. Returns the function expression, or undefined.
 */
export function indirectCallTarget(node: Node): Node | undefined {
  if (node.kind !== SyntaxKind.BinaryExpression) return undefined;
  const { left, operatorToken, right } = node as unknown as { left: Node; operatorToken: Node; right: Node };
  return operatorToken.kind === SyntaxKind.CommaToken && left.kind === SyntaxKind.NumericLiteral ? right : undefined;
}

/** The nearest ancestor that is not a parenthesis/assertion around `node`, and the child on the way. */
export function parentSkippingOuter(node: Node): { parent: Node | undefined; child: Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.kind === SyntaxKind.ParenthesizedExpression ||
      parent.kind === SyntaxKind.NonNullExpression ||
      parent.kind === SyntaxKind.AsExpression ||
      parent.kind === SyntaxKind.TypeAssertionExpression ||
      parent.kind === SyntaxKind.SatisfiesExpression)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

export interface CalleeParts {
  /** The identifier naming the callee: `get` in `http.get(...)`, `fetch` in `fetch(...)`. */
  nameNode: NamedNode;
  /** `http` in `http.get(...)` when it is a plain identifier. */
  receiver?: NamedNode;
  /** The whole receiver expression of a member call (`this.client` in `this.client.get()`). */
  receiverExpression?: Node;
}

export function calleeParts(callee: Node): CalleeParts | undefined {
  const c = skipOuterExpressions(callee);
  if (c.kind === SyntaxKind.Identifier) return { nameNode: c as NamedNode };
  if (c.kind === SyntaxKind.PropertyAccessExpression) {
    const access = c as unknown as { expression: Node; name: Node };
    if (access.name.kind !== SyntaxKind.Identifier) return undefined;
    const receiver = skipOuterExpressions(access.expression);
    return {
      nameNode: access.name as NamedNode,
      receiverExpression: receiver,
      ...(receiver.kind === SyntaxKind.Identifier ? { receiver: receiver as NamedNode } : {}),
    };
  }
  return undefined;
}

/** A synchronous twin's name (`readFileSync`, `execSync`, `mkdirSync`): it returns its result, not a promise, and throws when it fails. */
export function isSyncTwinName(name: string): boolean {
  return /[a-z0-9]Sync$/.test(name);
}

/** `process.exit(...)`: a call that ends the process (the receiver read as written). */
export function isProcessExit(call: Node): boolean {
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const parts = calleeParts((call as unknown as { expression: Node }).expression);
  return parts?.nameNode.text === "exit" && !!parts.receiverExpression && textOf(skipOuterExpressions(parts.receiverExpression)) === "process";
}

export function callArguments(node: Node): readonly Node[] {
  return (node as unknown as { arguments?: NodeArray<Node> }).arguments ?? [];
}

/**
 * The call or `new` that `value` (a function or a reference to one) is an argument of, when it is:
 * the call, its callee, its arguments, and `value` as the argument stands there (out of parentheses).
 */
export function callTakingArgument(value: Node): { call: Node; callee: Node; args: readonly Node[]; argument: Node } | undefined {
  let argument = value;
  while (argument.parent?.kind === SyntaxKind.ParenthesizedExpression) argument = argument.parent;
  const call = argument.parent;
  if (!call || (call.kind !== SyntaxKind.CallExpression && call.kind !== SyntaxKind.NewExpression)) return undefined;
  const args = callArguments(call);
  if (!args.includes(argument)) return undefined;
  return { call, callee: (call as unknown as { expression: Node }).expression, args, argument };
}

export function isCall(node: Node | undefined): node is CallExpression {
  return node?.kind === SyntaxKind.CallExpression;
}

/** Whether a class member is declared `static` (a static field or method is the class's, not the instance's). */
export function isStaticMember(member: Node): boolean {
  return ((member as unknown as { modifiers?: readonly Node[] }).modifiers ?? []).some(m => m.kind === SyntaxKind.StaticKeyword);
}

/** Whether a class member is private: TypeScript's `private` keyword (not a JSDoc tag) or a `#name`. */
export function isPrivateMember(member: Node): boolean {
  if ((member as unknown as { name?: Node }).name?.kind === SyntaxKind.PrivateIdentifier) return true;
  return ((member as unknown as { modifiers?: readonly Node[] }).modifiers ?? []).some(m => m.kind === SyntaxKind.PrivateKeyword);
}

/** The property name of an object literal member (`a`, `"a"`, `a() {}`), undefined for computed names and spreads. */
export function memberName(member: Node): string | undefined {
  if (member.kind === SyntaxKind.SpreadAssignment) return undefined;
  const name = (member as unknown as { name?: Node }).name;
  if (!name) return undefined;
  if (
    name.kind === SyntaxKind.Identifier ||
    name.kind === SyntaxKind.StringLiteral ||
    name.kind === SyntaxKind.NoSubstitutionTemplateLiteral ||
    name.kind === SyntaxKind.NumericLiteral
  )
    return textOf(name);
  return undefined;
}

export function objectMembers(node: Node): readonly Node[] {
  return (node as ObjectLiteralExpression).properties ?? [];
}

export const loopKinds = new Set<SyntaxKind>([
  SyntaxKind.ForStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.WhileStatement,
  SyntaxKind.DoStatement,
]);

/** A `const` declaration list (`const a = 1, b = 2`; also `await using`, which is const too). */
export function isConstList(list: Node | undefined): list is Node {
  return list?.kind === SyntaxKind.VariableDeclarationList && (list.flags & NodeFlags.Const) !== 0;
}

/** A `let` declaration list. */
export function isLetList(list: Node | undefined): list is Node {
  return list?.kind === SyntaxKind.VariableDeclarationList && (list.flags & NodeFlags.Let) !== 0;
}

export function isLoop(node: Node): boolean {
  return loopKinds.has(node.kind);
}

export function enclosingFunction(node: Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n as FunctionLike;
  return undefined;
}

/**
 * `id` names a parameter of a function around it (`on` of `setupNodeEvents(on, config) {...}`,
 * `resolve` of an executor), looking out no further than `outermost` when it is given.
 */
export function namesEnclosingParameter(id: Node, outermost?: Node): boolean {
  const name = textOf(id);
  for (let n = id.parent; n && n !== outermost?.parent; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const parameters = nodeField<readonly Node[] | undefined>(n, "parameters") ?? [];
    if (parameters.some(p => textOf(nodeField(p, "name")) === name)) return true;
  }
  return false;
}

/** A class declaration or class expression. */
export function isClassLike(node: Node): boolean {
  return node.kind === SyntaxKind.ClassDeclaration || node.kind === SyntaxKind.ClassExpression;
}

/** The nearest class around `node` (not `node` itself). */
export function enclosingClass(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (isClassLike(n)) return n;
  return undefined;
}

/** The expression after a class's `extends` (`Base` of `class A extends Base`), if it has one. */
export function extendsExpression(cls: Node): Node | undefined {
  const clauses = (cls as unknown as { heritageClauses?: readonly { token: SyntaxKind; types: readonly { expression: Node }[] }[] }).heritageClauses ?? [];
  return clauses.find(c => c.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
}

/** The function a declaration holds: a function or method, or a variable/property set to one (`const f = async () => {}`). */
export function functionOf(declaration: Node | undefined): FunctionLike | undefined {
  if (!declaration) return undefined;
  if (isFunctionLike(declaration)) return declaration as FunctionLike;
  const init = (declaration as unknown as { initializer?: Node }).initializer;
  const value = init && skipOuterExpressions(init);
  return value && isFunctionLike(value) ? (value as FunctionLike) : undefined;
}

/**
 * Whether every identifier in `scope` spelled like the declared `name` (other than `name` itself)
 * passes `test`: each use of a local value, found by its text (a shadowing name counts as a use,
 * which only makes the answer more cautious).
 */
export function everyUseBySpelling(name: Node, scope: Node, test: (use: Node) => boolean): boolean {
  const spelling = textOf(name);
  let every = true;
  walkPruned(
    scope,
    node => {
      if (node.kind !== SyntaxKind.Identifier || node === name || textOf(node) !== spelling) return true;
      if (test(node)) return false;
      every = false;
      return "stop";
    },
    true,
  );
  return every;
}

/** Whether `inner` lies inside `outer` (or is it). */
export function contains(outer: Node, inner: Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** The same declaration, also when the checker's tree and the linter's are different objects. */
export function sameNode(a: Node, b: Node): boolean {
  return a === b || (a.pos === b.pos && a.end === b.end && a.kind === b.kind && a.getSourceFile().fileName === b.getSourceFile().fileName);
}

/** `fn` is the executor of `new Promise(fn)`, written there (parentheses and `as` around it allowed). */
export function isPromiseExecutor(fn: Node): boolean {
  let at = fn;
  while (at.parent && (at.parent.kind === SyntaxKind.ParenthesizedExpression || at.parent.kind === SyntaxKind.AsExpression)) at = at.parent;
  const promise = at.parent;
  return (
    promise?.kind === SyntaxKind.NewExpression &&
    textOf(skipOuterExpressions(nodeField(promise, "expression"))) === "Promise" &&
    callArguments(promise)[0] === at
  );
}

/** The methods that register a listener on an EventEmitter (`emitter.on("error", f)` and its kin). */
export const listenerMethods: ReadonlySet<string> = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);

/** `null` or `undefined`, as written (parentheses and casts skipped). */
export function isNullOrUndefined(node: Node): boolean {
  const n = skipOuterExpressions(node);
  return n.kind === SyntaxKind.NullKeyword || (n.kind === SyntaxKind.Identifier && textOf(n) === "undefined");
}

/** The literal string of an expression (`"x"`, `` `x` ``), if it is one. */
export function stringLiteralText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = skipOuterExpressions(node);
  return n.kind === SyntaxKind.StringLiteral || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral ? textOf(n) : undefined;
}

/** Calls the visitor for each node below `root` (not root), without entering nested functions when `stopAtFunctions`. */
export function forEachDescendant(root: Node, visit: (node: Node) => void, stopAtFunctions = false): void {
  const stack: Node[] = [];
  root.forEachChild(c => {
    stack.push(c);
  });
  stack.reverse();
  while (stack.length) {
    const node = stack.pop()!;
    visit(node);
    if (stopAtFunctions && isFunctionLike(node)) continue;
    const children: Node[] = [];
    node.forEachChild(c => {
      children.push(c);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The escaped pattern of an identifier, for text searches. */
export function identifierPattern(name: string): string {
  // Names can be any string (`"*="` names a method): every character that means something in a
  // regular expression is escaped, not only `$`.
  return name.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&");
}

/** Kinds of declarations that can hold a function with a body (the project's own functions a call resolves to). */
export const declaringKinds: ReadonlySet<SyntaxKind> = new Set<SyntaxKind>([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
  SyntaxKind.Constructor,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.FunctionExpression,
]);

/**
 * The name of a property or member, not a reference to a binding of that name: `o.f`, `{ f: v }`,
 * a class member `f()` or `f = ...`, an accessor, an interface member.
 */
export function isPropertyName(id: Node): boolean {
  const parent = id.parent;
  if (!parent || !propertyNameParents.has(parent.kind)) return false;
  return (parent as unknown as { name?: Node }).name === id;
}

const propertyNameParents: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
  SyntaxKind.MethodSignature,
  SyntaxKind.PropertySignature,
]);

/** `a` of `a`, `a.b.c`, `a.b.call(...)`'s callee: the plain name an expression starts from. */
export function rootName(node: Node): string | undefined {
  let n = skipOuterExpressions(node);
  while (n.kind === SyntaxKind.PropertyAccessExpression) n = skipOuterExpressions((n as unknown as { expression: Node }).expression);
  return n.kind === SyntaxKind.Identifier ? (n as unknown as { text: string }).text : undefined;
}
