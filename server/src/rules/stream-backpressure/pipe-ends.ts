// Which end of `a.pipe(b)` can fail from outside with nobody listening, read from syntax. An end is
// covered when an 'error' listener reaches it where its variable lives (not only in the function
// that pipes), through another name it is kept in, or in a helper of the file it is handed to; when
// it is the function's result (the caller listens); or when the value it holds cannot fail from
// outside: a stream the module builds with its own implementation, a child's output, a file the
// package ships. What is left is judged by type in the rule's decide phase.
// The values that cannot fail are decided apart: in-memory-streams.ts, shipped-files-and-children.ts,
// fresh-files.ts; the name's values and scope in end-names.ts and latest-assignment.ts; a parameter's
// stream in callers-stream.ts, and the arguments a private function's calls pass in private-callers.ts.
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import type { ModuleBindings } from "../../analysis/module-bindings";
import {
  callArguments,
  calleeParts,
  enclosingClass,
  extendsExpression,
  forEachDescendant,
  listenerMethods,
  nodeField as get,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
} from "../../analysis/syntax";
import { isStdio, listenedStream, listensForError, nameHandlesErrors } from "./stream-ends";
import { assignedValues, assignsTo, lifetimeScope, maxDepth, pipeDestination, referenceKey, rootOf } from "./end-names";
import { functionsNamed, resultsOf } from "./file-lookups";
import { isFunctionLike } from "../../analysis/async-context";
import { builtInMemory } from "./in-memory-streams";
import { isChildStdio, readsShippedFile } from "./shipped-files-and-children";
import { latestAssignment } from "./latest-assignment";
import { openAwaited, opensFreshFile } from "./fresh-files";
import { argumentsOfEveryCall } from "./private-callers";

/** The parameters whose callers' arguments are being judged (by function), to stop at a recursive call. */
const following = new WeakMap<Node, Set<string>>();

/**
 * The values an end may hold that syntax cannot clear, to be judged by type (in-memory, a child's
 * output); an empty list when the end is covered. `returnedCovers`: a name the scope returns counts
 * as the caller's (not when the end is itself what a function returns, judged for its caller).
 */
export function uncoveredValues(end: Node, bindings: ModuleBindings, depth = 0, returnedCovers = true): Node[] {
  const e = skipOuterExpressions(end);
  if (isStdio(e) || listensForError(e) || e.kind === SyntaxKind.ThisKeyword || e.kind === SyntaxKind.SuperKeyword) return [];
  // `x.pipe(d)` evaluates to `d`, and `x.on("end", f)` to `x` (a child's `stdout` with a chained listener).
  const piped = pipeDestination(e);
  if (piped) return depth < maxDepth ? uncoveredValues(piped, bindings, depth + 1, returnedCovers) : [e];
  const listened = listenedStream(e);
  if (listened !== e) return uncoveredValues(listened, bindings, depth, returnedCovers);
  if (builtInMemory(e, bindings) || isChildStdio(e, bindings, depth) || readsShippedFile(e, bindings) || opensFreshFile(e, bindings, 0)) return [];
  // A chain built with `reduce` (`transforms.reduce((input, t) => input.pipe(t), reader)`): the
  // accumulator, and the chain's result, hold the first stream and each one the callback returns.
  const reduced = reducedValues(e);
  if (reduced) return depth < maxDepth ? reduced.flatMap(v => uncoveredValues(v, bindings, depth + 1, returnedCovers)) : [e];
  const key = referenceKey(e);
  if (!key) return [e];
  // `self.x` after `var self = this`: the object's field, judged like `this.x` in the file.
  const field = thisAliasKey(e, key);
  if (field) return fieldValues(e, key, field, bindings, depth, returnedCovers);
  const scope = lifetimeScope(e);
  if (nameCovered(e, key, scope, returnedCovers) || openAwaited(e, key, scope, bindings)) return [];
  // A parameter already being followed (a recursive call passes it on): it adds no value of its own.
  if (following.has(scope) && following.get(scope)!.has(key)) return [];
  if (depth >= maxDepth) return [e];
  // A parameter of a function only this file calls: covered when what every call passes is (session 25).
  const passed = argumentsOfEveryCall(scope, key);
  if (passed) {
    const keys = following.get(scope) ?? new Set<string>();
    following.set(scope, keys.add(key));
    try {
      return passed.every(a => uncoveredValues(a, bindings, depth + 1, returnedCovers).length === 0) ? [] : [e];
    } finally {
      keys.delete(key);
    }
  }
  // The values the name is given where it lives: each must be covered (`let s = socket; s = s.pipe(t)`),
  // or only the one a straight-line assignment just before the pipe gave it.
  const latest = latestAssignment(key, e);
  const values = latest ? [latest] : assignedValues(key, scope, e);
  if (!values) return [e];
  const left: Node[] = [];
  for (const v of values) left.push(...uncoveredValues(v, bindings, depth + 1, returnedCovers));
  // A field the base class may have set: its value there is not among those of this file.
  if (!latest && setByBaseClass(key, e)) left.push(e);
  return left;
}

