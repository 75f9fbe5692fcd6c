// What bounds a fan-out's width: fixed collections, chunks, configuration-typed values, parameters
// a generic helper is handed.
import { SyntaxKind, TypeFlags, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { countingLoopBound, fetchedWithLimit, isBoundedCollection, awaitsPerIteration, type IterationScope } from "./fan-out";
import { calleeParts, skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";

/**
 * A parameter of the function the fan-out is in (`invokeAll(targets, hook)` mapping `hook` over
 * `targets`): a generic helper; how wide and what work is its callers' business.
 */
export function isParameter(collection: Node): boolean {
  const c = skipOuterExpressions(collection);
  const name = c.kind === SyntaxKind.Identifier ? textOf(c) : undefined;
  if (!name) return false;
  for (let n = c.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    if ((n as unknown as { parameters: readonly { name: Node }[] }).parameters.some(p => textOf(p.name) === name)) return true;
  }
  return false;
}

/** Configuration-typed (below), or items of a type with few possible values (below that). */
export function boundedByItsType(fa: FileAnalysis, collection: Node): boolean {
  return configurationTyped(fa, collection) || itemsOfFewValues(fa, collection);
}

/** More distinct values than this is no longer "a handful" by type. */
const fewValues = 32;

/**
 * The items' type allows only a few values: a union of literals or an enum
 * (`("android" | "ios")[]`, `Set<Region>`, `Object.values(Level)`). A list of distinct items of
 * such a type is as long as the type's members, whatever fills it. Late question: only fan-outs
 * about to be reported ask it.
 */
export function itemsOfFewValues(fa: FileAnalysis, collection: Node): boolean {
  const c = skipOuterExpressions(collection);
  const type = fa.queries.lateTypeOf(c.kind === SyntaxKind.AwaitExpression ? skipOuterExpressions((c as unknown as { expression: Node }).expression) : c);
  if (!type || fa.queries.isOpaque(type)) return false;
  const checker = fa.queries.checker;
  const name = type.getSymbol()?.name;
  // A generic reference (`T[]`, `Set<T>`): its first type argument is the item's type.
  const isReference = !!(type as unknown as { target?: unknown }).target;
  const isList = checker.isArrayType(type) || (isReference && (name === "Set" || name === "ReadonlySet"));
  const item = isList ? checker.getTypeArguments(type as never)[0] : undefined;
  if (!item) return false;
  const parts = item.isUnionType() ? item.getTypes() : [item];
  const literal = TypeFlags.StringLiteral | TypeFlags.NumberLiteral | TypeFlags.BooleanLiteral | TypeFlags.EnumLiteral | TypeFlags.Undefined | TypeFlags.Null;
  return parts.length <= fewValues && parts.every(p => !!(p.flags & literal));
}

export const configTypeName = /(Config|Configuration|Options|Settings|Opts|Preferences|Manifest)$/;

/**
 * The collection is read from a value whose declared type is a configuration (`upgrade.labels`
 * where `upgrade: UpgradeConfig`, `Object.entries(options)` of an options type with fixed keys):
 * as wide as what whoever configures the program wrote. Late questions: only reported fan-outs ask.
 */
export function configurationTyped(fa: FileAnalysis, collection: Node, depth = 0): boolean {
  if (depth > 16) return false;
  let c = skipOuterExpressions(collection);
  if (c.kind === SyntaxKind.AwaitExpression) return false;
  // Object.keys/values/entries(x): as many as x's type declares, when it declares them.
  if (c.kind === SyntaxKind.CallExpression) {
    const parts = calleeParts((c as CallExpression).expression);
    const arg = (c as CallExpression).arguments[0];
    if (parts?.receiver?.text === "Object" && /^(keys|values|entries)$/.test(parts.nameNode.text) && arg) {
      const type = fa.queries.lateTypeOf(skipOuterExpressions(arg));
      if (type && fixedKeys(fa, type)) return true;
      c = skipOuterExpressions(arg);
      if (c.kind === SyntaxKind.Identifier && /option|opts|setting|config/i.test(textOf(c)!)) return true;
    } else if (parts?.receiverExpression && /^(filter|map|slice|concat|sort|toSorted|reverse|flat)$/.test(parts.nameNode.text))
      return configurationTyped(fa, parts.receiverExpression, depth + 1);
  }
  for (let r = c; r.kind === SyntaxKind.PropertyAccessExpression; ) {
    r = skipOuterExpressions((r as unknown as { expression: Node }).expression);
    if (r.kind === SyntaxKind.ThisKeyword) break;
    const type = fa.queries.lateTypeOf(r);
    const name = type ? (type.getAliasSymbol()?.name ?? type.getSymbol()?.name) : undefined;
    if (name && configTypeName.test(name)) return true;
  }
  return false;
}

/** An object type whose keys its declaration lists (no index signature): not as wide as input. */
export function fixedKeys(fa: FileAnalysis, type: NonNullable<ReturnType<FileAnalysis["queries"]["lateTypeOf"]>>): boolean {
  const checker = fa.queries.checker;
  if (!((type.flags & 524288) /* TypeFlags.Object */) || checker.isArrayType(type) || checker.isTupleType(type)) return false;
  const name = type.getSymbol()?.name;
  if (name === "Map" || name === "Set") return false;
  return checker.getIndexInfosOfType(type).length === 0 && checker.getPropertiesOfType(type).length > 0;
}

export const noTypes = (): boolean => false;

/** `settledBySyntax` per loop body or callback (syntax only: a new tree has new nodes). */
const settledScopes = new WeakMap<Node, boolean>();

/**
 * Phase 1 pruning: an iteration that waits per item or is bounded by its syntax needs no type
 * questions. Answered once per scope: every statement of a loop asks, and walking a large body
 * once per statement in it was quadratic.
 */
export function settledBySyntax(scope: IterationScope): boolean {
  let settled = settledScopes.get(scope.body);
  if (settled === undefined) {
    settled = awaitsPerIteration(scope) || scopeIsBounded(scope, noTypes);
    settledScopes.set(scope.body, settled);
  }
  return settled;
}

export function scopeIsBounded(scope: IterationScope, isTuple: (node: Node) => boolean): boolean {
  if (scope.collection) {
    if (isBoundedCollection(scope.collection, isTuple) || fetchedWithLimit(scope.collection)) return true;
    return enclosingChunkLoop(scope.node, scope.collection);
  }
  const bound = countingLoopBound(scope.node);
  if (bound === "bounded") return true;
  if (bound) return isBoundedCollection(bound.collection, isTuple);
  // while/do/for(;;) without a visible count: a queue drained by the loop (`while (q.length)`) is input-sized.
  return false;
}

/** `for (let i = 0; i < xs.length; i += size) { ... xs.slice(i, i + size) ... }` — the work inside sees a chunk. */
export function enclosingChunkLoop(node: Node, collection: Node): boolean {
  const c = skipOuterExpressions(collection);
  if (c.kind !== SyntaxKind.Identifier) return false;
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionLike(n)) return false;
    if (n.kind !== SyntaxKind.ForStatement && n.kind !== SyntaxKind.ForOfStatement) continue;
    // The loop variable is the collection: `for (const batch of batches)` is a chunk when the batches are.
    if (n.kind === SyntaxKind.ForOfStatement) {
      const init = (n as unknown as { initializer: Node }).initializer;
      if (init.getText().replace(/^(const|let|var)\s+/, "") === textOf(c)) {
        const source = skipOuterExpressions((n as unknown as { expression: Node }).expression);
        const t = source.getText();
        if (/chunk|batch|page|split|group|partition/i.test(t)) return true;
      }
    }
  }
  return false;
}
