// Options the checker gives no type (untyped JavaScript), which an axios or got call would take
// for a URL: a `let` set to one options literal or another before the call
// (`if (a) req = { url, timeout: T } else req = { url: b, timeout: T }; await axios(req)`), or a
// literal spreading a client's defaults (`{ ...this.defaults, url }`, with `this.defaults =
// { timeout: T, ...given }` in the constructor), also when a method of the class builds it
// (`const options = await this.buildRequest(...)`, each of whose returns is such a literal).
// When every value the rule can see the variable (or the property) get is an options literal
// that sets one of the keys, and there is no write it cannot follow, the argument is the call's
// config and it has a timeout. Anything not seen (a value from elsewhere, an unknown spread after
// the defaults, a write it cannot follow) leaves the call as it was.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import {
  calleeOf,
  callArguments,
  enclosingClass,
  enclosingFunction,
  everyUseBySpelling,
  isStaticMember,
  memberName,
  nodeField,
  objectMembers,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";
import { optionsState } from "../../analysis/options-object";
import { forEachOwnReturn } from "../../analysis/rejection-syntax";
import { walk } from "../../analysis/walk";
import type { FileAnalysis } from "../rule";
import { mergesGivenOptions } from "./merged-options";

/** Whether `node` is a variable of this file whose every visible value is an options literal setting one of `keys`, or a call of the class's request builder that returns one. */
export function holdsTimeoutOptions(fa: FileAnalysis, node: Node | undefined, keys: readonly string[]): boolean {
  if (!node) return false;
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.Identifier) return variableSetsKey(fa, n, keys, 0);
  return (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.CallExpression) && valueSetsKey(fa, n, keys, 0);
}

function variableSetsKey(fa: FileAnalysis, id: Node, keys: readonly string[], depth: number): boolean {
  if (depth > 3) return false;
  const symbol = fa.queries.lateSymbolOf(id);
  const decl = symbol ? fa.queries.declarationNode(symbol) : undefined;
  if (!decl || decl.kind !== SyntaxKind.VariableDeclaration || decl.getSourceFile() !== fa.sourceFile) return false;
  const name = nodeField<Node>(decl, "name");
  const loop = decl.parent?.parent;
  if (name.kind !== SyntaxKind.Identifier || loop?.kind === SyntaxKind.ForOfStatement || loop?.kind === SyntaxKind.ForInStatement) return false;
  const scope = enclosingFunction(decl);
  // A parameter of an outer function spelled alike: the options flow would take the variable for it.
  for (let fn = scope && enclosingFunction(scope); fn; fn = enclosingFunction(fn))
    if (nodeField<readonly { name: Node }[]>(fn, "parameters").some(p => textOf(p.name) === textOf(name))) return false;
  const values: Node[] = [];
  const init = nodeField<Node | undefined>(decl, "initializer");
  if (init) values.push(init);
  // Every other identifier spelled alike in the declaring function: a read, a plain assignment
  // (its value is checked), or something not followed (another declaration of the name, a
  // compound or destructuring assignment, `delete`, `Object.assign`).
  const followed = everyUseBySpelling(name, scope ?? fa.sourceFile, use => {
    if (isMemberName(use)) return true;
    const write = writeOf(use);
    if (write === null) return false;
    if (write) values.push(write);
    return true;
  });
  return followed && values.length > 0 && values.every(v => valueSetsKey(fa, v, keys, depth));
}

/** An options literal that sets one of `keys` (below), or what a method of the class builds (`await this.buildRequest(...)`) when each of its returns is one. */
function valueSetsKey(fa: FileAnalysis, value: Node, keys: readonly string[], depth: number): boolean {
  let n = skipOuterExpressions(value);
  if (n.kind === SyntaxKind.AwaitExpression) n = skipOuterExpressions(nodeField<Node>(n, "expression"));
  return n.kind === SyntaxKind.CallExpression ? methodBuildsKey(fa, n, keys, depth + 1) : literalSetsKey(fa, n, keys, depth);
}