/**
 * `self.out` where `self` is a name for `this` (`var self = this`, `const that = this`, never
 * assigned again in the function that declares it): the key of the field, `this.out`; undefined otherwise.
 */
function thisAliasKey(e: Node, key: string): string | undefined {
  const root = rootOf(e);
  if (e.kind !== SyntaxKind.PropertyAccessExpression || root.kind !== SyntaxKind.Identifier) return undefined;
  const name = textOf(root)!;
  const fn = lifetimeScope(root);
  const body = isFunctionLike(fn) ? get<Node | undefined>(fn, "body") : undefined;
  if (!body) return undefined;
  let toThis = 0;
  let other = false;
  forEachDescendant(body, n => {
    if (n.kind === SyntaxKind.VariableDeclaration && get<Node>(n, "name").kind === SyntaxKind.Identifier && textOf(get(n, "name")) === name) {
      const init = get<Node | undefined>(n, "initializer");
      if (init && skipOuterExpressions(init).kind === SyntaxKind.ThisKeyword) toThis++;
      else other = true;
    } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
      if (referenceKey(skipOuterExpressions(get(n, "left"))) === name) other = true;
    }
  });
  return toThis === 1 && !other ? `this${key.slice(name.length)}` : undefined;
}

/**
 * The values of an object's field reached through a name for `this` (`self.x`): listened to, or
 * given values, under either name; `this.x` lives in the file (`lifetimeScope`), like the field.
 */
function fieldValues(e: Node, key: string, field: string, bindings: ModuleBindings, depth: number, returnedCovers: boolean): Node[] {
  const file = e.getSourceFile();
  const scope = lifetimeScope(e);
  if (nameCovered(e, field, file, returnedCovers) || nameCovered(e, key, scope, returnedCovers)) return [];
  if (depth >= maxDepth) return [e];
  const values = [...(assignedValues(field, file, e) ?? []), ...(assignedValues(key, scope, e) ?? [])];
  if (!values.length) return [e];
  const left = values.flatMap(v => uncoveredValues(v, bindings, depth + 1, returnedCovers));
  if (setByBaseClass(field, e)) left.push(e);
  return left;
}

/**
 * The values of a `reduce` chain: for `xs.reduce(fn, init)` (or `fn`'s accumulator, its first
 * parameter), `init` and what `fn` returns. Undefined when `e` is neither, or `fn` is not written there.
 */
