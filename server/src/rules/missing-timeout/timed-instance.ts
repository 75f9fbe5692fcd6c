// An axios client made without a default timeout whose every request passes its own (round 35):
// nothing made with the client can wait forever, so its creation is no finding. The finding stays
// at `axios.create` when any use of the client is not such a request (see `everyRequestTimed`).
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, isPropertyName, nodeField, skipOuterExpressions, textOf } from "../../analysis/syntax";
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
 * named in no other file of the project but declaration files, and in no string). Every use of that place is a request
 * whose own options, an object literal written at the call, set `timeout`, `signal` or
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
      !isTimedUse(fa, parent)
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
function isTimedUse(fa: FileAnalysis, use0: Node): boolean {
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
      return setsOwnTimeout(fa, callArguments(call as CallExpression)[axiosConfigIndex[member]!]);
    }
    case SyntaxKind.CallExpression: {
      // `api(config)` or `api(url, config)`.
      if (nodeField(parent, "expression") !== use) return false;
      const args = callArguments(parent as CallExpression);
      const first = args[0] && skipOuterExpressions(args[0]);
      return setsOwnTimeout(fa, first?.kind === SyntaxKind.ObjectLiteralExpression ? first : args[1]);
    }
    case SyntaxKind.TypeOfExpression:
    case SyntaxKind.IfStatement:
      return true;
    case SyntaxKind.PrefixUnaryExpression:
      return nodeField<SyntaxKind>(parent, "operator") === SyntaxKind.ExclamationToken;
    case SyntaxKind.BinaryExpression: {
      const op = nodeField<Node>(parent, "operatorToken").kind;
      if (op === SyntaxKind.EqualsToken && nodeField(parent, "left") === use) return isNothing(nodeField(parent, "right"));
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

/** Options written at the call, as an object literal, with one of axios's timeout keys. */
function setsOwnTimeout(fa: FileAnalysis, options: Node | undefined): boolean {
  if (!options || skipOuterExpressions(options).kind !== SyntaxKind.ObjectLiteralExpression) return false;
  return optionsState(fa, options, axiosKeys).kind === "has";
}

function isNothing(value: Node): boolean {
  const v = skipOuterExpressions(value);
  return v.kind === SyntaxKind.NullKeyword || (v.kind === SyntaxKind.Identifier && textOf(v) === "undefined");
}