/**
 * `this.m(...)` where `m` is one instance method of the class `this` is in (this file), with a body
 * whose every `return` gives an options literal setting one of `keys` or a variable of the method
 * that holds one (`const options = { ...this.globalRequestOptions, url }; ... return { ...options,
 * data }`): a client's request builder. A return with no value, a value of another kind, a method
 * declared twice, static, or also declared by another class of the file, leave the call unseen.
 */
function methodBuildsKey(fa: FileAnalysis, call: Node, keys: readonly string[], depth: number): boolean {
  if (depth > 3) return false;
  const method = builderMethod(fa, call);
  const body = method && nodeField<Node | undefined>(method, "body");
  if (!body) return false;
  // Round 52: a builder that merges the options it is given over its defaults.
  if (mergesGivenOptions(method, call, keys, literal => literalSetsKey(fa, literal, keys, depth))) return true;
  let returns = 0;
  let every = true;
  forEachOwnReturn(body, value => {
    returns++;
    if (!every) return;
    const returned = value && skipOuterExpressions(value);
    every = !!returned && (returned.kind === SyntaxKind.Identifier ? variableSetsKey(fa, returned, keys, depth + 1) : valueSetsKey(fa, returned, keys, depth));
  });
  return every && returns > 0;
}

/** The method `this.m(...)` calls: one instance method of the class `this` is in (this file), declared once, by no other class of the file. */
function builderMethod(fa: FileAnalysis, call: Node): Node | undefined {
  const callee = skipOuterExpressions(calleeOf(call as never));
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  if (skipOuterExpressions(nodeField<Node>(callee, "expression")).kind !== SyntaxKind.ThisKeyword) return undefined;
  const cls = classOfThis(callee);
  const name = textOf(nodeField<Node>(callee, "name"));
  if (!cls || name === undefined) return undefined;
  const methods = nodeField<readonly Node[]>(cls, "members").filter(m => memberName(m) === name);
  const method = methods[0];
  if (methods.length !== 1 || method?.kind !== SyntaxKind.MethodDeclaration) return undefined;
  if (isStaticMember(method) || declaredInAnotherClass(fa, cls, name)) return undefined;
  return method;
}