function reducedValues(e: Node): Node[] | undefined {
  let call: Node | undefined;
  if (e.kind === SyntaxKind.CallExpression) call = e;
  else if (e.kind === SyntaxKind.Identifier) {
    // The accumulator: the first parameter of the function given to `reduce`, where `e` is read in it.
    let fn: Node | undefined = e.parent;
    while (fn && !isFunctionLike(fn)) fn = fn.parent;
    const first = fn && (get<readonly Node[] | undefined>(fn, "parameters") ?? [])[0];
    if (!first || textOf(get<Node>(first, "name")) !== textOf(e) || assignsTo(get<Node>(fn!, "body") ?? fn!, textOf(e)!)) return undefined;
    let outer: Node = fn!;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    if (outer.parent?.kind !== SyntaxKind.CallExpression || callArguments(outer.parent)[0] !== outer) return undefined;
    call = outer.parent;
  }
  if (!call || calleeParts(get(call, "expression"))?.nameNode.text !== "reduce") return undefined;
  const [callback, init] = callArguments(call);
  const fn = callback && skipOuterExpressions(callback);
  if (!fn || !init || !isFunctionLike(fn)) return undefined;
  const results = resultsOf(fn);
  return results.length ? [init, ...results] : undefined;
}

/**
 * `this.x` in a class that extends another and neither declares `x` nor assigns it in its
 * constructor: the value it starts with is the base class's, unknown here.
 */
function setByBaseClass(key: string, e: Node): boolean {
  const m = /^this\.([\w$]+)$/.exec(key);
  if (!m) return false;
  const cls = enclosingClass(e);
  if (!cls || !extendsExpression(cls)) return false;
  return !get<readonly Node[]>(cls, "members").some(member => {
    if (member.kind === SyntaxKind.PropertyDeclaration) return textOf(get<Node>(member, "name")) === m[1];
    return member.kind === SyntaxKind.Constructor && assignsTo(member, key);
  });
}

/**
 * The name's stream is listened to where it lives, handed to its caller (returned), or listened to
 * through another name or in a helper of the file.
 */
export function nameCovered(
  e: Node,
  key = referenceKey(skipOuterExpressions(e)),
  scope = lifetimeScope(skipOuterExpressions(e)),
  returnedCovers = true,
): boolean {
  if (!key) return false;
  if (nameHandlesErrors(key, scope) || (returnedCovers && returnedFrom(key, scope)) || listenedAfterOtherListeners(key, scope)) return true;
  return helperListens(key, scope, e.getSourceFile()) || (skipOuterExpressions(e).kind === SyntaxKind.Identifier && aliasListens(key, scope));
}

/** `s.on('data', f).on('error', g)`: the 'error' listener chained after others registered on the name. */
function listenedAfterOtherListeners(key: string, scope: Node): boolean {
  let found = false;
  forEachDescendant(scope, n => {
    if (found || n.kind !== SyntaxKind.CallExpression) return;
    const parts = calleeParts(get(n, "expression"));
    if (!parts?.receiverExpression || !listenerMethods.has(parts.nameNode.text) || stringLiteralText(callArguments(n)[0]) !== "error") return;
    let receiver = skipOuterExpressions(parts.receiverExpression);
    while (receiver.kind === SyntaxKind.CallExpression) {
      const inner = calleeParts(get(receiver, "expression"));
      if (!inner?.receiverExpression || !listenerMethods.has(inner.nameNode.text)) return;
      receiver = skipOuterExpressions(inner.receiverExpression);
    }
    found = referenceKey(receiver) === key;
  });
  return found;
}

/** `return a.pipe(b)` (or an arrow's body, or a branch of a returned `?:`): the destination is the caller's. */
export function pipeResultReturned(pipeCall: Node): boolean {
  let n: Node = pipeCall;
  while (
    n.parent &&
    (n.parent.kind === SyntaxKind.ParenthesizedExpression ||
      n.parent.kind === SyntaxKind.AsExpression ||
      n.parent.kind === SyntaxKind.NonNullExpression ||
      (n.parent.kind === SyntaxKind.ConditionalExpression && get(n.parent, "condition") !== n))
  )
    n = n.parent;
  return n.parent?.kind === SyntaxKind.ReturnStatement || (n.parent?.kind === SyntaxKind.ArrowFunction && get(n.parent, "body") === n);
}

