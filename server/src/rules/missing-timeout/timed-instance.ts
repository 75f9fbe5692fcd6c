// An axios client made without a default timeout whose every request passes its own (round 35):
// nothing made with the client can wait forever, so its creation is no finding. The finding stays
// at `axios.create` when any use of the client is not such a request (see `everyRequestTimed`).
import { SyntaxKind, type CallExpression, type Node, type ObjectLiteralExpression } from "../../analysis/typescript";
import {
  callArguments,
  isAssignmentOperator,
  isClassLike,
  isNullOrUndefined,
  isPrivateMember,
  isPropertyName,
  nodeField,
  objectMembers,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";
import { namesAsString } from "../../analysis/uncalled-members";
import { optionsState } from "../../analysis/options-object";
import type { FileAnalysis } from "../rule";
import { axiosConfigIndex, axiosKeys } from "./checked-apis";
import { classOfThis } from "./assigned-options";

/** Members of a client that configure it and make no request. */
const configuring = new Set(["defaults", "interceptors"]);

type Holder = { kind: "variable"; name: string; declared: Node } | { kind: "this"; name: string; cls: Node; assigned: Node };

/**
 * `axios.create(config)` is kept in one place: a variable its module does not export
 * (`const api = axios.create(...)`), or a property of `this` in a class (`this.client = axios.create(...)`,
 * or a field `private static client = axios.create(...)` read as `this.client`,
 * named in no other file of the project but declaration files, and in no string). Every use of that place is a request
 * whose own options (see `setsOwnTimeout`) set `timeout`, `signal` or
 * `cancelToken` (`api.get(url, { timeout: 5000 })`, `api.request({ ..., timeout })`, `api({ ... })`),
 * or configures the client (`api.defaults.headers...`, `api.interceptors...`), or tests it
 * (`typeof api`, `!api`, `api === undefined`, `if (api)`). Anything else keeps the finding: a request
 * without its own timeout or with options the rule cannot see, the client handed on, returned,
 * exported, stored elsewhere or assigned again (but to `undefined` or `null`), a name declared twice.
 */
export function everyRequestTimed(fa: FileAnalysis, create: CallExpression): boolean {
  const holder = holderOf(create);
  if (!holder) return false;
  const sourceFile = fa.sourceFile;
  if (holder.kind === "variable") {
    for (const id of identifiersNamedIn(sourceFile, holder.name)) {
      if (id === holder.declared || isPropertyName(id)) continue;
      if (!isTimedUse(fa, id)) return false;
    }
    return true;
  }
  if (namesAsString(sourceFile, holder.name)) return false;
  const files = fa.project?.filesMentioning(holder.name) ?? [];
  // A declaration file (`private client;`) holds no code.
  if (files.some(f => f !== fa.fileName && !/\.d\.[cm]?ts$/.test(f))) return false;
  for (const id of identifiersNamedIn(sourceFile, holder.name)) {
    const parent = id.parent!;
    if (parent === holder.assigned) continue;
    if (parent.kind === SyntaxKind.PropertyDeclaration && parent.parent === holder.cls && !nodeField<Node | undefined>(parent, "initializer")) continue;
    if (
      parent.kind !== SyntaxKind.PropertyAccessExpression ||
      nodeField(parent, "name") !== id ||
      skipOuterExpressions(nodeField(parent, "expression")).kind !== SyntaxKind.ThisKeyword ||
      classOfThis(parent) !== holder.cls ||
      !isTimedUse(fa, parent, holder.cls)
    )
      return false;
  }
  return true;
}

function holderOf(create: CallExpression): Holder | undefined {
  let made: Node = create;
  while (made.parent && skipOuterExpressions(made.parent) === create) made = made.parent;
  const parent = made.parent;
  if (!parent) return undefined;
  if (parent.kind === SyntaxKind.VariableDeclaration && nodeField(parent, "initializer") === made) {
    const name = nodeField<Node>(parent, "name");
    const statement = parent.parent?.parent;
    if (name.kind !== SyntaxKind.Identifier || statement?.kind !== SyntaxKind.VariableStatement) return undefined;
    if ((nodeField<readonly Node[] | undefined>(statement, "modifiers") ?? []).some(m => m.kind === SyntaxKind.ExportKeyword)) return undefined;
    return { kind: "variable", name: textOf(name)!, declared: name };
  }
  // `private static client = axios.create(...)` or `client = axios.create(...)`: a field of its class (round 47).
  if (parent.kind === SyntaxKind.PropertyDeclaration && nodeField(parent, "initializer") === made) {
    const name = nodeField<Node>(parent, "name");
    const cls = parent.parent;
    if (name.kind !== SyntaxKind.Identifier || !cls || !isClassLike(cls)) return undefined;
    return { kind: "this", name: textOf(name)!, cls, assigned: parent };
  }
  if (parent.kind !== SyntaxKind.BinaryExpression || nodeField(parent, "right") !== made) return undefined;
  if (nodeField<Node>(parent, "operatorToken").kind !== SyntaxKind.EqualsToken) return undefined;
  const left = skipOuterExpressions(nodeField(parent, "left"));
  if (left.kind !== SyntaxKind.PropertyAccessExpression || skipOuterExpressions(nodeField(left, "expression")).kind !== SyntaxKind.ThisKeyword)
    return undefined;
  const cls = classOfThis(left);
  const name = textOf(nodeField(left, "name"));
  return cls && name ? { kind: "this", name, cls, assigned: left } : undefined;
}

/** One use of the client (an identifier, or `this.x`): a timed request, its configuration, or a test of it. */
function isTimedUse(fa: FileAnalysis, use0: Node, cls?: Node): boolean {
  let use = use0;
  while (use.parent && (use.parent.kind === SyntaxKind.ParenthesizedExpression || use.parent.kind === SyntaxKind.NonNullExpression)) use = use.parent;
  const parent = use.parent;
  if (!parent) return false;
  switch (parent.kind) {
    case SyntaxKind.PropertyAccessExpression: {
      if (nodeField(parent, "expression") !== use) return false;
      const member = textOf(nodeField(parent, "name"))!;
      if (configuring.has(member)) return true;
      if (!Object.hasOwn(axiosConfigIndex, member) || member === "create" || member === "default") return false;
      const call = parent.parent;
      if (call?.kind !== SyntaxKind.CallExpression || nodeField(call, "expression") !== parent) return false;
      return setsOwnTimeout(fa, callArguments(call as CallExpression)[axiosConfigIndex[member]!], cls);
    }
    case SyntaxKind.CallExpression: {
      // `api(config)` or `api(url, config)`.
      if (nodeField(parent, "expression") !== use) return false;
      const args = callArguments(parent as CallExpression);
      const first = args[0] && skipOuterExpressions(args[0]);
      return setsOwnTimeout(fa, first?.kind === SyntaxKind.ObjectLiteralExpression ? first : args[1], cls);
    }
    case SyntaxKind.TypeOfExpression:
    case SyntaxKind.IfStatement:
      return true;
    case SyntaxKind.PrefixUnaryExpression:
      return nodeField<SyntaxKind>(parent, "operator") === SyntaxKind.ExclamationToken;
    case SyntaxKind.BinaryExpression: {
      const op = nodeField<Node>(parent, "operatorToken").kind;
      if (op === SyntaxKind.EqualsToken && nodeField(parent, "left") === use) return isNullOrUndefined(nodeField(parent, "right"));
      return (
        op === SyntaxKind.EqualsEqualsEqualsToken ||
        op === SyntaxKind.ExclamationEqualsEqualsToken ||
        op === SyntaxKind.EqualsEqualsToken ||
        op === SyntaxKind.ExclamationEqualsToken
      );
    }
    default:
      return false;
  }
}

/**
 * Options with one of axios's timeout keys: an object literal written at the call, or a constant of
 * the project holding one (`const config = { ..., timeout: 8000 }; api.request(config)`, round 47).
 * In a class, also the options a private method of it is given (`{ ...config, url }` with `config`
 * its parameter) when every call of that method passes them with a timeout: see `timedByCallers`.
 */
function setsOwnTimeout(fa: FileAnalysis, options: Node | undefined, cls: Node | undefined): boolean {
  if (!options) return false;
  const written = skipOuterExpressions(options);
  if (written.kind !== SyntaxKind.ObjectLiteralExpression && written.kind !== SyntaxKind.Identifier) return false;
  // An identifier nobody asked about in phase 1: its symbol is asked late (depth 1).
  if (optionsState(fa, written, axiosKeys, written.kind === SyntaxKind.Identifier ? 1 : 0).kind === "has") return true;
  if (!cls) return false;
  if (written.kind === SyntaxKind.Identifier) return timedByCallers(fa, written, cls);
  return objectMembers(written as ObjectLiteralExpression).some(
    m => m.kind === SyntaxKind.SpreadAssignment && timedByCallers(fa, skipOuterExpressions(nodeField(m, "expression")), cls),
  );
}

/**
 * A parameter of a private method of `cls` (`private async send(url, config)`), never assigned in
 * it, where every use of the method's name is a call `this.send(url, { ..., timeout })` in the class
 * whose argument at the parameter's place sets a timeout (`optionsState`): the method is named in no
 * other file and in no string, so no other caller can hand it options without one.
 */
function timedByCallers(fa: FileAnalysis, id: Node, cls: Node): boolean {
  if (id.kind !== SyntaxKind.Identifier) return false;
  const symbol = fa.queries.lateSymbolOf(id);
  const param = symbol ? fa.queries.declarationNode(symbol) : undefined;
  const method = param?.parent;
  if (!param || param.kind !== SyntaxKind.Parameter || method?.kind !== SyntaxKind.MethodDeclaration || method.parent !== cls) return false;
  if (nodeField(param, "dotDotDotToken") || nodeField<Node>(param, "name").kind !== SyntaxKind.Identifier) return false;
  if (!isPrivateMember(method)) return false;
  const methodName = nodeField<Node>(method, "name");
  if (methodName.kind !== SyntaxKind.Identifier) return false;
  const name = textOf(methodName)!;
  const paramName = textOf(nodeField(param, "name"))!;
  const sourceFile = fa.sourceFile;
  const body = nodeField<Node | undefined>(method, "body");
  if (!body) return false;
  // `config = { ... }` or `config.timeout = 0` in the method: what reaches the request is not what callers gave.
  for (const other of identifiersNamedIn(sourceFile, paramName)) {
    if (other.pos < body.pos || other.end > body.end) continue;
    let target: Node = other;
    while (target.parent?.kind === SyntaxKind.PropertyAccessExpression && nodeField(target.parent, "expression") === target) target = target.parent;
    const p = target.parent;
    if (p?.kind === SyntaxKind.BinaryExpression && nodeField(p, "left") === target && isAssignmentOperator(nodeField<Node>(p, "operatorToken").kind))
      return false;
  }
  if (namesAsString(sourceFile, name)) return false;
  const files = fa.project?.filesMentioning(name) ?? [];
  if (files.some(f => f !== fa.fileName && !/\.d\.[cm]?ts$/.test(f))) return false;
  const index = nodeField<readonly Node[]>(method, "parameters").indexOf(param);
  let calls = 0;
  for (const ref of identifiersNamedIn(sourceFile, name)) {
    if (ref === methodName) continue;
    const access = ref.parent!;
    if (
      access.kind !== SyntaxKind.PropertyAccessExpression ||
      nodeField(access, "name") !== ref ||
      skipOuterExpressions(nodeField(access, "expression")).kind !== SyntaxKind.ThisKeyword ||
      classOfThis(access) !== cls
    )
      return false;
    const call = access.parent;
    if (call?.kind !== SyntaxKind.CallExpression || nodeField(call, "expression") !== access) return false;
    const args = callArguments(call as CallExpression);
    if (args.slice(0, index + 1).some(a => a.kind === SyntaxKind.SpreadElement)) return false;
    if (optionsState(fa, args[index], axiosKeys, 1).kind !== "has") return false;
    calls++;
  }
  return calls > 0;
}
