// "Which code of a function can this call not reach?": the branches that a call's boolean
// arguments rule out. `close({ wait = false } = {}) { if (wait) await this.drain(); ... }` called
// as `this.close()`, or `command(text, notify) { if (notify) { this.notify(text); return null; }
// return this.request(text); }` called as `this.command("quit", true)`: the flag's value at this
// call is `true` or `false` (given, or the default of an omitted argument), and the `if` on it
// decides which branch runs. Per-function summaries (may-reject.ts) cannot see this: they hold for
// every call. Only conditions over such parameters, literals and operators are decided; anything
// else (a field, a call, a parameter the function assigns or shadows) leaves the code reachable.
import { SyntaxKind, nodeAtIndex, type CallExpression, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { assignedTarget, functionOf, skipOuterExpressions, textOf } from "./syntax";
import { rangeOf } from "./positions";
import type { Range } from "./findings";
import type { FunctionKey, Site } from "./call-graph";
import { walkPruned } from "./walk";
import type { FileAnalysis } from "../rules/rule";

type Literal = boolean | number | string | null | undefined;

/** A decided value; `undefined` (the field absent) when the analysis cannot tell. */
type Known = { value: Literal } | undefined;

/** The ranges of `fn`'s code (in its own file) that `call` cannot reach; empty when none (or when the function cannot be read so). */
export function unreachableForCall(fn: FunctionLike, call: CallExpression): Range[] {
  const body = fn.body;
  if (!body || !call.arguments) return [];
  const bound = boundParameters(fn, call);
  if (!bound.size) return [];
  dropRebound(body, bound);
  if (!bound.size) return [];
  const sf = fn.getSourceFile();
  const dead: Range[] = [];
  walkPruned(body, n => {
    if (isFunctionLike(n)) return false; // a nested function's own parameters and branches are its own
    if (n.kind === SyntaxKind.IfStatement) {
      const s = n as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
      const c = evaluate(s.expression, bound);
      if (c) {
        const taken = c.value ? s.thenStatement : s.elseStatement;
        const skipped = c.value ? s.elseStatement : s.thenStatement;
        if (skipped) dead.push(rangeOf(sf, skipped));
        // `if (notify) { ...; return null; }`: what follows the `if` in its block is not reached either.
        if (taken && alwaysLeaves(taken)) for (const after of followingStatements(n)) dead.push(rangeOf(sf, after));
      }
    } else if (n.kind === SyntaxKind.ConditionalExpression) {
      const e = n as unknown as { condition: Node; whenTrue: Node; whenFalse: Node };
      const c = evaluate(e.condition, bound);
      if (c) dead.push(rangeOf(sf, c.value ? e.whenFalse : e.whenTrue));
    }
    return true;
  });
  return dead;
}

/**
 * For the calls a function passes on (the may-reject summary's call sites in its own body): the
 * called function's sites that each call's boolean flags rule out (`unreachableForCall`), or
 * undefined where the call rules nothing out. For `RejectionSummaries.verdictThroughCalls`.
 */
export function ruledOutByCallsOf(
  fa: Pick<FileAnalysis, "fileName" | "sourceFile" | "project">,
  key: FunctionKey,
): (call: Site & { target: FunctionKey }) => ((site: Site) => boolean) | undefined {
  const caller = functionAtKey(fa, key);
  const calls = new Map<string, CallExpression>();
  if (caller?.body) {
    const sf = caller.getSourceFile();
    walkPruned(caller.body, n => {
      if (isFunctionLike(n)) return false; // a nested function's calls are its own
      if (n.kind === SyntaxKind.CallExpression) calls.set(rangeKey(rangeOf(sf, n)), n as CallExpression);
      return true;
    });
  }
  return site => {
    const call = calls.get(rangeKey(site.range));
    const callee = call && functionAtKey(fa, site.target);
    const dead = callee ? unreachableForCall(callee, call) : [];
    if (!dead.length) return undefined;
    const fileName = site.target.slice(0, site.target.lastIndexOf(":"));
    return (s: Site) => s.fileName === fileName && dead.some(range => rangeWithin(s.range, range));
  };
}

const rangeKey = (r: Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** The function a may-reject key names (its declaration, the function a variable or property holds, or the right side of `exports.f = ...`). */
function functionAtKey(fa: Pick<FileAnalysis, "fileName" | "sourceFile" | "project">, key: FunctionKey): FunctionLike | undefined {
  const at = key.lastIndexOf(":");
  const fileName = key.slice(0, at);
  const owner = fileName === fa.fileName ? fa : fa.project?.analysisOf(fileName);
  const node = owner && nodeAtIndex(owner.sourceFile, Number(key.slice(at + 1)));
  if (!node) return undefined;
  const fn = functionOf(node.kind === SyntaxKind.BinaryExpression ? skipOuterExpressions((node as unknown as { right: Node }).right) : node);
  return fn?.body ? fn : undefined;
}

/** Whether `inner` lies within `outer` (both ranges of one file). */
export function rangeWithin(inner: Range, outer: Range): boolean {
  const le = (a: Range["start"], b: Range["start"]) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/**
 * The flags whose value at this call is a boolean literal: the argument given (`true`), or, for an
 * omitted one (or `undefined`), the parameter's literal default (`notify = false`); for `{ wait =
 * false } = {}`, the fields of an object literal argument (or of the default object) the same way.
 * Stops at a spread argument or a rest parameter.
 */
function boundParameters(fn: FunctionLike, call: CallExpression): Map<string, Literal> {
  const bound = new Map<string, Literal>();
  const all = (fn as unknown as { parameters?: readonly (Node & { name: Node; initializer?: Node; dotDotDotToken?: Node })[] }).parameters ?? [];
  // TypeScript's `this` parameter takes no argument.
  const parameters = all[0] && all[0].name.kind === SyntaxKind.Identifier && textOf(all[0].name) === "this" ? all.slice(1) : all;
  const args = call.arguments;
  for (let i = 0; i < parameters.length; i++) {
    const p = parameters[i]!;
    const arg = args[i];
    if (p.dotDotDotToken || (arg && arg.kind === SyntaxKind.SpreadElement) || args.slice(0, i).some(a => a.kind === SyntaxKind.SpreadElement)) break;
    const given = arg ? literalOf(arg) : { value: undefined };
    const value = given && given.value === undefined && p.initializer ? literalOf(p.initializer) : given;
    if (p.name.kind === SyntaxKind.Identifier) {
      if (isFlag(value)) bound.set(textOf(p.name)!, value.value);
    } else if (p.name.kind === SyntaxKind.ObjectBindingPattern) {
      const source = arg && !(given && given.value === undefined) ? arg : p.initializer;
      const object = source && skipOuterExpressions(source);
      if (object?.kind === SyntaxKind.ObjectLiteralExpression) bindFields(p.name, object, bound);
    }
  }
  return bound;
}

/** `{ wait = false }` taken from an object literal: each field's literal, or its default when the literal lacks it. */
function bindFields(pattern: Node, object: Node, bound: Map<string, Literal>): void {
  const properties = (object as unknown as { properties: readonly (Node & { name?: Node; initializer?: Node })[] }).properties;
  const plain = (p: Node & { name?: Node }) =>
    (p.kind === SyntaxKind.PropertyAssignment || p.kind === SyntaxKind.ShorthandPropertyAssignment) &&
    (p.name?.kind === SyntaxKind.Identifier || p.name?.kind === SyntaxKind.StringLiteral);
  if (!properties.every(plain)) return; // a spread, a method or a computed name: unknown fields
  for (const element of (pattern as unknown as { elements: readonly (Node & { name: Node; propertyName?: Node; initializer?: Node; dotDotDotToken?: Node })[] })
    .elements) {
    if (element.dotDotDotToken || element.name.kind !== SyntaxKind.Identifier) continue;
    const key = textOf(element.propertyName ?? element.name);
    if (key === undefined) continue;
    const property = properties.find(p => textOf(p.name) === key);
    const given: Known = !property ? { value: undefined } : property.kind === SyntaxKind.PropertyAssignment ? literalOf(property.initializer!) : undefined;
    const value = given && given.value === undefined && element.initializer ? literalOf(element.initializer) : given;
    if (isFlag(value)) bound.set(textOf(element.name)!, value.value);
  }
}

/**
 * Only a boolean is a switch the call sets: an omitted argument without a default, `null`, a number
 * or a string (an optional payload, a mode) leave the branches to the rest of the function (on the
 * tuning set, an optional job whose absence takes the other branch, judged true for a rejection the
 * summary does not show).
 */
function isFlag(value: Known): value is { value: boolean } {
  return !!value && typeof value.value === "boolean";
}

/** Names the function writes or declares again (an assignment, a local or a nested function's parameter of that name): their value is not the argument's. */
function dropRebound(body: Node, bound: Map<string, Literal>): void {
  walkPruned(body, n => {
    const target = assignedTarget(n);
    if (target?.kind === SyntaxKind.Identifier) bound.delete(textOf(target)!);
    if (n.kind === SyntaxKind.VariableDeclaration || n.kind === SyntaxKind.Parameter || n.kind === SyntaxKind.BindingElement) {
      const name = (n as unknown as { name: Node }).name;
      if (name.kind === SyntaxKind.Identifier) bound.delete(textOf(name)!);
    }
    if (n.kind === SyntaxKind.Identifier && textOf(n) === "arguments") bound.clear();
    return bound.size > 0 ? true : "stop";
  });
}

function literalOf(node0: Node): Known {
  const node = skipOuterExpressions(node0);
  switch (node.kind) {
    case SyntaxKind.TrueKeyword:
      return { value: true };
    case SyntaxKind.FalseKeyword:
      return { value: false };
    case SyntaxKind.NullKeyword:
      return { value: null };
    case SyntaxKind.NumericLiteral:
      return { value: Number(textOf(node)) };
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { value: textOf(node) };
    case SyntaxKind.Identifier:
      return textOf(node) === "undefined" ? { value: undefined } : undefined;
    case SyntaxKind.VoidExpression:
      return { value: undefined };
    default:
      return undefined;
  }
}

/** The value of a condition over bound parameters, literals and operators; undefined when anything else decides it. */
function evaluate(node0: Node, bound: ReadonlyMap<string, Literal>): Known {
  const node = skipOuterExpressions(node0);
  if (node.kind === SyntaxKind.Identifier) {
    const name = textOf(node)!;
    return bound.has(name) ? { value: bound.get(name) } : literalOf(node);
  }
  if (node.kind === SyntaxKind.PrefixUnaryExpression) {
    const u = node as unknown as { operator: SyntaxKind; operand: Node };
    const operand = u.operator === SyntaxKind.ExclamationToken ? evaluate(u.operand, bound) : undefined;
    return operand && { value: !operand.value };
  }
  if (node.kind === SyntaxKind.TypeOfExpression) {
    const operand = evaluate((node as unknown as { expression: Node }).expression, bound);
    return operand && { value: operand.value === null ? "object" : typeof operand.value };
  }
  if (node.kind === SyntaxKind.BinaryExpression) {
    const b = node as unknown as { left: Node; right: Node; operatorToken: Node };
    const left = evaluate(b.left, bound);
    const op = b.operatorToken.kind;
    if (op === SyntaxKind.AmpersandAmpersandToken) return left && (!left.value ? left : evaluate(b.right, bound));
    if (op === SyntaxKind.BarBarToken) return left && (left.value ? left : evaluate(b.right, bound));
    if (op === SyntaxKind.QuestionQuestionToken) return left && (left.value !== null && left.value !== undefined ? left : evaluate(b.right, bound));
    const right = evaluate(b.right, bound);
    if (!left || !right) return undefined;
    if (op === SyntaxKind.EqualsEqualsEqualsToken) return { value: left.value === right.value };
    if (op === SyntaxKind.ExclamationEqualsEqualsToken) return { value: left.value !== right.value };
    // Loose equality on purpose: it is what the code under analysis asks.
    if (op === SyntaxKind.EqualsEqualsToken) return { value: left.value == right.value };
    if (op === SyntaxKind.ExclamationEqualsToken) return { value: left.value != right.value };
    return undefined;
  }
  return literalOf(node);
}

/** A branch that always returns or throws: a `return`/`throw`, or a block whose last statement is one. */
function alwaysLeaves(statement: Node): boolean {
  if (statement.kind === SyntaxKind.ReturnStatement || statement.kind === SyntaxKind.ThrowStatement) return true;
  if (statement.kind !== SyntaxKind.Block) return false;
  const statements = (statement as unknown as { statements: readonly Node[] }).statements;
  const last = statements[statements.length - 1];
  return !!last && alwaysLeaves(last);
}

/** The statements after `statement` in its block (none when it is not directly in one). */
function followingStatements(statement: Node): readonly Node[] {
  const parent = statement.parent;
  if (parent?.kind !== SyntaxKind.Block) return [];
  const statements = (parent as unknown as { statements: readonly Node[] }).statements;
  return statements.slice(statements.indexOf(statement) + 1);
}