/**
 * The scope returns the stream (`return file`, `return { target: file }`) or resolves with it: its
 * caller has it, and listens.
 */
function returnedFrom(key: string, scope: Node): boolean {
  if (key.includes(".")) return false;
  const isName = (n: Node | undefined) => !!n && skipOuterExpressions(n).kind === SyntaxKind.Identifier && textOf(skipOuterExpressions(n)) === key;
  const carries = (n: Node | undefined): boolean => {
    if (!n) return false;
    const v = skipOuterExpressions(n);
    if (isName(v)) return true;
    if (v.kind === SyntaxKind.ObjectLiteralExpression)
      return (get<readonly Node[]>(v, "properties") ?? []).some(p =>
        p.kind === SyntaxKind.ShorthandPropertyAssignment
          ? textOf(get(p, "name")) === key
          : p.kind === SyntaxKind.PropertyAssignment && isName(get(p, "initializer")),
      );
    if (v.kind === SyntaxKind.ArrayLiteralExpression) return (get<readonly Node[]>(v, "elements") ?? []).some(isName);
    return false;
  };
  let found = false;
  forEachDescendant(scope, n => {
    if (found) return;
    if (n.kind === SyntaxKind.ReturnStatement) found = carries(get<Node | undefined>(n, "expression"));
    else if (n.kind === SyntaxKind.CallExpression) {
      const callee = skipOuterExpressions(get(n, "expression"));
      found = callee.kind === SyntaxKind.Identifier && textOf(callee) === "resolve" && carries(callArguments(n)[0]);
    }
  });
  return found;
}

/** Another name given the stream (`const s = socket`) gets the listener. */
function aliasListens(key: string, scope: Node): boolean {
  let found = false;
  forEachDescendant(scope, n => {
    if (found) return;
    let alias: Node | undefined;
    let value: Node | undefined;
    if (n.kind === SyntaxKind.VariableDeclaration) {
      alias = get(n, "name");
      value = get<Node | undefined>(n, "initializer");
    } else if (n.kind === SyntaxKind.BinaryExpression && get<Node>(n, "operatorToken").kind === SyntaxKind.EqualsToken) {
      alias = skipOuterExpressions(get(n, "left"));
      value = get(n, "right");
    }
    if (!alias || !value) return;
    const v = skipOuterExpressions(value);
    const aliasKey = referenceKey(alias);
    if (v.kind === SyntaxKind.Identifier && textOf(v) === key && aliasKey && aliasKey !== key) found = nameHandlesErrors(aliasKey, lifetimeScope(alias));
  });
  return found;
}

/**
 * The stream is handed to a function of the same file (`wire(socket, onError)`,
 * `this.register(this.conn)`) whose parameter in that place gets an 'error' listener.
 */
function helperListens(key: string, scope: Node, sourceFile: SourceFile): boolean {
  let found = false;
  forEachDescendant(scope, n => {
    if (found || n.kind !== SyntaxKind.CallExpression) return;
    const args = callArguments(n);
    const index = args.findIndex(a => referenceKey(skipOuterExpressions(a)) === key);
    if (index < 0) return;
    const callee = skipOuterExpressions(get(n, "expression"));
    const name =
      callee.kind === SyntaxKind.Identifier
        ? textOf(callee)
        : callee.kind === SyntaxKind.PropertyAccessExpression && skipOuterExpressions(get(callee, "expression")).kind === SyntaxKind.ThisKeyword
          ? textOf(get(callee, "name"))
          : undefined;
    if (!name) return;
    for (const fn of functionsNamed(sourceFile, name)) {
      const parameter = (get<readonly Node[] | undefined>(fn, "parameters") ?? [])[index];
      const pName = parameter && get<Node>(parameter, "name");
      if (pName?.kind === SyntaxKind.Identifier && nameHandlesErrors(textOf(pName)!, fn)) {
        found = true;
        return;
      }
    }
  });
  return found;
}