/** An options literal that sets one of `keys`, itself or by spreading defaults that do (with no unknown spread after them). */
function literalSetsKey(fa: FileAnalysis, value: Node, keys: readonly string[], depth: number): boolean {
  const literal = skipOuterExpressions(value);
  if (literal.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  let spreadSets = false;
  for (const member of objectMembers(literal)) {
    if (member.kind !== SyntaxKind.SpreadAssignment) {
      const key = memberName(member);
      if (key !== undefined && keys.includes(key)) return true;
      continue;
    }
    const spread = skipOuterExpressions(nodeField<Node>(member, "expression"));
    if (spreadSets) {
      // Defaults with a timeout, then more options: they keep it unless they may bring their own.
      if (optionsState(fa, spread, keys, 1).kind !== "lacks") spreadSets = false;
      continue;
    }
    spreadSets =
      spread.kind === SyntaxKind.ObjectLiteralExpression
        ? literalSetsKey(fa, spread, keys, depth + 1)
        : spread.kind === SyntaxKind.Identifier
          ? variableSetsKey(fa, spread, keys, depth + 1)
          : thisPropertySetsKey(fa, spread, keys, depth + 1);
  }
  return spreadSets;
}

/**
 * `this.defaults` in a class of this file whose every write (the field's initializer, `this.defaults
 * = {...}` in the constructor or a method) is an options literal setting one of `keys`, with no
 * write elsewhere in the file (another receiver, `delete`, `Object.assign`, a compound assignment).
 */
function thisPropertySetsKey(fa: FileAnalysis, access: Node, keys: readonly string[], depth: number): boolean {
  if (depth > 3 || access.kind !== SyntaxKind.PropertyAccessExpression) return false;
  if (skipOuterExpressions(nodeField<Node>(access, "expression")).kind !== SyntaxKind.ThisKeyword) return false;
  const cls = classOfThis(access);
  const property = textOf(nodeField<Node>(access, "name"));
  if (!cls || property === undefined) return false;
  // Asked once per class, property and keys: a client's every request spreads the same defaults.
  let answers = propertyAnswers.get(cls);
  if (!answers) propertyAnswers.set(cls, (answers = new Map()));
  const key = `${property}:${keys.join(",")}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answers.set(key, false); // a property whose values spread itself is not followed
    answer = propertySetsKey(fa, cls, property, keys, depth);
    answers.set(key, answer);
  }
  return answer;
}

const propertyAnswers = new WeakMap<Node, Map<string, boolean>>();

function propertySetsKey(fa: FileAnalysis, cls: Node, property: string, keys: readonly string[], depth: number): boolean {
  const values: Node[] = [];
  for (const member of nodeField<readonly Node[]>(cls, "members")) {
    if (member.kind !== SyntaxKind.PropertyDeclaration || memberName(member) !== property) continue;
    // A static field is not the instance's.
    if (isStaticMember(member)) return false;
    const init = nodeField<Node | undefined>(member, "initializer");
    if (init) values.push(init);
  }
  let followed = true;
  walk(fa.sourceFile, node => {
    if (!followed) return;
    let write: Node | null | undefined;
    if (node.kind === SyntaxKind.PropertyAccessExpression && textOf(nodeField<Node>(node, "name")) === property) {
      write = writeOf(node);
      if (write === undefined) return;
      const receiver = skipOuterExpressions(nodeField<Node>(node, "expression"));
      if (write === null || receiver.kind !== SyntaxKind.ThisKeyword || classOfThis(node) !== cls) followed = false;
      else values.push(write);
    } else if (node.kind === SyntaxKind.ElementAccessExpression && textOf(nodeField<Node>(node, "argumentExpression")) === property) {
      if (writeOf(node) !== undefined) followed = false;
    }
  });
  return followed && values.length > 0 && values.every(v => literalSetsKey(fa, v, keys, depth));
}

/** A method of that name in another class of the file: a subclass there may replace the builder `this` dispatches to. */
function declaredInAnotherClass(fa: FileAnalysis, cls: Node, name: string): boolean {
  let found = false;
  walk(fa.sourceFile, node => {
    if (!found && node.kind === SyntaxKind.MethodDeclaration && node.parent !== cls && memberName(node) === name) found = true;
  });
  return found;
}

/** The class whose instance `this` is at `node`: through arrow functions, up to a method, accessor, constructor or field. */
export function classOfThis(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    switch (n.kind) {
      case SyntaxKind.ArrowFunction:
        continue;
      case SyntaxKind.MethodDeclaration:
      case SyntaxKind.Constructor:
      case SyntaxKind.GetAccessor:
      case SyntaxKind.SetAccessor:
      case SyntaxKind.PropertyDeclaration: {
        const cls = enclosingClass(n);
        return cls && n.parent === cls ? cls : undefined;
      }
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.ClassExpression:
      case SyntaxKind.SourceFile:
        return undefined;
    }
  }
  return undefined;
}

/** Kinds whose `name` is a member's name, not a reference to a variable. */
const memberNameKinds: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.PropertySignature,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.MethodSignature,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
  SyntaxKind.EnumMember,
  SyntaxKind.QualifiedName,
]);

function isMemberName(id: Node): boolean {
  const parent = id.parent;
  if (!parent || !memberNameKinds.has(parent.kind)) return false;
  return parent.kind === SyntaxKind.QualifiedName ? nodeField(parent, "right") === id : nodeField(parent, "name") === id;
}

/** Containers a destructuring assignment's target sits in (`[a, b] = ...`, `({ a, b: { c } } = ...)`). */
const patternKinds: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.ArrayLiteralExpression,
  SyntaxKind.ObjectLiteralExpression,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.ShorthandPropertyAssignment,
  SyntaxKind.SpreadElement,
  SyntaxKind.SpreadAssignment,
  SyntaxKind.ParenthesizedExpression,
]);

/**
 * What a reference (a variable, `this.x`) gets at this use: the value of a plain assignment, null
 * for a write that cannot be followed (another declaration of the name, a compound or
 * destructuring assignment, `++`, a loop variable, `delete` or an element write on it,
 * `Object.assign(it, ...)`), undefined for a read (`it.headers = h` or `it.timeout = t` sets a
 * key of the same object: a read here).
 */
function writeOf(ref: Node): Node | null | undefined {
  let child = ref;
  let parent = ref.parent;
  while (parent?.kind === SyntaxKind.ParenthesizedExpression) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (
    ref.kind === SyntaxKind.Identifier &&
    nodeField(parent, "name") === ref &&
    !memberNameKinds.has(parent.kind) &&
    parent.kind !== SyntaxKind.ShorthandPropertyAssignment
  )
    return null; // another declaration of the name (a parameter, a variable, a function)
  switch (parent.kind) {
    case SyntaxKind.BinaryExpression: {
      if (nodeField(parent, "left") !== child) return undefined;
      const op = nodeField<Node>(parent, "operatorToken").kind;
      if (op === SyntaxKind.EqualsToken) return nodeField<Node>(parent, "right");
      return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment ? null : undefined;
    }
    case SyntaxKind.PrefixUnaryExpression:
    case SyntaxKind.PostfixUnaryExpression: {
      const op = nodeField<SyntaxKind>(parent, "operator");
      return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken ? null : undefined;
    }
    case SyntaxKind.DeleteExpression:
      return null;
    case SyntaxKind.ForOfStatement:
    case SyntaxKind.ForInStatement:
      return nodeField(parent, "initializer") === child ? null : undefined;
    case SyntaxKind.PropertyAccessExpression:
      // `delete it.timeout` takes a key away; `it.headers = {}` or `it.timeout = t` keep or set one.
      return nodeField(parent, "expression") === child && parent.parent?.kind === SyntaxKind.DeleteExpression ? null : undefined;
    case SyntaxKind.ElementAccessExpression: {
      // `it[key] = value`, `delete it[key]`: any key, the timeout's too.
      if (nodeField(parent, "expression") !== child) return undefined;
      const outer = parent.parent;
      if (outer?.kind === SyntaxKind.DeleteExpression) return null;
      if (outer?.kind !== SyntaxKind.BinaryExpression || nodeField(outer, "left") !== parent) return undefined;
      const op = nodeField<Node>(outer, "operatorToken").kind;
      return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment ? null : undefined;
    }
    case SyntaxKind.CallExpression: {
      const callee = calleeOf(parent as never);
      return callee.getText() === "Object.assign" && callArguments(parent)[0] === child ? null : undefined;
    }
  }
  if (!patternKinds.has(parent.kind)) return undefined;
  // A destructuring target: climb the pattern to the assignment (or loop) it is the target of.
  let top: Node = parent;
  while (top.parent && patternKinds.has(top.parent.kind)) top = top.parent;
  if (top.kind === SyntaxKind.ParenthesizedExpression) return undefined;
  const holder = top.parent;
  if (
    holder?.kind === SyntaxKind.BinaryExpression &&
    nodeField(holder, "left") === top &&
    nodeField<Node>(holder, "operatorToken").kind === SyntaxKind.EqualsToken
  )
    return null;
  if ((holder?.kind === SyntaxKind.ForOfStatement || holder?.kind === SyntaxKind.ForInStatement) && nodeField(holder, "initializer") === top) return null;
  return undefined;
}
